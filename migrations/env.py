"""Alembic environment: runs on a connection handed over by bot.database.upgrade,
or on its own engine from DATABASE_URL when called by the alembic command."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

import models.tables  # noqa: F401  (registers every table on the metadata)
from bot.database import render_item
from models.base import metadata

target_metadata = metadata


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_item=render_item,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_standalone() -> None:
    from bot.config import Settings
    from bot.database import make_engine

    engine = make_engine(Settings().database_url)
    async with engine.begin() as connection:
        await connection.run_sync(run_on)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    asyncio.run(run_standalone())
