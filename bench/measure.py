"""One measurement: an emulator without flood limits and the load in this process, the
bot under test in its own process, talking to the emulator over HTTP."""

import asyncio
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bench import processes
from bench.load import BenchError, ClosedLoop, Plan, Result
from bench.open_loop import OpenLoop
from bench.processes import BotProcess, Command, running
from emulator import Emulator

T = TypeVar("T")


@dataclass(frozen=True)
class Measurement:
    label: str
    result: Result
    bot_cpu: float | None  # share of one core the bot used while under load
    load_cpu: float  # the same for this process: emulator plus load
    open: Result | None = None  # the open loop at plan.rate, after the closed one


async def measure(label: str, command_for: Callable[[str], Command], plan: Plan,
                  workdir: Path, *, timeout: float) -> Measurement:  # noqa: ASYNC109
    """Start the emulator and the bot, wait until it answers, then run the closed
    loop and, on the same warm bot, the open loop."""
    emulator = Emulator(flood_limits=False)
    base_url = await emulator.start()
    try:
        async with running(command_for(base_url), workdir) as bot, asyncio.timeout(timeout):
            load = ClosedLoop(emulator.world, plan)
            try:
                await processes.unless_dead(bot, load.wait_ready())
                measured = await processes.unless_dead(bot, _under_load(label, load, bot))
            finally:
                load.close()
            if plan.rate > 0:
                measured = dataclasses.replace(
                    measured, open=await processes.unless_dead(bot, _open_loop(emulator, plan)))
            return measured
    except TimeoutError:
        raise BenchError(f"{label}: not finished within {timeout}s") from None
    finally:
        await emulator.stop()


async def _open_loop(emulator: Emulator, plan: Plan) -> Result:
    load = OpenLoop(emulator.world, plan)
    try:
        await load.introduce()
        return await load.run()
    finally:
        load.close()


async def _under_load(label: str, load: ClosedLoop, bot: BotProcess) -> Measurement:
    wall, mine, theirs = time.perf_counter(), time.process_time(), bot.cpu_seconds()
    result = await load.run()
    elapsed = time.perf_counter() - wall
    bot_cpu = None
    if theirs is not None and (now := bot.cpu_seconds()) is not None:
        bot_cpu = (now - theirs) / elapsed
    return Measurement(label, result, bot_cpu, (time.process_time() - mine) / elapsed)
