"""The iCalendar (.ics) file sent with a hearing notice (models/ical.py builds it); a
cancelled hearing's is sent with METHOD:CANCEL."""

from datetime import datetime

from models import ical
from models.hearings.hearings import Hearing, HearingState

CONTENT_TYPE = ical.CONTENT_TYPE


def file_name(hearing: Hearing) -> str:
    return f"hearing-{hearing.number}.ics"


def build(hearing: Hearing, *, community_code: str, timezone: str, now: datetime,
          description: str = "") -> bytes:
    entry = ical.Entry(uid=f"hearing-{hearing.id}@{community_code}.yishi",
                       summary=hearing.topic, location=hearing.place,
                       starts_at=hearing.starts_at, ends_at=hearing.ends_at,
                       sequence=hearing.sequence,
                       cancelled=hearing.state == HearingState.cancelled,
                       description=description)
    return ical.build(entry, product="hearings", timezone=timezone, now=now)
