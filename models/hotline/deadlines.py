"""Deadline warnings and escalations (催办). Each is claimed by a conditional update of
its own column (set only while still empty), so a restart or a second worker running
the same sweep never sends it twice."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community
from models.hotline.filing import supervisors_for
from models.hotline.tickets import OPEN, Ticket, TicketEvent, TicketState, handlers_of
from models.messages import Notifier
from models.people.persons import Person
from models.periodic import Work

BATCH = 200


@dataclass(frozen=True)
class Deadline:
    name: str  # accept | resolve
    states: frozenset[TicketState]
    warn_at: Any
    due: Any
    warned: Any
    escalated: Any


DEADLINES = (
    Deadline("accept", frozenset({TicketState.assigned}), Ticket.accept_warn_at,
             Ticket.accept_due, Ticket.accept_warned_at, Ticket.accept_escalated_at),
    Deadline("resolve", OPEN, Ticket.resolve_warn_at, Ticket.resolve_due,
             Ticket.resolve_warned_at, Ticket.resolve_escalated_at),
)


async def sweep(session: AsyncSession, *, now: datetime, notify: Notifier) -> int:
    """Warn at 80% of each deadline, escalate once it has passed; returns messages queued."""
    sent = 0
    for rule in DEADLINES:
        sent += await _warn(session, rule, now, notify)
        sent += await _escalate(session, rule, now, notify)
    return sent


async def _due(session: AsyncSession, rule: Deadline, column: Any, flag: Any,
               now: datetime, *extra: Any) -> list[int]:
    query = (select(Ticket.id).where(col(Ticket.state).in_(rule.states), col(column) <= now,
                                     col(flag).is_(None), *extra)
             .order_by(col(column)).limit(BATCH))
    return [i for i in (await session.exec(query)).all() if i is not None]


async def _claim(session: AsyncSession, rule: Deadline, ticket_id: int, flag: Any,
                 now: datetime) -> Ticket | None:
    """Set the flag if it is still empty; only the one who set it sends the message."""
    claimed = await session.exec(  # type: ignore[call-overload]
        update(Ticket).where(col(Ticket.id) == ticket_id, col(flag).is_(None),
                             col(Ticket.state).in_(rule.states))
        .values({flag.key: now}).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        return None
    ticket = await session.get(Ticket, ticket_id, populate_existing=True)
    return ticket


async def _warn(session: AsyncSession, rule: Deadline, now: datetime, notify: Notifier) -> int:
    # Past the deadline itself the escalation says it all: no late warning.
    sent = 0
    for ticket_id in await _due(session, rule, rule.warn_at, rule.warned, now,
                                col(rule.due) > now):
        ticket = await _claim(session, rule, ticket_id, rule.warned, now)
        if ticket is None:
            continue
        community = await session.get(Community, ticket.community_id)
        for person in await _owners(session, ticket):
            notify(person, "hotline/warning", ticket=ticket, deadline=rule.name,
                   due=getattr(ticket, rule.due.key), community=community)
            sent += 1
    return sent


async def _escalate(session: AsyncSession, rule: Deadline, now: datetime,
                    notify: Notifier) -> int:
    sent = 0
    for ticket_id in await _due(session, rule, rule.due, rule.escalated, now):
        ticket = await _claim(session, rule, ticket_id, rule.escalated, now)
        if ticket is None:
            continue
        community = await session.get(Community, ticket.community_id)
        if community is None:
            continue
        session.add(TicketEvent(ticket_id=ticket_id, at=now, kind="escalated", public=False,
                                details={"deadline": rule.name, "department": ticket.department,
                                         "handler": ticket.handler_id}))
        await audit.record(session, action="ticket.escalated", subject_type="ticket",
                           subject_id=ticket.number,
                           details={"deadline": rule.name, "department": ticket.department,
                                    "handler": ticket.handler_id},
                                    community_id=ticket.community_id, now=now)
        owners = await _owners(session, ticket)
        for person in await supervisors_for(session, community, ticket.department):
            notify(person, "hotline/escalation", ticket=ticket, deadline=rule.name,
                   owners=owners, due=getattr(ticket, rule.due.key), community=community)
            sent += 1
        # A supervised ticket's owners are supervisors: the 催办 above is already theirs.
        for person in [] if ticket.supervised else owners:
            notify(person, "hotline/escalated_yours", ticket=ticket, deadline=rule.name,
                   community=community)
            sent += 1
    return sent


async def _owners(session: AsyncSession, ticket: Ticket) -> list[Person]:
    if ticket.handler_id is not None:
        owner = await session.get(Person, ticket.handler_id)
        return [owner] if owner else []
    return await handlers_of(session, ticket.community_id, ticket.department)


async def escalations(session: AsyncSession, community_id: int, start: datetime,
                      end: datetime, *, supervised: bool = False) -> list[dict[str, Any]]:
    """The escalation events of a period (of supervised tickets, or of the others), with
    the department they counted against."""
    query = (select(TicketEvent.details).join(Ticket, col(Ticket.id) == col(TicketEvent.ticket_id))
             .where(Ticket.community_id == community_id, TicketEvent.kind == "escalated",
                    col(Ticket.supervised).is_(supervised),
                    col(TicketEvent.at) >= start, col(TicketEvent.at) < end))
    return [dict(d) for d in (await session.exec(query)).all()]


async def warn_and_escalate(work: Work) -> int:
    """The scheduler's part: every due warning and escalation, in one transaction."""
    async with work.sessionmaker() as session, session.begin():
        return await sweep(session, now=work.now, notify=work.notifier(session, None))
