"""The sender: the only place that talks to Telegram for outgoing messages. It owns the
rate limits, gives interactive replies priority over bulk notifications, and records
what happened to every delivery."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from functools import partial
from itertools import groupby
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.metrics import Metrics
from bot.rate_limits import Limiter
from bot.reply_marks import ReplyMarks
from bot.send_results import Failed, Later, Result, Sent, label
from bot.shown import Shown
from bot.splitting import split_message
from bot.supervision import equal_jitter
from bot.transport import BadRequest, Forbidden, RetryAfter, Transport, TransportError, Upload
from models import files, outbox
from models.files import StoredFile
from models.messages import Media
from models.outbox import Delivery, DeliveryState, Outgoing
from models.partition import WHOLE, Part
from models.people.persons import Person

log = logging.getLogger(__name__)

# Network errors, 5xx and answers that are not JSON, across sweeps. With backoff() the
# tries of one delivery span at least nine minutes: an outage that short loses nothing.
MAX_ATTEMPTS = 12
BACKOFF_CAP = 300.0  # seconds between two tries of one delivery, at most
MAX_RETRY_AFTER = 5  # 429s for one message before it goes back to the queue
CAPTION_LIMIT = 1024  # visible characters of a photo's or document's caption
# Telegram's refusal of an edit that would leave the message as it is.
NOT_MODIFIED = "message is not modified"


class Sender:
    def __init__(self, transport: Transport, sessionmaker: async_sessionmaker[AsyncSession],
                 limiter: Limiter, *, concurrency: int = 8,
                 lease: timedelta = timedelta(seconds=60), clock: Clock,
                 metrics: Metrics | None = None) -> None:
        self.transport = transport
        self.metrics = metrics or Metrics()
        self.sessionmaker = sessionmaker
        self.limiter = limiter
        self.concurrency = concurrency
        self.lease = lease
        self.clock = clock
        self.in_flight: set[int] = set()
        self._wake = asyncio.Event()
        self._marks = ReplyMarks(sessionmaker, clock, self._note_idle)
        self._uploaded: dict[int, str] = {}  # stored file id -> Telegram's file_id
        self._shown = Shown()  # what the messages sent and edited here show now
        self._swept = False  # the bulk lane found nothing due since it was last woken
        # Set while nothing is being sent or recorded and nothing was due at the last
        # wake (tests wait for it; it needs the bulk lane running).
        self.idle = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()
        self._swept = False
        self.idle.clear()

    async def send_replies(self, deliveries: Sequence[Outgoing]) -> None:
        """The interactive lane: answers to the person who just wrote, sent at once."""
        mine = [d for d in deliveries if d.id is not None and d.id not in self.in_flight]
        self.in_flight.update(d.id for d in mine if d.id is not None)
        self._note_idle()
        try:
            results = [(d, await self.send(d, interactive=True)) for d in mine]
            for delivery, result in results:
                if isinstance(result, Sent):
                    self._marks.add(delivery.id or 0, result.message_id)
            self._marks.schedule()
            await self._record([(d, r) for d, r in results if not isinstance(r, Sent)])
        finally:
            self.in_flight.difference_update(d.id for d in mine if d.id is not None)
            self._note_idle()

    def _note_idle(self) -> None:
        if self._swept and not (self.in_flight or self._marks.pending):
            self.idle.set()
        else:
            self.idle.clear()

    async def flush(self) -> None:
        """Record now the sent replies that wait to be recorded together."""
        await self._marks.flush()

    async def close(self) -> None:
        await self._marks.close()

    async def edit(self, chat_id: int, message_id: int, text: str,
                   markup: dict[str, Any] | None = None) -> None:
        """Edit a message, unless it is known to show this text and these buttons."""
        if self._shown.same(chat_id, message_id, text, markup):
            return
        # Remembered before the call: a second press while it is on its way sends nothing.
        self._shown.remember(chat_id, message_id, text, markup)
        try:
            await self.limiter.acquire(chat_id, interactive=True)
            await self.transport.edit_message(chat_id, message_id, text, markup)
        except BadRequest as error:
            if not error.says(NOT_MODIFIED):  # else it shows what was asked: done
                self._shown.forget(chat_id, message_id)
                raise
        except BaseException:
            self._shown.forget(chat_id, message_id)  # it may show either now
            raise

    async def recover(self, part: Part = WHOLE) -> int:
        """Send the replies a killed predecessor left behind; call before taking updates.
        part: with several processes, the chats this one answers."""
        started, recovered = self.clock.now(), 0
        while True:
            async with self.sessionmaker() as session, session.begin():
                orphans = await outbox.claim_orphaned_replies(
                    session, created_before=started, limit=self.concurrency, lease=self.lease,
                    now=self.clock.now(), part=part)
            if not orphans:
                return recovered
            await self._send_batch(orphans)
            recovered += len(orphans)

    async def run(self, *, idle: float = 1.0) -> None:
        """The bulk lane: claim due deliveries, send them, record, repeat until cancelled."""
        while True:
            # Cleared before the claim, not after: a wake while it reads (a delivery
            # committed just too late for it) must not be lost until the next `idle`.
            self._wake.clear()
            async with self.sessionmaker() as session, session.begin():
                claimed = await outbox.claim(session, limit=self.concurrency, lease=self.lease,
                                             now=self.clock.now())
            claimed = [d for d in claimed if d.id not in self.in_flight]
            if claimed:
                self._swept = False
                self._note_idle()
                await self._send_batch(claimed)
                continue
            if not self._wake.is_set():
                self._swept = True
                self._note_idle()
            try:
                await asyncio.wait_for(self._wake.wait(), idle)
            except TimeoutError:
                pass

    async def _send_batch(self, deliveries: list[Delivery]) -> None:
        by_chat = groupby(sorted(deliveries, key=lambda d: (d.chat_id, d.id or 0)),
                          key=lambda d: d.chat_id)
        # One chat's messages in order; different chats at once.
        batches = await asyncio.gather(*(self._send_in_order(list(g)) for _, g in by_chat))
        await self._record([pair for batch in batches for pair in batch])

    async def _send_in_order(self, deliveries: list[Delivery]) -> list[tuple[Delivery, Result]]:
        return [(d, await self.send(d, interactive=False)) for d in deliveries]

    async def send(self, delivery: Outgoing, *, interactive: bool) -> Result:
        result = await self._deliver(delivery, interactive=interactive)
        self.metrics.sends.inc(label(result))
        return result

    async def _deliver(self, delivery: Outgoing, *, interactive: bool) -> Result:
        """Send one delivery: its media, then its text (split if too long), or one medium
        with the text as caption when it fits and has no buttons. Never raises for
        Telegram's answers."""
        media = [Media.from_dict(m) for m in delivery.media or ()]
        # A message with buttons stays text: pressing one edits it, and Telegram edits a
        # caption through another method with another limit.
        as_caption = (len(media) == 1 and not delivery.markup
                      and len(split_message(delivery.text, CAPTION_LIMIT)) == 1)
        message_id = 0
        for medium in media:
            caption, markup = (delivery.text, delivery.markup) if as_caption else (None, None)
            result = await self._attempt(delivery, interactive, partial(
                self._send_medium, address(delivery), medium, caption, markup))
            if not isinstance(result, Sent):
                return result
            message_id = result.message_id
        parts = [] if as_caption else split_message(delivery.text)
        for index, part in enumerate(parts):
            markup = delivery.markup if index == len(parts) - 1 else None
            result = await self._attempt(delivery, interactive, partial(
                self.transport.send_message, address(delivery), part, markup))
            if not isinstance(result, Sent):
                return result
            message_id = result.message_id
            self._shown.remember(delivery.chat_id, message_id, part, markup)
        return Sent(message_id)

    async def _send_medium(self, chat_id: int | str, medium: Media, caption: str | None,
                           markup: dict[str, Any] | None) -> int:
        if medium.file_id is not None:
            message_id, _ = await self.transport.send_media(chat_id, medium.kind, medium.file_id,
                                                            caption, markup)
            return message_id
        assert medium.stored_file_id is not None
        source = await self._stored(medium.stored_file_id)
        message_id, file_id = await self.transport.send_media(chat_id, medium.kind, source,
                                                              caption, markup)
        if isinstance(source, Upload) and file_id:
            self._uploaded[medium.stored_file_id] = file_id
            async with self.sessionmaker() as session, session.begin():
                await files.remember_upload(session, medium.stored_file_id, file_id)
        return message_id

    async def _stored(self, stored_file_id: int) -> str | Upload:
        """Telegram's file_id once the file has been uploaded, else its bytes."""
        if stored_file_id in self._uploaded:
            return self._uploaded[stored_file_id]
        async with self.sessionmaker() as session:
            stored = await session.get(StoredFile, stored_file_id)
        if stored is None:
            raise BadRequest(f"stored file {stored_file_id} does not exist")
        if stored.telegram_file_id:
            self._uploaded[stored_file_id] = stored.telegram_file_id
            return stored.telegram_file_id
        return Upload(stored.name, stored.content_type, stored.data)

    async def _attempt(self, delivery: Outgoing, interactive: bool,
                       call: Callable[[], Awaitable[int]]) -> Result:
        for _ in range(MAX_RETRY_AFTER):
            await self.limiter.acquire(delivery.chat_id, interactive=interactive)
            try:
                return Sent(await call())
            except RetryAfter as error:
                self._flooded(error.seconds, interactive)
                # Telegram asks the whole bot to slow down, not just this chat.
                self.limiter.pause(error.seconds, bulk_only=not interactive)
            except Forbidden as error:
                return Failed(DeliveryState.unreachable, str(error))
            except BadRequest as error:
                if error.says("chat not found"):  # never opened the bot: as good as blocked
                    return Failed(DeliveryState.unreachable, str(error))
                log.error("delivery %s (template %s) refused: %s", delivery.id,
                          delivery.template, error)
                return Failed(DeliveryState.failed, str(error))
            except TransportError as error:
                return self._transient(delivery, str(error))
            except Exception as error:  # an answer no engine maps: never lose the delivery
                log.warning("delivery %s: unexpected answer %r", delivery.id, error)
                return self._transient(delivery, repr(error))
        return Later("rate limited")

    def _flooded(self, seconds: float, interactive: bool) -> None:
        self.metrics.sends.inc("429")
        self.metrics.flood.inc("interactive" if interactive else "bulk")
        self.metrics.flood_wait.inc(amount=seconds)

    def _transient(self, delivery: Outgoing, error: str) -> Result:
        last = delivery.attempts + 1 >= MAX_ATTEMPTS
        return Failed(DeliveryState.failed, error, given_up=True) if last else Later(error)

    async def _record(self, results: Sequence[tuple[Outgoing, Result]]) -> None:
        if not results:
            return
        async with self.sessionmaker() as session, session.begin():
            for delivery, result in results:
                await self._record_one(session, delivery, result)

    async def _record_one(self, session: AsyncSession, delivery: Outgoing,
                          result: Result) -> None:
        assert delivery.id is not None
        if isinstance(result, Sent):
            await outbox.mark_sent(session, delivery.id, result.message_id, now=self.clock.now())
        elif isinstance(result, Later):
            await outbox.retry_later(session, delivery.id,
                                     self.clock.now() + backoff(delivery.attempts), result.error)
        else:
            await outbox.mark_final(session, delivery.id, result.state, result.error,
                                    given_up_at=self.clock.now() if result.given_up else None)
            if result.state == DeliveryState.unreachable and delivery.chat_id > 0:
                # A private chat's id is its person's Telegram id.
                await session.exec(update(Person).values(unreachable=True)
                                   .where(col(Person.telegram_id) == delivery.chat_id))


def address(delivery: Outgoing) -> int | str:
    """Where Telegram should send it: a chat id, or a public channel's @username."""
    return delivery.chat_username or delivery.chat_id


def backoff(attempts: int) -> timedelta:
    """After a delivery's failed tries: half of each delay kept, so a short outage
    cannot use up its tries."""
    return timedelta(seconds=equal_jitter(attempts, first=1.0, cap=BACKOFF_CAP))
