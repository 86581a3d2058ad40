"""The minutes (纪要) of a meeting: attendance, each item with its result, and the text
the chair or the designated recorder writes; once the chair approves them they are
published on the disclosure board, and no longer change."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.board import disclosures
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.meetings import roster
from models.meetings.access import chair_only, meeting_for
from models.meetings.agenda import items
from models.meetings.meetings import MINUTES_MAX, Meeting, MeetingItem, MeetingState
from models.meetings.roster import Summary
from models.messages import Markup, Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person
from models.voting.closing import Render
from models.voting.matters import Matter


@dataclass(frozen=True)
class Record:
    """What the published minutes say besides the text."""

    meeting: Meeting
    attendance: Summary
    items: list[tuple[MeetingItem, Matter | None]]  # the matter of an item voted on


async def record_minutes(session: AsyncSession, *, actor: Person, meeting_id: int, text: str,
                         now: datetime, notify: Notifier,
                         buttons: Callable[[Meeting], Markup] | None = None
                         ) -> Outcome[Meeting]:
    """The chair or the recorder writes (or rewrites) the minutes of a closed meeting
    until they are approved; written by the recorder, they go to the chair."""
    meeting = await writable(session, actor, meeting_id)
    if isinstance(meeting, Refused):
        return meeting
    body = text.strip()
    if not body or len(body) > MINUTES_MAX:
        return Refused("meetings/bad_minutes", {"limit": MINUTES_MAX, "length": len(body)})
    meeting.minutes, meeting.minutes_by_id = body, actor.id
    meeting.minutes_recorded_at = meeting.updated_at = now
    await audit.record(session, action="meeting.minutes_recorded", subject_type="meeting",
                       subject_id=meeting_id, actor_id=actor.id,
                       details={"length": len(body)}, community_id=meeting.community_id, now=now)
    if actor.id != meeting.chair_id:
        chair = await session.get(Person, meeting.chair_id)
        if chair is not None:
            notify(chair, "meetings/minutes_to_approve", meeting=meeting,
                   buttons=buttons(meeting) if buttons else None)
    return Done(meeting)


async def writable(session: AsyncSession, person: Person, meeting_id: int, *,
                   lock: bool = True) -> Meeting | Refused:
    """The closed meeting whose minutes, not yet approved, the person may write: its
    chair or the recorder its convener chose, nobody else."""
    meeting = await _closed(session, person, meeting_id, lock=lock)
    if isinstance(meeting, Refused):
        return meeting
    if person.id not in (meeting.chair_id, meeting.recorder_id):
        return Refused("meetings/chair_or_recorder", {"meeting": meeting})
    return meeting


async def approve_minutes(session: AsyncSession, *, chair: Person, meeting_id: int,
                          now: datetime, render: Render) -> Outcome[DisclosureEntry]:
    """The chair approves the minutes: they are published with the attendance and each
    item's result, rendered by `render` in the community's language."""
    meeting = await _closed(session, chair, meeting_id)
    if isinstance(meeting, Refused):
        return meeting
    if refusal := chair_only(meeting, chair):
        return refusal
    if meeting.minutes is None:
        return Refused("meetings/no_minutes", {"meeting": meeting})
    found = await record(session, meeting)
    entry = await disclosures.publish(
        session, community_id=meeting.community_id, author=chair,
        kind=DisclosureKind.meeting_minutes, title=f"{meeting.number} {meeting.title}",
        body=render("meetings/minutes", {"record": found, "meeting": meeting}), now=now)
    meeting.minutes_approved_at, meeting.minutes_entry_id = now, entry.id
    meeting.updated_at = now
    await audit.record(session, action="meeting.minutes_approved", subject_type="meeting",
                       subject_id=meeting_id, actor_id=chair.id,
                       details={"disclosure": entry.id}, community_id=meeting.community_id, now=now)
    return Done(entry)


async def record(session: AsyncSession, meeting: Meeting) -> Record:
    agenda = []
    for item in await items(session, meeting.id or 0):
        matter = await session.get(Matter, item.matter_id) if item.matter_id else None
        agenda.append((item, matter))
    return Record(meeting, await roster.summary(session, meeting), agenda)


async def _closed(session: AsyncSession, person: Person, meeting_id: int, *,
                  lock: bool = True) -> Meeting | Refused:
    meeting = await meeting_for(session, person, meeting_id, lock=lock)
    if isinstance(meeting, Refused):
        return meeting
    if meeting.state != MeetingState.closed:
        return Refused("meetings/not_closed", {"meeting": meeting})
    if meeting.minutes_approved_at is not None:
        return Refused("meetings/minutes_approved", {"meeting": meeting})
    return meeting
