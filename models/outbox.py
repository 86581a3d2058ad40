"""The outbox: one delivery row per recipient, written in the transaction that caused
it, so a rolled-back change sends nothing and a committed one is always delivered."""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import UTCDateTime, enum_column, json_column, telegram_id, timestamp, utcnow


class Lane(StrEnum):
    interactive = "interactive"  # the answer to the person who just wrote
    bulk = "bulk"  # notifications to everyone else


class DeliveryState(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"
    unreachable = "unreachable"


class Delivery(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_delivery_due", "state", "lane", "not_before", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    lane: Lane = enum_column(Lane)
    chat_id: int = telegram_id()
    person_id: int | None = Field(default=None, foreign_key="person.id")
    template: str
    text: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    markup: dict[str, Any] | None = json_column(nullable=True)
    state: DeliveryState = enum_column(DeliveryState, DeliveryState.pending)
    attempts: int = 0
    error: str | None = None
    message_id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger()))
    not_before: datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(UTCDateTime(), nullable=False)
    )
    created_at: datetime = timestamp()
    sent_at: datetime | None = timestamp(nullable=True)


def enqueue(
    session: AsyncSession, *, lane: Lane, chat_id: int, template: str, text: str,
    markup: dict[str, Any] | None = None, person_id: int | None = None,
    not_before: datetime | None = None,
) -> Delivery:
    delivery = Delivery(
        lane=lane, chat_id=chat_id, template=template, text=text, markup=markup,
        person_id=person_id, not_before=not_before or utcnow(),
    )
    session.add(delivery)
    return delivery


async def due(session: AsyncSession, *, limit: int) -> list[Delivery]:
    """Pending deliveries whose time has come, interactive lane first."""
    lane_order = sa.case((col(Delivery.lane) == Lane.interactive, 0), else_=1)
    query = (
        select(Delivery)
        .where(Delivery.state == DeliveryState.pending, col(Delivery.not_before) <= utcnow())
        .order_by(lane_order, col(Delivery.id))
        .limit(limit)
    )
    return list((await session.exec(query)).all())


async def mark_sent(session: AsyncSession, sent: dict[int, int]) -> None:
    """sent: delivery id -> Telegram message_id. Guarded by state so a retry after a
    crash never rewrites a delivery another worker already finished."""
    now = utcnow()
    for delivery_id, message_id in sent.items():
        await session.exec(
            update(Delivery)
            .where(col(Delivery.id) == delivery_id, Delivery.state == DeliveryState.pending)
            .values(state=DeliveryState.sent, message_id=message_id, sent_at=now)
        )


async def mark(
    session: AsyncSession, delivery_id: int, state: DeliveryState, *, error: str | None = None,
    retry_at: datetime | None = None,
) -> None:
    values: dict[str, Any] = {"error": error, "attempts": Delivery.attempts + 1}
    if retry_at is not None:
        values["not_before"] = retry_at
    else:
        values["state"] = state
    await session.exec(
        update(Delivery)
        .where(col(Delivery.id) == delivery_id, Delivery.state == DeliveryState.pending)
        .values(**values)
    )
