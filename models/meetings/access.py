"""Which meeting a press is about, and who may act on it: presses are re-checked on the
server, since a button can be pressed long after it was sent, by anyone it reached."""

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.meetings.meetings import Meeting, MeetingState
from models.outcomes import Refused
from models.people.persons import Person

# The agenda may change until the meeting opens (the chair closes check-in).
AGENDA_OPEN = frozenset({MeetingState.draft, MeetingState.convened})
# What /meetings lists: announced, and not closed yet.
NOT_CLOSED = frozenset({MeetingState.convened, MeetingState.in_session})


async def meeting_for(session: AsyncSession, person: Person, meeting_id: int, *,
                      lock: bool = False) -> Meeting | Refused:
    """The meeting, if it is of the person's community. `lock`: for a change of its row,
    so that two changes at once are made one after the other."""
    meeting = await session.get(Meeting, meeting_id, with_for_update=lock)
    if meeting is None or meeting.community_id != person.community_id:
        return Refused("meetings/not_found")
    return meeting


def chair_only(meeting: Meeting, person: Person) -> Refused | None:
    if meeting.chair_id != person.id:
        return Refused("meetings/chair_only", {"meeting": meeting})
    return None


def organiser_only(meeting: Meeting, person: Person) -> Refused | None:
    """Who convened the meeting and its chair prepare the agenda and send the notice."""
    if person.id not in (meeting.chair_id, meeting.created_by_id):
        return Refused("common/not_allowed")
    return None


async def upcoming(session: AsyncSession, community_id: int) -> list[Meeting]:
    """The community's meetings announced and not yet closed, the soonest first."""
    query = (select(Meeting).where(Meeting.community_id == community_id,
                                   col(Meeting.state).in_(NOT_CLOSED))
             .order_by(col(Meeting.starts_at), col(Meeting.id)))
    return list((await session.exec(query)).all())


async def awaiting_minutes(session: AsyncSession, person: Person) -> list[Meeting]:
    """Closed meetings of the person's community whose minutes the person may still
    write or approve (the chair or the recorder)."""
    query = (select(Meeting).where(Meeting.community_id == person.community_id,
                                   Meeting.state == MeetingState.closed,
                                   col(Meeting.minutes_approved_at).is_(None),
                                   sa.or_(col(Meeting.chair_id) == person.id,
                                          col(Meeting.recorder_id) == person.id))
             .order_by(col(Meeting.starts_at)))
    return list((await session.exec(query)).all())
