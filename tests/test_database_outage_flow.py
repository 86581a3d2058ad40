"""A database that cannot be written for a while delays updates but loses none and
stops no loop: a SQLite file held under an exclusive lock by another program, a
PostgreSQL that refuses connections. Residents write meanwhile, through the emulator;
once the database is back everyone is answered, once."""

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from bot import dispatch
from bot.app import Database, connect
from bot.database import is_sqlite, make_engine, unavailable
from bot.playground import Harness, Player, start_harness
from models.inbox import InboxState, InboxUpdate
from tests.test_crash_recovery import wait_for

HELP = "您可以使用的命令"
STORING_FAILED = "storing received updates failed"


@pytest.fixture
async def quick_db(db: Database, database_url: str) -> AsyncIterator[Database]:
    """The test's database with a busy timeout of a second: a lock held by another
    program makes each attempt fail after a second instead of thirty."""
    database = connect(database_url, clock=db.clock, busy_timeout=1.0)
    yield database
    await database.engine.dispose()


@pytest.fixture
async def harness(quick_db: Database, engine: str) -> AsyncIterator[Harness]:
    async with start_harness(quick_db, engine=engine) as running:
        yield running


async def residents_write(harness: Harness, count: int) -> list[Player]:
    players = [await harness.player(7100 + i, f"R{i}") for i in range(count)]
    for player in players:
        await harness.client.send_text(player.id, "/help")
    return players


async def answered_once(harness: Harness, players: list[Player]) -> None:
    await harness.settle(timeout=60)
    for player in players:
        helps = [m for m in await player.messages() if HELP in m["text"]]
        assert len(helps) == 1, player.name
    assert harness.runtime.health.loops["receiving"].restarts == 0
    assert all(state.running for state in harness.runtime.health.loops.values())


async def store_failed(caplog: pytest.LogCaptureFixture) -> bool:
    return any(STORING_FAILED in record.getMessage() for record in caplog.records)


async def test_a_locked_sqlite_file_delays_updates_and_loses_none(
        harness: Harness, database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    if not is_sqlite(database_url):
        pytest.skip("a SQLite file lock")
    caplog.set_level(logging.WARNING, logger="bot.supervision")
    path = make_url(database_url).database
    assert path is not None
    other = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        await asyncio.to_thread(other.execute, "BEGIN EXCLUSIVE")
        players = await residents_write(harness, 3)
        await wait_for(lambda: store_failed(caplog), timeout=30)
        await asyncio.to_thread(other.execute, "COMMIT")
    finally:
        other.close()
    await answered_once(harness, players)


async def test_postgresql_refusing_connections_delays_updates_and_loses_none(
        harness: Harness, database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    if is_sqlite(database_url):
        pytest.skip("PostgreSQL refusing connections")
    caplog.set_level(logging.WARNING, logger="bot.supervision")
    name = make_url(database_url).database
    admin = await asyncpg.connect(make_url(os.environ["TEST_DATABASE_URL"])
                                  .set(drivername="postgresql")
                                  .render_as_string(hide_password=False))
    try:
        await admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = $1 AND pid <> pg_backend_pid()", name)
        players = await residents_write(harness, 5)
        await wait_for(lambda: store_failed(caplog), timeout=30)
    finally:
        await admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        await admin.close()
    await answered_once(harness, players)


def away_for(times: int, real: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """`real`, failing its first `times` calls as a locked database does."""
    left = [times]

    async def call(*args: Any, **kwargs: Any) -> Any:
        if left[0] > 0:
            left[0] -= 1
            locked = sqlite3.OperationalError("database is locked")
            locked.sqlite_errorcode = 5  # type: ignore[attr-defined]  # SQLITE_BUSY
            raise OperationalError("UPDATE inbox_update", {}, locked)
        return await real(*args, **kwargs)

    return call


async def test_a_database_away_does_not_use_up_an_updates_attempts(
        harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """More failures than an update's attempts, all of them the database's: the update
    is handled once it is back, not given up as failed."""
    monkeypatch.setattr(dispatch.inbox, "claim", away_for(5, dispatch.inbox.claim))
    players = await residents_write(harness, 1)
    await answered_once(harness, players)
    async with harness.db.sessionmaker() as session:
        rows = list((await session.exec(select(InboxUpdate))).all())
    mine = [row for row in rows if row.chat_id == players[0].id]
    assert [(row.state, row.attempts) for row in mine] == [(InboxState.done, 0)]


async def test_a_locked_file_is_the_database_away_and_a_missing_table_is_not(
        tmp_path: Path) -> None:
    path = tmp_path / "away.db"
    engine = make_engine(f"sqlite+aiosqlite:///{path}", busy_timeout=0.1)
    async with engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE t (x INTEGER)"))
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(OperationalError) as locked:
            async with engine.begin() as connection:
                await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        other.execute("ROLLBACK")
        with pytest.raises(OperationalError) as missing:
            async with engine.begin() as connection:
                await connection.execute(sa.text("INSERT INTO nowhere VALUES (1)"))
    finally:
        other.close()
        await engine.dispose()
    assert unavailable(locked.value) and not unavailable(missing.value)
