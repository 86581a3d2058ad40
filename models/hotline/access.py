"""Who may read a ticket and who may act on it, decided in one place: every view, list,
button, dialogue step and card of the hotline goes through `reach`.

A supervised ticket (a complaint about the committee or its staff, 作风问题, 居务不公开)
belongs to the supervisors (居务监督委员会) alone: the committee and its handlers can
neither read it nor act on it nor be handed it (决策、监督、执行三分离). Supervisors read
every ticket of their community with its whole history, but not the identity of a
reporter who asked for anonymity, unless the ticket is theirs to handle (handlers see
who filed, so that they can answer)."""

from collections.abc import Collection
from dataclasses import dataclass

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.hotline.tickets import Ticket, TicketState, department_of, reporters
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, RoleGrant
from models.people.roles import Role


@dataclass(frozen=True)
class Access:
    """What a person may do with a ticket they may read."""

    ticket: Ticket
    staff: bool  # sees the internal history and the deadlines
    identity: bool  # sees who filed it even when they asked for anonymity
    handles: bool  # among those who work on it: its owner, or those it waits for


async def is_supervisor(session: AsyncSession, person: Person) -> bool:
    query = select(RoleGrant.id).where(RoleGrant.person_id == person.id,
                                       RoleGrant.role == Role.supervisor)
    return (await session.exec(query)).first() is not None


async def reach(session: AsyncSession, person: Person, ticket: Ticket | None, *,
                act: bool = False, states: Collection[TicketState] | None = None,
                ) -> Outcome[Access]:
    """The person's access to the ticket, or why they have none. With `act`, only the
    ticket's owner (or, while it has none, one of those it waits for) in one of `states`.
    Someone kept off a supervised ticket learns nothing about it, not even its number."""
    if ticket is None or ticket.community_id != person.community_id:
        return Refused("common/not_allowed")
    supervisor = await is_supervisor(session, person)
    department = await department_of(session, person.id or 0)
    handles = supervisor if ticket.supervised else (
        ticket.handler_id == person.id or department == ticket.department)
    if act:
        if not handles and (ticket.supervised or department is None):
            return Refused("common/not_allowed")
        unowned = ticket.handler_id is None and handles
        if ticket.handler_id != person.id and not unowned:
            return Refused("hotline/not_yours", {"ticket": ticket})
        if states is not None and ticket.state not in states:
            return Refused("hotline/wrong_state", {"ticket": ticket})
        return Done(Access(ticket, staff=True, identity=True, handles=True))
    if handles:
        return Done(Access(ticket, staff=True, identity=True, handles=True))
    if supervisor:
        return Done(Access(ticket, staff=True, identity=not ticket.anonymous, handles=False))
    if any(p.id == person.id for p in await reporters(session, ticket)):
        return Done(Access(ticket, staff=False, identity=not ticket.anonymous, handles=False))
    return Refused("hotline/not_found", {"number": ticket.number})


async def readers(session: AsyncSession, ticket: Ticket, people: list[Person]) -> list[Person]:
    """Those of `people` who may read the ticket: a card never reaches anyone else."""
    return [p for p in people if isinstance(await reach(session, p, ticket), Done)]
