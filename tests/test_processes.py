"""PROCESSES=N on PostgreSQL: the chats are shared among processes, each chat has one
owner that answers it in order, and a process killed with -9 is started again without
losing or repeating an update."""

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from bench.processes import children, proc_stat
from bot.app import EMULATOR_TOKEN, Database, running_bot
from bot.config import Settings
from bot.playground import start_harness
from chat.incoming import Incoming
from emulator.client import EmulatorClient
from emulator.server import Emulator
from models.inbox import InboxState, InboxUpdate
from models.outbox import Delivery, DeliveryState
from models.partition import Part
from tests.test_crash_recovery import at_least, count, wait_for

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ONLY = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                                   reason="TEST_DATABASE_URL is not set")


@given(chat_id=st.integers(min_value=-(2**52), max_value=2**52), count=st.integers(1, 16))
def test_every_chat_has_exactly_one_owner(chat_id: int, count: int) -> None:
    owners = [index for index in range(count) if Part(index, count).owns(chat_id)]
    assert len(owners) == 1


def test_a_part_outside_the_count_is_refused() -> None:
    with pytest.raises(ValueError, match="does not exist"):
        Part(2, 2)


async def test_several_processes_on_sqlite_are_refused_with_a_reason(tmp_path: Path) -> None:
    env = {**os.environ, "PROCESSES": "2", "BOT_TOKEN": EMULATOR_TOKEN,
           "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'one.db'}"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "bot.py", "run", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert b"PROCESSES > 1 needs PostgreSQL" in err
    assert not (tmp_path / "one.db").exists()  # refused before touching anything


def _recording(runtime_handle, seen: list[int]):  # type: ignore[no-untyped-def]
    async def handle(incoming: Incoming) -> bool:
        seen.append(incoming.chat_id)
        return bool(await runtime_handle(incoming))
    return handle


@POSTGRES_ONLY
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_each_process_answers_only_its_own_chats(db: Database) -> None:
    users = range(9100, 9108)
    seen: tuple[list[int], list[int]] = ([], [])
    async with start_harness(db, engine="aiogram", processes=2) as first:
        settings = Settings(processes=2, board_port=None, strict_templates=True,  # type: ignore[call-arg]
                            _env_file=None)
        async with running_bot(settings, token=EMULATOR_TOKEN, api_base=first.client.base_url,
                               database=db, part=Part(1, 2)) as second:
            for runtime, record in zip((first.runtime, second), seen, strict=True):
                runtime.dispatcher.handle = _recording(  # type: ignore[method-assign]
                    runtime.dispatcher.handle, record)
            for user in users:
                await first.client.add_user(user, f"U{user}")
            for n in range(3):
                for user in users:
                    await first.client.send_text(user, f"/c{n}")
            for user in users:
                answers = await first.client.wait_for_bot_messages(user, 3, timeout=30)
                assert re.findall(r"/c(\d)", "".join(m["text"] for m in answers)) == \
                    ["0", "1", "2"]
    assert sorted(seen[0]) == sorted(u for u in users for _ in range(3) if u % 2 == 0)
    assert sorted(seen[1]) == sorted(u for u in users for _ in range(3) if u % 2 == 1)


@POSTGRES_ONLY
@pytest.mark.skipif(not Path("/proc").exists(), reason="finds the child process in /proc")
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_process_killed_mid_stream_is_started_again_and_nothing_is_lost(
        db: Database, database_url: str) -> None:
    users, rounds, workers = range(9200, 9220), 10, 4
    total = len(users) * rounds
    done = sa.select(sa.func.count()).select_from(InboxUpdate).where(
        InboxUpdate.state == InboxState.done)
    done_by_second = done.where(InboxUpdate.chat_id % 2 == 1)  # 92xx: abs() changes nothing
    sent = sa.select(sa.func.count()).select_from(Delivery).where(
        Delivery.state == DeliveryState.sent)
    again: list[int] = []
    emulator = Emulator(flood_limits=False)
    base = await emulator.start()
    env = {**os.environ, "BOT_TOKEN": EMULATOR_TOKEN, "TELEGRAM_API_BASE": base,
           "DATABASE_URL": database_url, "PROCESSES": "2", "WORKERS": str(workers),
           "LOG_LEVEL": "WARNING", "BOARD_PORT": ""}
    try:
        async with EmulatorClient(base) as client:
            for user in users:
                await client.add_user(user, f"U{user}")
            for n in range(rounds):
                for user in users:
                    await client.send_text(user, f"/c{n}")
            bot = await asyncio.create_subprocess_exec(
                sys.executable, "bot.py", "run", cwd=ROOT, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
            try:
                await wait_for(lambda: at_least(db, done_by_second, 10))
                [second] = children(bot.pid)
                os.kill(second, signal.SIGKILL)
                assert await count(db, done_by_second) < total // 2, "finished before the kill"
                await wait_for(lambda: at_least(db, done, total))
                await wait_for(lambda: at_least(db, sent, total))
                again = children(bot.pid)
                assert again and second not in again, "not started again"
            finally:
                bot.terminate()
                await bot.wait()
            # Processed once: one reply row per update; in order in every chat.
            assert await count(db, sa.select(sa.func.count()).select_from(Delivery)) == total
            duplicates = 0
            for user in users:
                texts = "".join(m["text"] for m in await client.bot_messages(user))
                order = [int(n) for n in re.findall(r"/c(\d+)", texts)]
                assert list(dict.fromkeys(order)) == list(range(rounds)), f"{user}: {order}"
                duplicates += len(order) - rounds
            # Only replies in flight at the kill may go out twice.
            assert duplicates <= workers * 2
    finally:
        await emulator.stop()
    # SIGTERM to the first process stopped the others too.
    assert not _running(again)


@POSTGRES_ONLY
@pytest.mark.skipif(not Path("/proc").exists(), reason="finds the child process in /proc")
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_the_others_stop_when_the_first_process_is_killed(
        db: Database, database_url: str) -> None:
    emulator = Emulator(flood_limits=False)
    base = await emulator.start()
    env = {**os.environ, "BOT_TOKEN": EMULATOR_TOKEN, "TELEGRAM_API_BASE": base,
           "DATABASE_URL": database_url, "PROCESSES": "2", "LOG_LEVEL": "WARNING",
           "BOARD_PORT": ""}
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "bot.py", "run", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    try:
        await wait_for(lambda: _started(bot.pid))
        # Running, not only started: on a busy machine its imports alone take seconds.
        await wait_for(lambda: _listening(db))
        others = children(bot.pid)
        bot.kill()
        await bot.wait()
        # Left running, they would answer the same chats beside the next start's.
        await wait_for(lambda: _gone(others), timeout=15)
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
        await emulator.stop()


async def _started(pid: int) -> bool:
    return bool(children(pid))


async def _listening(db: Database) -> bool:
    """The second process listens for new updates: its event loop runs."""
    async with db.sessionmaker() as session:
        return bool(await session.scalar(sa.text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND query LIKE 'LISTEN%'")))


async def _gone(pids: list[int]) -> bool:
    return not _running(pids)


def _running(pids: list[int]) -> list[int]:
    """Not exited, or exited but never reaped by whoever adopted them (a zombie)."""
    return [pid for pid in pids if (stat := proc_stat(pid)) is not None and stat[0] != "Z"]
