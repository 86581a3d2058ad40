"""Test databases: migrated once per test process into a template, copied for each test.

Migrating from nothing costs a second or more (Alembic compiles every script, SQLAlchemy
reflects the tables); copying a file or a PostgreSQL template costs milliseconds. Every
PostgreSQL database made here is named after the process that made it, so any number of
runs and workers on one server never touch each other's data, and a run that was killed
leaves nothing that the next run does not drop."""

import asyncio
import itertools
import os
import re
import shutil
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from bot.app import open_database
from bot.clock import SettableClock

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "community.example.yaml"
PREFIX = "yishi_test_"
OURS = f"{PREFIX}{os.getpid()}_"
OWNER = re.compile(rf"^{PREFIX}(\d+)_")


def run_apart(work: Callable[[], Awaitable[None]]) -> None:
    """Session-wide work asked for from inside a test's running loop: on a loop of its
    own, in a thread of its own, so that nothing it opens belongs to the test's loop."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, work()).result()  # type: ignore[arg-type]


async def migrate_and_seed(url: str) -> None:
    """The schema at its latest revision, with the example community loaded."""
    database = await open_database(url, community_file=EXAMPLE, clock=SettableClock())
    await database.engine.dispose()


class SqliteTemplate:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "template.db"

    def build(self) -> None:
        run_apart(lambda: migrate_and_seed(f"sqlite+aiosqlite:///{self.path}"))

    def copy_to(self, path: Path) -> None:
        # Closing the last connection checkpoints the WAL; a leftover is copied with it.
        for suffix in ("", "-wal"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                shutil.copyfile(source, f"{path}{suffix}")


class PostgresServer:
    """Databases of this process on the server that TEST_DATABASE_URL names."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.template = f"{OURS}template"
        self._numbers = itertools.count(1)

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    async def _admin(self) -> asyncpg.Connection:
        dsn = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return await asyncpg.connect(dsn)

    def build(self) -> None:
        run_apart(self._build)

    async def _build(self) -> None:
        admin = await self._admin()
        try:
            await _drop_orphans(admin)
            await _drop(admin, self.template)
            await admin.execute(f'CREATE DATABASE "{self.template}"')
        finally:
            await admin.close()
        await migrate_and_seed(self.url_of(self.template))

    async def create(self, *, from_template: bool) -> str:
        """A new database of this process: empty, or a copy of the template."""
        name = f"{OURS}{next(self._numbers)}"
        admin = await self._admin()
        try:
            template = f' TEMPLATE "{self.template}"' if from_template else ""
            await admin.execute(f'CREATE DATABASE "{name}"{template}')
        finally:
            await admin.close()
        return name

    async def drop(self, name: str) -> None:
        admin = await self._admin()
        try:
            await _drop(admin, name)
        finally:
            await admin.close()

    def drop_all(self) -> None:
        run_apart(self._drop_all)

    async def _drop_all(self) -> None:
        admin = await self._admin()
        try:
            for name in await _databases(admin):
                if name.startswith(OURS):
                    await _drop(admin, name)
        finally:
            await admin.close()


async def _databases(admin: asyncpg.Connection) -> list[str]:
    rows = await admin.fetch("SELECT datname FROM pg_database WHERE datname LIKE $1",
                             f"{PREFIX}%")
    return [row["datname"] for row in rows]


async def _drop(admin: asyncpg.Connection, name: str) -> None:
    # FORCE: a connection a test left open must not keep its database alive.
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _drop_orphans(admin: asyncpg.Connection) -> None:
    """Databases of test processes that are gone (killed before they cleaned up)."""
    for name in await _databases(admin):
        owner = OWNER.match(name)
        if owner and not _alive(int(owner.group(1))):
            await _drop(admin, name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
