"""Plays people against a running bot through the emulator: used by the end-to-end
tests, the demo and the benchmark."""

import asyncio
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot import periodic
from bot.app import EMULATOR_TOKEN, Database, routes, running_bot
from bot.clock import SettableClock
from bot.config import Settings
from bot.runtime import Runtime
from chat.render import Renderer
from emulator.client import EmulatorClient
from emulator.server import Emulator
from emulator.world import World
from models.voting import periodic as voting

# A scripted person answers in milliseconds, not seconds: Telegram's pacing would only
# make a scenario wait on the wall clock. The tests of the limits set their own.
LIFTED_LIMITS: dict[str, Any] = {
    "rate_global_per_second": 1000.0, "rate_global_burst": 1000,
    "rate_chat_per_second": 1000.0, "rate_chat_burst": 50,
    "rate_group_per_minute": 60_000.0,
}


@dataclass
class Player:
    harness: "Harness"
    id: int
    name: str

    async def say(self, text: str) -> list[dict[str, Any]]:
        """Send text; returns the bot messages this chat received in answer."""
        return await self.harness.exchange(self.id, self.harness.client.send_text(self.id, text))

    async def press(self, label: str, message_id: int | None = None) -> list[dict[str, Any]]:
        call = self.harness.client.press(self.id, label, message_id)
        return await self.harness.exchange(self.id, call)

    async def press_data(self, message_id: int, data: str) -> list[dict[str, Any]]:
        call = self.harness.client.press_data(self.id, message_id, data)
        return await self.harness.exchange(self.id, call)

    async def share_contact(self, phone: str) -> list[dict[str, Any]]:
        call = self.harness.client.send_contact(self.id, phone)
        return await self.harness.exchange(self.id, call)

    async def messages(self) -> list[dict[str, Any]]:
        return await self.harness.client.bot_messages(self.id)

    async def last(self) -> dict[str, Any]:
        return (await self.messages())[-1]

    async def alerts(self) -> list[str]:
        answers = await self.harness.client.callback_answers()
        return [a["text"] for a in answers if a.get("text")]


@dataclass
class Harness:
    client: EmulatorClient
    db: Database
    runtime: Runtime
    world: World  # the emulator's, watched in-process: settle waits on its events

    @property
    def clock(self) -> SettableClock:
        """The clock the bot reads: tests set and advance it."""
        assert isinstance(self.db.clock, SettableClock)
        return self.db.clock

    async def run(self, name: str, *, at: datetime | None = None) -> int:
        """A periodic job now, as the scheduler runs it (the clock set to `at` first)."""
        if at is not None:
            self.clock.set(at)
        return await self.runtime.run(name)

    async def player(self, user_id: int, name: str, *, language: str = "zh") -> Player:
        await self.client.add_user(user_id, name, language_code=language)
        return Player(self, user_id, name)

    async def exchange(self, chat_id: int, call: Any) -> list[dict[str, Any]]:
        before = {m["message_id"] for m in await self.client.bot_messages(chat_id)}
        await call
        await self.settle()
        return [m for m in await self.client.bot_messages(chat_id)
                if m["message_id"] not in before or m.get("edited")]

    async def settle(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Until every update the emulator handed out is handled and every due delivery
        sent: returns the moment all of it is done, raises TimeoutError after `timeout`."""
        sender = self.runtime.sender
        sender.wake()  # deliveries the test made due by moving the clock are looked for
        waiting = "nothing"
        try:
            async with asyncio.timeout(timeout):
                while True:
                    await sender.flush()  # sent replies are recorded now, not in a moment
                    if (busy := self._busy()) is None:
                        return
                    waiting, event = busy
                    await event  # at once: an event missed in between would never come
        except TimeoutError:
            raise TimeoutError(f"the bot did not settle: {waiting}") from None

    def _busy(self) -> tuple[str, Awaitable[Any]] | None:
        """What is still at work and the event that says it changed; None when all rest.
        One synchronous look, so nothing can move between the parts it checks."""
        queue = self.world.queue
        # An update leaves the queue only when the next getUpdates (or the webhook's 200)
        # confirms it, which the bot does after intake stored it and handed it over.
        if len(queue):
            return "updates the bot has not confirmed", queue.wait_changed()
        runtime = self.runtime
        for name, part in (("the inbox", runtime.processor), ("the scheduler", runtime.scheduler),
                           ("the sender", runtime.sender)):
            if not part.idle.is_set():
                return name, part.idle.wait()
        return None


async def run_job(db: Database, name: str, renderer: Renderer, *,
                  now: datetime | None = None) -> int:
    """A periodic job run by hand, at the database clock's time unless told."""
    return await periodic.run(name, db.sessionmaker, renderer, now=now or db.clock.now(),
                              buttons=routes().buttons)


async def close_vote(db: Database, matter_id: int, renderer: Renderer, *,
                     now: datetime) -> bool:
    """One matter closed and counted by hand, as the scheduler would at `now`."""
    work = await periodic.work_for(db.sessionmaker, renderer, now=now, buttons=routes().buttons)
    return await voting.close(work, matter_id)


@asynccontextmanager
async def start_harness(db: Database, *, engine: str, flood_limits: bool = False,
                        **overrides: Any) -> AsyncIterator[Harness]:
    """The bot on the emulator. Its scheduler is unpaced: no periodic job runs on the
    wall clock, only those a handler asks for at once and those the test runs itself
    (`harness.run`), at the time the test set."""
    emulator = Emulator(flood_limits=flood_limits)
    base = await emulator.start()
    for name, value in LIFTED_LIMITS.items():
        overrides.setdefault(name, value)
    overrides.setdefault("board_port", None)  # tests serve the board themselves
    settings = Settings(bot_engine=engine, strict_templates=True, _env_file=None,  # type: ignore[call-arg]
                        **overrides)
    try:
        async with EmulatorClient(base) as client:
            async with running_bot(settings, token=EMULATOR_TOKEN, api_base=base,
                                   database=db, paced=False) as runtime:
                yield Harness(client, db, runtime, emulator.world)
    finally:
        await emulator.stop()
