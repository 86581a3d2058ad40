"""The bots under test run as child processes, so each gets a core of its own."""

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bench.load import BenchError

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
EMULATOR_TOKEN = "100000:emulator-token"
STOP_GRACE = 5.0  # seconds between SIGTERM and SIGKILL


@dataclass(frozen=True)
class Command:
    name: str
    argv: list[str]
    env: dict[str, str]


# The emulator runs without flood limits, so the sender's own copy of Telegram's limits
# (30 a second, 1 a second per chat) is lifted too: with them, 32 users would get 30
# answers a second and the benchmark would only measure the limiter.
UNLIMITED = {"RATE_GLOBAL_PER_SECOND": "1000000", "RATE_GLOBAL_BURST": "1000000",
             "RATE_CHAT_PER_SECOND": "1000000", "RATE_CHAT_BURST": "1000000"}


def yishi(base_url: str, database_url: str, engine: str = "aiogram",
          processes: int = 1) -> Command:
    env = {**os.environ, **UNLIMITED, "BOT_TOKEN": EMULATOR_TOKEN, "BOT_ENGINE": engine,
           "TELEGRAM_API_BASE": base_url, "DATABASE_URL": database_url,
           "LOG_LEVEL": "WARNING", "PROCESSES": str(processes),
           "BOARD_PORT": ""}  # no board: benches run side by side
    env.pop("WEBHOOK_URL", None)  # long polling, like the echo bot
    return Command("yishi", [sys.executable, str(ROOT / "bot.py"), "run"], env)


def echo(base_url: str) -> Command:
    return Command("echo", [sys.executable, str(ROOT / "bench" / "echo_bot.py"), base_url],
                   dict(os.environ))


def proc_stat(pid: int | str) -> list[str] | None:
    """/proc/PID/stat after the process name (field 3, the state, comes first)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _cpu_ticks(pid: int | str) -> int | None:
    fields = proc_stat(pid)
    return None if fields is None else int(fields[11]) + int(fields[12])


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux)."""
    return [int(entry.name) for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and (fields := proc_stat(entry.name))
            and fields[1] == str(pid)]


class BotProcess:
    def __init__(self, command: Command, process: asyncio.subprocess.Process, log: Path):
        self.command = command
        self.process = process
        self.log = log

    async def exited(self) -> None:
        """Returns never while the bot runs; raises with its log once it has died."""
        code = await self.process.wait()
        raise BenchError(f"{self.command.name} exited with {code}:\n{self.tail()}")

    def cpu_seconds(self) -> float | None:
        """User + system CPU time so far of the bot and the processes it started (with
        PROCESSES > 1), on Linux; None elsewhere."""
        mine = _cpu_ticks(self.process.pid)
        if mine is None:
            return None
        theirs = (_cpu_ticks(pid) or 0 for pid in children(self.process.pid))
        return (mine + sum(theirs)) / os.sysconf("SC_CLK_TCK")

    def tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"

    async def stop(self) -> None:
        if self.process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), STOP_GRACE)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
            await self.process.wait()


@contextlib.asynccontextmanager
async def running(command: Command, workdir: Path) -> AsyncIterator[BotProcess]:
    """Start the bot with its output in a log file; stop it however the block ends."""
    log = workdir / f"{command.name}.log"
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            *command.argv, cwd=ROOT, env=command.env, stdin=asyncio.subprocess.DEVNULL,
            stdout=output, stderr=asyncio.subprocess.STDOUT)
    bot = BotProcess(command, process, log)
    try:
        yield bot
    finally:
        await bot.stop()


async def unless_dead(bot: BotProcess, work: Awaitable[T]) -> T:
    """Await `work`, but fail at once with the bot's log if the bot exits meanwhile."""
    task = asyncio.ensure_future(work)
    death = asyncio.create_task(bot.exited())
    try:
        await asyncio.wait({task, death}, return_when=asyncio.FIRST_COMPLETED)
        return task.result() if task.done() else death.result()  # type: ignore[return-value]
    finally:
        for pending in (task, death):
            pending.cancel()
        await asyncio.gather(task, death, return_exceptions=True)
