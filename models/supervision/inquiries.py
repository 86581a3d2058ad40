"""Tables of formal inquiries (质询): a representative's question to the committee, the
co-signatures it gathers, the committee's answer and the inquirer's rating of it, and
the reminders sent before the answer is due."""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import enum_column, timestamp

TEXT_MAX = 1500  # the question and the answer: both fit one disclosure entry
DOCUMENTS_MAX = 5


class InquiryState(StrEnum):
    collecting = "collecting"  # gathering its co-signers
    awaiting = "awaiting"  # put to the committee, its answer due by due_at
    answered = "answered"  # answered and published on the board


class Inquiry(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_inquiry_due", "state", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    raised_by_id: int = Field(foreign_key="person.id", index=True)
    text: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    documents: list[dict[str, Any]] = Field(default_factory=list,  # Media.as_dict() of each
                                            sa_column=sa.Column(sa.JSON(), nullable=False))
    state: InquiryState = enum_column(InquiryState, InquiryState.collecting)
    # Co-signers needed, frozen when raised: none for a supervisor.
    needed: int = 0
    created_at: datetime = timestamp()
    put_at: datetime | None = timestamp(nullable=True)
    due_at: datetime | None = timestamp(nullable=True)
    # Frozen from the community file when put, like the due moment.
    reminder_hours: list[int] = Field(default_factory=list,
                                      sa_column=sa.Column(sa.JSON(), nullable=False))
    escalated_at: datetime | None = timestamp(nullable=True)  # overdue: supervisors told
    answer: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    answer_documents: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=sa.Column(sa.JSON(), nullable=False))
    answered_by_id: int | None = Field(default=None, foreign_key="person.id")
    answered_at: datetime | None = timestamp(nullable=True)
    entry_id: int | None = Field(default=None, foreign_key="disclosure_entry.id")
    satisfied: bool | None = None  # the inquirer's rating of the answer
    rated_at: datetime | None = timestamp(nullable=True)
    # The inquirer put an unsatisfactory answer to the representatives' meeting.
    to_meeting_at: datetime | None = timestamp(nullable=True)

    @property
    def number(self) -> str:
        return f"IQ{self.id:04d}"

    @property
    def late(self) -> bool:
        """Answered after its due moment."""
        return (self.answered_at is not None and self.due_at is not None
                and self.answered_at > self.due_at)


class InquirySignature(SQLModel, table=True):
    # One signature per representative: signing twice is impossible, not just refused.
    __tablename__ = "inquiry_signature"
    __table_args__ = (sa.UniqueConstraint("inquiry_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    inquiry_id: int = Field(foreign_key="inquiry.id")
    person_id: int = Field(foreign_key="person.id")
    signed_at: datetime = timestamp()


class InquiryReminder(SQLModel, table=True):
    """A reminder sent: its key stops a second worker or a restart sending it again."""

    __tablename__ = "inquiry_reminder"

    inquiry_id: int = Field(foreign_key="inquiry.id", primary_key=True)
    hours_before: int = Field(sa_column=sa.Column(sa.Integer(), primary_key=True,
                                                  autoincrement=False))
    sent_at: datetime = timestamp()
