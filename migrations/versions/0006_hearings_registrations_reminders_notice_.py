"""hearings, registrations, reminders; notice audience, urgency and media

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 13:16:11.896254
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hearing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registration_deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("confirmed", sa.Integer(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("minutes_files", sa.JSON(), nullable=False),
        sa.Column("disclosure_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("confirmed <= capacity", name=op.f("ck_hearing_within_capacity")),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_hearing_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["person.id"], name=op.f("fk_hearing_created_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["disclosure_id"],
            ["disclosure_entry.id"],
            name=op.f("fk_hearing_disclosure_id_disclosure_entry"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_hearing_proposal_id_proposal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearing")),
    )
    with op.batch_alter_table("hearing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hearing_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(
            "ix_hearing_upcoming", ["community_id", "state", "starts_at"], unique=False
        )

    op.create_table(
        "hearing_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("attendance", sa.String(length=32), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("seat", sa.String(length=32), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["hearing_id"], ["hearing.id"], name=op.f("fk_hearing_registration_hearing_id_hearing")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_hearing_registration_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearing_registration")),
        sa.UniqueConstraint(
            "hearing_id", "person_id", name=op.f("uq_hearing_registration_hearing_id_person_id")
        ),
    )
    with op.batch_alter_table("hearing_registration", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hearing_registration_queue", ["hearing_id", "seat", "queued_at"], unique=False
        )

    op.create_table(
        "hearing_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=False),
        sa.Column("hours_before", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["hearing_id"], ["hearing.id"], name=op.f("fk_hearing_reminder_hearing_id_hearing")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearing_reminder")),
        sa.UniqueConstraint(
            "hearing_id", "hours_before", name=op.f("uq_hearing_reminder_hearing_id_hours_before")
        ),
    )
    with op.batch_alter_table("hearing_reminder", schema=None) as batch_op:
        batch_op.create_index("ix_hearing_reminder_due", ["sent_at", "due_at"], unique=False)

    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("media", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )

    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_column("urgent")

    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.drop_column("media")
        batch_op.drop_column("urgent")

    with op.batch_alter_table("hearing_reminder", schema=None) as batch_op:
        batch_op.drop_index("ix_hearing_reminder_due")

    op.drop_table("hearing_reminder")
    with op.batch_alter_table("hearing_registration", schema=None) as batch_op:
        batch_op.drop_index("ix_hearing_registration_queue")

    op.drop_table("hearing_registration")
    with op.batch_alter_table("hearing", schema=None) as batch_op:
        batch_op.drop_index("ix_hearing_upcoming")
        batch_op.drop_index(batch_op.f("ix_hearing_proposal_id"))

    op.drop_table("hearing")
