"""proposals: major matters, decided only by a vote; disclosures owed on time

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 22:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("major", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("disclosure_due_at", sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column("disclosure_reminded", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("implementation_due_at", sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index(batch_op.f("ix_proposal_disclosure_due_at"),
                              ["disclosure_due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_disclosure_due_at"))
        batch_op.drop_column("implementation_due_at")
        batch_op.drop_column("disclosure_reminded")
        batch_op.drop_column("disclosure_due_at")
        batch_op.drop_column("major")
