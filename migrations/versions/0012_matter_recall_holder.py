"""votes: a recall names the office holder and the office

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 22:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("matter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recall_person_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("recall_role", sa.String(length=32), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_matter_recall_person_id_person"), "person",
                                    ["recall_person_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("matter", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_matter_recall_person_id_person"),
                                 type_="foreignkey")
        batch_op.drop_column("recall_role")
        batch_op.drop_column("recall_person_id")
