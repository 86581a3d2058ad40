"""The SQLite driver: a transaction takes the write lock with its first statement."""

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
import sqlalchemy as sa
from sqlalchemy.util import greenlet_spawn

from bot import sqlite_driver
from bot.database import make_engine


async def test_the_first_statement_of_a_transaction_takes_the_write_lock(tmp_path: Path) -> None:
    path = tmp_path / "lock.db"
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE t (x INTEGER)"))
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        async with engine.connect() as connection:
            transaction = await connection.begin()
            other.execute("BEGIN IMMEDIATE")  # nothing ran yet: nothing is locked
            other.execute("ROLLBACK")
            # A read first, as a handler does: BEGIN IMMEDIATE rode along with it.
            assert (await connection.execute(sa.text("SELECT count(*) FROM t"))).scalar() == 0
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
            await transaction.commit()
        other.execute("BEGIN IMMEDIATE")  # released by the commit
        assert other.execute("SELECT x FROM t").fetchall() == [(1,)]
        other.execute("ROLLBACK")
    finally:
        other.close()
        await engine.dispose()


async def test_a_rolled_back_transaction_leaves_nothing(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'undo.db'}")
    async with engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE t (x INTEGER)"))
    async with engine.connect() as connection:
        transaction = await connection.begin()
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        await transaction.rollback()
        async with connection.begin():  # a transaction that runs nothing ends quietly
            pass
        assert (await connection.execute(sa.text("SELECT count(*) FROM t"))).scalar() == 0
    await engine.dispose()


async def test_only_an_open_transaction_costs_a_trip_to_roll_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trips: list[str] = []
    execute = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(fn, "__name__", ""))
        return await execute(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.db'}")
    async with engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE t (x INTEGER)"))
    trips.clear()
    async with engine.begin() as connection:  # committed, then given back to the pool
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
    assert trips == ["_run", "commit"]  # BEGIN rode with the INSERT; no rollback
    trips.clear()
    async with engine.connect() as connection:
        transaction = await connection.begin()
        await connection.execute(sa.text("INSERT INTO t VALUES (2)"))
        await transaction.rollback()
    assert trips == ["_run", "rollback"]
    async with engine.connect() as connection:
        assert (await connection.execute(sa.text("SELECT x FROM t"))).scalars().all() == [1]
    await engine.dispose()


async def test_a_connection_terminated_as_its_task_is_cancelled_leaves_nothing_waiting(
        tmp_path: Path) -> None:
    # SQLAlchemy terminates a connection whose checkout or return is cancelled, as
    # happens to whatever a stopping bot was doing; a close left waiting on the driver's
    # stopped thread once held up the event loop's shutdown for ever.
    connection = await greenlet_spawn(sqlite_driver.dbapi().connect, str(tmp_path / "t.db"))
    terminating = asyncio.create_task(greenlet_spawn(connection.terminate))
    await asyncio.sleep(0)
    terminating.cancel()
    await asyncio.gather(terminating, return_exceptions=True)
    others = asyncio.all_tasks() - {asyncio.current_task()}
    done, waiting = await asyncio.wait(others, timeout=2) if others else (set(), set())
    assert not waiting, waiting
    thread = connection._connection._thread
    await asyncio.to_thread(thread.join, 2)
    assert not thread.is_alive()
