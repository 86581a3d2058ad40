"""evaluation: committee members' annual work reports and their ratings (述职评议)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 01:10:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "evaluation_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("residents", sa.Boolean(), nullable=False),
        sa.Column("flag_below", sa.Float(), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disclosure_id", sa.Integer(), nullable=True),
        sa.Column("results", sa.JSON(), nullable=False),
        _fk("evaluation_round", "community_id", "community"),
        _fk("evaluation_round", "disclosure_id", "disclosure_entry"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_round")),
        sa.UniqueConstraint("community_id", "year",
                            name=op.f("uq_evaluation_round_community_id_year")),
    )
    for column in ("community_id", "closes_at", "closed_at"):
        op.create_index(op.f(f"ix_evaluation_round_{column}"), "evaluation_round", [column])
    op.create_table(
        "evaluation_report",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("disclosure_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("evaluation_report", "round_id", "evaluation_round"),
        _fk("evaluation_report", "member_id", "person"),
        _fk("evaluation_report", "disclosure_id", "disclosure_entry"),
        sa.PrimaryKeyConstraint("round_id", "member_id", name=op.f("pk_evaluation_report")),
    )
    op.create_table(
        "evaluation_rater",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("voter_id", sa.Integer(), nullable=False),
        _fk("evaluation_rater", "round_id", "evaluation_round"),
        _fk("evaluation_rater", "member_id", "person"),
        _fk("evaluation_rater", "voter_id", "person"),
        sa.PrimaryKeyConstraint("round_id", "member_id", "voter_id",
                                name=op.f("pk_evaluation_rater")),
    )
    op.create_table(
        "evaluation_grade",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=32), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        _fk("evaluation_grade", "round_id", "evaluation_round"),
        _fk("evaluation_grade", "member_id", "person"),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_evaluation_grade")),
    )
    op.create_index(op.f("ix_evaluation_grade_round_id"), "evaluation_grade", ["round_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_evaluation_grade_round_id"), table_name="evaluation_grade")
    op.drop_table("evaluation_grade")
    op.drop_table("evaluation_rater")
    op.drop_table("evaluation_report")
    for column in ("community_id", "closes_at", "closed_at"):
        op.drop_index(op.f(f"ix_evaluation_round_{column}"), table_name="evaluation_round")
    op.drop_table("evaluation_round")
