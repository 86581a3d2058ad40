"""Hearing tables (听证会) and the queries that read them."""

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import enum_column, json_column, timestamp
from models.people.persons import Person

TOPIC_MAX = 100
PLACE_MAX = 100
SUMMARY_MAX = 200
MINUTES_MAX = 3000
CAPACITY_MAX = 10_000
MINUTES_FILES_MAX = 5


class HearingState(StrEnum):
    scheduled = "scheduled"
    cancelled = "cancelled"
    minuted = "minuted"  # held, and its minutes disclosed


class Attendance(StrEnum):
    attend = "attend"
    speak = "speak"


class Seat(StrEnum):
    confirmed = "confirmed"
    waiting = "waiting"
    withdrawn = "withdrawn"


class Hearing(SQLModel, table=True):
    # `confirmed` counts confirmed seats; the check is the last word on capacity, and
    # registrations take a seat with a conditional UPDATE, never a read-then-write.
    __table_args__ = (sa.CheckConstraint("confirmed <= capacity", name="within_capacity"),
                      sa.Index("ix_hearing_upcoming", "community_id", "state", "starts_at"))

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id")
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id", index=True)
    topic: str
    place: str
    starts_at: datetime = timestamp()
    ends_at: datetime = timestamp()
    registration_deadline: datetime = timestamp()
    capacity: int
    confirmed: int = 0
    audience: dict[str, Any] = json_column()
    state: HearingState = enum_column(HearingState, HearingState.scheduled)
    sequence: int = 0  # bumped on every change, as iCalendar's SEQUENCE
    created_by_id: int = Field(foreign_key="person.id")
    minutes: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    minutes_files: list[dict[str, Any]] = Field(default_factory=list,
                                                sa_column=sa.Column(sa.JSON(), nullable=False))
    disclosure_id: int | None = Field(default=None, foreign_key="disclosure_entry.id")
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp()

    @property
    def number(self) -> str:
        return f"H{self.id:04d}"


class HearingRegistration(SQLModel, table=True):
    __tablename__ = "hearing_registration"
    # One row per person and hearing: registering twice is impossible, not just refused.
    __table_args__ = (sa.UniqueConstraint("hearing_id", "person_id"),
                      sa.Index("ix_hearing_registration_queue", "hearing_id", "seat",
                               "queued_at"))

    id: int | None = Field(default=None, primary_key=True)
    hearing_id: int = Field(foreign_key="hearing.id")
    person_id: int = Field(foreign_key="person.id")
    attendance: Attendance = enum_column(Attendance, Attendance.attend)
    summary: str | None = None  # a speaker's point, one line
    seat: Seat = enum_column(Seat, Seat.confirmed)
    queued_at: datetime = timestamp()  # the waiting list's order
    created_at: datetime = timestamp()


class HearingReminder(SQLModel, table=True):
    """One row per reminder still to send; `sent_at` set once, guarded by being null."""

    __tablename__ = "hearing_reminder"
    __table_args__ = (sa.UniqueConstraint("hearing_id", "hours_before"),
                      sa.Index("ix_hearing_reminder_due", "sent_at", "due_at"))

    id: int | None = Field(default=None, primary_key=True)
    hearing_id: int = Field(foreign_key="hearing.id")
    hours_before: int
    due_at: datetime = timestamp()
    sent_at: datetime | None = timestamp(nullable=True)


def reminder_times(starts_at: datetime, hours: list[int], *,
                   now: datetime) -> dict[int, datetime]:
    """When each reminder is due; those whose moment has already passed are dropped (a
    hearing set up at 10:00 for 15:00 gets no "tomorrow" reminder)."""
    due = {h: starts_at - timedelta(hours=h) for h in set(hours) if h > 0}
    return {h: at for h, at in sorted(due.items(), reverse=True) if at > now}


async def registration_of(session: AsyncSession, hearing_id: int,
                          person_id: int) -> HearingRegistration | None:
    query = select(HearingRegistration).where(HearingRegistration.hearing_id == hearing_id,
                                              HearingRegistration.person_id == person_id)
    return (await session.exec(query)).first()


async def seated(session: AsyncSession, hearing_id: int,
                 seats: tuple[Seat, ...] = (Seat.confirmed,),
                 ) -> list[tuple[HearingRegistration, Person]]:
    """Registrations in those seats with their people, in the order they came."""
    query = (select(HearingRegistration, Person)
             .join(Person, col(Person.id) == col(HearingRegistration.person_id))
             .where(HearingRegistration.hearing_id == hearing_id,
                    col(HearingRegistration.seat).in_(seats))
             .order_by(col(HearingRegistration.queued_at), col(HearingRegistration.id)))
    return [(r, p) for r, p in (await session.exec(query)).all()]


async def upcoming(session: AsyncSession, community_id: int, *,
                   now: datetime) -> list[Hearing]:
    query = (select(Hearing).where(Hearing.community_id == community_id,
                                   Hearing.state == HearingState.scheduled,
                                   col(Hearing.ends_at) > now)
             .order_by(col(Hearing.starts_at)))
    return list((await session.exec(query)).all())


async def awaiting_minutes(session: AsyncSession, community_id: int, *,
                           now: datetime) -> list[Hearing]:
    """Hearings that have started and whose minutes are not yet recorded."""
    query = (select(Hearing).where(Hearing.community_id == community_id,
                                   Hearing.state == HearingState.scheduled,
                                   col(Hearing.starts_at) <= now)
             .order_by(col(Hearing.starts_at)))
    return list((await session.exec(query)).all())


async def mine(session: AsyncSession, person_id: int,
               hearing_ids: list[int]) -> dict[int, HearingRegistration]:
    query = select(HearingRegistration).where(
        HearingRegistration.person_id == person_id,
        col(HearingRegistration.hearing_id).in_(hearing_ids),
        HearingRegistration.seat != Seat.withdrawn)
    return {r.hearing_id: r for r in (await session.exec(query)).all()}
