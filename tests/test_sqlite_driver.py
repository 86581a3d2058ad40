"""The SQLite driver: a transaction takes the write lock with its first statement."""

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

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


async def test_only_an_open_transaction_is_rolled_back(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'trace.db'}")
    traced: list[str] = []
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        raw.driver_connection._conn.set_trace_callback(traced.append)  # type: ignore[union-attr]
        await connection.execute(sa.text("CREATE TABLE t (x INTEGER)"))
        await connection.commit()
    # Committed, then given back to the pool: nothing is open, nothing is rolled back.
    assert traced[-1] == "COMMIT" and "ROLLBACK" not in traced
    async with engine.connect() as connection:
        transaction = await connection.begin()
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        await transaction.rollback()
    assert traced[-1] == "ROLLBACK"
    async with engine.connect() as connection:
        assert (await connection.execute(sa.text("SELECT count(*) FROM t"))).scalar() == 0
    await engine.dispose()
