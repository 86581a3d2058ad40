"""The migrations build exactly the schema the models describe, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.app import Database
from bot.database import render_item
from models.base import metadata


async def test_migrations_match_the_models(db: Database) -> None:
    def differences(connection):  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(connection, opts={"render_item": render_item})
        return compare_metadata(context, metadata)

    async with db.engine.connect() as connection:
        assert await connection.run_sync(differences) == []
