"""Use cases of the back office and of the resident after filing: accept, transfer,
note, resolve, merge, rate. Whoever is assigned first owns the ticket until they hand it
over explicitly (首问责任制): only the owner acts on it, or, while it has no owner, any
handler of its department."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community
from models.hotline.access import is_supervisor, reach
from models.hotline.filing import pick_handler, schedule_deadlines, supervisors_for
from models.hotline.tickets import (
    OPEN,
    SUPERVISION,
    TEXT_MAX,
    Rating,
    Ticket,
    TicketEvent,
    TicketState,
    department_of,
    handlers_of,
    reporters,
)
from models.hotline.working_time import Schedule
from models.messages import Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person


@dataclass(frozen=True)
class Handed:
    """A ticket and the people who must now get its card (or, resolved, its rating)."""

    ticket: Ticket
    recipients: list[Person]


def check_text(text: str) -> Refused | None:
    if not text.strip() or len(text.strip()) > TEXT_MAX:
        return Refused("hotline/bad_text", {"limit": TEXT_MAX, "length": len(text.strip())})
    return None


async def accept(session: AsyncSession, *, handler: Person, ticket_id: int,
                 notify: Notifier, now: datetime) -> Outcome[Ticket]:
    """The first response: the handler takes the ticket on; its reporters are told."""
    ticket, refusal = await for_owner(session, handler, ticket_id, {TicketState.assigned})
    if refusal:
        return refusal
    assert ticket is not None
    ticket.handler_id, ticket.state = handler.id, TicketState.accepted
    ticket.accepted_at = ticket.accepted_at or now
    await _event(session, ticket, handler, "accepted", at=now)
    await _tell_reporters(session, ticket, notify, "hotline/accepted")
    return Done(ticket)


async def transfer(
    session: AsyncSession, *, handler: Person, community: Community, ticket_id: int,
    reason: str, notify: Notifier, now: datetime, department: str | None = None,
    to_handler_id: int | None = None,
) -> Outcome[Handed]:
    """Hand the ticket to another department or handler; a reason is required."""
    ticket, refusal = await for_owner(session, handler, ticket_id, OPEN)
    if refusal:
        return refusal
    assert ticket is not None
    if not reason.strip():
        return Refused("hotline/reason_needed")
    if refusal := check_text(reason):
        return refusal
    target: Person | None = None
    if to_handler_id is not None:
        target = await session.get(Person, to_handler_id)
        department = await _colleagues(session, ticket, target) if target else None
        if target is None or department is None or target.id == handler.id \
                or target.community_id != ticket.community_id:
            return Refused("hotline/bad_transfer")
    elif ticket.supervised or department is None or department == ticket.department \
            or community.config.department(department) is None:
        return Refused("hotline/bad_transfer")
    else:
        target = await pick_handler(session, community, department)
    before = {"department": ticket.department, "handler": ticket.handler_id}
    ticket.department, ticket.handler_id = department, target.id if target else None
    await _event(session, ticket, handler, "transferred", reason.strip(),
                 {"from": before["department"], "to": department}, at=now)
    await _tell_reporters(session, ticket, notify, "hotline/transferred")
    told = [target] if target else await handlers_of(session, community.id or 0, department)
    return Done(Handed(ticket, told))


async def add_note(session: AsyncSession, *, handler: Person, ticket_id: int, text: str,
                   public: bool, notify: Notifier, now: datetime) -> Outcome[Ticket]:
    """A note in the ticket's history: internal, or also sent to its reporters."""
    ticket, refusal = await for_owner(session, handler, ticket_id, OPEN)
    if refusal:
        return refusal
    assert ticket is not None
    if refusal := check_text(text):
        return refusal
    await _event(session, ticket, handler, "note", text.strip(), public=public, at=now)
    if public:
        await _tell_reporters(session, ticket, notify, "hotline/note_for_you", note=text.strip())
    return Done(ticket)


async def resolve(session: AsyncSession, *, handler: Person, ticket_id: int, text: str,
                  now: datetime) -> Outcome[Handed]:
    """Record the resolution; the caller sends it to the reporters with the rating buttons."""
    ticket, refusal = await for_owner(session, handler, ticket_id, {TicketState.accepted})
    if refusal:
        return refusal
    assert ticket is not None
    if refusal := check_text(text):
        return refusal
    ticket.state, ticket.resolved_at, ticket.resolution = TicketState.resolved, now, text.strip()
    ticket.rating, ticket.rating_comment = None, None
    await _event(session, ticket, handler, "resolved", text.strip(), at=now)
    return Done(Handed(ticket, await reporters(session, ticket)))


async def merge(session: AsyncSession, *, handler: Person, ticket_id: int, target_id: int,
                notify: Notifier, now: datetime) -> Outcome[Ticket]:
    """Fold a duplicate into an open ticket; its reporters then hear about that one."""
    ticket, refusal = await for_owner(session, handler, ticket_id, OPEN)
    if refusal:
        return refusal
    assert ticket is not None
    target = await session.get(Ticket, target_id, with_for_update=True)
    if (target is None or target.id == ticket.id or target.community_id != ticket.community_id
            or target.category != ticket.category or target.state not in OPEN
            or target.supervised != ticket.supervised
            or isinstance(await reach(session, handler, target), Refused)):
        return Refused("hotline/bad_merge")
    ticket.state, ticket.merged_into_id = TicketState.merged, target.id
    earlier = await session.exec(select(Ticket).where(Ticket.merged_into_id == ticket.id))
    for folded in earlier.all():
        folded.merged_into_id = target.id
    await _event(session, ticket, handler, "merged", details={"into": target.number}, at=now)
    await _event(session, target, handler, "merged_in", details={"from": ticket.number},
                 public=False, at=now)
    await _tell_reporters(session, ticket, notify, "hotline/merged", target=target,
                          only=[ticket.reporter_id])
    return Done(ticket)


