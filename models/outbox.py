"""The outbox: one delivery row per recipient, written in the transaction that caused
it, so a rolled-back change sends nothing and a committed one is always delivered.

A sender claims pending rows for a short lease (state `sending`); a sender killed
mid-send leaves its claims to expire and be taken again, so only messages in flight
at the kill can go out twice."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import enum_column, json_column, telegram_id, timestamp
from models.messages import Media
from models.partition import WHOLE, Part


class Lane(StrEnum):
    interactive = "interactive"  # the answer to the person who just wrote
    bulk = "bulk"  # notifications to everyone else


class DeliveryState(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    unreachable = "unreachable"


FINAL = (DeliveryState.sent, DeliveryState.failed, DeliveryState.unreachable)


class Delivery(SQLModel, table=True):
    __table_args__ = (
        sa.Index("ix_delivery_due", "state", "not_before"),
        sa.Index("ix_delivery_broadcast", "broadcast_id", "state"),
        # The outage sweep's two questions: which give-ups are not reported yet, and
        # has Telegram taken anything since the last one.
        sa.Index("ix_delivery_given_up", "outage_report_id", "given_up_at"),
        sa.Index("ix_delivery_sent_at", "sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    lane: Lane = enum_column(Lane)
    chat_id: int = telegram_id()
    # A public channel known by its @username only: sent there, chat_id is then 0.
    chat_username: str | None = Field(default=None, max_length=64)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    broadcast_id: int | None = Field(default=None, foreign_key="broadcast.id")
    template: str
    urgent: bool = False  # an urgent notice: before other bulk traffic, after replies
    text: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    markup: dict[str, Any] | None = json_column(nullable=True)
    # Photos and documents sent before or with the text: Media.as_dict() of each.
    media: list[dict[str, Any]] | None = json_column(nullable=True)
    state: DeliveryState = enum_column(DeliveryState, DeliveryState.pending)
    attempts: int = 0
    error: str | None = None
    message_id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger()))
    not_before: datetime = timestamp()
    lease_until: datetime | None = timestamp(nullable=True)
    created_at: datetime = timestamp()
    sent_at: datetime | None = timestamp(nullable=True)
    # When the sender gave it up after its bounded retries (Telegram failed it for that
    # long); a refusal (a bad request) is failed but never given up. An outage report
    # (models/outages.py) counts each give-up once, then links it here.
    given_up_at: datetime | None = timestamp(nullable=True)
    outage_report_id: int | None = Field(default=None, foreign_key="outage_report.id")


@dataclass
class Reply:
    """An answer to the person who just wrote. Almost every update has one, so it is
    not an ORM object: `insert_replies` writes it with one statement at the end of the
    update's transaction, and the sender sends from this record once that commits."""

    chat_id: int
    template: str
    text: str
    markup: dict[str, Any] | None
    person_id: int | None
    not_before: datetime
    media: list[dict[str, Any]] | None = None
    id: int | None = None
    attempts: int = 0
    chat_username: str | None = None


Outgoing = Delivery | Reply  # what the sender sends


async def insert_replies(session: AsyncSession, replies: Sequence[Reply], *,
                         now: datetime) -> None:
    """Give every reply not yet written its row (and its id), in order."""
    connection = await session.connection()
    for reply in replies:
        if reply.id is None:
            result = await connection.execute(_INSERT_REPLY, {
                "lane": Lane.interactive, "chat_id": reply.chat_id, "chat_username": None,
                "person_id": reply.person_id, "template": reply.template,
                "text": reply.text, "markup": reply.markup, "media": reply.media,
                "state": DeliveryState.pending, "attempts": 0, "urgent": False,
                "not_before": reply.not_before, "created_at": now})
            reply.id = result.scalar_one()


def enqueue(
    session: AsyncSession, *, lane: Lane, chat_id: int, template: str, text: str,
    markup: dict[str, Any] | None = None, person_id: int | None = None,
    now: datetime, not_before: datetime | None = None, media: Sequence[Media] | None = None,
    chat_username: str | None = None,
) -> Delivery:
    delivery = Delivery(
        lane=lane, chat_id=chat_id, chat_username=chat_username, template=template,
        text=text, markup=markup,
        person_id=person_id, not_before=not_before or now, created_at=now,
        media=[m.as_dict() for m in media] if media else None,
    )
    session.add(delivery)
    return delivery


