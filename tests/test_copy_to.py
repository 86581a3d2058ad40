"""`bot.py copy-to URL`: the move from SQLite to another database, row for row."""

import os
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.app import Database, connect
from bot.copying import tables
from models import audit
from models.people.persons import Person, RegistrationStatus
from tests.databases import PostgresServer
from tests.factories import residents
from tests.test_command_line import command, settings

SQLITE_SOURCE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def every_row(database: Database) -> dict[str, list[dict[str, Any]]]:
    rows = {}
    async with database.engine.connect() as connection:
        for table in tables():
            ordered = sa.select(table).order_by(*table.primary_key.columns)
            rows[table.name] = [dict(row) for row in (await connection.execute(ordered))
                                .mappings()]
    return rows


async def copied_as_it_was(db: Database, source_url: str, target_url: str) -> None:
    await residents(db, 30)
    copied = await command("bot.py", "copy-to", target_url, env=settings(source_url))
    assert copied.code == 0, copied.err
    assert copied.out.startswith("copied ")
    target = connect(target_url)
    try:
        assert await every_row(target) == await every_row(db)
        async with target.sessionmaker() as session:
            assert (await audit.verify(session)).ok
        # A new row gets an id of its own: the sequences moved past the copied ones.
        async with target.sessionmaker() as session, session.begin():
            newcomer = Person(telegram_id=99, display_name="N", name="新人", community_id=1,
                              status=RegistrationStatus.approved, created_at=db.clock.now())
            session.add(newcomer)
        highest = max(row["id"] for row in (await every_row(db))["person"])
        assert newcomer.id == highest + 1
        again = await command("bot.py", "copy-to", target_url, env=settings(source_url))
        assert again.code == 2
        assert again.err.startswith("copy-to URL: the target database is not empty")
        assert again.err.count("\n") == 1
    finally:
        await target.engine.dispose()


@SQLITE_SOURCE
async def test_every_row_is_copied_into_an_empty_sqlite_database(
        db: Database, database_url: str, tmp_path: Path) -> None:
    await copied_as_it_was(db, database_url, f"sqlite+aiosqlite:///{tmp_path / 'moved.db'}")


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                    reason="TEST_DATABASE_URL is not set")
@SQLITE_SOURCE
async def test_every_row_moves_from_sqlite_to_postgresql(
        db: Database, database_url: str, postgres_server: PostgresServer) -> None:
    empty = await postgres_server.create(from_template=False)
    try:
        await copied_as_it_was(db, database_url, postgres_server.url_of(empty))
    finally:
        await postgres_server.drop(empty)


@SQLITE_SOURCE
async def test_a_target_without_an_async_driver_is_refused(
        db: Database, database_url: str, tmp_path: Path) -> None:
    target = tmp_path / "moved.db"
    refused = await command("bot.py", "copy-to", f"sqlite:///{target}",
                            env=settings(database_url))
    assert refused.code == 2
    assert refused.err.startswith("copy-to URL: SQLite needs the aiosqlite driver")
    assert not target.exists()
