"""PROCESSES=N on PostgreSQL: the first process starts the other N-1 and keeps them
running. Each is `python bot.py work --part K`, handling the chats of its part."""

import asyncio
import contextlib
import logging
import os
import sys
from pathlib import Path

from bot.config import Settings

log = logging.getLogger(__name__)

BOT_PY = Path(__file__).resolve().parent.parent / "bot.py"
RESTART_SECONDS = 1.0
STOP_SECONDS = 10.0  # to finish the updates in hand after SIGTERM


async def supervise(settings: Settings, *, token: str, api_base: str | None) -> None:
    """Run parts 1..N-1 until cancelled; a process that dies is started again, so its
    chats (whose updates wait in the inbox meanwhile) are answered again."""
    env = {**os.environ, "BOT_TOKEN": token, "PROCESSES": str(settings.processes)}
    if api_base:
        env["TELEGRAM_API_BASE"] = api_base
    keepers = [asyncio.create_task(_keep_running(index, env))
               for index in range(1, settings.processes)]
    try:
        await asyncio.gather(*keepers)
    finally:
        for keeper in keepers:
            keeper.cancel()
        await asyncio.gather(*keepers, return_exceptions=True)


async def _keep_running(index: int, env: dict[str, str]) -> None:
    while True:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(BOT_PY), "work", "--part", str(index),
            "--first", str(os.getpid()), env=env,
            stdin=asyncio.subprocess.DEVNULL)
        try:
            code = await process.wait()
        except asyncio.CancelledError:
            await _stop(process)
            raise
        log.error("process %s exited with %s; starting it again", index, code)
        await asyncio.sleep(RESTART_SECONDS)


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    try:
        await asyncio.wait_for(process.wait(), STOP_SECONDS)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
