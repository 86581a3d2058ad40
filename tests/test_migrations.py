"""The migrations build exactly the schema the models describe, on both databases, from
nothing, and can be undone and done again."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from bot.database import alembic_config, make_engine, render_item, upgrade
from models.base import metadata


def differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"render_item": render_item})
    return list(compare_metadata(context, metadata))


def downgrade_to_base(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, "base")


def table_names(connection: Connection) -> set[str]:
    return set(connection.dialect.get_table_names(connection)) - {"alembic_version"}


async def test_every_migration_from_nothing_down_and_up_again(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
        async with engine.begin() as connection:
            await connection.run_sync(downgrade_to_base)
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) == set()
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        await engine.dispose()
