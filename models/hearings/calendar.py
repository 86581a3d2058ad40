"""The iCalendar (.ics) file sent with a hearing notice, so a phone calendar can add it.

Times carry the community's zone (TZID plus its VTIMEZONE), not UTC, so the entry
still says 19:00 if the zone's rules change after it was sent. The UID stays the
same and SEQUENCE grows with each change, so calendars update the entry they have;
a cancelled hearing is sent with METHOD:CANCEL."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from models.hearings.hearings import Hearing, HearingState

CONTENT_TYPE = "text/calendar"


def file_name(hearing: Hearing) -> str:
    return f"hearing-{hearing.number}.ics"


def build(hearing: Hearing, *, community_code: str, timezone: str, now: datetime,
          description: str = "") -> bytes:
    zone = ZoneInfo(timezone)
    cancelled = hearing.state == HearingState.cancelled
    calendar = Calendar()
    calendar.add("prodid", "-//Yishi//hearings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    # Only the years around the hearing: a VTIMEZONE from 1970 would be mostly noise.
    start_day = hearing.starts_at.astimezone(zone).date()
    calendar.add_component(Timezone.from_tzid(
        timezone, first_date=date(start_day.year - 1, 1, 1),
        last_date=date(start_day.year + 2, 1, 1)))
    event = Event()
    event.add("uid", f"hearing-{hearing.id}@{community_code}.yishi")
    event.add("dtstamp", now)
    event.add("dtstart", hearing.starts_at.astimezone(zone))
    event.add("dtend", hearing.ends_at.astimezone(zone))
    event.add("summary", hearing.topic)
    event.add("location", hearing.place)
    event.add("sequence", hearing.sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if description:
        event.add("description", description)
    calendar.add_component(event)
    return calendar.to_ical()
