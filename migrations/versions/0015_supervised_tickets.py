"""hotline: tickets about the committee, handled by the supervisors only

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place on SQLite too: a batch copy of ticket would drop a table events point at.
    op.add_column("ticket", sa.Column("supervised", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.create_index(op.f("ix_ticket_supervised"), "ticket", ["supervised"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_ticket_supervised"), table_name="ticket")
    op.drop_column("ticket", "supervised")  # SQLite 3.35+ drops a plain column in place
