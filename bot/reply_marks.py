"""Replies sent at once are recorded as sent together: one transaction for all the
replies of the last moment, instead of one each, so the dispatch transaction stays the
only one per update. A kill in between only means those replies may go out once more."""

import asyncio
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from models.outbox import Delivery, DeliveryState

MARK_DELAY = 0.02  # seconds replies wait to be recorded together

_deliveries = Delivery.__table__  # type: ignore[attr-defined]
_MARK_SENT = (sa.update(_deliveries)
              .where(_deliveries.c.id == sa.bindparam("delivery"),
                     # Not IN (...): an expanding parameter cannot be executemany'd.
                     sa.or_(_deliveries.c.state == DeliveryState.pending,
                            _deliveries.c.state == DeliveryState.sending))
              .values(state=DeliveryState.sent, message_id=sa.bindparam("message"),
                      sent_at=sa.bindparam("now"), lease_until=None))


class ReplyMarks:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock,
                 on_change: Callable[[], None]) -> None:
        self.sessionmaker = sessionmaker
        self.clock = clock
        self.on_change = on_change  # told when recording starts or ends
        self._waiting: list[tuple[int, int]] = []  # (delivery id, message id)
        self._task: asyncio.Task[None] | None = None
        self._writing = 0  # transactions recording sent replies

    @property
    def pending(self) -> bool:
        """Sent replies not yet recorded, or being recorded."""
        return bool(self._waiting or self._writing)

    def add(self, delivery_id: int, message_id: int) -> None:
        self._waiting.append((delivery_id, message_id))

    def schedule(self) -> None:
        if self._waiting and (self._task is None or self._task.done()):
            self._task = asyncio.create_task(self._flush_soon())

    async def _flush_soon(self) -> None:
        await asyncio.sleep(MARK_DELAY)
        await self.flush()

    async def flush(self) -> None:
        """Record now the sent replies that wait to be recorded together."""
        # Replies sent while this writes find the task running and schedule nothing:
        # take them too, or they stay unrecorded and the sweep sends them again.
        while self._waiting:
            marks, self._waiting = self._waiting, []
            now = self.clock.now()
            self._writing += 1
            try:
                async with self.sessionmaker() as session, session.begin():
                    # One statement for all of them (executemany), as outbox.mark_sent does.
                    connection = await session.connection()
                    await connection.execute(_MARK_SENT, [
                        {"delivery": delivery_id, "message": message_id, "now": now}
                        for delivery_id, message_id in marks])
            finally:
                self._writing -= 1
                self.on_change()

    async def close(self) -> None:
        if self._task is not None:
            # Waited for, not cancelled: cancelled mid-write it would lose its marks and
            # those replies would go out again at the next start.
            await asyncio.gather(self._task, return_exceptions=True)
        await self.flush()
