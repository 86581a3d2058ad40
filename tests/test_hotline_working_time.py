"""Deadlines count working time only: properties over arbitrary schedules and moments,
and a few hand-checked examples."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from models.hotline.working_time import (
    SEARCH_DAYS,
    Schedule,
    add_working_time,
    deadline,
    working_time_between,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT = Schedule(zone=SHANGHAI)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    days = draw(st.sets(st.integers(1, 7), min_size=1))
    opens = draw(st.integers(0, 22))
    closes = draw(st.integers(opens + 1, 23))
    zone = ZoneInfo(draw(st.sampled_from(["Asia/Shanghai", "Europe/Berlin", "UTC"])))
    holidays = draw(st.sets(st.dates(date(2026, 1, 1), date(2026, 12, 31)), max_size=5))
    return Schedule(zone=zone, days=frozenset(days), start=time(opens), end=time(closes),
                    holidays=frozenset(holidays))


moments = st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 31),
                       timezones=st.just(UTC)).map(lambda m: m.replace(microsecond=0))
durations = st.integers(0, 60 * 24 * 20).map(lambda minutes: timedelta(minutes=minutes))


def within_reach(schedule: Schedule, duration: timedelta) -> bool:
    """Deadlines are looked for up to SEARCH_DAYS ahead: a schedule of one hour a week
    cannot give one 40 working days away. Whole weeks in reach, less the holidays."""
    weeks = SEARCH_DAYS // 7 - 2
    working = (weeks * len(schedule.days) - len(schedule.holidays)) * schedule.day_length
    return duration < working


def is_working(moment: datetime, schedule: Schedule) -> bool:
    local = moment.astimezone(schedule.zone)
    opens, closes = schedule.window(local.date())
    return schedule.works_on(local.date()) and opens < local <= closes


@settings(max_examples=300, deadline=None)
@given(schedules(), moments, durations)
def test_the_working_time_until_the_deadline_is_the_duration(schedule: Schedule,
                                                             start: datetime,
                                                             duration: timedelta) -> None:
    assume(within_reach(schedule, duration))
    due = add_working_time(start, duration, schedule)
    assert due >= start
    assert working_time_between(start, due, schedule) == duration
    if duration:
        assert is_working(due, schedule)  # a deadline never falls at night or on a day off


@settings(max_examples=200, deadline=None)
@given(schedules(), moments, durations, durations)
def test_deadlines_add_up_and_grow_with_the_duration(schedule: Schedule, start: datetime,
                                                     first: timedelta, second: timedelta) -> None:
    assume(within_reach(schedule, first + second))
    after_first = add_working_time(start, first, schedule)
    assert add_working_time(after_first, second, schedule) == add_working_time(
        start, first + second, schedule)
    assert add_working_time(start, min(first, second), schedule) <= add_working_time(
        start, max(first, second), schedule)


@settings(max_examples=200, deadline=None)
@given(moments, st.integers(0, 60 * 24 * 5))
def test_a_later_start_never_gives_an_earlier_deadline(start: datetime, minutes: int) -> None:
    later = start + timedelta(minutes=minutes)
    two_hours = timedelta(hours=2)
    assert add_working_time(later, two_hours, DEFAULT) >= add_working_time(start, two_hours,
                                                                           DEFAULT)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_hand_checked_deadlines() -> None:
    # Monday 2026-11-23 10:00 + 2 working hours = 12:00 the same day
    assert deadline(local(2026, 11, 23, 10), DEFAULT, hours=2) == local(2026, 11, 23, 12)
    # Friday 17:00 + 2 hours: one hour on Friday, one on Monday
    assert deadline(local(2026, 11, 27, 17), DEFAULT, hours=2) == local(2026, 11, 30, 10)
    # Saturday night + 3 working days: the whole of Monday, Tuesday and Wednesday
    assert deadline(local(2026, 11, 28, 23), DEFAULT, days=3) == local(2026, 12, 2, 18)
    # Monday 10:00 + 3 working days = Thursday 10:00
    assert deadline(local(2026, 11, 23, 10), DEFAULT, days=3) == local(2026, 11, 26, 10)
    # 80% of 2 hours from 17:30 on a Thursday: 30 minutes that day, 66 the next morning
    assert deadline(local(2026, 11, 26, 17, 30), DEFAULT, hours=1.6) == local(
        2026, 11, 27, 10, 6)
    # a holiday is skipped like a weekend
    holiday = Schedule(zone=SHANGHAI, holidays=frozenset({date(2026, 11, 24)}))
    assert deadline(local(2026, 11, 23, 17), holiday, hours=2) == local(2026, 11, 25, 10)


def test_a_deadline_out_of_reach_is_refused_with_a_reason() -> None:
    one_hour_on_tuesdays = Schedule(zone=SHANGHAI, days=frozenset({2}), start=time(9),
                                    end=time(10))
    with pytest.raises(ValueError, match="too little working time"):
        add_working_time(datetime(2026, 1, 1, tzinfo=UTC), timedelta(days=40),
                         one_hour_on_tuesdays)
