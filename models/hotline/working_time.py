"""Deadlines in working time: the back office's days and hours in the community's time
zone (defaults Monday to Friday, 09:00 to 18:00). Pure functions, no database."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from models.community_file import Community as CommunityFile

# A schedule with no working day in ten years is a broken file, not a long wait.
SEARCH_DAYS = 3660


@dataclass(frozen=True)
class Schedule:
    zone: ZoneInfo
    days: frozenset[int] = frozenset({1, 2, 3, 4, 5})  # ISO weekdays, 1 is Monday
    start: time = time(9, 0)
    end: time = time(18, 0)
    holidays: frozenset[date] = frozenset()

    @classmethod
    def of(cls, config: CommunityFile) -> "Schedule":
        hours = config.hotline.working_hours
        return cls(zone=config.zone, days=frozenset(hours.days), start=hours.start,
                   end=hours.end, holidays=frozenset(hours.holidays))

    @property
    def day_length(self) -> timedelta:
        return datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)

    def works_on(self, day: date) -> bool:
        return day.isoweekday() in self.days and day not in self.holidays

    def window(self, day: date) -> tuple[datetime, datetime]:
        """Opening and closing time of a day, as wall-clock times in the zone."""
        return (datetime.combine(day, self.start, self.zone),
                datetime.combine(day, self.end, self.zone))


def add_working_time(start: datetime, duration: timedelta, schedule: Schedule) -> datetime:
    """The moment when `duration` of working time has passed after `start` (UTC)."""
    if duration <= timedelta(0):
        return start
    cursor = start.astimezone(schedule.zone)
    day, remaining = cursor.date(), duration
    for _ in range(SEARCH_DAYS):
        if schedule.works_on(day):
            opens, closes = schedule.window(day)
            begin = max(cursor, opens)
            if begin < closes:
                if remaining <= closes - begin:
                    return (begin + remaining).astimezone(UTC)
                remaining -= closes - begin
        day += timedelta(days=1)
        cursor = datetime.combine(day, time(0), schedule.zone)
    raise ValueError(f"no deadline within {SEARCH_DAYS} days: the working schedule has "
                     f"too little working time for {duration}")


def working_time_between(start: datetime, end: datetime, schedule: Schedule) -> timedelta:
    """How much working time lies between two moments (zero if end is not later)."""
    total = timedelta(0)
    first, last = start.astimezone(schedule.zone), end.astimezone(schedule.zone)
    day = first.date()
    while day <= last.date():
        if schedule.works_on(day):
            opens, closes = schedule.window(day)
            begin, finish = max(first, opens), min(last, closes)
            if begin < finish:
                total += finish - begin
        day += timedelta(days=1)
    return total


def deadline(start: datetime, schedule: Schedule, *, hours: float = 0,
             days: float = 0) -> datetime:
    """`hours` working hours plus `days` working days (of the schedule's length) later."""
    return add_working_time(start, timedelta(hours=hours) + schedule.day_length * days,
                            schedule)
