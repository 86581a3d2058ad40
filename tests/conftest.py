"""Fixtures: a migrated database (SQLite always, PostgreSQL when TEST_DATABASE_URL is
set), the Bot API emulator, and a running bot wired to both."""

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.app import Database, open_database
from bot.clock import SettableClock
from bot.playground import Harness, start_harness
from chat.render import Renderer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "community.example.yaml"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(
    not POSTGRES_URL, reason="TEST_DATABASE_URL is not set"))]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'yishi.db'}"
    assert POSTGRES_URL is not None
    return POSTGRES_URL


async def _wipe_postgres(url: str) -> None:
    from bot.database import make_engine

    engine = make_engine(url)
    async with engine.begin() as connection:
        await connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        await connection.execute(sa.text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A fresh, migrated database with the example community loaded."""
    if database_url.startswith("postgresql"):
        await _wipe_postgres(database_url)
    database = await open_database(database_url, community_file=EXAMPLE,
                                   clock=SettableClock())
    yield database
    await database.engine.dispose()


@pytest.fixture
def renderer() -> Renderer:
    return Renderer(strict=True)


ENGINES = ["aiogram", "ptb"]


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Every scenario runs on both Telegram engines."""
    return str(request.param)


@pytest.fixture
async def harness(db: Database, engine: str) -> AsyncIterator[Harness]:
    async with start_harness(db, engine=engine) as running:
        yield running
