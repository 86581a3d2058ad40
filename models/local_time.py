"""Times as people type them, read in their community's time zone."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

_WHEN = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2}))?\s*$")


def parse_local_time(text: str, zone: ZoneInfo) -> datetime | None:
    """"2026-11-30 18:00" (or a date alone, meaning 18:00) in the community's zone."""
    found = _WHEN.match(text)
    if not found:
        return None
    year, month, day, hour, minute = found.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour or 18), int(minute or 0),
                        tzinfo=zone)
    except ValueError:
        return None
