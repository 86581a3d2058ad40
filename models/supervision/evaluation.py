"""The tables of the annual evaluation of committee members (述职评议): the year's
round, each member's work report, and the ratings.

A rating is kept in two rows that share nothing but the round and the member rated:
who has rated (to allow one rating per voter) and what was given (to count it). The
grade's key is random and neither row has a time, so nothing joins a voter to a
grade or a comment, in the database or on the board."""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import enum_column, timestamp


class Grade(StrEnum):
    satisfied = "satisfied"  # 满意
    basically = "basically"  # 基本满意
    dissatisfied = "dissatisfied"  # 不满意


# What the satisfaction share counts as satisfied.
CONTENT = frozenset({Grade.satisfied, Grade.basically})


class EvaluationRound(SQLModel, table=True):
    """One year's period, fixed when it begins: a change of the file later in the
    period does not move it."""

    __tablename__ = "evaluation_round"
    __table_args__ = (sa.UniqueConstraint("community_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    year: int
    opens_at: datetime = timestamp()
    closes_at: datetime = timestamp(index=True)
    residents: bool = False
    flag_below: float
    # When committee members were told the period opened: once, whoever began the round.
    told_at: datetime | None = timestamp(nullable=True)
    # Set once, by the sweep that publishes the results.
    closed_at: datetime | None = timestamp(nullable=True, index=True)
    disclosure_id: int | None = Field(default=None, foreign_key="disclosure_entry.id")
    # Per member: counts per grade, share and flag, as published.
    results: list[dict[str, Any]] = Field(default_factory=list,
                                          sa_column=sa.Column(sa.JSON(), nullable=False))

    @property
    def flag_percent(self) -> float | int:
        value = round(self.flag_below * 100, 1)
        return int(value) if value.is_integer() else value  # 0.6: 60, shown "60%"


class EvaluationReport(SQLModel, table=True):
    """A committee member's work report (述职报告), one per round, on the board."""

    __tablename__ = "evaluation_report"

    round_id: int = Field(foreign_key="evaluation_round.id", primary_key=True)
    member_id: int = Field(foreign_key="person.id", primary_key=True)
    text: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    disclosure_id: int = Field(foreign_key="disclosure_entry.id")
    created_at: datetime = timestamp()

    @property
    def number(self) -> str:
        """Its board entry's number (DisclosureEntry.number)."""
        return f"D{self.disclosure_id:04d}"


class EvaluationRater(SQLModel, table=True):
    """That a voter has rated a member this round; not how."""

    __tablename__ = "evaluation_rater"

    round_id: int = Field(foreign_key="evaluation_round.id", primary_key=True)
    member_id: int = Field(foreign_key="person.id", primary_key=True)
    voter_id: int = Field(foreign_key="person.id", primary_key=True)


class EvaluationGrade(SQLModel, table=True):
    """A grade given and its comment, without the voter."""

    __tablename__ = "evaluation_grade"

    key: str = Field(primary_key=True, max_length=32)  # random: no order of arrival
    round_id: int = Field(foreign_key="evaluation_round.id", index=True)
    member_id: int = Field(foreign_key="person.id")
    grade: Grade = enum_column(Grade)
    comment: str | None = Field(default=None, sa_column=sa.Column(sa.Text(), nullable=True))
