"""inquiries: formal inquiries to the committee, co-signatures, reminders

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08 00:41:11.222340
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("inquiry",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("community_id", sa.Integer(), nullable=False),
    sa.Column("raised_by_id", sa.Integer(), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("documents", sa.JSON(), nullable=False),
    sa.Column("state", sa.String(length=32), nullable=False),
    sa.Column("needed", sa.Integer(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("put_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("reminder_hours", sa.JSON(), nullable=False),
    sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("answer", sa.Text(), nullable=True),
    sa.Column("answer_documents", sa.JSON(), nullable=False),
    sa.Column("answered_by_id", sa.Integer(), nullable=True),
    sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("entry_id", sa.Integer(), nullable=True),
    sa.Column("satisfied", sa.Boolean(), nullable=True),
    sa.Column("rated_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("to_meeting_at", sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(["answered_by_id"], ["person.id"], name=op.f("fk_inquiry_answered_by_id_person")),
    sa.ForeignKeyConstraint(["community_id"], ["community.id"], name=op.f("fk_inquiry_community_id_community")),
    sa.ForeignKeyConstraint(["entry_id"], ["disclosure_entry.id"], name=op.f("fk_inquiry_entry_id_disclosure_entry")),
    sa.ForeignKeyConstraint(["raised_by_id"], ["person.id"], name=op.f("fk_inquiry_raised_by_id_person")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiry"))
    )
    op.create_index(op.f("ix_inquiry_community_id"), "inquiry", ["community_id"])
    op.create_index("ix_inquiry_due", "inquiry", ["state", "due_at"])
    op.create_index(op.f("ix_inquiry_raised_by_id"), "inquiry", ["raised_by_id"])

    op.create_table("inquiry_reminder",
    sa.Column("inquiry_id", sa.Integer(), nullable=False),
    sa.Column("hours_before", sa.Integer(), autoincrement=False, nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["inquiry_id"], ["inquiry.id"], name=op.f("fk_inquiry_reminder_inquiry_id_inquiry")),
    sa.PrimaryKeyConstraint("inquiry_id", "hours_before", name=op.f("pk_inquiry_reminder"))
    )
    op.create_table("inquiry_signature",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("inquiry_id", sa.Integer(), nullable=False),
    sa.Column("person_id", sa.Integer(), nullable=False),
    sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["inquiry_id"], ["inquiry.id"], name=op.f("fk_inquiry_signature_inquiry_id_inquiry")),
    sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_inquiry_signature_person_id_person")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiry_signature")),
    sa.UniqueConstraint("inquiry_id", "person_id", name=op.f("uq_inquiry_signature_inquiry_id_person_id"))
    )


def downgrade() -> None:
    op.drop_table("inquiry_signature")
    op.drop_table("inquiry_reminder")
    op.drop_index(op.f("ix_inquiry_raised_by_id"), table_name="inquiry")
    op.drop_index("ix_inquiry_due", table_name="inquiry")
    op.drop_index(op.f("ix_inquiry_community_id"), table_name="inquiry")
    op.drop_table("inquiry")
