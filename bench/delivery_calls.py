"""What the bot did, read from the emulator's own call log in this process: when each
notice went out, how often Telegram said 429, and when each reply arrived."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from bench.delivery_setup import MARKER
from emulator.world import World

POLL_SECONDS = 0.01  # how soon a waiting resident notices its answer; not a timing error


class CallLog:
    """Drains the emulator's call log as it grows.

    The emulator keeps only its last 20,000 calls and a large broadcast makes more than
    that, so the log is taken away instead of read in place. Timings come from each
    call's own `at` (logged when the emulator answered), not from when it was drained."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.notices: list[float] = []  # when each notice was accepted
        self.replies: list[float] = []  # when each other message was accepted
        self.too_many = 0  # 429 answers, any method
        self._grew = asyncio.Event()  # replaced each time notices arrive
        self._waiting: dict[int, asyncio.Future[float]] = {}

    def expect_reply(self, chat_id: int) -> asyncio.Future[float]:
        """A future for the next non-notice message to chat_id; resolves to its `at`."""
        waiter = asyncio.get_running_loop().create_future()
        self._waiting[chat_id] = waiter
        return waiter

    def forget(self, chat_id: int) -> None:
        self._waiting.pop(chat_id, None)

    async def notices_reach(self, count: int) -> None:
        while len(self.notices) < count:
            await self._grew.wait()

    def drain(self) -> None:
        log = self.world.state.calls
        calls = log[:]
        log.clear()
        before = len(self.notices)
        for call in calls:
            self._take(call)
        if len(self.notices) > before:
            self._grew.set()
            self._grew = asyncio.Event()

    def _take(self, call: dict[str, Any]) -> None:
        if call["error_code"] == 429:
            self.too_many += 1
        if call["method"] != "sendMessage" or not call["ok"]:
            return
        params = call["params"]
        if MARKER in str(params.get("text", "")):
            self.notices.append(call["at"])
            return
        self.replies.append(call["at"])
        waiter = self._waiting.pop(int(params["chat_id"]), None)
        if waiter is not None and not waiter.done():
            waiter.set_result(call["at"])

    async def follow(self) -> None:
        while True:
            self.drain()
            await asyncio.sleep(POLL_SECONDS)


@contextlib.asynccontextmanager
async def following(world: World) -> AsyncIterator[CallLog]:
    """A CallLog kept up to date for the duration of the block."""
    log = CallLog(world)
    task = asyncio.create_task(log.follow())
    try:
        yield log
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        log.drain()  # what arrived since the last poll
