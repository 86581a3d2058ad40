"""How an agenda item is put to the vote: the chair's choices start from the community
file (pass rule, secret ballot, minutes) and offer nothing else; the item's matter is
decided under the rule chosen, announced to the chair with the buttons to go on when it
runs its time; who may open it is asked before the choices are shown; /newmatter's bounds
on a kind's rule and a proposal's vote hold at a meeting too."""

from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from bot.app import Database
from chat.render import Renderer
from models.audit import AuditEntry
from models.community import all_communities
from models.meetings import vote_choices, votes
from models.meetings.convening import FreeItem
from models.meetings.meetings import ItemState, MeetingItem
from models.meetings.vote_choices import Choice
from models.outcomes import Done, Refused
from models.people.persons import Person
from models.periodic import Work
from models.voting.matters import Matter
from models.voting.tally import MatterKind, PassRule
from tests.meetings_kit import (
    CHAIR,
    OTHER_COMMITTEE,
    Recorder,
    act,
    convened,
    fetch,
    in_session,
    representatives,
    snapshot,
)
from tests.test_meetings_rules import items_of
from tests.test_meetings_votes import cast, close_vote, open_vote
from tests.test_proposals_binding import accepted


class Told(Recorder):
    """A notifier that keeps the buttons too."""

    def __call__(self, recipient: Person, template: str, /, *, buttons: Any = None,
                 media: Any = None, **params: Any) -> None:
        self.sent.append((recipient.telegram_id, template, params | {"buttons": buttons}))


async def file_says(db: Database, *changes: tuple[str, str]) -> None:
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        for old, new in changes:
            assert old in community.source_text
            community.source_text = community.source_text.replace(old, new)


async def test_the_choices_start_from_the_community_file(db: Database) -> None:
    async with db.sessionmaker() as session:
        config = (await all_communities(session))[0].config
    assert vote_choices.default(config) == Choice(PassRule.cast_majority, False, 15)
    assert vote_choices.minutes_offered(config) == [5, 10, 15, 30, 60]

    await file_says(db, ("  pass_rule: cast_majority", "  pass_rule: two_thirds_cast"),
                    ("secret_ballot: false", "secret_ballot: true"),
                    ("item_vote_minutes: 15", "item_vote_minutes: 20"))
    async with db.sessionmaker() as session:
        config = (await all_communities(session))[0].config
    assert vote_choices.default(config) == Choice(PassRule.two_thirds_cast, True, 20)
    assert vote_choices.minutes_offered(config) == [5, 10, 15, 20, 30, 60]
    forged = Choice(PassRule.cast_majority, False, 7)
    assert vote_choices.check(config, forged) == Refused("common/stale_button")
    assert vote_choices.check(config, Choice(PassRule.cast_majority, False, 20)) is None

    reps = await representatives(db, 3)
    meeting = await in_session(db, await convened(db), reps)
    [item] = await items_of(db, meeting)
    opened = await open_vote(db, item)  # nothing chosen: the file's rule and ballot
    assert isinstance(opened, Done)
    matter = opened.value
    assert (matter.pass_rule, matter.secret) == (PassRule.two_thirds_cast, True)
    assert matter.closes_at == matter.opens_at + timedelta(minutes=20)


