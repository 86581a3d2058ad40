"""The one clock. The runtime owns it and hands its time to everything that stamps or
compares times: handlers (`ctx.now`), use cases, the sweeps, the scheduler's cron
jobs and the rows' own stamps. Tests set and advance it; nothing else reads the
wall clock."""

import time
from datetime import UTC, datetime, timedelta


class Clock:
    """The wall clock in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class SettableClock(Clock):
    """A clock that runs at the wall clock's pace from an instant a test chose, so that
    waits, leases and retries still move on while every reading is the test's time."""

    def __init__(self, start: datetime | None = None) -> None:
        self._offset = timedelta(0)
        if start is not None:
            self.set(start)

    def now(self) -> datetime:
        return datetime.fromtimestamp(time.time(), UTC) + self._offset

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("set the clock to an aware time")
        self._offset += moment - self.now()

    def advance(self, delta: timedelta) -> None:
        self._offset += delta
