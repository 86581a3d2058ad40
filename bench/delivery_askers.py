"""Residents who keep asking the bot something while a broadcast runs: each sends a
command, waits for the answer, thinks, and asks again."""

import asyncio
import random
import time

from bench.delivery_calls import CallLog
from bench.load import BenchError
from emulator import play
from emulator.world import World

TEXT = "/help"
REPLY_TIMEOUT = 30.0  # one exchange; far above any sane latency, well below the run's


class Askers:
    def __init__(self, world: World, calls: CallLog, ids: list[int], *, think: float) -> None:
        self.world = world
        self.calls = calls
        self.ids = ids
        self.think = think
        # (asked at, seconds from the update enqueued to the answer accepted), wall clock
        self.exchanges: list[tuple[float, float]] = []
        self.warmups: list[float] = []  # each resident's first latency, kept apart

    async def run(self, stop: asyncio.Event) -> None:
        """Ask until `stop` is set; exchanges already started are finished and counted."""
        await asyncio.gather(*(self._resident(user_id, stop) for user_id in self.ids))

    async def _resident(self, user_id: int, stop: asyncio.Event) -> None:
        # The first answer pays for the bot's cold caches (templates, the person's row).
        self.warmups.append((await self._exchange(user_id))[1])
        while not stop.is_set():
            # A private chat allows about one message a second: a resident who asked faster
            # would measure Telegram's per-chat limit, not the broadcast's effect.
            await asyncio.sleep(self.think * random.uniform(0.9, 1.5))
            if stop.is_set():
                return
            self.exchanges.append(await self._exchange(user_id))

    async def _exchange(self, user_id: int) -> tuple[float, float]:
        state = self.world.state
        answered = self.calls.expect_reply(user_id)
        sent = time.time()  # the call log's `at` is wall-clock time too
        play.user_message(self.world, state.users[user_id], state.chats[user_id], "text",
                          text=TEXT, entities=play.command_entities(TEXT) or None)
        try:
            return sent, await asyncio.wait_for(answered, REPLY_TIMEOUT) - sent
        except TimeoutError:
            raise BenchError(f"no answer to {TEXT} in chat {user_id} "
                             f"within {REPLY_TIMEOUT:.0f}s") from None
        finally:
            self.calls.forget(user_id)
