"""Attendance at a meeting: apologies (请假) before it, check-in (签到) from shortly
before the start until the chair closes it, the chair marking present in person someone
without a phone, and the live attendance the chair sees."""

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.meetings import roster
from models.meetings.access import chair_only, meeting_for
from models.meetings.meetings import (
    REASON_MAX,
    Meeting,
    MeetingAttendance,
    MeetingState,
    Presence,
)
from models.meetings.notices import checkin_opens_at
from models.meetings.roster import Summary
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person


async def send_apologies(session: AsyncSession, *, person: Person, meeting_id: int,
                         reason: str, now: datetime) -> Outcome[MeetingAttendance]:
    """A representative who cannot come says why; sent again, the new reason stands."""
    meeting = await meeting_for(session, person, meeting_id)
    if isinstance(meeting, Refused):
        return meeting
    if refusal := await _representative(session, person) or _before_checkin_closes(meeting):
        return refusal
    text = reason.strip()
    if not text or len(text) > REASON_MAX:
        return Refused("meetings/bad_reason", {"limit": REASON_MAX})
    row = await _row(session, meeting, person.id or 0)
    if row is not None and row.status == Presence.present:
        return Refused("meetings/already_checked_in", {"meeting": meeting, "at": row.at})
    if row is None:
        row = MeetingAttendance(meeting_id=meeting_id, person_id=person.id or 0,
                                status=Presence.apologies, at=now)
    row.reason, row.at = text, now
    if refusal := await _save(session, meeting, row):
        return refusal
    await audit.record(session, action="meeting.apologies", subject_type="meeting",
                       subject_id=meeting_id, actor_id=person.id, details={"reason": text},
                       community_id=meeting.community_id, now=now)
    return Done(row)


async def check_in(session: AsyncSession, *, person: Person, meeting_id: int,
                   now: datetime) -> Outcome[MeetingAttendance]:
    """签到, from `checkin_opens_minutes` before the start until the chair closes it.
    A second check-in changes nothing and says so."""
    meeting = await meeting_for(session, person, meeting_id)
    if isinstance(meeting, Refused):
        return meeting
    if refusal := await _representative(session, person) or _before_checkin_closes(meeting):
        return refusal
    opens_at = await checkin_opens_at(session, meeting)
    if now < opens_at:
        return Refused("meetings/checkin_not_open", {"meeting": meeting, "opens_at": opens_at})
    return await _present(session, meeting, person, None, now)


async def mark_present(session: AsyncSession, *, chair: Person, meeting_id: int,
                       person_id: int, now: datetime) -> Outcome[MeetingAttendance]:
    """The chair checks in a representative who came without a phone; the row and the
    audit log say the chair entered it. Also after check-in closed, for a late arrival
    in the room."""
    meeting = await meeting_for(session, chair, meeting_id)
    if isinstance(meeting, Refused):
        return meeting
    if refusal := chair_only(meeting, chair):
        return refusal
    if meeting.state == MeetingState.draft:
        return Refused("meetings/not_convened", {"meeting": meeting})
    if meeting.state == MeetingState.closed:
        return Refused("meetings/closed", {"meeting": meeting})
    opens_at = await checkin_opens_at(session, meeting)
    if now < opens_at:
        return Refused("meetings/checkin_not_open", {"meeting": meeting, "opens_at": opens_at})
    person = await session.get(Person, person_id)
    if person is None or not await roster.is_sitting(session, person) \
            or person.community_id != meeting.community_id:
        return Refused("meetings/not_a_representative")
    return await _present(session, meeting, person, chair.id, now)


async def close_checkin(session: AsyncSession, *, chair: Person, meeting_id: int,
                        now: datetime) -> Outcome[Summary]:
    """convened -> in_session: check-in ends, the agenda is fixed, votes may open."""
    meeting = await meeting_for(session, chair, meeting_id, lock=True)
    if isinstance(meeting, Refused):
        return meeting
    if refusal := chair_only(meeting, chair) or _before_checkin_closes(meeting):
        return refusal
    opens_at = await checkin_opens_at(session, meeting)
    if now < opens_at:
        return Refused("meetings/checkin_not_open", {"meeting": meeting, "opens_at": opens_at})
    meeting.state, meeting.checkin_closed_at, meeting.updated_at = (MeetingState.in_session,
                                                                    now, now)
    summary = await roster.summary(session, meeting)
    await audit.record(session, action="meeting.checkin_closed", subject_type="meeting",
                       subject_id=meeting_id, actor_id=chair.id,
                       details={"present": len(summary.present), "sitting": summary.sitting,
                                "quorate": summary.quorate},
                                community_id=meeting.community_id, now=now)
    return Done(summary)


async def attendance(session: AsyncSession, *, person: Person,
                     meeting_id: int) -> Outcome[Summary]:
    """Who is present, excused and absent, and whether the meeting is quorate: for the
    chair and the recorder."""
    meeting = await meeting_for(session, person, meeting_id)
    if isinstance(meeting, Refused):
        return meeting
    if person.id not in (meeting.chair_id, meeting.recorder_id):
        return Refused("meetings/chair_only", {"meeting": meeting})
    return Done(await roster.summary(session, meeting))


async def _present(session: AsyncSession, meeting: Meeting, person: Person,
                   entered_by_id: int | None, now: datetime) -> Outcome[MeetingAttendance]:
    row = await _row(session, meeting, person.id or 0)
    if row is not None and row.status == Presence.present:
        return Refused("meetings/already_checked_in", {"meeting": meeting, "at": row.at})
    if row is None:
        row = MeetingAttendance(meeting_id=meeting.id or 0, person_id=person.id or 0,
                                status=Presence.present, at=now)
    # Apologies sent earlier give way: they came after all.
    row.status, row.reason, row.entered_by_id, row.at = (Presence.present, None,
                                                         entered_by_id, now)
    if refusal := await _save(session, meeting, row):
        return refusal
    action = "meeting.marked_present" if entered_by_id else "meeting.checked_in"
    await audit.record(session, action=action, subject_type="meeting",
                       subject_id=meeting.id, actor_id=entered_by_id or person.id,
                       details={"person": person.id, "entered_by": entered_by_id},
                       community_id=meeting.community_id, now=now)
    return Done(row)


async def _row(session: AsyncSession, meeting: Meeting,
               person_id: int) -> MeetingAttendance | None:
    query = (select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id,
                                             MeetingAttendance.person_id == person_id)
             .with_for_update())
    return (await session.exec(query)).first()


async def _save(session: AsyncSession, meeting: Meeting,
                row: MeetingAttendance) -> Refused | None:
    """Insert or update the row; two first presses at once make one row, and the
    second is told it was done already."""
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return Refused("meetings/already_checked_in", {"meeting": meeting, "at": row.at})
    return None


async def _representative(session: AsyncSession, person: Person) -> Refused | None:
    if not await roster.is_sitting(session, person):
        return Refused("meetings/representatives_only")
    return None


def _before_checkin_closes(meeting: Meeting) -> Refused | None:
    if meeting.state == MeetingState.draft:
        return Refused("meetings/not_convened", {"meeting": meeting})
    if meeting.state != MeetingState.convened:
        return Refused("meetings/checkin_closed", {"meeting": meeting})
    return None
