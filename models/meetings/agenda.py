"""The agenda of a meeting: items from accepted proposals and matters drafted for it,
added, removed and reordered by its organisers until the meeting opens."""

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.meetings.access import AGENDA_OPEN, meeting_for, organiser_only
from models.meetings.meetings import BODY_MAX, TITLE_MAX, Meeting, MeetingItem, MeetingState
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person
from models.proposals.proposals import Proposal
from models.proposals.stages import Stage


async def items(session: AsyncSession, meeting_id: int) -> list[MeetingItem]:
    query = (select(MeetingItem).where(MeetingItem.meeting_id == meeting_id)
             .order_by(col(MeetingItem.position), col(MeetingItem.id)))
    return list((await session.exec(query)).all())


def check_item(title: str, body: str) -> Refused | None:
    if not title.strip() or len(title.strip()) > TITLE_MAX:
        return Refused("meetings/bad_item_title", {"limit": TITLE_MAX})
    if len(body.strip()) > BODY_MAX:
        return Refused("meetings/bad_item_body", {"limit": BODY_MAX})
    return None


async def accepted_proposal(session: AsyncSession, community_id: int,
                            proposal_id: int) -> Proposal | Refused:
    """Only an accepted proposal goes on an agenda: it awaits its decision."""
    proposal = await session.get(Proposal, proposal_id)
    if proposal is None or proposal.community_id != community_id \
            or proposal.stage != Stage.accepted:
        return Refused("meetings/bad_proposal", {"proposal_id": proposal_id})
    return proposal


def new_item(meeting: Meeting, position: int, *, title: str, body: str, now: datetime,
             proposal: Proposal | None = None) -> MeetingItem:
    if proposal is not None:
        title, body = proposal.title, proposal.description
    return MeetingItem(meeting_id=meeting.id or 0, position=position, title=title.strip(),
                       body=body.strip()[:BODY_MAX],
                       proposal_id=proposal.id if proposal else None, created_at=now)


async def editable(session: AsyncSession, actor: Person, meeting_id: int, *,
                   lock: bool = True) -> Meeting | Refused:
    """The meeting, if the actor may still change its agenda: an organiser, before it
    opens."""
    meeting = await meeting_for(session, actor, meeting_id, lock=lock)
    if isinstance(meeting, Refused):
        return meeting
    if refusal := organiser_only(meeting, actor):
        return refusal
    if meeting.state not in AGENDA_OPEN:
        return Refused("meetings/agenda_closed", {"meeting": meeting})
    return meeting


async def add_item(session: AsyncSession, *, actor: Person, meeting_id: int, now: datetime,
                   title: str = "", body: str = "",
                   proposal_id: int | None = None) -> Outcome[MeetingItem]:
    """A proposal (its title and text) or a free item, at the end of the agenda."""
    meeting = await editable(session, actor, meeting_id)
    if isinstance(meeting, Refused):
        return meeting
    proposal = None
    if proposal_id is not None:
        found = await accepted_proposal(session, meeting.community_id, proposal_id)
        if isinstance(found, Refused):
            return found
        proposal = found
    elif refusal := check_item(title, body):
        return refusal
    agenda = await items(session, meeting_id)
    if proposal is not None and any(i.proposal_id == proposal.id for i in agenda):
        return Refused("meetings/already_on_agenda", {"proposal": proposal})
    item = new_item(meeting, len(agenda) + 1, title=title, body=body, proposal=proposal,
                    now=now)
    session.add(item)
    await session.flush()
    await _changed(session, meeting, actor, "meeting.item_added", now,
                   {"item": item.id, "proposal": item.proposal_id})
    return Done(item)


async def _editable_item(session: AsyncSession, actor: Person,
                         item_id: int) -> tuple[MeetingItem, Meeting] | Refused:
    """An item and its meeting, if the actor may still change that meeting's agenda."""
    item = await session.get(MeetingItem, item_id)
    if item is None:
        return Refused("meetings/item_not_found")
    meeting = await editable(session, actor, item.meeting_id)
    return meeting if isinstance(meeting, Refused) else (item, meeting)


async def remove_item(session: AsyncSession, *, actor: Person, item_id: int,
                      now: datetime) -> Outcome[list[MeetingItem]]:
    """The agenda without it, renumbered."""
    found = await _editable_item(session, actor, item_id)
    if isinstance(found, Refused):
        return found
    item, meeting = found
    if meeting.state == MeetingState.convened and len(await items(session, meeting.id or 0)) == 1:
        # The notice announced a meeting with an agenda; one without any could never close.
        return Refused("meetings/last_item", {"meeting": meeting})
    await session.delete(item)
    await session.flush()
    agenda = _renumber([i for i in await items(session, meeting.id or 0) if i.id != item_id])
    await _changed(session, meeting, actor, "meeting.item_removed", now,
                   {"item": item_id, "title": item.title})
    return Done(agenda)


async def move_item(session: AsyncSession, *, actor: Person, item_id: int, position: int,
                    now: datetime) -> Outcome[list[MeetingItem]]:
    """Put the item at `position` (1 is first), the others keeping their order."""
    found = await _editable_item(session, actor, item_id)
    if isinstance(found, Refused):
        return found
    item, meeting = found
    agenda = [i for i in await items(session, meeting.id or 0) if i.id != item_id]
    if not 1 <= position <= len(agenda) + 1:
        return Refused("meetings/bad_position", {"most": len(agenda) + 1})
    agenda.insert(position - 1, item)
    _renumber(agenda)
    await _changed(session, meeting, actor, "meeting.item_moved", now,
                   {"item": item_id, "position": position})
    return Done(agenda)


def _renumber(agenda: list[MeetingItem]) -> list[MeetingItem]:
    for number, item in enumerate(agenda, start=1):
        item.position = number
    return agenda


async def _changed(session: AsyncSession, meeting: Meeting, actor: Person, action: str,
                   now: datetime, details: dict[str, object]) -> None:
    meeting.updated_at = now
    if meeting.state == MeetingState.convened:  # the notice showed another agenda
        meeting.agenda_changed_at = now
    await audit.record(session, action=action, subject_type="meeting", subject_id=meeting.id,
                       actor_id=actor.id, details=details,
                       community_id=meeting.community_id, now=now)
