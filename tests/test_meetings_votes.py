"""Votes at a representatives' meeting and its minutes: only those checked in vote,
only the chair opens, closes and marks, an item passed decides its proposal, a vote of
a meeting that is not quorate is not valid, the sweep closes an item after its minutes,
and the approved minutes are published. Every refusal leaves the database as it was."""

from datetime import datetime, timedelta
from typing import Any

from bot.app import Database
from chat.render import Renderer
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.community import all_communities
from models.meetings import attendance, minutes, votes
from models.meetings.meetings import ItemState, Meeting, MeetingItem, MeetingState
from models.outcomes import Done, Refused
from models.periodic import Work
from models.proposals.proposals import Proposal
from models.proposals.stages import Stage
from models.voting import ballots, closing
from models.voting.matters import Matter, voter_ids
from models.voting.tally import MatterKind
from tests.factories import residents
from tests.meetings_kit import (
    CHAIR,
    OTHER_COMMITTEE,
    Recorder,
    act,
    chart,
    convened,
    fetch,
    in_session,
    render_with,
    representatives,
    snapshot,
)
from tests.test_meetings_attendance import person_id
from tests.test_proposals_binding import accepted


async def first_item(db: Database, meeting: Meeting) -> MeetingItem:
    from tests.test_meetings_rules import items_of
    return (await items_of(db, meeting))[0]


async def open_vote(db: Database, item: MeetingItem, *, by: int = CHAIR,
                    notify: Recorder | None = None, at: datetime | None = None,
                    **vote: Any) -> Any:
    return await act(db, votes.open_item_vote, who="chair", tg=by, item_id=item.id, at=at,
                     vote=votes.ItemVote(**vote), notify=notify or Recorder(),
                     buttons=lambda matter, ballot: [])


async def close_vote(db: Database, renderer: Renderer, item: MeetingItem, *, by: int = CHAIR,
                     notify: Recorder | None = None) -> Any:
    async with db.sessionmaker() as session:
        community = (await all_communities(session))[0]
    return await act(db, votes.close_item, who="chair", tg=by, item_id=item.id,
                     notify=notify or Recorder(), chart=chart,
                     render=render_with(renderer, community))


async def cast(db: Database, matter: Matter, choices: dict[int, int]) -> list[Any]:
    return [await act(db, ballots.cast, who="voter", tg=tg, matter_id=matter.id, option=o)
            for tg, o in choices.items()]


async def test_an_item_passed_by_those_present_decides_its_proposal(
        db: Database, renderer: Renderer) -> None:
    proposal = await accepted(db, "facilities")  # a major matter: decided only by a vote
    reps = await representatives(db, 5)
    meeting = await in_session(db, await convened(db, proposal_ids=[proposal.id]), reps[:4])
    item = await first_item(db, meeting)
    assert item.proposal_id == proposal.id

    ballots_sent = Recorder()
    at = meeting.starts_at + timedelta(minutes=10)
    opened = await open_vote(db, item, notify=ballots_sent, at=at)
    assert isinstance(opened, Done)
    matter = opened.value
    assert matter.meeting_id == meeting.id and matter.proposal_id == proposal.id
    assert matter.closes_at == at + timedelta(minutes=15)  # the community's item_vote_minutes
    assert ballots_sent.to("voting/ballot") == sorted(reps[:4])
    async with db.sessionmaker() as session:
        assert len(await voter_ids(session, matter.id or 0)) == 4

    before = await snapshot(db)
    [absent] = await cast(db, matter, {reps[4]: 0})
    assert isinstance(absent, Refused) and absent.template == "meetings/not_checked_in"
    assert await snapshot(db) == before

    assert all(isinstance(c, Done) for c in await cast(db, matter, {
        reps[0]: 0, reps[1]: 0, reps[2]: 0, reps[3]: 1}))
    announced = Recorder()
    closed = await close_vote(db, renderer, item, notify=announced)
    assert isinstance(closed, Done) and closed.value.closed is not None
    result = closed.value.closed.result
    assert (result.cast, result.electorate, result.passed) == (4, 4, True)
    assert closed.value.item.state == ItemState.closed
    assert (await fetch(db, Proposal, proposal.id)).stage == Stage.decided
    assert announced.to("voting/result") == sorted([*reps[:4], CHAIR, OTHER_COMMITTEE])
    assert announced.to("meetings/item_result") == [reps[4]]


