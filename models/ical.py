"""Events as iCalendar (.ics): one sent with a notice so a phone calendar can add it
(hearings, representatives' meetings), or a community's whole calendar to subscribe
to (the board's /c/<code>/calendar.ics).

Times carry the community's zone (TZID plus its VTIMEZONE), not UTC, so the entry
still says 19:00 if the zone's rules change after it was sent. The UID stays the
same and SEQUENCE grows with each change, so calendars update the entry they have;
a cancelled event is sent with METHOD:CANCEL. Each event carries what it is about
(DESCRIPTION), where to read more (URL) and an alarm before it starts."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone

CONTENT_TYPE = "text/calendar"
ALARM_BEFORE = timedelta(hours=1)


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
    url: str = ""  # the public board's page of it, or of the community's board


def build(entry: Entry, *, product: str, timezone: str, now: datetime) -> bytes:
    """One event, sent with a notice; a cancelled one with METHOD:CANCEL."""
    calendar = _calendar(product, "CANCEL" if entry.cancelled else "PUBLISH", timezone,
                         [entry.starts_at])
    calendar.add_component(_event(entry, ZoneInfo(timezone), now))
    return calendar.to_ical()


def build_many(entries: Sequence[Entry], *, product: str, name: str, timezone: str,
               now: datetime) -> bytes:
    """A calendar to subscribe to: every event, cancelled ones marked so."""
    calendar = _calendar(product, "PUBLISH", timezone, [e.starts_at for e in entries] or [now])
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    # Calendar apps poll a subscription at this pace unless told otherwise.
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    zone = ZoneInfo(timezone)
    for entry in entries:
        calendar.add_component(_event(entry, zone, now))
    return calendar.to_ical()


def _calendar(product: str, method: str, timezone: str, moments: list[datetime]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//Yishi//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    # Only the years around the events: a VTIMEZONE from 1970 would be mostly noise.
    days = [m.astimezone(ZoneInfo(timezone)).date() for m in moments]
    calendar.add_component(Timezone.from_tzid(
        timezone, first_date=date(min(days).year - 1, 1, 1),
        last_date=date(max(days).year + 2, 1, 1)))
    return calendar


def _event(entry: Entry, zone: ZoneInfo, now: datetime) -> Event:
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
    if entry.url:
        event.add("url", entry.url, parameters={"VALUE": "URI"})
    if not entry.cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", entry.summary)
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
    return event
