"""meetings: when the agenda of a convened meeting last changed without the
representatives being told

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("meeting", sa.Column("agenda_changed_at", sa.DateTime(timezone=True),
                                       nullable=True))


def downgrade() -> None:
    op.drop_column("meeting", "agenda_changed_at")