async def rate(
    session: AsyncSession, *, person: Person, community: Community, ticket_id: int,
    rating: Rating, notify: Notifier, now: datetime,
) -> Outcome[Ticket]:
    """The reporter rates a resolution. "Dissatisfied" reopens the ticket once and tells
    the department's supervisor; after that it closes the ticket either way."""
    ticket = await session.get(Ticket, ticket_id, with_for_update=True)
    if ticket is None or ticket.reporter_id != person.id:
        return Refused("common/not_allowed")
    if ticket.state != TicketState.resolved:
        return Refused("hotline/wrong_state", {"ticket": ticket})
    ticket.rating = rating
    await _event(session, ticket, person, "rated", details={"rating": rating.value}, at=now)
    supervisors = await supervisors_for(session, community, ticket.department)
    if rating == Rating.dissatisfied and not ticket.reopened:
        ticket.state, ticket.reopened, ticket.resolved_at = TicketState.accepted, True, None
        rules = community.config.category(ticket.category)
        if rules is not None:
            schedule_deadlines(ticket, rules, Schedule.of(community.config), now, accept=False)
        ticket.resolve_warned_at = ticket.resolve_escalated_at = None
        await _event(session, ticket, person, "reopened", at=now)
        owner = await session.get(Person, ticket.handler_id) if ticket.handler_id else None
        for recipient in _once([*supervisors, *([owner] if owner else [])]):
            notify(recipient, "hotline/reopened", ticket=ticket)
        return Done(ticket)
    ticket.state = TicketState.closed
    await _audit(session, ticket, person, "closed", {"rating": rating.value}, now)
    if rating == Rating.dissatisfied:
        for recipient in supervisors:
            notify(recipient, "hotline/dissatisfied", ticket=ticket)
    return Done(ticket)


async def comment(session: AsyncSession, *, person: Person, ticket_id: int,
                  text: str, now: datetime) -> Outcome[Ticket]:
    """An optional comment on the rating, once."""
    ticket = await session.get(Ticket, ticket_id, with_for_update=True)
    if ticket is None or ticket.reporter_id != person.id or ticket.rating is None:
        return Refused("common/not_allowed")
    if refusal := check_text(text):
        return refusal
    ticket.rating_comment = text.strip()
    await _event(session, ticket, person, "commented", text.strip(), public=False, at=now)
    return Done(ticket)


async def for_owner(session: AsyncSession, person: Person, ticket_id: int,
                    states: frozenset[TicketState] | set[TicketState],
                    ) -> tuple[Ticket | None, Refused | None]:
    """The ticket, locked, if the person may act on it in one of `states` (models/hotline/
    access.py decides); else why not."""
    ticket = await session.get(Ticket, ticket_id, with_for_update=True)
    outcome = await reach(session, person, ticket, act=True, states=states)
    if isinstance(outcome, Refused):
        return None, outcome
    return ticket, None


async def _colleagues(session: AsyncSession, ticket: Ticket, target: Person) -> str | None:
    """The department a ticket handed to `target` belongs to, or None when they may not
    take it: a supervised ticket passes between supervisors only."""
    if ticket.supervised:
        return SUPERVISION if await is_supervisor(session, target) else None
    return await department_of(session, target.id or 0)


def _once(people: list[Person]) -> list[Person]:
    return list({p.id: p for p in people}.values())


async def _event(session: AsyncSession, ticket: Ticket, actor: Person | None, kind: str,
                 note: str | None = None, details: dict[str, Any] | None = None, *,
                 public: bool = True, at: datetime) -> None:
    """History entry, and an audit entry for every change of state or owner."""
    ticket.updated_at = at
    session.add(TicketEvent(ticket_id=ticket.id or 0, at=at, actor_id=actor.id if actor else None,
                            kind=kind, public=public, note=note, details=details or {}))
    await session.flush()
    if kind != "note":
        await _audit(session, ticket, actor, kind, {"note": note, **(details or {})}, at)


async def _audit(session: AsyncSession, ticket: Ticket, actor: Person | None, kind: str,
                 details: dict[str, Any], now: datetime) -> None:
    await audit.record(session, action=f"ticket.{kind}", subject_type="ticket",
                       subject_id=ticket.number, actor_id=actor.id if actor else None,
                       details={"state": ticket.state.value, "department": ticket.department,
                                "handler": ticket.handler_id, **details},
                                community_id=ticket.community_id, now=now)


async def _tell_reporters(session: AsyncSession, ticket: Ticket, notify: Notifier,
                          template: str, only: list[int] | None = None, **params: Any) -> None:
    for person in await reporters(session, ticket):
        if only is None or person.id in only:
            notify(person, template, ticket=ticket, **params)

