"""Votes at a meeting: the chair opens each agenda item's vote in turn, a matter whose
electorate is the representatives present, with the pass rule, ballot and minutes the
chair chose (models/meetings/vote_choices.py); it closes when the chair closes it or
after those minutes, with the result sent to every representative and the chair. The
chair then closes the meeting."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community
from models.meetings import roster, vote_choices
from models.meetings.access import chair_only, meeting_for
from models.meetings.agenda import accepted_proposal, items
from models.meetings.meetings import ItemState, Meeting, MeetingItem, MeetingState
from models.messages import Markup, Media, Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, with_role
from models.people.roles import Role
from models.periodic import Work
from models.proposals import path
from models.voting import closing, recall, setup
from models.voting.closing import Chart, Closed, Render
from models.voting.matters import Matter, MatterState, voter_ids
from models.voting.periodic import closing_tools
from models.voting.setup import BallotButtons, Draft
from models.voting.tally import MatterKind, PassRule

VOTE_MINUTES_MAX = 24 * 60
CHAIR = "meetings.chair"  # the handler layer's buttons of the chair in session


@dataclass(frozen=True)
class ItemVote:
    """How the item is put to the vote: every kind and rule of /newmatter."""

    kind: MatterKind = MatterKind.decision
    choices: list[str] = field(default_factory=list)  # a choice's options
    recall_target: str | None = None  # the holder's name, as shown
    recall_person_id: int | None = None  # a recall's office holder (models/voting/recall.py)
    recall_role: Role | None = None
    secret: bool | None = None  # None: the community's votes.secret_ballot
    pass_rule: PassRule | None = None  # None: the community's default for the kind
    minutes: int | None = None  # None: the community's item_vote_minutes


@dataclass(frozen=True)
class ItemResult:
    item: MeetingItem
    closed: Closed | None  # None: its matter had been closed already


async def open_item_vote(session: AsyncSession, *, chair: Person, item_id: int,
                         vote: ItemVote, now: datetime, notify: Notifier,
                         buttons: BallotButtons) -> Outcome[Matter]:
    """The item's matter, open at once to the representatives present, each sent a
    ballot. Only in session, one item at a time, and only while quorate."""
    found = await _locked(session, item_id)
    if found is None or found[1].community_id != chair.community_id:
        return Refused("meetings/item_not_found")
    item, meeting = found
    if refusal := chair_only(meeting, chair) or await _may_open(session, meeting, item, vote):
        return refusal
    community = await session.get(Community, meeting.community_id)
    assert community is not None
    if refusal := vote_choices.kind_refusal(community.config, vote.kind, vote.pass_rule,
                                            item.proposal_id):
        return refusal
    minutes = vote.minutes or community.config.meetings.item_vote_minutes
    draft = Draft(title=item.title, body=item.body or item.title, kind=vote.kind,
                  closes_at=now + timedelta(minutes=minutes), choices=vote.choices,
                  recall_target=vote.recall_target, recall_person_id=vote.recall_person_id,
                  recall_role=vote.recall_role,
                  secret=community.config.votes.secret_ballot if vote.secret is None
                  else vote.secret,
                  pass_rule=vote.pass_rule, proposal_id=item.proposal_id,
                  meeting_id=meeting.id)
    matter = await setup.insert(session, author_id=chair.id or 0, community=community,
                                draft=draft, opens_at=now, now=now)
    await setup.open_matter(session, matter.id or 0, notify=notify, buttons=buttons, now=now)
    item.matter_id, item.state = matter.id, ItemState.voting
    await audit.record(session, action="meeting.vote_opened", subject_type="meeting",
                       subject_id=meeting.id, actor_id=chair.id,
                       details={"item": item.id, "matter": matter.id,
                                "electorate": len(await voter_ids(session, matter.id or 0)),
                                "pass_rule": matter.pass_rule.value, "secret": matter.secret,
                                "minutes": minutes},
                       community_id=meeting.community_id, now=now)
    return Done(matter)


async def may_open_item(session: AsyncSession, *, chair: Person,
                        item_id: int) -> Outcome[MeetingItem]:
    """Whether the chair may open the item's vote now, asked before the chair chooses how
    (open_item_vote asks again, under the meeting's lock)."""
    item = await session.get(MeetingItem, item_id)
    meeting = await session.get(Meeting, item.meeting_id) if item else None
    if item is None or meeting is None or meeting.community_id != chair.community_id:
        return Refused("meetings/item_not_found")
    if refusal := chair_only(meeting, chair) or await _may_open(session, meeting, item,
                                                                 ItemVote()):
        return refusal
    return Done(item)


async def _locked(session: AsyncSession, item_id: int) -> tuple[MeetingItem, Meeting] | None:
    """The item and its meeting, the meeting's row locked and the item read again under
    the lock: the chair and the sweep closing the same vote at once take turns."""
    item = await session.get(MeetingItem, item_id)
    if item is None:
        return None
    meeting = await session.get(Meeting, item.meeting_id, with_for_update=True)
    await session.refresh(item)
    return (item, meeting) if meeting is not None else None


async def _may_open(session: AsyncSession, meeting: Meeting, item: MeetingItem,
                    vote: ItemVote) -> Refused | None:
    if meeting.state != MeetingState.in_session:
        return Refused("meetings/not_in_session", {"meeting": meeting})
    if item.state != ItemState.pending:
        return Refused("meetings/item_not_pending", {"item": item})
    if any(i.state == ItemState.voting for i in await items(session, meeting.id or 0)):
        return Refused("meetings/vote_running", {"meeting": meeting})
    if refusal := _check_vote(vote):
        return refusal
    if vote.kind == MatterKind.recall and not await recall.holds(
            session, vote.recall_person_id or 0, vote.recall_role or Role.representative,
            meeting.community_id):
        return Refused("voting/holder_gone")
    if item.proposal_id is not None:  # decided meanwhile by a resolution: nothing to vote
        found = await accepted_proposal(session, meeting.community_id, item.proposal_id)
        if isinstance(found, Refused):
            return found
        community = await session.get(Community, meeting.community_id)
        if community and (refusal := await path.decision_refusal(  # 四议 before the vote
                session, community.config.proposals, found)):
            return refusal
    summary = await roster.summary(session, meeting)
    if not summary.quorate:
        return Refused("meetings/not_quorate", {"meeting": meeting,
                                                "present": len(summary.present),
                                                "sitting": summary.sitting,
                                                "needed": summary.needed})
    return None


def _check_vote(vote: ItemVote) -> Refused | None:
    if vote.minutes is not None and not 0 < vote.minutes <= VOTE_MINUTES_MAX:
        return Refused("meetings/bad_vote_minutes", {"most": VOTE_MINUTES_MAX})
    if vote.kind == MatterKind.choice:
        choices = setup.parse_choices("\n".join(vote.choices))
        if isinstance(choices, Refused) or choices != vote.choices:
            return choices if isinstance(choices, Refused) else Refused("common/stale_button")
    return None


async def close_item(session: AsyncSession, *, chair: Person, item_id: int, now: datetime,
                     notify: Notifier, chart: Chart, render: Render) -> Outcome[ItemResult]:
    """The chair ends the item's vote now; its result is announced."""
    found = await _locked(session, item_id)
    if found is None or found[1].community_id != chair.community_id:
        return Refused("meetings/item_not_found")
    item, meeting = found
    if refusal := chair_only(meeting, chair):
        return refusal
    if item.state != ItemState.voting:
        return Refused("meetings/item_not_voting", {"item": item})
    result = await _finish(session, meeting, item, now=now, notify=notify, chart=chart,
                           render=render, actor=chair)
    return Done(result)


async def _finish(session: AsyncSession, meeting: Meeting, item: MeetingItem, *,
                  now: datetime, notify: Notifier, chart: Chart, render: Render,
                  actor: Person | None) -> ItemResult:
    matter = await session.get(Matter, item.matter_id)
    assert matter is not None
    closed = None
    if matter.state == MatterState.open:
        matter.closes_at = min(matter.closes_at, now)
        await session.flush()
        closed = await closing.close_matter(session, matter.id or 0, now=now, notify=notify,
                                            chart=chart, render=render)
    item.state = ItemState.closed
    if closed is not None:
        await _tell_the_others(session, meeting, closed, notify)
    await audit.record(session, action="meeting.vote_closed", subject_type="meeting",
                       subject_id=meeting.id, actor_id=actor.id if actor else None,
                       details={"item": item.id, "matter": matter.id,
                                "passed": bool(closed and closed.result.passed)},
                                community_id=meeting.community_id, now=now)
    return ItemResult(item, closed)


async def _tell_the_others(session: AsyncSession, meeting: Meeting, closed: Closed,
                           notify: Notifier) -> None:
    """The close told those who voted and the committee; every other representative
    hears the result too."""
    told: set[int | None] = set(await voter_ids(session, closed.matter.id or 0))
    told |= {p.id for p in await with_role(session, meeting.community_id, Role.committee)}
    media = [Media.from_dict(m) for m in closed.disclosure.media]
    for person in await roster.sitting(session, meeting.community_id):
        if person.id not in told:
            notify(person, "meetings/item_result", meeting=meeting, matter=closed.matter,
                   result=closed.result, media=media or None)


async def due_items(session: AsyncSession, now: datetime) -> Sequence[int]:
    query = (select(MeetingItem.id)
             .join(Matter, col(Matter.id) == col(MeetingItem.matter_id))
             .where(MeetingItem.state == ItemState.voting, col(Matter.closes_at) <= now)
             .order_by(col(MeetingItem.id)))
    return [i for i in (await session.exec(query)).all() if i is not None]


async def close_due(work: Work) -> int:
    """The scheduler's part: close each item whose vote ran its time, one transaction
    each; the meeting's row lock makes a chair's close at the same moment wait."""
    async with work.sessionmaker() as session:
        due = await due_items(session, work.now)
    done = 0
    for item_id in due:
        async with work.sessionmaker() as session, session.begin():
            found = await _locked(session, item_id)
            if found is None or found[0].state != ItemState.voting:
                continue
            item, meeting = found
            community = await session.get(Community, meeting.community_id)
            chart, render = closing_tools(work, community)
            notify = work.notifier(session, community)
            result = await _finish(session, meeting, item, now=work.now, chart=chart,
                                   render=render, notify=notify, actor=None)
            await _tell_the_chair(session, meeting, result, notify, work.buttons.get(CHAIR))
            done += 1
    return done


async def _tell_the_chair(session: AsyncSession, meeting: Meeting, ended: ItemResult,
                          notify: Notifier, buttons: Callable[..., Markup] | None) -> None:
    """A vote that ran its time: the chair hears its result as when closing it, with the
    buttons to go on (the handler layer's, named CHAIR)."""
    chair = await session.get(Person, meeting.chair_id)
    if chair is None:
        return
    notify(chair, "meetings/vote_ended", item=ended.item,
           matter=ended.closed.matter if ended.closed else None,
           result=ended.closed.result if ended.closed else None,
           buttons=buttons(await items(session, meeting.id or 0)) if buttons else None)


async def close_meeting(session: AsyncSession, *, chair: Person, meeting_id: int,
                        now: datetime, notify: Notifier,
                        buttons: Callable[[Meeting], Markup] | None = None
                        ) -> Outcome[Meeting]:
    """in_session -> closed, once no vote is running; the minutes are asked for, of the
    recorder if there is one (with `buttons`, the handler's way to write them)."""
    meeting = await meeting_for(session, chair, meeting_id, lock=True)
    if isinstance(meeting, Refused):
        return meeting
    if refusal := chair_only(meeting, chair):
        return refusal
    if meeting.state != MeetingState.in_session:
        return Refused("meetings/not_in_session", {"meeting": meeting})
    if any(i.state == ItemState.voting for i in await items(session, meeting_id)):
        return Refused("meetings/vote_running", {"meeting": meeting})
    meeting.state, meeting.closed_at, meeting.updated_at = MeetingState.closed, now, now
    await audit.record(session, action="meeting.closed", subject_type="meeting",
                       subject_id=meeting_id, actor_id=chair.id,
                       community_id=meeting.community_id, now=now)
    writer = await session.get(Person, meeting.recorder_id or meeting.chair_id)
    if writer is not None:
        notify(writer, "meetings/minutes_due", meeting=meeting,
               buttons=buttons(meeting) if buttons else None)
    return Done(meeting)
