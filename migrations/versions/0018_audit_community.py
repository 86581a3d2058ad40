"""audit: each entry names the community it was written in, for its supervisors' view

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 00:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Entries already written keep NULL: their hashes were made without the column.
    op.add_column("audit_entry", sa.Column("community_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_audit_entry_community_id"), "audit_entry", ["community_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_entry_community_id"), table_name="audit_entry")
    with op.batch_alter_table("audit_entry") as batch_op:
        batch_op.drop_column("community_id")
