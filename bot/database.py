"""Async engine, sessions and migrations for SQLite (embedded) and PostgreSQL."""

from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import sqlite_driver
from models.base import StrEnumType, UTCDateTime

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# PostgreSQL's SQLSTATEs of a server that is away rather than of a statement that is
# wrong: connection exceptions, insufficient resources (too many connections), operator
# intervention (shutdown, cannot connect now), a database not accepting connections.
AWAY_STATES = ("08", "53", "57", "55000")
# SQLite's primary result codes of a file that cannot be had for now: BUSY, LOCKED,
# IOERR, FULL, CANTOPEN, PROTOCOL. Others (no such table, a constraint) are our own.
SQLITE_AWAY = {5, 6, 10, 13, 14, 15}


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def unavailable(error: BaseException) -> bool:
    """Whether `error` says the database is away for a while (locked, unreachable,
    refusing or dropping connections), not that what was asked of it is wrong."""
    if isinstance(error, OSError | PoolTimeout):  # refused connection; pool exhausted
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated or isinstance(error, InterfaceError):
        return True
    if isinstance(error, OperationalError):
        code = getattr(error.orig, "sqlite_errorcode", None)
        return code is None or code & 0xFF in SQLITE_AWAY
    return str(getattr(error.orig, "sqlstate", None) or "").startswith(AWAY_STATES)


def make_engine(url: str, *, busy_timeout: float = 30.0, **kwargs: object) -> AsyncEngine:
    """busy_timeout: on SQLite, how long a transaction waits for another writer's lock
    before it fails (and is tried again by whoever asked for it)."""
    if not is_sqlite(url):
        return create_async_engine(url, pool_size=10, max_overflow=10, **kwargs)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    # SQLite has one writer at a time. One pooled connection makes transactions queue
    # in the pool, woken as soon as it is free, instead of spinning in SQLite's busy
    # handler (which sleeps in steps of up to 100 ms) on several connections.
    engine = create_async_engine(url, connect_args={"timeout": busy_timeout}, pool_size=1,
                                 max_overflow=0, pool_timeout=60,
                                 module=sqlite_driver.dbapi(), **kwargs)
    _configure_sqlite(engine, busy_timeout)
    return engine


def _configure_sqlite(engine: AsyncEngine, busy_timeout: float) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy, not the driver, decide when transactions begin (see on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={round(busy_timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Connection) -> None:
        # A deferred transaction that reads and then writes fails at once with SQLITE_BUSY
        # when another writer committed meanwhile; taking the write lock up front makes
        # concurrent updates queue on busy_timeout instead. The driver sends it with
        # the transaction's first statement.
        connection.connection.dbapi_connection.begin_immediate()  # type: ignore[union-attr]


def render_item(kind: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Migrations name plain SQL types, so they never depend on today's Python classes."""
    if kind == "type" and isinstance(obj, StrEnumType):
        return "sa.String(length=32)"
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def alembic_config() -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply migrations on an open connection of the running loop."""

    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)
