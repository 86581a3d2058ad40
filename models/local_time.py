"""Times as people type them, read in their community's time zone: the one reader
every dialogue that asks for a moment uses (votes, hearings, notices, the board),
with one refusal (common/bad_time) that names the problem and the forms it reads."""

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from models.outcomes import Refused

TIME_FORMAT = "%Y-%m-%d %H:%M"
DEFAULT_HOUR = 18  # a date alone means the evening, when residents read and meet
MAX_AHEAD = timedelta(days=366)  # beyond a year is a typo of the year, not a plan

_CLOCK = r"(?:(?:\s*[ T]|(?<=[日号]))\s*(?P<hour>\d{1,2})\s*[:：]\s*(?P<minute>\d{2}))?"
_FORMS = [re.compile(rf"^\s*{day}{_CLOCK}\s*$", re.IGNORECASE) for day in (
    r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})",
    r"(?P<month>\d{1,2})[-/.](?P<day>\d{1,2})",
    r"(?:(?P<year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]?",
    r"(?P<relative>今天|明天|后天|today|tomorrow)",
)]
_MONTH = re.compile(r"^\s*(?:(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*月?"
                    r"|(?P<bare>\d{1,2})\s*月)\s*$")
_YEAR = re.compile(r"^\s*(?P<year>\d{4})\s*年?\s*$")
_RELATIVE = {"今天": 0, "today": 0, "明天": 1, "tomorrow": 1, "后天": 2}


class TimeProblem(StrEnum):
    UNREADABLE = "unreadable"
    IN_THE_PAST = "in_the_past"
    TOO_FAR = "too_far"


def parse_local_time(text: str, zone: tzinfo, *, now: datetime) -> datetime | None:
    """The moment typed in `zone`, as aware UTC, or None if it is not a time.

    A month and day without a year mean their next coming (today included); a wall
    time a clock change repeats means its first moment, one it skips the moment
    after the jump."""
    found = next((m for m in (form.match(text) for form in _FORMS) if m), None)
    if found is None:
        return None
    parts = found.groupdict()
    today = now.astimezone(zone).date()
    try:
        day = _day(parts, today)
        clock = time(DEFAULT_HOUR) if parts["hour"] is None else \
            time(int(parts["hour"]), int(parts["minute"]))
    except ValueError:
        return None
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _day(parts: dict[str, str | None], today: date) -> date:
    if (relative := parts.get("relative")) is not None:
        return today + timedelta(days=_RELATIVE[relative.lower()])
    month, day = int(parts["month"] or 0), int(parts["day"] or 0)
    if parts.get("year") is not None:
        return date(int(parts["year"] or 0), month, day)
    if (month, day) == (2, 29):  # the next year that has it, not the nearest
        year = today.year + next(n for n in range(9) if _leap(today.year + n)
                                 and date(today.year + n, 2, 29) >= today)
        return date(year, 2, 29)
    coming = date(today.year, month, day)
    return coming if coming >= today else date(today.year + 1, month, day)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def parse_month(text: str, zone: tzinfo, *, now: datetime) -> datetime | None:
    """A month typed as 2026-10, 2026年10月 or 10月 (its latest coming, this one
    included: figures are of the past), as the aware UTC moment it begins in `zone`."""
    found = _MONTH.match(text)
    if found is None:
        return None
    month = int(found["month"] or found["bare"])
    today = now.astimezone(zone).date()
    year = int(found["year"]) if found["year"] else today.year - (month > today.month)
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    return datetime(year, month, 1, tzinfo=zone).astimezone(UTC)


def parse_year(text: str) -> int | None:
    """A year typed as 2026 or 2026年, for a year's figures (年终汇总)."""
    found = _YEAR.match(text)
    return int(found["year"]) if found and 2000 <= int(found["year"]) <= 9999 else None


def read_future_time(text: str, zone: tzinfo, *, now: datetime) -> datetime | Refused:
    """The moment typed, if it can be read, is after `now` and within MAX_AHEAD."""
    moment = parse_local_time(text, zone, now=now)
    if moment is None:
        return time_refused(TimeProblem.UNREADABLE, now, zone)
    if moment <= now:
        return time_refused(TimeProblem.IN_THE_PAST, now, zone)
    if moment > now + MAX_AHEAD:
        return time_refused(TimeProblem.TOO_FAR, now, zone)
    return moment


def time_refused(problem: TimeProblem, now: datetime, zone: tzinfo) -> Refused:
    """The one refusal of a typed time: the problem, and valid answers in each form."""
    example = example_moment(now, zone)
    return Refused("common/bad_time", {
        "problem": problem.value, "days": MAX_AHEAD.days,
        "example": example.strftime(TIME_FORMAT), "short": example.strftime("%m-%d %H:%M"),
        "month": example.month, "day": example.day, "clock": example.strftime("%H:%M")})


def example_time(now: datetime, zone: tzinfo) -> str:
    """Tomorrow evening as the person should type it: a valid answer, never a past one."""
    return example_moment(now, zone).strftime(TIME_FORMAT)


def example_moment(now: datetime, zone: tzinfo) -> datetime:
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(DEFAULT_HOUR))
