"""Ticket tables (诉求: complaints and requests for help) and the queries that read them."""

import re
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import StrEnumType, enum_column, json_column, timestamp
from models.people.persons import Person, RoleGrant, with_role
from models.people.roles import Role

DESCRIPTION_MAX = 2000
PHOTOS_MAX = 5
TEXT_MAX = 1000  # notes, reasons, resolutions, comments


class TicketState(StrEnum):
    assigned = "assigned"  # routed; waiting for its handler to accept it
    accepted = "accepted"  # being handled
    resolved = "resolved"  # resolution sent; waiting for the resident's rating
    closed = "closed"  # rated (or resolved a second time after a reopening)
    merged = "merged"  # a duplicate folded into another ticket


OPEN = frozenset({TicketState.assigned, TicketState.accepted})
# The department of a supervised ticket: the supervisors (a file's codes are never empty).
SUPERVISION = ""


class Rating(StrEnum):
    satisfied = "satisfied"
    basic = "basic"  # basically satisfied (基本满意)
    dissatisfied = "dissatisfied"


class Ticket(SQLModel, table=True):
    __table_args__ = (
        # The tracking number is unique in its community: two filings at the same moment
        # cannot both take it; the loser retries with the next one.
        sa.UniqueConstraint("community_id", "period", "sequence"),
        sa.Index("ix_ticket_accept_due", "state", "accept_due"),
        sa.Index("ix_ticket_resolve_due", "state", "resolve_due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    period: str = Field(sa_column=sa.Column(sa.String(4), nullable=False))  # "2611"
    sequence: int
    reporter_id: int = Field(foreign_key="person.id", index=True)
    category: str
    department: str
    handler_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    description: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    photos: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON(), nullable=False))
    area: str | None = None
    building: str | None = None
    unit: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    anonymous: bool = False  # hidden from the public side; handlers still see who filed
    # About the committee or its staff: the supervisors' alone (models/hotline/access.py).
    supervised: bool = Field(default=False, index=True)
    state: TicketState = enum_column(TicketState, TicketState.assigned)
    duplicate_of_id: int | None = Field(default=None, foreign_key="ticket.id")
    merged_into_id: int | None = Field(default=None, foreign_key="ticket.id", index=True)
    resolution: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    rating: Rating | None = Field(default=None, sa_column=sa.Column(
        StrEnumType(Rating), nullable=True))
    rating_comment: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    reopened: bool = False
    created_at: datetime = timestamp(index=True)
    accept_warn_at: datetime = timestamp()
    accept_due: datetime = timestamp()
    resolve_warn_at: datetime = timestamp()
    resolve_due: datetime = timestamp()
    # Each warning and escalation is sent once: the sweep claims it by setting these.
    accept_warned_at: datetime | None = timestamp(nullable=True)
    accept_escalated_at: datetime | None = timestamp(nullable=True)
    resolve_warned_at: datetime | None = timestamp(nullable=True)
    resolve_escalated_at: datetime | None = timestamp(nullable=True)
    accepted_at: datetime | None = timestamp(nullable=True)
    resolved_at: datetime | None = timestamp(nullable=True)
    updated_at: datetime = timestamp()

    @property
    def number(self) -> str:
        return tracking_number(self.period, self.sequence)


class TicketEvent(SQLModel, table=True):
    """The ticket's history; `public` events are shown to its reporters."""

    __tablename__ = "ticket_event"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    at: datetime = timestamp()
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    kind: str
    public: bool = True
    note: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    details: dict[str, Any] = json_column()


def period_of(moment: datetime) -> str:
    """"2611" for November 2026 (in the community's time zone)."""
    return moment.strftime("%y%m")


def tracking_number(period: str, sequence: int) -> str:
    return f"T{period}-{sequence:04d}"


NUMBER = re.compile(r"^T(\d{4})-?(\d{1,9})$")  # the dash is optional when typed


