"""Watching the bot from outside while a broadcast runs: is it finished, what did each
recipient receive, how much CPU did it take, and did it die meanwhile."""

import asyncio
import time
from dataclasses import dataclass, field
from typing import TypeVar

from sqlmodel import col, func, select

from bench import processes
from bench.delivery_setup import MARKER, Seeded
from bot.app import Database
from emulator.world import World
from models.notices.broadcasts import Broadcast, BroadcastState
from models.outbox import Delivery, DeliveryState

T = TypeVar("T")
DB_POLL = 0.25  # seconds between "is every row final yet?" queries: cheap for the bot
OPEN = (DeliveryState.pending, DeliveryState.sending)


@dataclass(frozen=True)
class Received:
    """What the emulator holds per recipient, and the final states of the outbox rows."""

    targets: int
    misses: int  # recipients without the notice
    duplicates: int  # notices beyond the first, summed over recipients
    states: dict[str, int] = field(default_factory=dict)


async def all_final(database: Database, broadcast_id: int) -> None:
    """Returns once the broadcast was expanded and none of its rows is pending or sending."""
    expanded = select(col(Broadcast.state)).where(col(Broadcast.id) == broadcast_id)
    open_rows = select(func.count()).select_from(Delivery).where(
        col(Delivery.broadcast_id) == broadcast_id, col(Delivery.state).in_(OPEN))
    while True:
        async with database.sessionmaker() as session:
            state = (await session.exec(expanded)).one()
            if state != BroadcastState.scheduled and not (await session.exec(open_rows)).one():
                return
        await asyncio.sleep(DB_POLL)


async def count_received(world: World, seeded: Seeded) -> Received:
    per_chat = [sum(1 for r in world.state.records.get(target, [])
                    if r.from_bot and MARKER in (r.source_text or ""))
                for target in seeded.targets]
    states = select(col(Delivery.state), func.count()).where(
        col(Delivery.broadcast_id) == seeded.broadcast_id).group_by(col(Delivery.state))
    async with seeded.database.sessionmaker() as session:
        rows = (await session.exec(states)).all()
    return Received(targets=len(seeded.targets),
                    misses=per_chat.count(0),
                    duplicates=sum(n - 1 for n in per_chat if n > 1),
                    states={str(state): n for state, n in rows})


class CpuMeter:
    """CPU used by the bot and by this process since it was made, as shares of a core:
    on a small machine a saturated core explains a low rate better than any queue."""

    def __init__(self, bot: processes.BotProcess) -> None:
        self.bot = bot
        self.wall = time.perf_counter()
        self.mine = time.process_time()
        self.theirs = bot.cpu_seconds()

    def shares(self) -> tuple[float | None, float]:
        elapsed = max(time.perf_counter() - self.wall, 1e-9)
        theirs = self.bot.cpu_seconds()
        bot = None if theirs is None or self.theirs is None else (theirs - self.theirs) / elapsed
        return bot, (time.process_time() - self.mine) / elapsed
