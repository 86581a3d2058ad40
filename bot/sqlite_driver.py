"""SQLAlchemy's aiosqlite adapter, with one trip to the driver's thread per statement.

aiosqlite runs every call on its own thread: SQLAlchemy's adapter makes four trips per
statement (open a cursor, execute, fetch, close), each a queue put, a thread switch and
a wake-up of the event loop. On one SQLite connection shared by every update those
trips, not SQLite, were most of the time an update held the connection. This cursor
does the four on the driver's thread in one call and keeps what SQLAlchemy reads
afterwards (description, rowcount, lastrowid, rows). A transaction's BEGIN IMMEDIATE
rides along with its first statement, and a transaction that ran none, or a rollback
with no transaction open, ends without a trip.

Built on aiosqlite's private `Connection._execute`, `_conn` and `_connection` and on
SQLAlchemy's adapter classes (their `_connection` and `_execute_mutex`), all pinned in
pyproject.toml; tests run every query through it, and tests/test_sqlite_driver_api.py
says which of those an upgrade changed. Kept for what it buys: bench/sqlite_driver.py
(32 concurrent update-shaped transactions on the one connection) measured 1.81x the
stock adapter's rate kept to one core, as the bot runs (380 transactions/s against
210), and 1.41x on two cores (267 against 189), on a shared 2-core machine on
2026-12-07 (bench/README.md). If an upgrade breaks it, `make_engine` without `module=`
runs on the stock adapter, at that cost."""

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_, in_greenlet

Outcome = tuple[Any, int, int | None, list[Any]]


def _run(connection: aiosqlite.Connection, operation: str, parameters: Any,
         many: bool, begin: bool) -> Outcome:
    """On the driver's thread: (begin,) execute, fetch everything, close."""
    cursor = connection._conn.cursor()
    try:
        if begin:
            cursor.execute("BEGIN IMMEDIATE")
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, () if parameters is None else parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_description", "_rowcount", "_lastrowid")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No driver cursor is opened here: _run opens and closes one per statement.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid or 0

    async def _async_soft_close(self) -> None:
        """Nothing to close: the driver's cursor is gone already."""

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        return self._go(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        return self._go(operation, seq_of_parameters, many=True)

    def _go(self, operation: str, parameters: Any, *, many: bool) -> None:
        try:
            await_(self._trip(operation, parameters, many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _trip(self, operation: str, parameters: Any, many: bool) -> None:
        connection: OneTripConnection = self._adapt_connection  # type: ignore[assignment]
        async with connection._execute_mutex:
            begin, connection.begin_pending = connection.begin_pending, False
            outcome: Outcome = await self._connection._execute(
                _run, self._connection, operation, parameters, many, begin)
        self._description, self._rowcount, self._lastrowid, rows = outcome
        self._rows = collections.deque(rows)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("begin_pending",)
    _cursor_cls = OneTripCursor  # type: ignore[assignment]

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.begin_pending = False  # BEGIN IMMEDIATE goes with the next statement

    def begin_immediate(self) -> None:
        self.begin_pending = True

    def commit(self) -> None:
        if self.begin_pending:  # nothing ran, so nothing began
            self.begin_pending = False
            return
        super().commit()

    def rollback(self) -> None:
        if self.begin_pending:
            self.begin_pending = False
            return
        # The pool rolls back every connection it gets back, committed or not: with no
        # transaction open that is a trip for nothing. sqlite3 reads this flag from the
        # database handle; no statement runs on the driver's thread meanwhile.
        driver = self._connection._connection
        if driver is not None and not driver.in_transaction:
            return
        super().rollback()

    def terminate(self) -> None:
        # SQLAlchemy closes gracefully first, shielded, and stops the driver's thread if
        # that is cancelled; the graceful close then ends by queueing a second stop on
        # the thread that has stopped, and waits for it for ever (holding up the event
        # loop's shutdown). SQLite has no server to take leave of: one stop closes the
        # connection on the driver's thread and ends the thread.
        stopped = self._connection.stop()
        if stopped is not None and in_greenlet():
            await_(stopped)


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *args: Any, **kwargs: Any) -> OneTripConnection:
        adapted = super().connect(*args, **kwargs)
        return OneTripConnection(self, adapted._connection)


def dbapi() -> OneTripDBAPI:
    """The `module` argument of create_async_engine for sqlite+aiosqlite URLs."""
    return OneTripDBAPI(aiosqlite, sqlite3)
