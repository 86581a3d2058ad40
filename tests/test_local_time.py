"""The one reader of typed times: what it accepts, in which zone, and what it refuses."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from models.local_time import (
    MAX_AHEAD,
    TIME_FORMAT,
    TimeProblem,
    example_time,
    parse_local_time,
    parse_month,
    read_future_time,
)
from models.outcomes import Refused

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
ZONES = st.sampled_from([SHANGHAI, NEW_YORK, ZoneInfo("Europe/Berlin"), ZoneInfo("UTC"),
                         ZoneInfo("America/St_Johns"), ZoneInfo("Australia/Lord_Howe")])
MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31),
                       timezones=st.just(UTC)).map(lambda d: d.replace(second=0, microsecond=0))
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)  # 20:00 in Shanghai, 07:00 in New York


def _first_of_its_wall_time(moment: datetime, zone: ZoneInfo) -> datetime:
    """A wall time a clock change repeats names its first moment: the earlier of the two."""
    wall = moment.astimezone(zone).replace(tzinfo=None)
    return min(wall.replace(tzinfo=zone, fold=0).astimezone(UTC),
               wall.replace(tzinfo=zone, fold=1).astimezone(UTC))


@given(MOMENTS, ZONES)
def test_a_time_shown_in_the_community_zone_reads_back_as_itself(moment: datetime,
                                                                  zone: ZoneInfo) -> None:
    typed = moment.astimezone(zone).strftime(TIME_FORMAT)
    parsed = parse_local_time(typed, zone, now=NOW)
    assert parsed is not None and parsed.tzinfo is UTC
    assert parsed == _first_of_its_wall_time(moment, zone)


def test_new_york_reads_across_both_clock_changes() -> None:
    assert parse_local_time("2026-03-07 18:00", NEW_YORK, now=NOW) == \
        datetime(2026, 3, 7, 23, 0, tzinfo=UTC)  # EST, UTC-5
    assert parse_local_time("2026-03-09 18:00", NEW_YORK, now=NOW) == \
        datetime(2026, 3, 9, 22, 0, tzinfo=UTC)  # EDT, UTC-4
    # the hour the clocks skip is read as the moment after the jump
    assert parse_local_time("2026-03-08 02:30", NEW_YORK, now=NOW) == \
        datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    # the hour the clocks repeat is its first pass, still on daylight time
    assert parse_local_time("2026-11-01 01:30", NEW_YORK, now=NOW) == \
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1)))
def test_a_date_alone_means_six_in_the_evening(day: date) -> None:
    parsed = parse_local_time(day.isoformat(), SHANGHAI, now=NOW)
    assert parsed is not None
    assert parsed.astimezone(SHANGHAI).timetuple()[:5] == (day.year, day.month, day.day, 18, 0)


def test_the_forms_people_type() -> None:
    expected = datetime(2026, 12, 20, 10, 30, tzinfo=UTC)  # 18:30 in Shanghai
    for typed in ("2026-12-20 18:30", " 2026-12-20  18:30 ", "2026-12-20T18:30",
                  "2026-12-20 18：30", "2026/12/20 18:30", "12-20 18:30", "12/20 18:30",
                  "12月20日 18:30", "12月20日18:30", "2026年12月20日 18:30", "12月20号 18:30"):
        assert parse_local_time(typed, SHANGHAI, now=NOW) == expected, typed


def test_today_and_tomorrow_are_the_community_s_days() -> None:
    # 2026-12-07 12:00 UTC is already the 7th's evening in Shanghai, still its morning in New York
    assert parse_local_time("明天 9:00", SHANGHAI, now=NOW) == \
        datetime(2026, 12, 8, 1, 0, tzinfo=UTC)
    assert parse_local_time("Tomorrow 09:00", NEW_YORK, now=NOW) == \
        datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
    assert parse_local_time("今天 21:00", SHANGHAI, now=NOW) == \
        datetime(2026, 12, 7, 13, 0, tzinfo=UTC)
    assert parse_local_time("后天", SHANGHAI, now=NOW) == datetime(2026, 12, 9, 10, 0, tzinfo=UTC)


def test_a_month_and_day_without_a_year_mean_their_next_coming() -> None:
    assert parse_local_time("12-07 21:00", SHANGHAI, now=NOW) == \
        datetime(2026, 12, 7, 13, 0, tzinfo=UTC)  # today still counts
    assert parse_local_time("12-01 18:00", SHANGHAI, now=NOW) == \
        datetime(2027, 12, 1, 10, 0, tzinfo=UTC)
    assert parse_local_time("1月5日 18:00", SHANGHAI, now=NOW) == \
        datetime(2027, 1, 5, 10, 0, tzinfo=UTC)
    assert parse_local_time("02-29 18:00", SHANGHAI, now=NOW) == \
        datetime(2028, 2, 29, 10, 0, tzinfo=UTC)


@given(st.text(max_size=40))
def test_text_that_is_not_a_time_is_unreadable_never_an_error(text: str) -> None:
    parsed = parse_local_time(text, SHANGHAI, now=NOW)
    assert parsed is None or parsed.tzinfo is UTC


def test_days_and_hours_that_do_not_exist_are_unreadable() -> None:
    for typed in ("2026-02-29 10:00", "2026-13-01", "2026-04-31", "2026-12-01 24:00",
                  "2026-12-01 10:60", "soon", "12/01/2026 10:00", "", "13月1日", "昨天 10:00"):
        assert parse_local_time(typed, SHANGHAI, now=NOW) is None, typed
    assert parse_local_time("2028-02-29 10:00", SHANGHAI, now=NOW) is not None


def _problem(read: datetime | Refused) -> str:
    assert isinstance(read, Refused) and read.template == "common/bad_time"
    return str(read.params["problem"])


@given(MOMENTS, ZONES, st.integers(min_value=-10_000, max_value=10_000))
def test_only_a_moment_after_now_is_accepted(now: datetime, zone: ZoneInfo, minutes: int) -> None:
    moment = now + timedelta(minutes=minutes)
    typed = moment.astimezone(zone).strftime(TIME_FORMAT)
    read = read_future_time(typed, zone, now=now)
    meant = _first_of_its_wall_time(moment, zone)
    if meant > now:
        assert read == meant
    else:
        assert _problem(read) == TimeProblem.IN_THE_PAST


@given(MOMENTS, ZONES)
def test_a_past_time_is_refused_and_so_is_one_beyond_a_year(now: datetime, zone: ZoneInfo) -> None:
    for moment in (now - timedelta(minutes=1), now - timedelta(days=400)):
        typed = moment.astimezone(zone).strftime(TIME_FORMAT)
        assert _problem(read_future_time(typed, zone, now=now)) == TimeProblem.IN_THE_PAST
    later = (now + MAX_AHEAD + timedelta(days=2)).astimezone(zone).strftime(TIME_FORMAT)
    assert _problem(read_future_time(later, zone, now=now)) == TimeProblem.TOO_FAR
    assert _problem(read_future_time("soon", zone, now=now)) == TimeProblem.UNREADABLE


@given(MOMENTS, ZONES)
def test_the_example_offered_is_itself_a_valid_answer(now: datetime, zone: ZoneInfo) -> None:
    example = example_time(now, zone)
    read = read_future_time(example, zone, now=now)
    assert isinstance(read, datetime) and read - now < timedelta(days=2)


def test_a_month_for_the_figures_is_its_first_moment_in_the_community_s_zone() -> None:
    first_of_october = datetime(2026, 9, 30, 16, 0, tzinfo=UTC)  # midnight in Shanghai
    for typed in ("2026-10", "2026/10", " 2026年10月 ", "10月"):
        assert parse_month(typed, SHANGHAI, now=NOW) == first_of_october, typed
    assert parse_month("12月", SHANGHAI, now=NOW) == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert parse_month("2026-11", NEW_YORK, now=NOW) == datetime(2026, 11, 1, 4, 0, tzinfo=UTC)
    # a month still to come this year means last year's: the figures are of the past
    assert parse_month("12月", NEW_YORK, now=datetime(2026, 11, 5, tzinfo=UTC)) == \
        datetime(2025, 12, 1, 5, 0, tzinfo=UTC)
    for typed in ("十一月", "2026-13", "0月", "10", "2026-10-01", ""):
        assert parse_month(typed, SHANGHAI, now=NOW) is None, typed


@given(st.text(max_size=20))
def test_text_that_is_not_a_month_is_none_never_an_error(text: str) -> None:
    parsed = parse_month(text, SHANGHAI, now=NOW)
    assert parsed is None or parsed.tzinfo is UTC
