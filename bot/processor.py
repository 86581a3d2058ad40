"""Works through the inbox: updates of one chat in order, different chats at once."""

import asyncio
import logging
from itertools import groupby

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch import Dispatcher
from bot.incoming import Incoming
from models import inbox
from models.inbox import InboxUpdate

log = logging.getLogger(__name__)


class InboxProcessor:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], dispatcher: Dispatcher,
                 *, concurrency: int = 8, batch: int = 200) -> None:
        self.sessionmaker = sessionmaker
        self.dispatcher = dispatcher
        self.batch = batch
        self._slots = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self, *, idle: float = 1.0) -> None:
        while True:
            self._wake.clear()
            if not await self.drain():
                try:
                    await asyncio.wait_for(self._wake.wait(), idle)
                except TimeoutError:
                    pass

    async def drain(self) -> int:
        """Process one batch of pending updates; returns how many were looked at."""
        async with self.sessionmaker() as session:
            rows = await inbox.pending(session, limit=self.batch)
        by_chat = groupby(sorted(rows, key=lambda r: (r.chat_id, r.update_id)),
                          key=lambda r: r.chat_id)
        await asyncio.gather(*(self._chat(list(updates)) for _, updates in by_chat))
        return len(rows)

    async def _chat(self, updates: list[InboxUpdate]) -> None:
        async with self._slots:
            for row in updates:
                await self.dispatcher.handle(Incoming.from_dict(row.payload))
