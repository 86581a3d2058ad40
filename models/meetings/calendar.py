"""The iCalendar (.ics) entry of a representatives' meeting (models/ical.py builds the
file): sent with the notice, its agenda as the description, and listed in the board's
subscribable calendar without it."""

from collections.abc import Sequence
from datetime import timedelta

from models import ical
from models.meetings.meetings import Meeting, MeetingItem


def entry(meeting: Meeting, items: Sequence[MeetingItem], *, community_code: str,
          url: str = "") -> ical.Entry:
    """items: the agenda, written as numbered lines; none for a public listing."""
    agenda = "\n".join(f"{item.position}. {item.title}" for item in items)
    return ical.Entry(uid=f"meeting-{meeting.id}@{community_code}.yishi",
                      summary=meeting.title, location=meeting.place,
                      starts_at=meeting.starts_at,
                      ends_at=meeting.starts_at + timedelta(minutes=meeting.duration_minutes),
                      description="\n\n".join(p for p in (meeting.number, agenda) if p),
                      url=url)
