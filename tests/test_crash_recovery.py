"""kill -9 in the middle of a stream of updates: after a restart every update has been
processed exactly once, in order within each chat, and nothing is lost."""

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import sqlalchemy as sa

from bot.app import EMULATOR_TOKEN, Database
from emulator.client import EmulatorClient
from emulator.server import Emulator
from models.inbox import InboxState, InboxUpdate
from models.notices import broadcasts
from models.outbox import Delivery, DeliveryState
from models.people import persons as people
from tests.factories import residents

ROOT = Path(__file__).resolve().parent.parent
USERS, MESSAGES = 30, 8
WORKERS = 4


async def start_bot(base: str, database_url: str, engine: str,
                    **settings: str) -> asyncio.subprocess.Process:
    # No board: bots of tests running side by side would want the same port.
    env = {**os.environ, "BOARD_PORT": "", **settings, "BOT_TOKEN": EMULATOR_TOKEN,
           "TELEGRAM_API_BASE": base, "BOT_ENGINE": engine,
           "DATABASE_URL": database_url, "WORKERS": str(WORKERS), "LOG_LEVEL": "WARNING"}
    return await asyncio.create_subprocess_exec(
        sys.executable, "bot.py", "run", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)


async def count(db: Database, query: sa.Select) -> int:
    async with db.sessionmaker() as session:
        return int(await session.scalar(query) or 0)


async def wait_for(predicate, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]  # noqa: ASYNC109
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await predicate():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_kill_9_mid_stream_loses_nothing_and_repeats_nothing(
        db: Database, database_url: str, engine: str) -> None:
    emulator = Emulator(flood_limits=False)
    base = await emulator.start()
    total = USERS * MESSAGES
    done = sa.select(sa.func.count()).select_from(InboxUpdate).where(
        InboxUpdate.state == InboxState.done)
    replies_sent = sa.select(sa.func.count()).select_from(Delivery).where(
        Delivery.state == DeliveryState.sent)
    try:
        async with EmulatorClient(base) as client:
            for user in range(USERS):
                await client.add_user(8000 + user, f"U{user}")
            for n in range(MESSAGES):
                for user in range(USERS):
                    await client.send_text(8000 + user, f"/c{n}")

            bot = await start_bot(base, database_url, engine)
            await wait_for(lambda: at_least(db, done, total // 4))
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
            interrupted_at = await count(db, done)
            assert interrupted_at < total, "the bot finished before it could be killed"

            bot = await start_bot(base, database_url, engine)
            try:
                await wait_for(lambda: at_least(db, done, total))
                await wait_for(lambda: _all_confirmed(client))
                await wait_for(lambda: at_least(db, replies_sent, total))
            finally:
                bot.terminate()
                await bot.wait()

            # Processed once: exactly one reply row was committed per update.
            assert await count(db, sa.select(sa.func.count()).select_from(InboxUpdate)) == total
            replies = sa.select(sa.func.count()).select_from(Delivery)
            assert await count(db, replies) == total
            duplicates = 0
            for user in range(USERS):
                texts = [m["text"] for m in await client.bot_messages(8000 + user)]
                order = [int(n) for n in re.findall(r"/c(\d+)", "".join(texts))]
                firsts = list(dict.fromkeys(order))
                assert firsts == list(range(MESSAGES)), f"user {user}: {order}"
                duplicates += len(order) - MESSAGES
            # Only replies in flight at the kill may go out twice.
            assert duplicates <= WORKERS * 2
    finally:
        await emulator.stop()


async def at_least(db: Database, query: sa.Select, n: int) -> bool:
    return await count(db, query) >= n


async def _all_confirmed(client: EmulatorClient) -> bool:
    return await client.pending() == 0


async def test_kill_9_mid_broadcast_resumes_without_misses(db: Database, database_url: str,
                                                           engine: str) -> None:

    emulator = Emulator(flood_limits=False)
    base = await emulator.start()
    concurrency = 8
    sent = sa.select(sa.func.count()).select_from(Delivery).where(
        Delivery.state == DeliveryState.sent)
    try:
        async with EmulatorClient(base) as client:
            ids = await residents(db, 400, client=client)
            for extra in (1001, 1002):
                await client.add_user(extra, "committee")
            async with db.sessionmaker() as session, session.begin():
                chair = await people.by_telegram_id(session, 1001)
                assert chair is not None
                await broadcasts.create(session, author=chair, body="kill test", now=db.clock.now())
            env = {"RATE_GLOBAL_PER_SECOND": "300", "SENDER_CONCURRENCY": str(concurrency),
                   "SENDER_LEASE_SECONDS": "1"}
            bot = await start_bot(base, database_url, engine, **env)
            await wait_for(lambda: at_least(db, sent, 80))
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
            assert await count(db, sent) < len(ids)

            bot = await start_bot(base, database_url, engine, **env)
            try:
                await wait_for(lambda: at_least(db, sent, len(ids) + 2))
            finally:
                bot.terminate()
                await bot.wait()
            duplicates = 0
            for resident in ids:
                received = len(await client.bot_messages(resident))
                assert received >= 1, f"resident {resident} was skipped"
                duplicates += received - 1
            assert duplicates <= concurrency
    finally:
        await emulator.stop()
