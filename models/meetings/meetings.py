"""Tables of the representatives' meeting (居民代表会议): the meeting and its agenda,
attendance, the petitions that may convene one, and the reminders sent."""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.base import enum_column, timestamp

TITLE_MAX = 100
PLACE_MAX = 100
BODY_MAX = 3000
REASON_MAX = 200  # of apologies
PETITION_MAX = 500
MINUTES_MAX = 3000
DOCUMENTS_MAX = 5
OBSERVERS_MAX = 20


def petition_number(petition_id: int) -> str:
    return f"MP{petition_id:04d}"


class MeetingState(StrEnum):
    draft = "draft"  # convened, its agenda being prepared; no notice sent yet
    convened = "convened"  # notices sent; check-in opens shortly before the start
    in_session = "in_session"  # check-in closed by the chair: items are voted on
    closed = "closed"


class ItemState(StrEnum):
    pending = "pending"
    voting = "voting"  # its matter is open
    closed = "closed"  # its matter closed: the result stands


class Presence(StrEnum):
    present = "present"
    apologies = "apologies"  # 请假, with a reason


class PetitionState(StrEnum):
    collecting = "collecting"
    reached = "reached"  # enough signatures: its petitioners may convene the meeting
    convened = "convened"  # used for a meeting; closed to signatures


class Meeting(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_meeting_due", "state", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    title: str
    place: str
    starts_at: datetime = timestamp()
    duration_minutes: int
    state: MeetingState = enum_column(MeetingState, MeetingState.draft)
    chair_id: int = Field(foreign_key="person.id")
    recorder_id: int | None = Field(default=None, foreign_key="person.id")
    # Frozen from the community file when convened, so a meeting under way keeps its rules.
    quorum: float = 0.5
    reminder_hours: list[int] = Field(default_factory=list,
                                      sa_column=sa.Column(sa.JSON(), nullable=False))
    observer_ids: list[int] = Field(default_factory=list,  # 列席: invited, no vote
                                    sa_column=sa.Column(sa.JSON(), nullable=False))
    documents: list[dict[str, Any]] = Field(default_factory=list,  # Media.as_dict() of each
                                            sa_column=sa.Column(sa.JSON(), nullable=False))
    petition_id: int | None = Field(default=None, foreign_key="meeting_petition.id")
    notified_at: datetime | None = timestamp(nullable=True)
    # The agenda changed after the notice and the representatives are not told yet.
    agenda_changed_at: datetime | None = timestamp(nullable=True)
    checkin_closed_at: datetime | None = timestamp(nullable=True)
    closed_at: datetime | None = timestamp(nullable=True)
    minutes: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    minutes_by_id: int | None = Field(default=None, foreign_key="person.id")
    minutes_recorded_at: datetime | None = timestamp(nullable=True)
    minutes_approved_at: datetime | None = timestamp(nullable=True)
    minutes_entry_id: int | None = Field(default=None, foreign_key="disclosure_entry.id")
    created_by_id: int = Field(foreign_key="person.id")
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp()

    @property
    def number(self) -> str:
        return f"RM{self.id:04d}"

    @property
    def petition_number(self) -> str | None:
        """The petition of representatives it was convened on, if any."""
        return petition_number(self.petition_id) if self.petition_id else None


class MeetingItem(SQLModel, table=True):
    """One point of the agenda: an accepted proposal or a matter drafted for the meeting.
    Its vote, once the chair opens it, is a matter whose electorate is those present."""

    __tablename__ = "meeting_item"
    __table_args__ = (sa.Index("ix_meeting_item_agenda", "meeting_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    position: int  # 1, 2, ... in the order of the agenda
    title: str
    body: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id", index=True)
    matter_id: int | None = Field(default=None, foreign_key="matter.id", index=True)
    state: ItemState = enum_column(ItemState, ItemState.pending)
    created_at: datetime = timestamp()


class MeetingAttendance(SQLModel, table=True):
    # One row per representative and meeting: a second check-in finds it.
    __tablename__ = "meeting_attendance"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    person_id: int = Field(foreign_key="person.id", index=True)
    status: Presence = enum_column(Presence)
    reason: str | None = None  # of the apologies
    # The chair, who marked present in person someone without a phone; None: themselves.
    entered_by_id: int | None = Field(default=None, foreign_key="person.id")
    at: datetime = timestamp()


class MeetingPetition(SQLModel, table=True):
    """Representatives asking for a meeting (联名提议召开), signed like a co-signature."""

    __tablename__ = "meeting_petition"

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    started_by_id: int = Field(foreign_key="person.id")
    reason: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    state: PetitionState = enum_column(PetitionState, PetitionState.collecting)
    created_at: datetime = timestamp()
    reached_at: datetime | None = timestamp(nullable=True)

    @property
    def number(self) -> str:
        return petition_number(self.id or 0)


class MeetingPetitionSignature(SQLModel, table=True):
    # One signature per representative: signing twice is impossible, not just refused.
    __tablename__ = "meeting_petition_signature"
    __table_args__ = (sa.UniqueConstraint("petition_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    petition_id: int = Field(foreign_key="meeting_petition.id")
    person_id: int = Field(foreign_key="person.id")
    signed_at: datetime = timestamp()


class MeetingReminder(SQLModel, table=True):
    """A reminder sent: its key stops a second worker or a restart sending it again."""

    __tablename__ = "meeting_reminder"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    hours_before: int = Field(sa_column=sa.Column(sa.Integer(), primary_key=True,
                                                  autoincrement=False))
    sent_at: datetime = timestamp()