async def enqueue_many(session: AsyncSession, rows: Sequence[dict[str, Any]], *,
                       now: datetime) -> None:
    """Bulk insert for broadcasts: rows carry chat_id, person_id, template, text, markup,
    and optionally media (a list of Media.as_dict())."""
    for start in range(0, len(rows), 1000):
        chunk = [{"lane": Lane.bulk, "state": DeliveryState.pending, "attempts": 0,
                  "urgent": False, "not_before": now, "created_at": now, "media": None,
                  "chat_username": None, **row}
                 for row in rows[start:start + 1000]]
        await session.exec(sa.insert(Delivery).values(chunk))  # type: ignore[call-overload]


async def claim(session: AsyncSession, *, limit: int, lease: timedelta,
                now: datetime) -> list[Delivery]:
    """Take up to `limit` due deliveries (interactive first), or ones whose lease ran out."""
    due = sa.or_(
        sa.and_(col(Delivery.state) == DeliveryState.pending, col(Delivery.not_before) <= now),
        sa.and_(col(Delivery.state) == DeliveryState.sending, col(Delivery.lease_until) < now),
    )
    return await _claim(session, due, limit=limit, lease=lease, now=now)


async def claim_orphaned_replies(session: AsyncSession, *, created_before: datetime,
                                 limit: int, lease: timedelta, now: datetime,
                                 part: Part = WHOLE) -> list[Delivery]:
    """Replies a previous run committed but never sent (it was killed): at start they go
    before anything new, so a chat still reads its answers in order. With several
    processes, those of the chats of `part`."""
    orphaned = sa.and_(col(Delivery.state) == DeliveryState.pending,
                       col(Delivery.lane) == Lane.interactive,
                       col(Delivery.created_at) < created_before,
                       part.chats(col(Delivery.chat_id)))
    return await _claim(session, orphaned, limit=limit, lease=lease, now=now)


async def _claim(session: AsyncSession, due: Any, *, limit: int,
                 lease: timedelta, now: datetime) -> list[Delivery]:
    lane_order = sa.case((col(Delivery.lane) == Lane.interactive, 0), else_=1)
    ids = (
        select(Delivery.id).where(due)
        .order_by(lane_order, col(Delivery.urgent).desc(), col(Delivery.id)).limit(limit)
        # Several senders on PostgreSQL each take different rows instead of waiting.
        .with_for_update(skip_locked=True)
    )
    chosen = list((await session.exec(ids)).all())
    if not chosen:
        return []
    await session.exec(
        update(Delivery).where(col(Delivery.id).in_(chosen), due)
        .values(state=DeliveryState.sending, lease_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    query = select(Delivery).where(col(Delivery.id).in_(chosen),
                                   Delivery.state == DeliveryState.sending)
    return sorted((await session.exec(query)).all(),
                  key=lambda d: (d.lane != Lane.interactive, not d.urgent, d.id or 0))


_deliveries = Delivery.__table__  # type: ignore[attr-defined]
_INSERT_REPLY = sa.insert(_deliveries).returning(_deliveries.c.id)


def _open(delivery_id: int) -> Any:
    # Only a delivery still pending or claimed may change: never rewrite a final state.
    return sa.and_(col(Delivery.id) == delivery_id,
                   col(Delivery.state).in_([DeliveryState.pending, DeliveryState.sending]))


async def mark_sent(session: AsyncSession, delivery_id: int, message_id: int, *,
                    now: datetime) -> None:
    await session.exec(update(Delivery).where(_open(delivery_id)).values(
        state=DeliveryState.sent, message_id=message_id, sent_at=now, lease_until=None)
        .execution_options(synchronize_session=False))


async def mark_final(session: AsyncSession, delivery_id: int, state: DeliveryState,
                     error: str, *, given_up_at: datetime | None = None) -> None:
    """A final failure; `given_up_at` when it is the end of the bounded retries. Such a
    give-up is a new one to report, even for a delivery an earlier report counted before
    a broadcast's retry button put it back in the queue."""
    given_up = {"given_up_at": given_up_at, "outage_report_id": None} if given_up_at else {}
    await session.exec(update(Delivery).where(_open(delivery_id)).values(
        state=state, error=error[:1000], attempts=Delivery.attempts + 1, lease_until=None,
        **given_up))


async def retry_later(session: AsyncSession, delivery_id: int, at: datetime, error: str) -> None:
    await session.exec(update(Delivery).where(_open(delivery_id)).values(
        state=DeliveryState.pending, not_before=at, error=error[:1000],
        attempts=Delivery.attempts + 1, lease_until=None))


async def backlog(session: AsyncSession) -> tuple[int, datetime | None]:
    """How many messages wait to be sent (due or not yet, claimed or not), and when the
    oldest of them was written."""
    waiting = col(Delivery.state).in_([DeliveryState.pending, DeliveryState.sending])
    count, oldest = (await session.exec(
        select(sa.func.count(), sa.func.min(Delivery.created_at)).where(waiting))).one()
    return int(count), oldest
