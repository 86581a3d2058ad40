"""Keeps each broadcast's progress message up to date, and posts the final report. The
message is edited in place through the sender, which is why this lives in the runtime."""

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from chat.render import Renderer
from models.languages import pick_language
from models.notices import broadcasts
from models.notices.broadcasts import Broadcast
from models.notices.sending import PROGRESS, minutes_left
from models.outbox import Delivery
from models.people.persons import Person

Edit = Callable[[int, int, str], Awaitable[object]]


class ProgressReporter:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer,
                 edit: Edit, clock: Clock) -> None:
        self.sessionmaker = sessionmaker
        self.renderer = renderer
        self.edit = edit
        self.clock = clock
        self.shown: dict[int, str] = {}

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
        for broadcast, progress, finished, (chat_id, message_id, language) in updates:
            text = self.renderer.render(language, PROGRESS, broadcast=broadcast,
                                        progress=progress, finished=finished,
                                        minutes_left=minutes_left(broadcast, progress, now))
            if self.shown.get(broadcast.id or 0) != text:
                self.shown[broadcast.id or 0] = text
                await self.edit(chat_id, message_id, text)

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
