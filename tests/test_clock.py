"""The runtime's clock: tests set and advance it, and cron jobs follow it, not the
wall clock."""

import asyncio
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.app import Database
from bot.clock import SettableClock
from bot.playground import start_harness
from bot.scheduler import Scheduler
from models.notices import broadcasts
from models.notices.broadcasts import Broadcast, BroadcastState
from models.outcomes import Done
from models.people.persons import by_telegram_id

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


async def test_an_unpaced_scheduler_runs_a_job_only_when_asked_and_never_twice_at_once(
        ) -> None:
    scheduler = Scheduler(timezone="Asia/Shanghai", clock=SettableClock(), paced=False)
    runs, release = [], asyncio.Event()

    async def job() -> None:
        runs.append(len(runs))
        await release.wait()

    scheduler.every("sweep", 0.01, job)
    scheduler.start()
    await asyncio.sleep(0.1)
    assert runs == [] and scheduler.idle.is_set()  # no interval on the wall clock
    scheduler.run_soon("sweep")
    await asyncio.sleep(0)
    scheduler.run_soon("sweep")  # asked again while it runs: once more, after it
    await asyncio.sleep(0.05)
    assert runs == [0]
    release.set()
    await asyncio.wait_for(scheduler.idle.wait(), 1)
    assert runs == [0, 1]
    await scheduler.stop()


async def test_the_harness_runs_no_periodic_job_on_the_wall_clock(db: Database) -> None:
    async with db.sessionmaker() as session, session.begin():
        chair = await by_telegram_id(session, 1001)
        assert chair is not None
        created = await broadcasts.create(session, author=chair, body="停水",
                                          now=db.clock.now())
        assert isinstance(created, Done)
    async with start_harness(db, engine="aiogram") as harness:
        await asyncio.sleep(1)  # a paced scheduler runs every job at once when it starts
        await harness.settle()
        async with db.sessionmaker() as session:
            broadcast = await session.get(Broadcast, created.value.id)
            assert broadcast is not None and broadcast.state == BroadcastState.scheduled
        assert await harness.run("broadcasts") == 1  # the test runs it, at its time
