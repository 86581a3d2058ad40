"""`bot.py copy-to URL`: every row of the configured database into an empty one at URL,
the move from SQLite to PostgreSQL. Rows are read and written through the models' own
column types, so times, enums and JSON arrive as the bot wrote them; tables go in the
order of their foreign keys, in one transaction on the target; PostgreSQL's sequences
are then set past the copied ids, so the next row gets a new one."""

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

import models.tables  # noqa: F401 - every table in the metadata
from bot import backups, running_lock
from bot.app import Database, open_database
from bot.start_errors import StartRefused, database_url_problem

BATCH = 1000


async def copy_to(source_url: str, target_url: str) -> int:
    if (problem := database_url_problem(target_url)) is not None:
        raise StartRefused(f"copy-to URL: {problem}")
    if make_url(target_url) == make_url(source_url):
        raise StartRefused("copy-to URL: that is DATABASE_URL itself; name another database")
    source_file = backups.sqlite_file(source_url)
    if source_file is not None and running_lock.in_use(source_file):
        raise StartRefused(f"{source_file} is in use by a running bot: stop it first, or "
                           f"what it writes during the copy would be left behind")
    source = await open_database(source_url)
    try:
        target = await open_database(target_url)
        try:
            rows = await _copy(source, target)
        finally:
            await target.engine.dispose()
    finally:
        await source.engine.dispose()
    shown = make_url(target_url).render_as_string(hide_password=True)
    print(f"copied {rows} rows of {len(tables())} tables into {shown}")
    return 0


def tables() -> list[sa.Table]:
    """Parents before children: a row's foreign keys point at rows already copied."""
    return SQLModel.metadata.sorted_tables


async def _copy(source: Database, target: Database) -> int:
    copied = 0
    async with source.engine.connect() as reading, target.engine.begin() as writing:
        await _refuse_rows(writing)
        for table in tables():
            result = await reading.stream(sa.select(table))
            async for batch in result.mappings().partitions(BATCH):
                await writing.execute(table.insert(), [dict(row) for row in batch])
                copied += len(batch)
        if writing.dialect.name == "postgresql":
            await _reset_sequences(writing)
    return copied


async def _refuse_rows(writing: AsyncConnection) -> None:
    for table in tables():
        if await writing.scalar(sa.select(sa.func.count()).select_from(table)):
            raise StartRefused(f"copy-to URL: the target database is not empty (table "
                               f"{table.name} has rows); copy-to only fills an empty, "
                               f"new database")


async def _reset_sequences(writing: AsyncConnection) -> None:
    for table in tables():
        for column in table.primary_key.columns:
            if column.autoincrement is not True and not (
                    column.autoincrement == "auto" and isinstance(column.type, sa.Integer)
                    and len(table.primary_key.columns) == 1):
                continue
            # pg_get_serial_sequence is NULL for a column without a sequence: setval is
            # then not called (it is strict).
            await writing.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{column.name}'), "
                f"COALESCE(MAX(\"{column.name}\"), 1), MAX(\"{column.name}\") IS NOT NULL) "
                f"FROM \"{table.name}\""))
