"""Closed-loop load, played inside the emulator's process: each virtual user sends a
message and waits for the bot's answer in its chat before sending the next one."""

import asyncio
import math
import time
from dataclasses import dataclass, field

from emulator import play
from emulator.state import User
from emulator.world import World


class BenchError(Exception):
    """The benchmark could not measure: a bot died, stalled or answered oddly."""


@dataclass(frozen=True)
class Plan:
    users: int = 32
    warmup: int = 200  # exchanges answered before the measured window opens
    updates: int = 3000  # exchanges measured
    text: str = "/help"
    first_user_id: int = 7_000_001
    reply_timeout: float = 10.0  # one exchange, once the bot is up
    rate: float = 300.0  # open loop: messages a second (0: no open loop)
    open_updates: int = 3000  # open loop: messages measured
    open_users: int = 256  # open loop: residents writing
    seed: int = 1  # open loop: arrival times and who writes
    ready_timeout: float = 60.0  # the first exchange, while the bot starts and migrates


@dataclass
class Result:
    count: int
    seconds: float
    latencies: list[float] = field(repr=False)  # seconds, one per measured exchange
    unexpected: int = 0  # bot messages nobody was waiting for

    @property
    def per_second(self) -> float:
        return self.count / self.seconds

    def percentile_ms(self, p: float) -> float:
        """Nearest-rank percentile, in milliseconds."""
        ordered = sorted(self.latencies)
        return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)] * 1000


class ClosedLoop:
    def __init__(self, world: World, plan: Plan) -> None:
        self.world = world
        self.plan = plan
        self.users = [world.state.add_user(User(id=plan.first_user_id + n,
                                                first_name=f"Bench {n}", language_code="zh"))
                      for n in range(plan.users)]
        self._waiting: dict[int, asyncio.Future[float]] = {}
        self._answered = 0
        self._latencies: list[float] = []
        self._window: list[float] = []  # opened at, closed at
        self._done = asyncio.Event()
        self._unexpected = 0
        world.bot_message_listeners.append(self._on_bot_message)

    def close(self) -> None:
        self.world.bot_message_listeners.remove(self._on_bot_message)

    async def wait_ready(self) -> None:
        """One exchange, not counted: the bot is polling, migrated and answering."""
        await self._exchange(self.users[0], self.plan.ready_timeout)

    async def run(self) -> Result:
        if self.plan.warmup == 0:
            self._window.append(time.perf_counter())
        tasks = [asyncio.create_task(self._user(user)) for user in self.users]
        done = asyncio.create_task(self._done.wait())
        try:
            finished, _ = await asyncio.wait([done, *tasks], return_when=asyncio.FIRST_COMPLETED)
            for task in finished - {done}:
                task.result()  # a user stopped before the end: raise why
        finally:
            for task in [done, *tasks]:
                task.cancel()
            await asyncio.gather(done, *tasks, return_exceptions=True)
        opened, closed = self._window
        return Result(len(self._latencies), closed - opened, self._latencies, self._unexpected)

    async def _user(self, user: User) -> None:
        while not self._done.is_set():
            self._answer(await self._exchange(user, self.plan.reply_timeout))

    def _answer(self, latency: float) -> None:
        """Exchanges count by the order they are answered, so the window is full load."""
        self._answered += 1
        warmup, last = self.plan.warmup, self.plan.warmup + self.plan.updates
        if self._answered == warmup:
            self._window.append(time.perf_counter())
        elif warmup < self._answered <= last:
            self._latencies.append(latency)
            if self._answered == last:
                self._window.append(time.perf_counter())
                self._done.set()

    async def _exchange(self, user: User, timeout: float) -> float:  # noqa: ASYNC109
        chat = self.world.state.chats[user.id]
        waiter = asyncio.get_running_loop().create_future()
        self._waiting[chat.id] = waiter
        text = self.plan.text
        sent = time.perf_counter()
        play.user_message(self.world, user, chat, "text", text=text,
                          entities=play.command_entities(text) or None)
        try:
            answered = await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            raise BenchError(f"no answer in chat {chat.id} within {timeout}s") from None
        finally:
            self._waiting.pop(chat.id, None)
        return answered - sent

    def _on_bot_message(self, chat_id: int, message: dict) -> None:
        waiter = self._waiting.pop(chat_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(time.perf_counter())
        elif not self._done.is_set():
            # Once the window has closed, the exchanges still under way are given up:
            # their answers come in as the loop winds down, due and not unexpected.
            self._unexpected += 1
