"""tickets, ticket events, hotline reports

Revision ID: 0005
Revises: 0008
Create Date: 2026-11-23 13:20:20.600139
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hotline_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_hotline_report_community_id_community"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_report")),
        sa.UniqueConstraint(
            "community_id", "month", name=op.f("uq_hotline_report_community_id_month")
        ),
    )
    op.create_table(
        "ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=4), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("department", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("handler_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("area", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("building", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("rating", sa.String(length=32), nullable=True),
        sa.Column("rating_comment", sa.Text(), nullable=True),
        sa.Column("reopened", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accept_warn_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accept_due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolve_warn_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolve_due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accept_warned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accept_escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolve_warned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolve_escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_ticket_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"], ["ticket.id"], name=op.f("fk_ticket_duplicate_of_id_ticket")
        ),
        sa.ForeignKeyConstraint(
            ["handler_id"], ["person.id"], name=op.f("fk_ticket_handler_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["ticket.id"], name=op.f("fk_ticket_merged_into_id_ticket")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["person.id"], name=op.f("fk_ticket_reporter_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket")),
        sa.UniqueConstraint(
            "community_id",
            "period",
            "sequence",
            name=op.f("uq_ticket_community_id_period_sequence"),
        ),
    )
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_accept_due", ["state", "accept_due"], unique=False)
        batch_op.create_index(batch_op.f("ix_ticket_community_id"), ["community_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ticket_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_ticket_handler_id"), ["handler_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ticket_merged_into_id"), ["merged_into_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ticket_reporter_id"), ["reporter_id"], unique=False)
        batch_op.create_index("ix_ticket_resolve_due", ["state", "resolve_due"], unique=False)

    op.create_table(
        "ticket_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["person.id"], name=op.f("fk_ticket_event_actor_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_ticket_event_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_event")),
    )
    with op.batch_alter_table("ticket_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ticket_event_ticket_id"), ["ticket_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ticket_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_event_ticket_id"))

    op.drop_table("ticket_event")
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_resolve_due")
        batch_op.drop_index(batch_op.f("ix_ticket_reporter_id"))
        batch_op.drop_index(batch_op.f("ix_ticket_merged_into_id"))
        batch_op.drop_index(batch_op.f("ix_ticket_handler_id"))
        batch_op.drop_index(batch_op.f("ix_ticket_created_at"))
        batch_op.drop_index(batch_op.f("ix_ticket_community_id"))
        batch_op.drop_index("ix_ticket_accept_due")

    op.drop_table("ticket")
    op.drop_table("hotline_report")
