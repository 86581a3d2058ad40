"""Works through the inbox: updates of one chat in order, different chats at once.

Intake hands over what it has just stored, so an update starts as soon as its chat is
free instead of waiting for a batch read from the inbox to finish. The inbox itself is
read at start, after a failure (to try again) and once every `idle` seconds: it holds
what a previous run left and what another process (a webhook) stored."""

import asyncio
import logging
from collections import deque
from collections.abc import Iterable, Sequence

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.dispatch import Dispatcher
from chat.incoming import Incoming
from models import inbox
from models.partition import WHOLE, Part

log = logging.getLogger(__name__)


class InboxProcessor:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], dispatcher: Dispatcher,
                 *, concurrency: int = 8, batch: int = 200, part: Part = WHOLE) -> None:
        self.sessionmaker = sessionmaker
        self.dispatcher = dispatcher
        self.batch = batch
        self.part = part  # the chats this process handles
        # Updates handled at once, answers included: it also bounds how many replies a
        # kill -9 can leave sent but not recorded (sent again at the next start).
        self._slots = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()
        self._chats: dict[int, deque[Incoming]] = {}  # chats with a worker, their queue
        self._queued: set[int] = set()  # update_ids queued or being handled
        self._workers: set[asyncio.Task[None]] = set()
        self._draining = False
        # Set while nothing is queued, handled or about to be read again from the inbox
        # (first after `run` read what a previous run left): what is handed over is in
        # `_queued` at once, so a waiter sees no gap. Tests wait for it.
        self.idle = asyncio.Event()

    def wake(self, stored: Sequence[Incoming] = ()) -> None:
        """Take updates intake has just stored; with none, read the inbox again soon."""
        if stored:
            self.submit(stored)
        else:
            self._wake.set()
            self.idle.clear()

    def submit(self, updates: Iterable[Incoming]) -> None:
        """Queue stored updates behind those of their chat already queued."""
        for update in updates:
            if update.update_id in self._queued or not self.part.owns(update.chat_id):
                continue
            self._queued.add(update.update_id)
            self.idle.clear()
            queue = self._chats.get(update.chat_id)
            if queue is not None:
                queue.append(update)
                continue
            self._chats[update.chat_id] = deque([update])
            worker = asyncio.create_task(self._chat(update.chat_id))
            self._workers.add(worker)
            worker.add_done_callback(self._workers.discard)

    async def run(self, *, idle: float = 1.0) -> None:
        try:
            while True:
                self._wake.clear()
                self._draining = True
                try:
                    await self.drain()
                finally:
                    self._draining = False
                self._note_idle()
                try:
                    await asyncio.wait_for(self._wake.wait(), idle)
                except TimeoutError:
                    pass
        finally:
            for worker in list(self._workers):
                worker.cancel()
            await asyncio.gather(*self._workers, return_exceptions=True)

    async def drain(self) -> int:
        """Queue every pending update of the inbox; returns how many it read."""
        after, count = None, 0
        while True:
            async with self.sessionmaker() as session:
                rows = await inbox.pending(session, limit=self.batch, after=after,
                                           part=self.part)
            self.submit(Incoming.from_dict(row.payload) for row in rows)
            count += len(rows)
            if len(rows) < self.batch:
                return count
            after = rows[-1].update_id

    async def _chat(self, chat_id: int) -> None:
        queue = self._chats[chat_id]
        try:
            while queue:
                update = queue[0]
                try:
                    async with self._slots:
                        handled = await self.dispatcher.handle(update)
                except Exception:
                    log.exception("update %s: answering failed", update.update_id)
                    handled = True  # committed: the outbox sweep sends what is left
                queue.popleft()
                if not handled:
                    self.wake()  # a failure stays pending for another attempt
                self._queued.discard(update.update_id)
        finally:
            del self._chats[chat_id]
            for update in queue:
                self._queued.discard(update.update_id)
            self._note_idle()

    def _note_idle(self) -> None:
        if not (self._queued or self._draining or self._wake.is_set()):
            self.idle.set()
