"""Delivers outbox rows through the transport and records what happened to each."""

import asyncio
import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.transport import BadRequest, Forbidden, RetryAfter, Transport, TransportError
from models import outbox
from models.base import utcnow
from models.outbox import Delivery, DeliveryState
from models.people import Person

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
MAX_RETRY_AFTER_WAITS = 3


class Sender:
    def __init__(self, transport: Transport,
                 sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.transport = transport
        self.sessionmaker = sessionmaker
        self.in_flight: set[int] = set()
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def deliver(self, deliveries: list[Delivery]) -> None:
        """Send now, in order, then record every result in one transaction."""
        deliveries = [d for d in deliveries if d.id is not None and d.id not in self.in_flight]
        self.in_flight.update(d.id for d in deliveries if d.id is not None)
        try:
            results = [(d, await self._send(d)) for d in deliveries]
            async with self.sessionmaker() as session, session.begin():
                for delivery, result in results:
                    await self._record(session, delivery, result)
        finally:
            self.in_flight.difference_update(d.id for d in deliveries if d.id is not None)

    async def _send(self, delivery: Delivery) -> int | Exception:
        for _ in range(MAX_RETRY_AFTER_WAITS):
            try:
                return await self.transport.send_message(
                    delivery.chat_id, delivery.text, delivery.markup)
            except RetryAfter as error:
                await asyncio.sleep(error.seconds)
            except (Forbidden, BadRequest, TransportError) as error:
                return error
        return TransportError("still rate limited")

    async def _record(self, session: AsyncSession, delivery: Delivery,
                      result: int | Exception) -> None:
        assert delivery.id is not None
        if isinstance(result, int):
            await outbox.mark_sent(session, {delivery.id: result})
        elif isinstance(result, Forbidden) or _never_started(result):
            await outbox.mark(session, delivery.id, DeliveryState.unreachable, error=str(result))
            if delivery.person_id is not None:
                await session.exec(update(Person).where(Person.id == delivery.person_id)
                                   .values(unreachable=True))
        elif isinstance(result, BadRequest) or delivery.attempts + 1 >= MAX_ATTEMPTS:
            log.error("delivery %s (%s) failed: %s", delivery.id, delivery.template, result)
            await outbox.mark(session, delivery.id, DeliveryState.failed, error=str(result))
        else:
            backoff = timedelta(seconds=2 ** delivery.attempts)
            await outbox.mark(session, delivery.id, DeliveryState.pending, error=str(result),
                              retry_at=utcnow() + backoff)

    async def run(self, *, batch: int = 50, idle: float = 1.0) -> None:
        """Sweep due deliveries until cancelled."""
        while True:
            async with self.sessionmaker() as session:
                due = [d for d in await outbox.due(session, limit=batch)
                       if d.id not in self.in_flight]
            if due:
                await self.deliver(due)
                continue
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), idle)
            except TimeoutError:
                pass


def _never_started(result: Exception) -> bool:
    # Telegram answers 400 "chat not found" for someone who never opened the bot:
    # as unreachable as a block, and just as pointless to retry.
    return isinstance(result, BadRequest) and "chat not found" in str(result)
