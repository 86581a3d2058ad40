"""Async engine, sessions and migrations for SQLite (embedded) and PostgreSQL."""

from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import sqlite_driver
from models.base import StrEnumType, UTCDateTime

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, **kwargs: object) -> AsyncEngine:
    if not is_sqlite(url):
        return create_async_engine(url, pool_size=10, max_overflow=10, **kwargs)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    # SQLite has one writer at a time. One pooled connection makes transactions queue
    # in the pool, woken as soon as it is free, instead of spinning in SQLite's busy
    # handler (which sleeps in steps of up to 100 ms) on several connections.
    engine = create_async_engine(url, connect_args={"timeout": 30}, pool_size=1,
                                 max_overflow=0, pool_timeout=60,
                                 module=sqlite_driver.dbapi(), **kwargs)
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy, not the driver, decide when transactions begin (see on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
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
