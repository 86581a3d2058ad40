"""polls: a poll's comments, one per voter, published without names

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 23:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A poll is a matter of kind "poll": the kind column is a string, so no change there.
    op.create_table(
        "matter_comment",
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("voter_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["matter_id"], ["matter.id"],
                                name=op.f("fk_matter_comment_matter_id_matter")),
        sa.ForeignKeyConstraint(["voter_id"], ["person.id"],
                                name=op.f("fk_matter_comment_voter_id_person")),
        sa.PrimaryKeyConstraint("matter_id", "voter_id", name=op.f("pk_matter_comment")),
    )


def downgrade() -> None:
    op.drop_table("matter_comment")
