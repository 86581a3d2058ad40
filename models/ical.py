"""An event as an iCalendar (.ics) file, sent with a notice so a phone calendar can add
it (hearings, representatives' meetings).

Times carry the community's zone (TZID plus its VTIMEZONE), not UTC, so the entry
still says 19:00 if the zone's rules change after it was sent. The UID stays the
same and SEQUENCE grows with each change, so calendars update the entry they have;
a cancelled event is sent with METHOD:CANCEL."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

CONTENT_TYPE = "text/calendar"


@dataclass(frozen=True)
class Entry:
    uid: str  # "<kind>-<id>@<community code>.yishi": the same for every version sent
    summary: str
    location: str
    starts_at: datetime
    ends_at: datetime
    sequence: int = 0
    cancelled: bool = False
    description: str = ""


def build(entry: Entry, *, product: str, timezone: str, now: datetime) -> bytes:
    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", f"-//Yishi//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if entry.cancelled else "PUBLISH")
    # Only the years around the event: a VTIMEZONE from 1970 would be mostly noise.
    start_day = entry.starts_at.astimezone(zone).date()
    calendar.add_component(Timezone.from_tzid(
        timezone, first_date=date(start_day.year - 1, 1, 1),
        last_date=date(start_day.year + 2, 1, 1)))
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", now)
    event.add("dtstart", entry.starts_at.astimezone(zone))
    event.add("dtend", entry.ends_at.astimezone(zone))
    event.add("summary", entry.summary)
    event.add("location", entry.location)
    event.add("sequence", entry.sequence)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.description:
        event.add("description", entry.description)
    calendar.add_component(event)
    return calendar.to_ical()
