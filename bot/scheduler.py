"""APScheduler only triggers the sweeps; the work itself lives in domain tables with
due-time columns. No job store is persisted: APScheduler's own FAQ warns that a job
store shared between schedulers runs jobs twice or not at all.

APScheduler paces its triggers on the wall clock. A cron job's time is business time,
so cron jobs are checked against the runtime's clock instead: a test that sets the
clock to the first of a quarter sees the quarterly report run.

Unpaced (the tests' harness), nothing runs on the wall clock at all: a job runs only when
asked, by `run_soon` (a handler's sweep) or by the test itself (`harness.run(name)`)."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.clock import Clock

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[object]]
CRON_CHECK_SECONDS = 30  # how late after its time a cron job may start
WALL = Clock()  # APScheduler's own pacing, never a business time


class Scheduler:
    def __init__(self, *, timezone: str, clock: Clock, paced: bool = True) -> None:
        self._scheduler = AsyncIOScheduler(timezone=timezone)
        self.timezone = timezone
        self.clock = clock
        self.paced = paced
        self._jobs: dict[str, Job] = {}
        self._asked: set[asyncio.Task[None]] = set()  # unpaced runs under way
        self._soon: set[str] = set()  # asked to run now, not yet started
        self._active: set[str] = set()  # running now
        self._running = 0
        self._started = False  # unpaced: between start and stop
        self.idle = asyncio.Event()  # no job running or asked for (tests wait for it)
        self.idle.set()

    def every(self, name: str, seconds: float, job: Job) -> None:
        self._jobs[name] = self._tracked(name, job)
        if self.paced:
            self._scheduler.add_job(self._jobs[name], "interval", seconds=seconds, id=name,
                                    max_instances=1, coalesce=True, next_run_time=WALL.now())

    def cron(self, name: str, crontab: str, job: Job) -> None:
        self.every(f"{name}@cron", CRON_CHECK_SECONDS, self._when_due(crontab, job))

    def _when_due(self, crontab: str, job: Job) -> Job:
        trigger = CronTrigger.from_crontab(crontab, timezone=self.timezone)
        checked = self.clock.now()

        async def run() -> None:
            nonlocal checked
            now = self.clock.now()
            # The first time the crontab names after the last check; several missed
            # times (a process that was down) run once.
            due = trigger.get_next_fire_time(None, checked + timedelta(microseconds=1))
            checked = now
            if due is not None and due <= now:
                await job()

        return run

    def run_soon(self, name: str) -> None:
        """Run a sweep now rather than at its next interval (e.g. a broadcast was queued)."""
        if name not in self._jobs:
            return
        self._soon.add(name)
        self.idle.clear()
        if self.paced:
            self._scheduler.get_job(name).modify(next_run_time=WALL.now())
        elif name not in self._active:  # else the run under way runs it again
            task = asyncio.create_task(self._once(name), name=f"sweep {name}")
            self._asked.add(task)
            task.add_done_callback(self._asked.discard)

    async def _once(self, name: str) -> None:
        await self._jobs[name]()

    def _tracked(self, name: str, job: Job) -> Job:
        logged = _logged(name, job)

        async def run() -> None:
            self._running += 1
            self._active.add(name)
            self.idle.clear()
            try:
                # Asked again while it ran: APScheduler skips a second instance, so this
                # one runs again, or the new work would wait for the next interval.
                while True:
                    self._soon.discard(name)
                    await logged()
                    if name not in self._soon:
                        break
            finally:
                self._running -= 1
                self._active.discard(name)
                if not (self._running or self._soon):
                    self.idle.set()

        return run

    def start(self) -> None:
        self._started = True
        if self.paced:
            self._scheduler.start()

    @property
    def running(self) -> bool:
        """Whether the periodic jobs run: on their schedule, or unpaced on request."""
        return bool(self._scheduler.running) if self.paced else self._started

    async def stop(self) -> None:
        self._started = False
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        for task in list(self._asked):
            task.cancel()
        await asyncio.gather(*self._asked, return_exceptions=True)


def _logged(name: str, job: Job) -> Job:
    failures = 0

    async def run() -> None:
        nonlocal failures
        try:
            await job()
        except Exception:
            # A failed sweep is retried at its next run; it must not stop the scheduler.
            # Logged once while it keeps failing (an outage fails every run of it).
            if not failures:
                log.exception("scheduled job %s failed; retried at each run", name)
            failures += 1
            return
        if failures:
            log.info("scheduled job %s works again after %s failed runs", name, failures)
        failures = 0

    return run
