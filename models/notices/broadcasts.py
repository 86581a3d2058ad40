"""Broadcasts: one text from the committee to many residents, delivered through the
outbox, followed live, and retried on request."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audiences, audit
from models.base import enum_column, json_column, timestamp
from models.outbox import Delivery, DeliveryState
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person
from models.people.roles import Role

BODY_MAX = 3000
MEDIA_MAX = 5
# A little slack: "now" typed by a person is already a moment ago.
PAST_TOLERANCE = timedelta(minutes=1)


class BroadcastState(StrEnum):
    scheduled = "scheduled"
    sending = "sending"
    done = "done"
    cancelled = "cancelled"


class Broadcast(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_broadcast_due", "state", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    author_id: int = Field(foreign_key="person.id")
    body: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    audience: dict[str, Any] = json_column()
    urgent: bool = False
    # Photos or a document sent with the text: [{"kind": "photo", "file_id": ...}].
    media: list[dict[str, Any]] = Field(default_factory=list,
                                        sa_column=sa.Column(sa.JSON(), nullable=False))
    state: BroadcastState = enum_column(BroadcastState, BroadcastState.scheduled)
    due_at: datetime = timestamp()
    total: int = 0
    progress_delivery_id: int | None = None
    created_at: datetime = timestamp()
    started_at: datetime | None = timestamp(nullable=True)
    finished_at: datetime | None = timestamp(nullable=True)


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int
    unreachable: int

    @property
    def finished(self) -> int:
        return self.sent + self.failed + self.unreachable

    @property
    def complete(self) -> bool:
        return self.finished >= self.total


async def create(
    session: AsyncSession, *, author: Person, body: str, due_at: datetime | None = None,
    audience: dict[str, Any] | None = None, urgent: bool = False,
    media: list[dict[str, Any]] | None = None, now: datetime,
) -> Outcome[Broadcast]:
    """Queue a broadcast to an audience of the author's community (everyone unless
    given), now or at `due_at`."""
    text = body.strip()
    if not text or len(text) > BODY_MAX:
        return Refused("broadcasts/bad_length", {"limit": BODY_MAX, "length": len(text)})
    due = due_at or now
    if due < now - PAST_TOLERANCE:
        return Refused("broadcasts/in_the_past")
    if len(media or []) > MEDIA_MAX:
        return Refused("broadcasts/too_many_files", {"limit": MEDIA_MAX})
    broadcast = Broadcast(community_id=author.community_id or 0, author_id=author.id or 0,
                          body=text, audience=audience or audiences.EVERYONE, due_at=due,
                          urgent=urgent, media=media or [], created_at=now)
    session.add(broadcast)
    await session.flush()
    await audit.record(session, action="broadcast.created", subject_type="broadcast",
                       subject_id=broadcast.id, actor_id=author.id,
                       details={"due_at": due.isoformat(), "length": len(text),
                                "audience": broadcast.audience, "urgent": urgent},
                                community_id=broadcast.community_id, now=now)
    return Done(broadcast)


async def claim_due(session: AsyncSession, *, now: datetime) -> list[Broadcast]:
    """Move due broadcasts from scheduled to sending. Guarded by the state, so a second
    sweep (another worker, a restart) finds nothing left to claim."""
    ids = (select(Broadcast.id)
           .where(Broadcast.state == BroadcastState.scheduled, col(Broadcast.due_at) <= now)
           .with_for_update(skip_locked=True))
    chosen = list((await session.exec(ids)).all())
    if not chosen:
        return []
    result = await session.exec(
        update(Broadcast)
        .where(col(Broadcast.id).in_(chosen), col(Broadcast.state) == BroadcastState.scheduled)
        .values(state=BroadcastState.sending, started_at=now))
    if result.rowcount != len(chosen):  # type: ignore[attr-defined]
        # Someone else moved some of them meanwhile: only expand what we moved ourselves.
        return []
    query = select(Broadcast).where(col(Broadcast.id).in_(chosen))
    return list((await session.exec(query)).all())


async def recipients(session: AsyncSession, broadcast: Broadcast) -> list[Person]:
    """Registered people of its audience, minus those known to have blocked the bot."""
    return await audiences.members(session, broadcast.community_id, broadcast.audience)


async def progress(session: AsyncSession, broadcast: Broadcast) -> Progress:
    rows = await session.exec(
        sa.select(Delivery.state, sa.func.count())  # type: ignore[call-overload]
        .where(Delivery.broadcast_id == broadcast.id).group_by(Delivery.state))
    counts = {DeliveryState(state): n for state, n in rows.all()}
    return Progress(total=broadcast.total, sent=counts.get(DeliveryState.sent, 0),
                    failed=counts.get(DeliveryState.failed, 0),
                    unreachable=counts.get(DeliveryState.unreachable, 0))


async def in_progress(session: AsyncSession) -> list[Broadcast]:
    query = select(Broadcast).where(Broadcast.state == BroadcastState.sending)
    return list((await session.exec(query)).all())


async def finish(session: AsyncSession, broadcast: Broadcast, *, now: datetime) -> bool:
    """sending -> done, once; True for the caller that made the change."""
    result = await session.exec(
        update(Broadcast)
        .where(col(Broadcast.id) == broadcast.id, col(Broadcast.state) == BroadcastState.sending)
        .values(state=BroadcastState.done, finished_at=now))
    return result.rowcount == 1  # type: ignore[attr-defined]


async def recent(session: AsyncSession, community_id: int, *, limit: int = 5) -> list[Broadcast]:
    query = (select(Broadcast).where(Broadcast.community_id == community_id)
             .order_by(col(Broadcast.id).desc()).limit(limit))
    return list((await session.exec(query)).all())


async def retry_failed(session: AsyncSession, *, actor: Person, roles: frozenset[Role],
                       broadcast_id: int, now: datetime) -> Outcome[int]:
    """Put the failed deliveries of a broadcast back in the queue: for its author or a
    committee member of its community."""
    broadcast = await session.get(Broadcast, broadcast_id, with_for_update=True)
    if broadcast is None or broadcast.community_id != actor.community_id:
        return Refused("broadcasts/not_found")
    if broadcast.author_id != actor.id and Role.committee not in roles:
        return Refused("common/not_allowed")
    result = await session.exec(
        update(Delivery)
        .where(col(Delivery.broadcast_id) == broadcast_id,
               col(Delivery.state) == DeliveryState.failed)
        # Back in the queue, a given-up message is no longer one for an outage report.
        .values(state=DeliveryState.pending, not_before=now, attempts=0, error=None,
                given_up_at=None))
    retried = int(result.rowcount or 0)  # type: ignore[attr-defined]
    if retried == 0:
        return Refused("broadcasts/nothing_to_retry")
    broadcast.state, broadcast.finished_at = BroadcastState.sending, None
    await audit.record(session, action="broadcast.retried", subject_type="broadcast",
                       subject_id=broadcast_id, actor_id=actor.id, details={"count": retried},
                       community_id=broadcast.community_id, now=now)
    return Done(retried)
