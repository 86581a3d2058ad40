"""Scheduled broadcasts: listed, edited and cancelled before they go, and the notices a
resident received. Every change is guarded by the state `scheduled`, so a notice the
sweep already started can no longer be changed or stopped."""

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.notices.broadcasts import BODY_MAX, PAST_TOLERANCE, Broadcast, BroadcastState
from models.outbox import Delivery
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, roles_of
from models.people.roles import Role


async def scheduled(session: AsyncSession, community_id: int) -> list[Broadcast]:
    query = (select(Broadcast).where(Broadcast.community_id == community_id,
                                     Broadcast.state == BroadcastState.scheduled)
             .order_by(col(Broadcast.due_at)))
    return list((await session.exec(query)).all())


async def _editable(session: AsyncSession, actor: Person,
                    broadcast_id: int) -> tuple[Broadcast | None, Refused | None]:
    if Role.committee not in await roles_of(session, actor.id or 0):
        return None, Refused("common/not_allowed")
    broadcast = await session.get(Broadcast, broadcast_id, with_for_update=True)
    if broadcast is None or broadcast.community_id != actor.community_id:
        return None, Refused("broadcasts/not_found")
    if broadcast.state != BroadcastState.scheduled:
        return None, Refused("broadcasts/already_sent", {"broadcast": broadcast})
    return broadcast, None


async def edit(session: AsyncSession, *, actor: Person, broadcast_id: int, now: datetime,
               body: str | None = None, due_at: datetime | None = None,
               ) -> Outcome[Broadcast]:
    """A new text or a new time for a notice that has not gone yet."""
    broadcast, refusal = await _editable(session, actor, broadcast_id)
    if refusal:
        return refusal
    assert broadcast is not None
    if body is not None:
        text = body.strip()
        if not text or len(text) > BODY_MAX:
            return Refused("broadcasts/bad_length", {"limit": BODY_MAX, "length": len(text)})
        broadcast.body = text
    if due_at is not None:
        if due_at < now - PAST_TOLERANCE:
            return Refused("broadcasts/in_the_past")
        broadcast.due_at = due_at
    await audit.record(session, action="broadcast.edited", subject_type="broadcast",
                       subject_id=broadcast_id, actor_id=actor.id,
                       details={"body": body is not None,
                                "due_at": broadcast.due_at.isoformat()},
                                community_id=broadcast.community_id, now=now)
    return Done(broadcast)


async def cancel(session: AsyncSession, *, actor: Person, broadcast_id: int,
                 now: datetime) -> Outcome[Broadcast]:
    broadcast, refusal = await _editable(session, actor, broadcast_id)
    if refusal:
        return refusal
    assert broadcast is not None
    broadcast.state, broadcast.finished_at = BroadcastState.cancelled, now
    await audit.record(session, action="broadcast.cancelled", subject_type="broadcast",
                       subject_id=broadcast_id, actor_id=actor.id,
                       community_id=broadcast.community_id, now=now)
    return Done(broadcast)


async def received_by(session: AsyncSession, person_id: int, *,
                      limit: int = 10) -> list[Broadcast]:
    """The latest notices that reached this person, newest first."""
    query = (select(Broadcast)
             .join(Delivery, col(Delivery.broadcast_id) == col(Broadcast.id))
             .where(Delivery.person_id == person_id)
             .order_by(col(Broadcast.id).desc()).limit(limit))
    return list((await session.exec(query)).all())
