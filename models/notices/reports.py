"""Who reads the delivery reports of notices (/deliveries and one notice's report), and
who may act on them: the committee that sends notices, and the supervisors
(居务监督委员会) who check that they reached everyone targeted, read-only. Sending the
failed messages again stays with the committee (and the notice's author, whom
`broadcasts.retry_failed` checks)."""

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from models.notices import broadcasts
from models.notices.broadcasts import Broadcast, BroadcastState, Progress
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person
from models.people.roles import Role

READERS = frozenset({Role.committee, Role.supervisor})
RETRIERS = frozenset({Role.committee})


@dataclass(frozen=True)
class Report:
    broadcast: Broadcast
    progress: Progress
    may_retry: bool  # failed messages and a reader who may send them again

    @property
    def finished(self) -> bool:
        return self.broadcast.state == BroadcastState.done


def _refusal(person: Person, roles: frozenset[Role]) -> Refused | None:
    if person.community_id is None or not roles & READERS:
        return Refused("broadcasts/readers_only")
    return None


async def _report(session: AsyncSession, broadcast: Broadcast,
                  roles: frozenset[Role]) -> Report:
    progress = await broadcasts.progress(session, broadcast)
    return Report(broadcast, progress, bool(progress.failed and roles & RETRIERS))


async def delivery_reports(session: AsyncSession, *, person: Person, roles: frozenset[Role],
                           limit: int = 5) -> Outcome[list[Report]]:
    """The latest notices of the person's community with how far each was delivered."""
    if refusal := _refusal(person, roles):
        return refusal
    recent = await broadcasts.recent(session, person.community_id or 0, limit=limit)
    return Done([await _report(session, b, roles) for b in recent])


async def delivery_report(session: AsyncSession, *, person: Person, roles: frozenset[Role],
                          broadcast_id: int) -> Outcome[Report]:
    """One notice's delivery report."""
    if refusal := _refusal(person, roles):
        return refusal
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None or broadcast.community_id != person.community_id:
        return Refused("broadcasts/not_found")
    return Done(await _report(session, broadcast, roles))