async def test_each_item_is_decided_under_the_rule_and_ballot_chosen(
        db: Database, renderer: Renderer) -> None:
    reps = await representatives(db, 6)
    meeting = await in_session(db, await convened(db, items=[
        FreeItem("物业费调整"), FreeItem("公共收益使用情况")]), reps[:5])
    first, second = await items_of(db, meeting)
    at = meeting.starts_at + timedelta(minutes=5)
    opened = await open_vote(db, first, at=at, pass_rule=PassRule.two_thirds_cast,
                             secret=True, minutes=5)
    assert isinstance(opened, Done)
    matter = opened.value
    assert (matter.pass_rule, matter.secret) == (PassRule.two_thirds_cast, True)
    assert matter.closes_at == at + timedelta(minutes=5)
    async with db.sessionmaker() as session:
        entry = (await session.exec(select(AuditEntry).where(
            AuditEntry.action == "meeting.vote_opened"))).one()
    assert entry.details | {"matter": 0} == {"item": first.id, "matter": 0, "electorate": 5,
                                              "pass_rule": "two_thirds_cast",
                                              "secret": True, "minutes": 5}
    await cast(db, matter, {reps[0]: 0, reps[1]: 0, reps[2]: 0, reps[3]: 1, reps[4]: 1})

    told = Told()
    work = Work(db.sessionmaker, renderer, matter.closes_at, lambda session, community: told,
                buttons={votes.CHAIR: lambda items: [[i.position for i in items
                                                      if i.state == ItemState.pending]]})
    assert await votes.close_due(work) == 1
    [(_, _, ended)] = [s for s in told.sent if s[1] == "meetings/vote_ended"]
    assert told.to("meetings/vote_ended") == [CHAIR]
    assert ended["result"].passed is False and ended["result"].counts["for"] == 3
    assert ended["matter"].secret and ended["buttons"] == [[2]]  # the next item to open
    assert told.to("meetings/item_result") == [reps[5]]
    stored = await fetch(db, Matter, matter.id)
    assert stored.result is not None and stored.result["passed"] is False  # 3 of 5 < 2/3

    second_vote = await open_vote(db, second, pass_rule=PassRule.cast_majority, secret=False)
    assert isinstance(second_vote, Done) and not second_vote.value.secret
    await cast(db, second_vote.value, {reps[0]: 0, reps[1]: 0, reps[2]: 0, reps[3]: 1,
                                       reps[4]: 1})
    closed = await close_vote(db, renderer, second)
    assert isinstance(closed, Done) and closed.value.closed is not None
    assert closed.value.closed.result.passed is True
    assert len(closed.value.closed.roll_call) == 5  # an open ballot names its voters


async def test_who_may_open_is_asked_before_the_choices(db: Database) -> None:
    reps = await representatives(db, 3)
    meeting = await in_session(db, await convened(db, items=[FreeItem("一"), FreeItem("二")]),
                               reps)
    first, second = await items_of(db, meeting)

    async def may(item_id: int | None, by: int = CHAIR) -> Any:
        return await act(db, votes.may_open_item, who="chair", tg=by, item_id=item_id)

    assert await may(first.id) == Done(first)
    for someone in (OTHER_COMMITTEE, reps[0]):
        assert (await may(first.id, someone)).template == "meetings/chair_only"
    assert await may(999) == Refused("meetings/item_not_found")
    assert isinstance(await open_vote(db, first, pass_rule=PassRule.electorate_majority), Done)
    before = await snapshot(db)
    again = await may(first.id)
    assert isinstance(again, Refused) and again.template == "meetings/item_not_pending"
    running = await may(second.id)
    assert isinstance(running, Refused) and running.template == "meetings/vote_running"
    twice = await open_vote(db, first, pass_rule=PassRule.two_thirds_cast)
    assert isinstance(twice, Refused) and twice.template == "meetings/item_not_pending"
    assert await snapshot(db) == before
    async with db.sessionmaker() as session:
        matters = (await session.exec(select(Matter).order_by(col(Matter.id)))).all()
        item = await session.get(MeetingItem, first.id)
    assert [m.pass_rule for m in matters] == [PassRule.electorate_majority]
    assert item is not None and item.matter_id == matters[0].id


async def test_the_bounds_of_newmatter_hold_at_a_meeting(db: Database) -> None:
    proposal = await accepted(db, "facilities")  # a major matter: decided only by a vote
    reps = await representatives(db, 3)
    meeting = await in_session(db, await convened(db, proposal_ids=[proposal.id]), reps)
    [item] = await items_of(db, meeting)
    before = await snapshot(db)
    poll = await open_vote(db, item, kind=MatterKind.poll, choices=["甲", "乙"])
    assert poll == Refused("voting/poll_decides_nothing")  # a proposal needs a decision
    appoint = await open_vote(db, item, kind=MatterKind.appoint,
                              pass_rule=PassRule.cast_majority)  # the file's rule only
    assert appoint == Refused("common/stale_button")
    assert await snapshot(db) == before
    opened = await open_vote(db, item, pass_rule=PassRule.two_thirds_cast)
    assert isinstance(opened, Done) and opened.value.proposal_id == proposal.id
