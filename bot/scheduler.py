"""APScheduler only triggers the sweeps; the work itself lives in domain tables with
due-time columns. No job store is persisted: APScheduler's own FAQ warns that a job
store shared between schedulers runs jobs twice or not at all."""

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[object]]


class Scheduler:
    def __init__(self, *, timezone: str) -> None:
        self._scheduler = AsyncIOScheduler(timezone=timezone)
        self.timezone = timezone

    def every(self, name: str, seconds: float, job: Job) -> None:
        self._scheduler.add_job(_logged(name, job), "interval", seconds=seconds, id=name,
                                max_instances=1, coalesce=True,
                                next_run_time=datetime.now(UTC))

    def cron(self, name: str, crontab: str, job: Job) -> None:
        trigger = CronTrigger.from_crontab(crontab, timezone=self.timezone)
        self._scheduler.add_job(_logged(name, job), trigger, id=name, max_instances=1,
                                coalesce=True)

    def run_soon(self, name: str) -> None:
        """Run a sweep now rather than at its next interval (e.g. a broadcast was queued)."""
        job = self._scheduler.get_job(name)
        if job is not None:
            job.modify(next_run_time=datetime.now(UTC))

    async def run_once(self, name: str) -> None:
        """Run a sweep here and now, for a process whose scheduler is not started."""
        job = self._scheduler.get_job(name)
        if job is not None:
            await job.func()

    def start(self) -> None:
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)


def _logged(name: str, job: Job) -> Job:
    async def run() -> None:
        try:
            await job()
        except Exception:
            # A failed sweep is retried at its next run; it must not stop the scheduler.
            log.exception("scheduled job %s failed", name)

    return run
