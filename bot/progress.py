"""Keeps each broadcast's progress message up to date, and posts the final report. The
message is edited in place through the sender, which is why this lives in the runtime.
An edit Telegram refuses or cannot take now is tried again at the next sweep, and never
keeps the other broadcasts' messages from being edited."""

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.transport import BadRequest
from chat.render import Renderer
from models.languages import pick_language
from models.notices import broadcasts
from models.notices.broadcasts import Broadcast
from models.notices.sending import PROGRESS, minutes_left
from models.outbox import Delivery
from models.people.persons import Person

log = logging.getLogger(__name__)
Edit = Callable[[int, int, str], Awaitable[object]]
Shown = tuple[int, int, str]  # chat_id, message_id, text


class ProgressReporter:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer,
                 edit: Edit, clock: Clock) -> None:
        self.sessionmaker = sessionmaker
        self.renderer = renderer
        self.edit = edit
        self.clock = clock
        self.shown: dict[int, str] = {}
        # Edits that failed, by broadcast, kept until one gets through: the final report
        # is rendered once, when the broadcast finishes, and would be lost with its edit.
        self.unsent: dict[int, Shown] = {}

    async def sweep(self) -> None:
        updates = []
        async with self.sessionmaker() as session, session.begin():
            for broadcast in await broadcasts.in_progress(session):
                progress = await broadcasts.progress(session, broadcast)
                finished = progress.complete and await broadcasts.finish(session, broadcast)
                target = await self._message_of(session, broadcast)
                if target is not None:
                    updates.append((broadcast, progress, finished, target))
        now = self.clock.now()
        fresh = dict(self.unsent)
        for broadcast, progress, finished, (chat_id, message_id, language) in updates:
            text = self.renderer.render(language, PROGRESS, broadcast=broadcast,
                                        progress=progress, finished=finished,
                                        minutes_left=minutes_left(broadcast, progress, now))
            fresh[broadcast.id or 0] = (chat_id, message_id, text)
        for broadcast_id, shown in fresh.items():
            if self.shown.get(broadcast_id) != shown[2]:
                await self._show(broadcast_id, shown)

    async def _show(self, broadcast_id: int, shown: Shown) -> None:
        chat_id, message_id, text = shown
        try:
            await self.edit(chat_id, message_id, text)
        except BadRequest as error:  # refused for good (the message is gone): not retried
            log.warning("progress of broadcast %s refused: %s", broadcast_id, error)
        except Exception as error:
            log.warning("progress of broadcast %s not shown yet: %r", broadcast_id, error)
            self.unsent[broadcast_id] = shown
            return
        self.unsent.pop(broadcast_id, None)
        self.shown[broadcast_id] = text

    async def _message_of(self, session: AsyncSession,
                          broadcast: Broadcast) -> tuple[int, int, str] | None:
        if broadcast.progress_delivery_id is None:
            return None
        delivery = await session.get(Delivery, broadcast.progress_delivery_id)
        author = await session.get(Person, broadcast.author_id)
        if delivery is None or delivery.message_id is None or author is None:
            return None
        language = pick_language(author.language, author.telegram_language)
        return delivery.chat_id, delivery.message_id, language
