"""The runtime's clock: tests set and advance it, and cron jobs follow it, not the
wall clock."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.clock import SettableClock
from bot.scheduler import Scheduler

QUARTER_START = datetime(2027, 1, 1, 1, tzinfo=UTC)  # 09:00 in Shanghai


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                    timezones=st.just(UTC)),
       st.timedeltas(min_value=timedelta(days=-400), max_value=timedelta(days=400)))
def test_a_set_clock_reads_the_set_time_and_advances(moment: datetime,
                                                     step: timedelta) -> None:
    clock = SettableClock(moment)
    assert abs(clock.now() - moment) < timedelta(seconds=1)
    clock.advance(step)
    assert abs(clock.now() - (moment + step)) < timedelta(seconds=1)


async def test_a_cron_job_runs_once_when_the_clock_passes_its_time() -> None:
    clock = SettableClock(QUARTER_START - timedelta(minutes=5))
    runs: list[datetime] = []

    async def job() -> None:
        runs.append(clock.now())

    check = Scheduler(timezone="Asia/Shanghai", clock=clock)._when_due(
        "0 9 1 1,4,7,10 *", job)
    await check()
    assert runs == []  # not yet
    clock.set(QUARTER_START + timedelta(seconds=10))
    await check()
    await check()
    assert len(runs) == 1  # once, however often it is checked
    clock.set(QUARTER_START + timedelta(days=40))
    await check()
    assert len(runs) == 1  # nothing until April
    clock.set(datetime(2027, 4, 2, tzinfo=UTC))
    await check()
    assert len(runs) == 2  # a missed time runs once when the process is back
