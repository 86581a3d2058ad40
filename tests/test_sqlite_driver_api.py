"""The private parts of aiosqlite and of SQLAlchemy's aiosqlite adapter that
bot/sqlite_driver.py leans on, checked one by one: an upgrade that changes one of them
fails here with what changed, instead of somewhere inside a query.

If one fails and adapting the driver is not worth it, `make_engine` without `module=`
runs on SQLAlchemy's stock adapter, slower by the figure in bench/README.md."""

import asyncio
import inspect
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection, AsyncAdapt_dbapi_cursor
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection
from sqlalchemy.util import greenlet_spawn

from bot import sqlite_driver

CHANGED = "aiosqlite's private API changed under bot/sqlite_driver.py: "


def parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_execute_queues_a_call_for_the_driver_thread() -> None:
    execute = getattr(aiosqlite.Connection, "_execute", None)
    assert execute is not None, CHANGED + "Connection._execute is gone"
    assert inspect.iscoroutinefunction(execute), CHANGED + "Connection._execute is not async"
    assert parameters(execute) == ["self", "fn", "args", "kwargs"], (
        CHANGED + f"Connection._execute{inspect.signature(execute)}, expected (self, fn, "
        "*args, **kwargs)")


def test_the_sqlite3_connection_is_reachable() -> None:
    assert isinstance(inspect.getattr_static(aiosqlite.Connection, "_conn", None), property), (
        CHANGED + "Connection._conn is no longer a property")
    assert parameters(aiosqlite.Connection.stop) == ["self"], (
        CHANGED + f"Connection.stop{inspect.signature(aiosqlite.Connection.stop)}")


async def test_what_the_driver_reads_is_there_on_an_open_connection(tmp_path: Path) -> None:
    adapted = await greenlet_spawn(sqlite_driver.dbapi().connect, str(tmp_path / "api.db"))
    try:
        driver = adapted._connection
        assert isinstance(driver, aiosqlite.Connection), (
            "SQLAlchemy's adapter no longer keeps the aiosqlite connection in _connection")
        assert isinstance(getattr(driver, "_connection", None), sqlite3.Connection), (
            CHANGED + "Connection._connection is not the open sqlite3 connection")
        assert driver._conn is driver._connection, CHANGED + "Connection._conn"
        assert isinstance(getattr(adapted, "_execute_mutex", None), asyncio.Lock), (
            "SQLAlchemy's adapter has no asyncio.Lock in _execute_mutex any more")
        ran_on = await driver._execute(lambda a, *, b: (threading.get_ident(), a + b), 1, b=2)
        assert ran_on[1] == 3, CHANGED + "Connection._execute does not pass the arguments"
        assert ran_on[0] != threading.get_ident(), (
            CHANGED + "Connection._execute no longer runs the call on the driver's thread")
    finally:
        stopped = adapted._connection.stop()
        if stopped is not None:
            await stopped
    assert adapted._connection._connection is None, (
        CHANGED + "Connection.stop no longer clears _connection, which rollback reads")


def test_sqlalchemys_adapter_is_shaped_as_the_driver_expects() -> None:
    assert parameters(AsyncAdapt_dbapi_connection.__init__) == ["self", "dbapi", "connection"]
    assert callable(getattr(AsyncAdapt_aiosqlite_connection, "_handle_exception", None))
    assert "_cursor_cls" in dir(AsyncAdapt_aiosqlite_connection)
    assert callable(getattr(AsyncAdapt_dbapi_cursor, "_async_soft_close", None))
    # OneTripCursor.__init__ sets every slot itself, without the driver cursor it never
    # opens: a slot added upstream would be left unset.
    slots = {slot for cls in AsyncAdapt_dbapi_cursor.__mro__
             for slot in getattr(cls, "__slots__", ())}
    set_by_the_driver = {"_adapt_connection", "_connection", "_soft_closed_memoized", "_rows"}
    assert slots - {"_cursor"} == set_by_the_driver, (
        f"SQLAlchemy's cursor slots are now {sorted(slots)}: set the new ones in "
        "bot/sqlite_driver.py OneTripCursor.__init__")


@pytest.mark.parametrize("name", ["_conn", "_execute", "_connection", "stop"])
def test_each_private_name_checked_here_is_still_used(name: str) -> None:
    """Guards this file against going stale: each name it checks is still used."""
    assert f".{name}" in inspect.getsource(sqlite_driver)


def test_the_benchmark_that_justifies_the_driver_runs() -> None:
    """`python bench/sqlite_driver.py` with tiny numbers: both drivers measured, a ratio
    printed (never judged: this machine may be busy with anything)."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "bench/sqlite_driver.py", "--tasks", "2", "--transactions", "20",
         "--rounds", "1"], cwd=root, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "stock aiosqlite adapter: median" in done.stdout
    assert "one-trip driver: median" in done.stdout
    assert "one-trip / stock:" in done.stdout
