"""Keeps each broadcast's progress message up to date: what it says is the notices'
own (models/notices/progress.py); the runtime renders it and edits the message in place
through the sender. An edit Telegram refuses or cannot take now is tried again at the
next sweep, and never keeps the other broadcasts' messages from being edited."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.transport import BadRequest
from chat.render import Renderer
from models.notices import progress

log = logging.getLogger(__name__)
Edit = Callable[[int, int, str, dict[str, Any] | None], Awaitable[object]]
Shown = tuple[int, int, str, dict[str, Any] | None]  # chat_id, message_id, text, markup


class ProgressReporter:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer,
                 edit: Edit, clock: Clock, retry: progress.RetryButtons) -> None:
        self.sessionmaker = sessionmaker
        self.renderer = renderer
        self.edit = edit
        self.clock = clock
        self.retry = retry
        self.shown: dict[int, tuple[str, dict[str, Any] | None]] = {}
        # Edits that failed, by broadcast, kept until one gets through: the final report
        # is rendered once, when the broadcast finishes, and would be lost with its edit.
        self.unsent: dict[int, Shown] = {}

    async def sweep(self) -> None:
        # Read first, then render and call Telegram: no transaction waits on HTTP.
        async with self.sessionmaker() as session, session.begin():
            messages = await progress.progress_messages(session, now=self.clock.now(),
                                                        retry=self.retry)
        fresh = dict(self.unsent)
        for message in messages:
            text = self.renderer.render(message.language, progress.TEMPLATE, **message.params)
            markup = self.renderer.markup(message.language, message.buttons)
            fresh[message.broadcast_id] = (message.chat_id, message.message_id, text, markup)
        for broadcast_id, showing in fresh.items():
            if self.shown.get(broadcast_id) != showing[2:]:
                await self._show(broadcast_id, showing)

    async def _show(self, broadcast_id: int, shown: Shown) -> None:
        chat_id, message_id, text, markup = shown
        try:
            await self.edit(chat_id, message_id, text, markup)
        except BadRequest as error:  # refused for good (the message is gone): not retried
            log.warning("progress of broadcast %s refused: %s", broadcast_id, error)
        except Exception as error:
            log.warning("progress of broadcast %s not shown yet: %r", broadcast_id, error)
            self.unsent[broadcast_id] = shown
            return
        self.unsent.pop(broadcast_id, None)
        self.shown[broadcast_id] = (text, markup)