async def last_sequence(session: AsyncSession, community_id: int, period: str) -> int:
    query = select(sa.func.max(Ticket.sequence)).where(Ticket.community_id == community_id,
                                                        Ticket.period == period)
    return int((await session.exec(query)).one() or 0)


async def by_number(session: AsyncSession, community_id: int, number: str) -> Ticket | None:
    found = NUMBER.match(number.strip().upper())
    if found is None:
        return None
    query = select(Ticket).where(Ticket.community_id == community_id,
                                 Ticket.period == found[1], Ticket.sequence == int(found[2]))
    return (await session.exec(query)).first()


async def reporters(session: AsyncSession, ticket: Ticket) -> list[Person]:
    """Who hears about the ticket: its reporter and the reporters of tickets merged into it."""
    ids = {ticket.reporter_id} | set((await session.exec(
        select(Ticket.reporter_id).where(Ticket.merged_into_id == ticket.id))).all())
    query = select(Person).where(col(Person.id).in_(ids)).order_by(col(Person.id))
    return list((await session.exec(query)).all())


async def of_reporter(session: AsyncSession, person_id: int) -> list[Ticket]:
    query = (select(Ticket).where(Ticket.reporter_id == person_id)
             .order_by(col(Ticket.id).desc()).limit(20))
    return list((await session.exec(query)).all())


async def department_of(session: AsyncSession, person_id: int) -> str | None:
    """The department a handler works for, or None for anyone else."""
    query = select(RoleGrant.department).where(RoleGrant.person_id == person_id,
                                               RoleGrant.role == Role.handler)
    return (await session.exec(query)).first()


async def handlers_of(session: AsyncSession, community_id: int, department: str) -> list[Person]:
    """Who handles the department's tickets: its handlers, or for SUPERVISION the supervisors."""
    if department == SUPERVISION:
        return await with_role(session, community_id, Role.supervisor)
    query = (select(Person).join(RoleGrant, col(RoleGrant.person_id) == col(Person.id))
             .where(Person.community_id == community_id, RoleGrant.role == Role.handler,
                    RoleGrant.department == department).order_by(col(Person.id)))
    return list((await session.exec(query)).all())


async def queue_of(session: AsyncSession, person_id: int, department: str | None,
                   community_id: int, *, supervisor: bool = False) -> list[Ticket]:
    """A handler's open tickets, and their department's unowned ones (a supervisor's: the
    unowned supervised ones), nearest deadline first."""
    mine = col(Ticket.handler_id) == person_id
    unowned = col(Ticket.handler_id).is_(None)
    if department is not None:
        mine = sa.or_(mine, sa.and_(unowned, col(Ticket.supervised).is_(False),
                                    col(Ticket.department) == department))
    if supervisor:
        mine = sa.or_(mine, sa.and_(unowned, col(Ticket.supervised).is_(True)))
    due = sa.case((col(Ticket.state) == TicketState.assigned, col(Ticket.accept_due)),
                  else_=col(Ticket.resolve_due))
    query = (select(Ticket).where(Ticket.community_id == community_id, mine,
                                  col(Ticket.state).in_(OPEN)).order_by(due, col(Ticket.id)))
    return list((await session.exec(query)).all())


async def history(session: AsyncSession, ticket_id: int, *,
                  public_only: bool) -> list[TicketEvent]:
    query = select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
    if public_only:
        query = query.where(col(TicketEvent.public).is_(True))
    return list((await session.exec(query.order_by(col(TicketEvent.id)))).all())


async def open_duplicate(session: AsyncSession, ticket: Ticket,
                         since: datetime) -> Ticket | None:
    """An open ticket of the same category and building filed since `since`."""
    if ticket.building is None:
        return None
    query = (select(Ticket).where(
        Ticket.community_id == ticket.community_id, Ticket.category == ticket.category,
        Ticket.area == ticket.area, Ticket.building == ticket.building,
        col(Ticket.state).in_(OPEN), col(Ticket.created_at) >= since, Ticket.id != ticket.id)
        .order_by(col(Ticket.id)))
    return (await session.exec(query)).first()
