"""The engine-independent runtime: inbox processor, dispatcher and sender, wired to
one transport. Both Telegram engines drive this same object."""

import asyncio
import contextlib
import logging

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import menu
from bot.context import Context
from bot.dispatch import Dispatcher
from bot.intake import Intake
from bot.processor import InboxProcessor
from bot.render import Renderer
from bot.router import Router
from bot.sender import Sender
from bot.transport import BadRequest, Forbidden, Transport, TransportError
from models.people import Person

log = logging.getLogger(__name__)


class Runtime:
    def __init__(self, *, transport: Transport, sessionmaker: async_sessionmaker[AsyncSession],
                 router: Router, renderer: Renderer, concurrency: int = 8) -> None:
        self.transport = transport
        self.sessionmaker = sessionmaker
        self.router = router
        self.renderer = renderer
        self.sender = Sender(transport, sessionmaker)
        self.dispatcher = Dispatcher(sessionmaker, router, renderer, self.after_commit)
        self.processor = InboxProcessor(sessionmaker, self.dispatcher, concurrency=concurrency)
        self.intake = Intake(sessionmaker, self.processor.wake)
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self, *, publish_menus: bool = True) -> None:
        if publish_menus:
            await menu.publish_all(self.transport, self.router, self.renderer, self.sessionmaker)
        self._tasks = [asyncio.create_task(self.processor.run(), name="inbox"),
                       asyncio.create_task(self.sender.run(), name="outbox")]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def after_commit(self, ctx: Context) -> None:
        """Answer the person: callback answer first (it stops the spinner), then edits,
        then replies in order. Notifications to others go through the outbox sweep."""
        for answer in ctx.answers:
            await self._quietly(self.transport.answer_callback(
                answer.callback_id, answer.text, answer.alert))
        for edit in ctx.edits:
            await self._quietly(self.transport.edit_message(
                edit.chat_id, edit.message_id, edit.text, edit.markup))
        if ctx.replies:
            await self.sender.deliver(ctx.replies)
        if ctx.notified:
            self.sender.wake()
        for person_id in ctx.roles_changed_for:
            await self._refresh_menu(person_id)

    async def _refresh_menu(self, person_id: int) -> None:
        async with self.sessionmaker() as session:
            person = await session.get(Person, person_id)
            if person is not None:
                await self._quietly(menu.publish_for(
                    self.transport, self.router, self.renderer, session, person))

    async def _quietly(self, call: object) -> None:
        # Ephemeral actions (answers, edits, menus) are not worth an outbox row: a lost
        # edit leaves a stale button, which is refused when pressed.
        try:
            await call  # type: ignore[misc]
        except (BadRequest, Forbidden, TransportError) as error:
            log.warning("ephemeral action failed: %s", error)
