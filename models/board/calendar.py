"""The community's calendar to subscribe to from the web board: its hearings and its
representatives' meetings, upcoming and recent, with public fields only (topic or
title, place, times, state). No agenda, no proposal text and no person: a calendar
is read by anyone who has its address."""

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import ical
from models.community import Community
from models.hearings import calendar as hearings_calendar
from models.hearings.hearings import Hearing
from models.meetings import calendar as meetings_calendar
from models.meetings.meetings import Meeting, MeetingState

RECENT = timedelta(days=60)  # past events kept, so a calendar keeps what it showed
LISTED_MAX = 200
# A meeting still in draft has sent no notice: its time may change, and nobody is told.
ANNOUNCED = (MeetingState.convened, MeetingState.in_session, MeetingState.closed)


async def events(session: AsyncSession, community: Community, *, now: datetime,
                 link: Callable[[int | None], str]) -> list[ical.Entry]:
    """link: the public address of a board entry (a hearing's minutes) or, given None,
    of the board; events by start."""
    since = now - RECENT
    hearings = (await session.exec(select(Hearing).where(
        Hearing.community_id == community.id, col(Hearing.starts_at) >= since)
        .order_by(col(Hearing.starts_at)).limit(LISTED_MAX))).all()
    meetings = (await session.exec(select(Meeting).where(
        Meeting.community_id == community.id, col(Meeting.state).in_(ANNOUNCED),
        col(Meeting.starts_at) >= since)
        .order_by(col(Meeting.starts_at)).limit(LISTED_MAX))).all()
    found = [hearings_calendar.entry(h, community_code=community.code,
                                     url=link(h.disclosure_id)) for h in hearings]
    found += [meetings_calendar.entry(m, [], community_code=community.code, url=link(None))
              for m in meetings]
    return sorted(found, key=lambda e: (e.starts_at, e.uid))
