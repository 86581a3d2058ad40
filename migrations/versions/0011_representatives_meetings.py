"""representatives' meetings: agenda, attendance, petitions, reminders; a matter's meeting

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 22:11:33.732426
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("meeting_petition",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("community_id", sa.Integer(), nullable=False),
    sa.Column("started_by_id", sa.Integer(), nullable=False),
    sa.Column("reason", sa.Text(), nullable=False),
    sa.Column("state", sa.String(length=32), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reached_at", sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(["community_id"], ["community.id"], name=op.f("fk_meeting_petition_community_id_community")),
    sa.ForeignKeyConstraint(["started_by_id"], ["person.id"], name=op.f("fk_meeting_petition_started_by_id_person")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_petition"))
    )
    with op.batch_alter_table("meeting_petition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_petition_community_id"), ["community_id"], unique=False)

    op.create_table("meeting_petition_signature",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("petition_id", sa.Integer(), nullable=False),
    sa.Column("person_id", sa.Integer(), nullable=False),
    sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_meeting_petition_signature_person_id_person")),
    sa.ForeignKeyConstraint(["petition_id"], ["meeting_petition.id"], name=op.f("fk_meeting_petition_signature_petition_id_meeting_petition")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_petition_signature")),
    sa.UniqueConstraint("petition_id", "person_id", name=op.f("uq_meeting_petition_signature_petition_id_person_id"))
    )
    op.create_table("meeting",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("community_id", sa.Integer(), nullable=False),
    sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column("place", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("duration_minutes", sa.Integer(), nullable=False),
    sa.Column("state", sa.String(length=32), nullable=False),
    sa.Column("chair_id", sa.Integer(), nullable=False),
    sa.Column("recorder_id", sa.Integer(), nullable=True),
    sa.Column("quorum", sa.Float(), nullable=False),
    sa.Column("reminder_hours", sa.JSON(), nullable=False),
    sa.Column("observer_ids", sa.JSON(), nullable=False),
    sa.Column("documents", sa.JSON(), nullable=False),
    sa.Column("petition_id", sa.Integer(), nullable=True),
    sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("checkin_closed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("minutes", sa.Text(), nullable=True),
    sa.Column("minutes_by_id", sa.Integer(), nullable=True),
    sa.Column("minutes_recorded_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("minutes_approved_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("minutes_entry_id", sa.Integer(), nullable=True),
    sa.Column("created_by_id", sa.Integer(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["chair_id"], ["person.id"], name=op.f("fk_meeting_chair_id_person")),
    sa.ForeignKeyConstraint(["community_id"], ["community.id"], name=op.f("fk_meeting_community_id_community")),
    sa.ForeignKeyConstraint(["created_by_id"], ["person.id"], name=op.f("fk_meeting_created_by_id_person")),
    sa.ForeignKeyConstraint(["minutes_by_id"], ["person.id"], name=op.f("fk_meeting_minutes_by_id_person")),
    sa.ForeignKeyConstraint(["minutes_entry_id"], ["disclosure_entry.id"], name=op.f("fk_meeting_minutes_entry_id_disclosure_entry")),
    sa.ForeignKeyConstraint(["petition_id"], ["meeting_petition.id"], name=op.f("fk_meeting_petition_id_meeting_petition")),
    sa.ForeignKeyConstraint(["recorder_id"], ["person.id"], name=op.f("fk_meeting_recorder_id_person")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting"))
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_community_id"), ["community_id"], unique=False)
        batch_op.create_index("ix_meeting_due", ["state", "starts_at"], unique=False)

    op.create_table("meeting_attendance",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("meeting_id", sa.Integer(), nullable=False),
    sa.Column("person_id", sa.Integer(), nullable=False),
    sa.Column("status", sa.String(length=32), nullable=False),
    sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column("entered_by_id", sa.Integer(), nullable=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["entered_by_id"], ["person.id"], name=op.f("fk_meeting_attendance_entered_by_id_person")),
    sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_attendance_meeting_id_meeting")),
    sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_meeting_attendance_person_id_person")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendance")),
    sa.UniqueConstraint("meeting_id", "person_id", name=op.f("uq_meeting_attendance_meeting_id_person_id"))
    )
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_attendance_person_id"), ["person_id"], unique=False)

    op.create_table("meeting_item",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("meeting_id", sa.Integer(), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column("body", sa.Text(), nullable=False),
    sa.Column("proposal_id", sa.Integer(), nullable=True),
    sa.Column("matter_id", sa.Integer(), nullable=True),
    sa.Column("state", sa.String(length=32), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["matter_id"], ["matter.id"], name=op.f("fk_meeting_item_matter_id_matter")),
    sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_item_meeting_id_meeting")),
    sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_meeting_item_proposal_id_proposal")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_item"))
    )
    with op.batch_alter_table("meeting_item", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_item_agenda", ["meeting_id", "position"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_item_matter_id"), ["matter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_item_proposal_id"), ["proposal_id"], unique=False)

    op.create_table("meeting_reminder",
    sa.Column("meeting_id", sa.Integer(), nullable=False),
    sa.Column("hours_before", sa.Integer(), autoincrement=False, nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_reminder_meeting_id_meeting")),
    sa.PrimaryKeyConstraint("meeting_id", "hours_before", name=op.f("pk_meeting_reminder"))
    )
    if op.get_bind().dialect.name == "sqlite":
        # A batch copy of matter would drop the old table, which SQLite refuses while
        # ballots point at it; ADD COLUMN with its REFERENCES copies nothing.
        op.execute("ALTER TABLE matter ADD COLUMN meeting_id INTEGER "
                   "CONSTRAINT fk_matter_meeting_id_meeting REFERENCES meeting (id)")
    else:
        op.add_column("matter", sa.Column("meeting_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_matter_meeting_id_meeting"), "matter", "meeting",
                              ["meeting_id"], ["id"])
    op.create_index(op.f("ix_matter_meeting_id"), "matter", ["meeting_id"], unique=False)



def downgrade() -> None:
    op.drop_index(op.f("ix_matter_meeting_id"), table_name="matter")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE matter DROP COLUMN meeting_id")
    else:
        op.drop_constraint(op.f("fk_matter_meeting_id_meeting"), "matter", type_="foreignkey")
        op.drop_column("matter", "meeting_id")
    for table in ("meeting_reminder", "meeting_item", "meeting_attendance", "meeting",
                  "meeting_petition_signature", "meeting_petition"):
        op.drop_table(table)
