"""Open-loop load: messages arrive at a set rate whatever the bot does, as they do from
many residents who do not wait for each other. This is the latency a resident sees at
that rate; the closed loop (bench/load.py) finds how many updates a second the bot can
take at most, where latency is only queueing by construction."""

import asyncio
import random
import time
from collections import deque

from bench.load import BenchError, Plan, Result
from emulator import play
from emulator.state import User
from emulator.world import World

FIRST_USER_ID = 8_000_001  # apart from the closed loop's users


class OpenLoop:
    def __init__(self, world: World, plan: Plan) -> None:
        self.world = world
        self.plan = plan
        self.users = [world.state.add_user(User(id=FIRST_USER_ID + n,
                                                first_name=f"Resident {n}", language_code="zh"))
                      for n in range(plan.open_users)]
        self._due: dict[int, deque[float]] = {}  # per chat: when its unanswered messages were due
        self._latencies: list[float] = []
        self._all_answered = asyncio.Event()
        self._expected = 0
        self._last_answer = 0.0
        self._unexpected = 0
        world.bot_message_listeners.append(self._on_bot_message)

    def close(self) -> None:
        self.world.bot_message_listeners.remove(self._on_bot_message)

    async def introduce(self) -> None:
        """Each resident's first message creates their row: send those unmeasured."""
        for start in range(0, len(self.users), self.plan.users):
            batch = self.users[start:start + self.plan.users]
            for user in batch:
                self._send(user, time.perf_counter())
            await self._answered(len(batch))
        self._latencies.clear()

    async def run(self) -> Result:
        """`plan.open_updates` messages at `plan.rate` a second, Poisson arrivals."""
        rng = random.Random(self.plan.seed)
        start = due = time.perf_counter()
        for _ in range(self.plan.open_updates):
            due += rng.expovariate(self.plan.rate)
            if (wait := due - time.perf_counter()) > 0:
                await asyncio.sleep(wait)
            # Latency counts from when the message was due, not from when this process
            # got round to it: a late sender must not hide a slow bot.
            self._send(rng.choice(self.users), due)
        await self._answered(self.plan.open_updates)
        return Result(len(self._latencies), self._last_answer - start, self._latencies,
                      self._unexpected)

    def _send(self, user: User, due: float) -> None:
        chat = self.world.state.chats[user.id]
        self._due.setdefault(chat.id, deque()).append(due)
        self._expected += 1
        text = self.plan.text
        play.user_message(self.world, user, chat, "text", text=text,
                          entities=play.command_entities(text) or None)

    async def _answered(self, count: int) -> None:
        self._all_answered.clear()
        if self._expected == 0:
            return
        try:
            await asyncio.wait_for(self._all_answered.wait(),
                                   self.plan.reply_timeout + count / self.plan.rate)
        except TimeoutError:
            raise BenchError(f"{self._expected} messages unanswered at {self.plan.rate}/s") \
                from None

    def _on_bot_message(self, chat_id: int, message: dict) -> None:
        waiting = self._due.get(chat_id)
        if not waiting:
            if chat_id not in self._due:
                return  # another load's chat
            self._unexpected += 1
            return
        now = time.perf_counter()
        self._latencies.append(now - waiting.popleft())
        self._last_answer = now
        self._expected -= 1
        if self._expected == 0:
            self._all_answered.set()