async def test_an_inquorate_meeting_opens_no_vote_and_its_vote_is_not_valid(
        db: Database, renderer: Renderer) -> None:
    proposal = await accepted(db, "facilities")
    reps = await representatives(db, 4)  # quorate from three present
    meeting = await in_session(db, await convened(db, proposal_ids=[proposal.id]), reps[:2])
    item = await first_item(db, meeting)

    before = await snapshot(db)
    refused = await open_vote(db, item)
    assert refused == Refused("meetings/not_quorate", {"meeting": refused.params["meeting"],
                                                       "present": 2, "sitting": 4,
                                                       "needed": 3})
    assert await snapshot(db) == before

    marked = await act(db, attendance.mark_present, who="chair", tg=CHAIR,
                       meeting_id=meeting.id, person_id=await person_id(db, reps[2]))
    assert isinstance(marked, Done)
    opened = await open_vote(db, item)
    assert isinstance(opened, Done)
    await cast(db, opened.value, {reps[0]: 0, reps[1]: 0, reps[2]: 0})
    # Two representatives are appointed during the vote: three of six is not more than half.
    await representatives(db, 2, first_id=31000)
    closed = await close_vote(db, renderer, item)
    assert isinstance(closed, Done) and closed.value.closed is not None
    result = closed.value.closed.result
    assert result.counts["for"] == 3 and not result.quorum_met and not result.passed
    assert (await fetch(db, Proposal, proposal.id)).stage == Stage.not_adopted
    matter = await fetch(db, Matter, opened.value.id)
    assert matter.result is not None and matter.result["quorum_met"] is False


async def test_only_the_chair_opens_and_closes_an_items_vote(
        db: Database, renderer: Renderer) -> None:
    reps = await representatives(db, 3)
    meeting = await in_session(db, await convened(db), reps)
    item = await first_item(db, meeting)
    before = await snapshot(db)
    for someone in (OTHER_COMMITTEE, reps[0]):
        refused = await open_vote(db, item, by=someone)
        assert isinstance(refused, Refused) and refused.template == "meetings/chair_only"
    assert await snapshot(db) == before
    assert isinstance(await open_vote(db, item), Done)
    before = await snapshot(db)
    for someone in (OTHER_COMMITTEE, reps[0]):
        refused = await close_vote(db, renderer, item, by=someone)
        assert isinstance(refused, Refused) and refused.template == "meetings/chair_only"
    assert await snapshot(db) == before


async def test_one_vote_at_a_time_and_only_in_session(db: Database) -> None:
    from models.meetings.convening import FreeItem
    reps = await representatives(db, 3)
    meeting = await convened(db, items=[FreeItem("一"), FreeItem("二")])
    item = await first_item(db, meeting)
    before = await snapshot(db)
    early = await open_vote(db, item)
    assert isinstance(early, Refused) and early.template == "meetings/not_in_session"
    assert await snapshot(db) == before

    await in_session(db, meeting, reps)
    assert isinstance(await open_vote(db, item, kind=MatterKind.choice, choices=["甲", "乙"]), Done)
    from tests.test_meetings_rules import items_of
    second = (await items_of(db, meeting))[1]
    before = await snapshot(db)
    running = await open_vote(db, second)
    assert isinstance(running, Refused) and running.template == "meetings/vote_running"
    bad = await open_vote(db, second, kind=MatterKind.choice, choices=["甲"])
    assert isinstance(bad, Refused)
    ending = await act(db, votes.close_meeting, who="chair", tg=CHAIR, meeting_id=meeting.id,
                       notify=Recorder())
    assert isinstance(ending, Refused) and ending.template == "meetings/vote_running"
    again = await open_vote(db, item)
    assert isinstance(again, Refused) and again.template == "meetings/item_not_pending"
    assert await snapshot(db) == before


async def test_the_sweep_closes_an_items_vote_after_its_minutes(
        db: Database, renderer: Renderer) -> None:
    reps = await representatives(db, 3)
    meeting = await in_session(db, await convened(db), reps)
    item = await first_item(db, meeting)
    at = meeting.starts_at + timedelta(minutes=10)
    opened = await open_vote(db, item, minutes=20, at=at)
    assert isinstance(opened, Done)
    closes_at = opened.value.closes_at
    assert closes_at == at + timedelta(minutes=20)

    def work(at: Any) -> Work:
        return Work(db.sessionmaker, renderer, at, lambda session, community: Recorder())

    assert await votes.close_due(work(closes_at - timedelta(seconds=1))) == 0
    async with db.sessionmaker() as session:  # the votes' own sweep leaves it to the meeting
        assert await closing.due_to_close(session, closes_at) == []
    assert await votes.close_due(work(closes_at)) == 1
    assert await votes.close_due(work(closes_at)) == 0
    assert (await fetch(db, MeetingItem, item.id)).state == ItemState.closed
    assert (await fetch(db, Matter, opened.value.id)).closed_at == closes_at


