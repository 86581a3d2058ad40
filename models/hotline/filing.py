"""Filing a ticket (一口受理): checking it, routing it to a department and a handler,
giving it a tracking number, its deadlines, and flagging a possible duplicate."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community
from models.community_file import Category
from models.community_file import Community as CommunityFile
from models.hotline.tickets import (
    DESCRIPTION_MAX,
    PHOTOS_MAX,
    SUPERVISION,
    Ticket,
    TicketEvent,
    handlers_of,
    last_sequence,
    open_duplicate,
    period_of,
)
from models.hotline.working_time import Schedule, deadline
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, by_telegram_id, with_role
from models.people.roles import Role

WARN_SHARE = 0.8  # warn the handler when this share of a deadline has passed
NUMBER_ATTEMPTS = 20


@dataclass(frozen=True)
class Filed:
    """A new ticket, who must get its card (with the buttons to act), and a possible
    duplicate for them to consider."""

    ticket: Ticket
    handlers: list[Person]
    duplicate: Ticket | None


@dataclass(frozen=True)
class Place:
    area: str | None = None
    building: str | None = None
    unit: str | None = None
    latitude: float | None = None
    longitude: float | None = None


def check_description(text: str) -> Refused | None:
    length = len(text.strip())
    if not length or length > DESCRIPTION_MAX:
        return Refused("hotline/bad_description", {"limit": DESCRIPTION_MAX, "length": length})
    return None


def route(config: CommunityFile, category: Category, area: str | None) -> str:
    """The department that owns a category, unless the file routes this area elsewhere;
    a supervised category's tickets go to the supervisors."""
    if category.supervised or category.department is None:
        return SUPERVISION
    return category.by_area.get(area or "", category.department)


async def pick_handler(session: AsyncSession, community: Community,
                       department: str) -> Person | None:
    """The handler on duty, else the department's handler whose last ticket is oldest."""
    candidates = await handlers_of(session, community.id or 0, department)
    rules = community.config.department(department)
    on_duty = rules.on_duty if rules else None
    for person in candidates:
        if person.telegram_id == on_duty:
            return person
    latest: dict[int, int] = {}
    for person in candidates:
        query = select(Ticket.id).where(Ticket.handler_id == person.id).order_by(
            col(Ticket.id).desc())
        latest[person.id or 0] = (await session.exec(query)).first() or 0
    return min(candidates, key=lambda p: (latest[p.id or 0], p.id or 0), default=None)


def schedule_deadlines(ticket: Ticket, category: Category, schedule: Schedule,
                       start: datetime, *, accept: bool = True) -> None:
    """Set the accept and resolve deadlines, and the moments to warn before them."""
    if accept:
        ticket.accept_warn_at = deadline(start, schedule,
                                         hours=category.response_hours * WARN_SHARE)
        ticket.accept_due = deadline(start, schedule, hours=category.response_hours)
    ticket.resolve_warn_at = deadline(start, schedule, days=category.resolve_days * WARN_SHARE)
    ticket.resolve_due = deadline(start, schedule, days=category.resolve_days)


async def file_ticket(
    session: AsyncSession, *, reporter: Person, community: Community, category: str,
    description: str, photos: list[str], place: Place, anonymous: bool, now: datetime,
) -> Outcome[Filed]:
    """Receive a ticket: route it, number it, set its deadlines; the caller sends the
    returned handlers (a supervised ticket's: the supervisors) its card."""
    config = community.config
    rules = config.category(category)
    if rules is None:
        return Refused("hotline/unknown_category")
    if refusal := check_description(description):
        return refusal
    if len(photos) > PHOTOS_MAX:
        return Refused("hotline/too_many_photos", {"limit": PHOTOS_MAX})
    department = route(config, rules, place.area)
    # A supervised ticket waits for the first supervisor to accept it: none is picked.
    handler = None if rules.supervised else await pick_handler(session, community, department)
    ticket = await _numbered(session, community, now, {
        "reporter_id": reporter.id, "category": category, "department": department,
        "handler_id": handler.id if handler else None, "description": description.strip(),
        "photos": photos, "anonymous": anonymous, "supervised": rules.supervised,
        "created_at": now, "updated_at": now,
        **vars(place)}, rules)
    since = now - timedelta(hours=config.hotline.duplicate_hours)
    duplicate = await open_duplicate(session, ticket, since)
    ticket.duplicate_of_id = duplicate.id if duplicate else None
    session.add(TicketEvent(ticket_id=ticket.id or 0, at=now, actor_id=reporter.id,
                            kind="received"))
    session.add(TicketEvent(ticket_id=ticket.id or 0, at=now, kind="assigned",
                            details={"department": department}))
    await session.flush()
    await audit.record(session, action="ticket.filed", subject_type="ticket",
                       subject_id=ticket.number, actor_id=reporter.id,
                       details={"department": department, "handler": ticket.handler_id,
                                "duplicate_of": ticket.duplicate_of_id},
                                community_id=ticket.community_id, now=now)
    told = [handler] if handler else await handlers_of(session, community.id or 0, department)
    return Done(Filed(ticket, told, duplicate))


async def _numbered(session: AsyncSession, community: Community, now: datetime,
                    values: dict[str, Any], rules: Category) -> Ticket:
    """Insert with the next number of the month; the unique constraint settles races."""
    period = period_of(now.astimezone(community.config.zone))
    schedule = Schedule.of(community.config)
    for _ in range(NUMBER_ATTEMPTS):
        sequence = await last_sequence(session, community.id or 0, period) + 1
        ticket = Ticket(community_id=community.id or 0, period=period, sequence=sequence,
                        **values)
        schedule_deadlines(ticket, rules, schedule, now)
        try:
            async with session.begin_nested():
                session.add(ticket)
                await session.flush()
        except IntegrityError:
            continue
        return ticket
    raise RuntimeError(f"no free tracking number in {period} after {NUMBER_ATTEMPTS} tries")


async def supervisors_for(session: AsyncSession, community: Community,
                          department: str) -> list[Person]:
    """The department's own supervisor if the file names one, else every supervisor."""
    rules = community.config.department(department)
    if rules and rules.supervisor:
        named = await by_telegram_id(session, rules.supervisor)
        if named is not None:
            return [named]
    return await with_role(session, community.id or 0, Role.supervisor)
