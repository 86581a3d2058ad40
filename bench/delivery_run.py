"""The two runs of the delivery benchmark, each on a fresh database and a fresh emulator
with Telegram's flood limits on: one broadcast left alone while residents ask for help,
and one broadcast whose bot is killed with SIGKILL a third of the way and restarted."""

import asyncio
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import processes
from bench.delivery_askers import Askers
from bench.delivery_calls import following
from bench.delivery_setup import Seeded, seed_world
from bench.delivery_watch import CpuMeter, Received, all_final, count_received
from bench.load import BenchError
from bench.processes import unless_dead
from emulator import Emulator
from emulator.limits import FloodConfig


@dataclass(frozen=True)
class Plan:
    recipients: int = 10_000
    rate: float = 300.0  # the bot's global budget and the emulator's, messages a second
    burst: int = 10  # the bot's global burst (RATE_GLOBAL_BURST)
    emulator_burst: int | None = None  # the emulator's global burst; None: the same
    askers: int = 20
    think: float = 1.0  # seconds an asker waits between an answer and the next question
    concurrency: int = 8  # SENDER_CONCURRENCY
    lease: float = 2.0  # SENDER_LEASE_SECONDS in the kill run, so orphans return quickly
    kill_at: float = 1 / 3  # share of the notices sent when the bot is killed
    kill: bool = True


@dataclass(frozen=True)
class SteadyRun:
    notices: list[float]  # wall-clock time of every notice accepted by the emulator
    replies: list[float]  # the same for every other message (the askers' answers)
    too_many: int  # 429 answers
    exchanges: list[tuple[float, float]]  # (asked at, latency in seconds)
    warmups: list[float]  # each asker's first latency, not counted
    received: Received
    seconds: float  # bot start to the last row final
    bot_cpu: float | None  # share of one core, first notice to the last row final
    bench_cpu: float  # the same for this process: emulator, askers and call log


@dataclass(frozen=True)
class KillRun:
    sent_before_kill: int
    too_many: int
    received: Received
    restart_seconds: float  # restart to the last row final


def bot_command(name: str, base_url: str, database_url: str, plan: Plan, *,
                lease: float | None = None) -> processes.Command:
    env = {**os.environ, "BOT_TOKEN": processes.EMULATOR_TOKEN, "BOT_ENGINE": "aiogram",
           "TELEGRAM_API_BASE": base_url, "DATABASE_URL": database_url,
           "LOG_LEVEL": "WARNING", "WEBHOOK_URL": "",  # long polling, whatever .env says
           "BOARD_PORT": "",  # no board: a taken port would stop the start
           "RATE_GLOBAL_PER_SECOND": str(plan.rate), "RATE_GLOBAL_BURST": str(plan.burst),
           "SENDER_CONCURRENCY": str(plan.concurrency)}
    if lease is not None:
        env["SENDER_LEASE_SECONDS"] = str(lease)
    return processes.Command(name, [sys.executable, str(processes.ROOT / "bot.py"), "run"], env)


def flooded_emulator(plan: Plan) -> Emulator:
    burst = plan.burst if plan.emulator_burst is None else plan.emulator_burst
    return Emulator(flood_limits=True,
                    flood=FloodConfig(global_per_second=plan.rate, global_burst=burst))


async def steady_run(plan: Plan, workdir: Path) -> SteadyRun:
    emulator = flooded_emulator(plan)
    base_url = await emulator.start()
    seeded: Seeded | None = None
    try:
        url = seeded_url(workdir, "steady")
        seeded = await seed_world(url, emulator.world, plan.recipients)
        askers_ids = spread(seeded.residents, plan.askers)
        async with following(emulator.world) as calls:
            askers = Askers(emulator.world, calls, askers_ids, think=plan.think)
            command = bot_command("yishi-steady", base_url, url, plan)
            async with processes.running(command, workdir) as bot:
                started = time.time()
                await unless_dead(bot, calls.notices_reach(1))
                cpu = CpuMeter(bot)
                await unless_dead(bot, asking_until_final(askers, seeded))
                seconds = time.time() - started
                bot_cpu, bench_cpu = cpu.shares()
        received = await count_received(emulator.world, seeded)
        return SteadyRun(calls.notices, calls.replies, calls.too_many, askers.exchanges,
                         askers.warmups, received, seconds, bot_cpu, bench_cpu)
    finally:
        await close(emulator, seeded)


async def asking_until_final(askers: Askers, seeded: Seeded) -> None:
    """Residents ask while the broadcast runs; the exchanges under way are finished."""
    stop = asyncio.Event()
    asking = asyncio.create_task(askers.run(stop))
    final = asyncio.create_task(all_final(seeded.database, seeded.broadcast_id))
    try:
        await asyncio.wait({asking, final}, return_when=asyncio.FIRST_COMPLETED)
        if asking.done():
            asking.result()  # askers only stop early on an error: raise it now
        await final
        stop.set()
        await asking
    finally:
        for task in (asking, final):
            task.cancel()
        await asyncio.gather(asking, final, return_exceptions=True)


async def kill_run(plan: Plan, workdir: Path) -> KillRun:
    emulator = flooded_emulator(plan)
    base_url = await emulator.start()
    seeded: Seeded | None = None
    try:
        url = seeded_url(workdir, "kill")
        seeded = await seed_world(url, emulator.world, plan.recipients)
        kill_at = max(1, round(len(seeded.targets) * plan.kill_at))
        async with following(emulator.world) as calls:
            first = bot_command("yishi-killed", base_url, url, plan, lease=plan.lease)
            async with processes.running(first, workdir) as bot:
                await unless_dead(bot, calls.notices_reach(kill_at))
                bot.process.kill()  # SIGKILL: no cleanup, claims left in `sending`
                await bot.process.wait()
            calls.drain()
            sent_before_kill = len(calls.notices)
            if sent_before_kill >= len(seeded.targets):
                raise BenchError("the broadcast finished before the bot could be killed")
            second = bot_command("yishi-restarted", base_url, url, plan, lease=plan.lease)
            async with processes.running(second, workdir) as bot:
                restarted = time.time()
                await unless_dead(bot, all_final(seeded.database, seeded.broadcast_id))
                restart_seconds = time.time() - restarted
        received = await count_received(emulator.world, seeded)
        return KillRun(sent_before_kill, calls.too_many, received, restart_seconds)
    finally:
        await close(emulator, seeded)


def seeded_url(workdir: Path, name: str) -> str:
    return f"sqlite+aiosqlite:///{workdir / f'{name}.db'}"


def spread(ids: list[int], count: int) -> list[int]:
    """`count` ids picked evenly, so askers are early, middle and late in the broadcast."""
    count = min(count, len(ids))
    return [ids[n * len(ids) // count] for n in range(count)] if count else []


async def close(emulator: Emulator, seeded: Seeded | None) -> None:
    await emulator.stop()
    if seeded is not None:
        await seeded.database.engine.dispose()
