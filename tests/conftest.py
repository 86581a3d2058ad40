"""Fixtures: a database of the test's own (SQLite always, PostgreSQL when
TEST_DATABASE_URL is set), copied from a template migrated once per test process, the
Bot API emulator, and a running bot wired to both."""

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from bot.app import Database, connect
from bot.clock import SettableClock
from bot.playground import Harness, start_harness
from chat.render import Renderer
from tests.databases import PostgresServer, SqliteTemplate

# Examples are judged by what they prove, never by how long one took: on a machine busy
# with other workers a deadline fails tests that are right.
settings.register_profile("yishi", deadline=None)
settings.load_profile("yishi")

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(
    not POSTGRES_URL, reason="TEST_DATABASE_URL is not set"))]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    template = SqliteTemplate(tmp_path_factory.mktemp("template"))
    template.build()
    return template


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    assert POSTGRES_URL is not None
    server = PostgresServer(POSTGRES_URL)
    server.build()
    yield server
    server.drop_all()


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """This test's own database: a copy of the migrated template when the test also asks
    for `db`, otherwise empty."""
    seeded = "db" in request.fixturenames
    if request.param == "sqlite":
        path = tmp_path / "yishi.db"
        if seeded:
            request.getfixturevalue("sqlite_template").copy_to(path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = await server.create(from_template=seeded)
    yield server.url_of(name)
    await server.drop(name)


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A migrated database with the example community loaded."""
    database = connect(database_url, clock=SettableClock())
    yield database
    await database.engine.dispose()


@pytest.fixture
def renderer() -> Renderer:
    return Renderer(strict=True)


# TEST_ENGINES=aiogram (make test-quick) runs the scenarios on one engine while working.
ENGINES = os.environ.get("TEST_ENGINES", "aiogram,ptb").split(",")


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Every scenario runs on both Telegram engines."""
    return str(request.param)


@pytest.fixture
async def harness(db: Database, engine: str) -> AsyncIterator[Harness]:
    async with start_harness(db, engine=engine) as running:
        yield running


@pytest.fixture(autouse=True)
async def no_task_outlives_its_test() -> AsyncIterator[None]:
    """Every task the runtime and the emulator start has ended when they stop: one left
    over would be cancelled as the test's loop closes, in the middle of whatever it was
    doing (a database connection half closed has hung the suite before)."""
    yield
    current = asyncio.current_task()
    left = [task for task in asyncio.all_tasks() if task is not current and not task.done()]
    assert not left, f"tasks still running after the test: {left}"
