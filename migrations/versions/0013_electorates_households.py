"""votes: residents and households as electorates, of an area, a building or a unit;
one ballot per household; a door number on a person

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 23:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

VERSION_ONE = sa.text("version = 1")


def upgrade() -> None:
    # Added in place: a batch copy of matter would drop a table ballots point at.
    op.add_column("matter", sa.Column("voters", sa.String(length=32), nullable=False,
                                      server_default="representatives"))
    op.add_column("matter", sa.Column("building", sa.String(), nullable=True))
    op.add_column("matter", sa.Column("unit", sa.String(), nullable=True))
    op.add_column("matter_voter", sa.Column("household", sa.String(length=160), nullable=True))
    op.add_column("ballot", sa.Column("household", sa.String(length=160), nullable=True))
    op.create_index("ux_ballot_household", "ballot", ["matter_id", "household"], unique=True,
                    sqlite_where=VERSION_ONE, postgresql_where=VERSION_ONE)
    op.add_column("person", sa.Column("door", sa.String(length=16), nullable=True))
    if op.get_bind().dialect.name != "sqlite":
        # The models have no server default: every matter written names its voters.
        op.alter_column("matter", "voters", server_default=None)


def downgrade() -> None:
    op.drop_column("person", "door")
    op.drop_index("ux_ballot_household", table_name="ballot")
    op.drop_column("ballot", "household")
    op.drop_column("matter_voter", "household")
    for column in ("unit", "building", "voters"):
        op.drop_column("matter", column)