async def test_minutes_by_the_recorder_are_published_once_the_chair_approves(
        db: Database, renderer: Renderer) -> None:
    reps = await representatives(db, 4)
    recorder = await person_id(db, reps[0])
    meeting = await convened(db, recorder_id=recorder)
    await act(db, attendance.send_apologies, tg=reps[3], meeting_id=meeting.id, reason="出差")
    meeting = await in_session(db, meeting, reps[:3])
    item = await first_item(db, meeting)
    await open_vote(db, item)
    await cast(db, await fetch(db, Matter, (await first_item(db, meeting)).matter_id),
               {reps[0]: 0, reps[1]: 0, reps[2]: 1})
    await close_vote(db, renderer, item)

    before = await snapshot(db)
    early = await act(db, minutes.record_minutes, who="actor", tg=reps[0], notify=Recorder(),
                      meeting_id=meeting.id, text="会议审议通过了社区公约修订。")
    assert isinstance(early, Refused) and early.template == "meetings/not_closed"
    assert await snapshot(db) == before
    asked = Recorder()
    ended = await act(db, votes.close_meeting, who="chair", tg=CHAIR, meeting_id=meeting.id,
                      notify=asked)
    assert isinstance(ended, Done) and ended.value.state == MeetingState.closed
    assert asked.to("meetings/minutes_due") == [reps[0]]

    before = await snapshot(db)
    stranger = await act(db, minutes.record_minutes, who="actor", tg=reps[1], notify=Recorder(),
                         meeting_id=meeting.id, text="我来写")
    assert isinstance(stranger, Refused) and stranger.template == "meetings/chair_or_recorder"
    assert await snapshot(db) == before
    told = Recorder()
    written = await act(db, minutes.record_minutes, who="actor", tg=reps[0], notify=told,
                        meeting_id=meeting.id, text="会议审议通过了社区公约修订。")
    assert isinstance(written, Done) and told.to("meetings/minutes_to_approve") == [CHAIR]

    async with db.sessionmaker() as session:
        community = (await all_communities(session))[0]
    render = render_with(renderer, community)
    before = await snapshot(db)
    not_chair = await act(db, minutes.approve_minutes, who="chair", tg=reps[0],
                          meeting_id=meeting.id, render=render)
    assert isinstance(not_chair, Refused) and not_chair.template == "meetings/chair_only"
    assert await snapshot(db) == before
    approved = await act(db, minutes.approve_minutes, who="chair", tg=CHAIR,
                         meeting_id=meeting.id, render=render)
    assert isinstance(approved, Done)
    entry = await fetch(db, DisclosureEntry, approved.value.id)
    assert entry.kind == DisclosureKind.meeting_minutes
    assert "应到代表 4 人，实到 3 人，符合法定人数" in entry.body
    assert "居民30003（出差）" in entry.body
    assert ("1. 审议社区公约修订：通过（赞成 2，反对 1，弃权 0；记名投票，"
            "通过规则：赞成票超过投票数的一半）") in entry.body
    assert "会议审议通过了社区公约修订。" in entry.body
    assert (await fetch(db, Meeting, meeting.id)).minutes_entry_id == entry.id
    before = await snapshot(db)
    for use_case, who, extra in ((minutes.approve_minutes, "chair", {"render": render}),
                                 (minutes.record_minutes, "actor",
                                  {"text": "改", "notify": Recorder()})):
        refused = await act(db, use_case, who=who, tg=CHAIR, meeting_id=meeting.id, **extra)
        assert isinstance(refused, Refused) and refused.template == "meetings/minutes_approved"
    assert await snapshot(db) == before


async def test_a_resident_who_is_no_representative_is_never_on_a_roll(db: Database) -> None:
    reps = await representatives(db, 2)
    resident, = await residents(db, 1, first_id=39000)
    meeting = await in_session(db, await convened(db), reps)
    before = await snapshot(db)
    refused = await act(db, attendance.mark_present, who="chair", tg=CHAIR,
                        meeting_id=meeting.id, person_id=await person_id(db, resident))
    assert refused == Refused("meetings/not_a_representative")
    assert await snapshot(db) == before
