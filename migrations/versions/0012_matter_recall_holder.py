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
    op.add_column("matter", sa.Column("recall_role", sa.String(length=32), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        # A batch copy of matter would drop the old table, which SQLite refuses while
        # ballots point at it; ADD COLUMN with its REFERENCES copies nothing.
        op.execute("ALTER TABLE matter ADD COLUMN recall_person_id INTEGER "
                   "CONSTRAINT fk_matter_recall_person_id_person REFERENCES person (id)")
    else:
        op.add_column("matter", sa.Column("recall_person_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_matter_recall_person_id_person"), "matter", "person",
                              ["recall_person_id"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE matter DROP COLUMN recall_person_id")
    else:
        op.drop_constraint(op.f("fk_matter_recall_person_id_person"), "matter",
                           type_="foreignkey")
        op.drop_column("matter", "recall_person_id")
    op.drop_column("matter", "recall_role")
