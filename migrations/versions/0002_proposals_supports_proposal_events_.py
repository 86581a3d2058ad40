"""proposals, supports, proposal events, disclosure entries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:32:51.930273
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("by_representative", sa.Boolean(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("needed", sa.Integer(), nullable=False),
        sa.Column("support_deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("implementation", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name=op.f("fk_proposal_author_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"], ["community.id"], name=op.f("fk_proposal_community_id_community")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["proposal.id"], name=op.f("fk_proposal_merged_into_id_proposal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
    )
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_proposal_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index("ix_proposal_due", ["stage", "support_deadline"], unique=False)

    op.create_table(
        "disclosure_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name=op.f("fk_disclosure_entry_author_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["community.id"],
            name=op.f("fk_disclosure_entry_community_id_community"),
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["disclosure_entry.id"],
            name=op.f("fk_disclosure_entry_corrects_id_disclosure_entry"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_disclosure_entry_proposal_id_proposal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_entry")),
    )
    with op.batch_alter_table("disclosure_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_disclosure_entry_community_id"), ["community_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_disclosure_entry_proposal_id"), ["proposal_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_disclosure_entry_published_at"), ["published_at"], unique=False
        )

    op.create_table(
        "proposal_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["person.id"], name=op.f("fk_proposal_event_actor_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_proposal_event_proposal_id_proposal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_event")),
    )
    with op.batch_alter_table("proposal_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_event_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "support",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("as_representative", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_support_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_support_proposal_id_proposal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support")),
        sa.UniqueConstraint(
            "proposal_id", "person_id", name=op.f("uq_support_proposal_id_person_id")
        ),
    )
    with op.batch_alter_table("support", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_proposal_id"), ["proposal_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("support", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_proposal_id"))

    op.drop_table("support")
    with op.batch_alter_table("proposal_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_event_proposal_id"))

    op.drop_table("proposal_event")
    with op.batch_alter_table("disclosure_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_entry_published_at"))
        batch_op.drop_index(batch_op.f("ix_disclosure_entry_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_disclosure_entry_community_id"))

    op.drop_table("disclosure_entry")
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_index("ix_proposal_due")
        batch_op.drop_index(batch_op.f("ix_proposal_community_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_author_id"))

    op.drop_table("proposal")
