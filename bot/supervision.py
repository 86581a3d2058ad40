"""Loops that must outlive any outage: receiving, processing, sending. Each runs under
`supervise`, which logs why it ended and starts it again after a backoff. `Trouble`
keeps a call that is retried on its own (getUpdates, storing updates, a periodic job)
from writing the same warning for every failed attempt of one outage."""

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
STEADY_SECONDS = 60.0  # a loop that ran this long before ending starts again at once


def equal_jitter(failures: int, *, first: float, cap: float) -> float:
    """Exponential with equal jitter: at least half of each delay is kept, so a burst
    of failures spreads out in time instead of spending its retries in a moment, and
    the other half is random, so many failures don't return in lockstep."""
    base = min(cap, first * 2 ** failures)
    return base / 2 + random.uniform(0, base / 2)


class Backoff:
    """Delays after consecutive failures, by equal_jitter."""

    def __init__(self, first: float = 0.5, cap: float = 30.0) -> None:
        self.first, self.cap = first, cap
        self.failures = 0

    def next(self) -> float:
        delay = equal_jitter(self.failures, first=self.first, cap=self.cap)
        self.failures += 1
        return delay

    def reset(self) -> None:
        self.failures = 0


@dataclass
class LoopState:
    running: bool = False
    restarts: int = 0
    last_error: str | None = None


@dataclass
class Health:
    """The state of each supervised loop."""
    loops: dict[str, LoopState] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(state.running for state in self.loops.values())


async def supervise(name: str, run: Callable[[], Awaitable[object]], health: Health, *,
                    backoff: Backoff | None = None) -> None:
    """Run `run` for the life of the process, starting it again whenever it ends."""
    backoff = backoff or Backoff()
    state = health.loops.setdefault(name, LoopState())
    while True:
        started = time.monotonic()
        state.running = True
        try:
            await run()
            state.last_error = "ended"
            log.error("%s ended by itself; starting it again", name)
        except asyncio.CancelledError:
            state.running = False
            raise
        except Exception as error:
            state.last_error = repr(error)
            log.exception("%s failed; starting it again", name)
        state.running = False
        state.restarts += 1
        if time.monotonic() - started > STEADY_SECONDS:
            backoff.reset()
        await asyncio.sleep(backoff.next())


async def until_done(what: str, call: Callable[[], Awaitable[T]], *,
                     backoff: Backoff | None = None) -> T:
    """`call` retried after any failure until it succeeds: for work that must not be
    dropped (updates not yet stored) while what it needs is away for a while."""
    trouble, backoff = Trouble(what), backoff or Backoff(cap=10.0)
    while True:
        try:
            result = await call()
        except Exception as error:
            trouble.failed(error)
            await asyncio.sleep(backoff.next())
            continue
        trouble.recovered()
        return result


class Trouble:
    """One warning when a call starts failing and one line when it works again."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.failures = 0

    def failed(self, error: BaseException) -> None:
        if self.failures == 0:
            log.warning("%s failed, retrying until it works: %r", self.what, error)
        else:
            log.debug("%s failed again: %r", self.what, error)
        self.failures += 1

    def recovered(self) -> None:
        if self.failures:
            log.info("%s works again after %s failed attempts", self.what, self.failures)
        self.failures = 0
