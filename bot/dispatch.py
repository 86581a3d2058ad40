"""One update, one transaction: claim it in the inbox, load the person, route it,
commit, then send what the handler answered."""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.database import unavailable
from bot.metrics import Metrics
from bot.supervision import Backoff, Trouble
from chat import payloads as callback_data
from chat.context import Context
from chat.incoming import Incoming
from chat.render import Renderer
from chat.router import Route, Router
from models import inbox
from models.community import CommunityCache
from models.people import persons as people

log = logging.getLogger(__name__)

AfterCommit = Callable[[Context], Awaitable[None]]


class Dispatcher:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], router: Router,
                 renderer: Renderer, after_commit: AfterCommit, clock: Clock, *,
                 bot_username: str | None = None, metrics: Metrics | None = None) -> None:
        self.sessionmaker = sessionmaker
        self.router = router
        self.renderer = renderer
        self.after_commit = after_commit
        self.clock = clock
        self.bot_username = bot_username  # for links to the private chat; None: unknown
        self.communities = CommunityCache()
        self.trouble = Trouble("handling updates")
        self.backoff = Backoff(first=0.1, cap=5.0)
        self.metrics = metrics or Metrics()

    async def handle(self, incoming: Incoming) -> bool:
        """Process a stored update exactly once. False when it was already processed, or
        was not this time (it stays pending: the processor reads it again)."""
        started, result = time.perf_counter(), "failed"
        try:
            result, ctx = await self._handle(incoming)
            if ctx is not None:
                await self.after_commit(ctx)
        finally:
            self.metrics.updates.inc(result)
            if result != "duplicate":
                self.metrics.handling.observe(time.perf_counter() - started)
        return result == "handled"

    async def _handle(self, incoming: Incoming) -> tuple[str, Context | None]:
        """The update's transaction: its result for the metrics, and the context whose
        answers go out once it committed."""
        try:
            async with self.sessionmaker() as session, session.begin():
                if not await inbox.claim(session, incoming.update_id, now=self.clock.now()):
                    return "duplicate", None
                ctx = await self._context(session, incoming)
                await self._route(ctx)
                await ctx.store_replies()
        except Exception as error:
            if unavailable(error):
                # Not the update's fault: it stays pending, its attempts untouched, so a
                # database that comes and goes never has an update given up as failed.
                # The pause keeps a database that is away from being asked at once again.
                self.trouble.failed(error)
                await asyncio.sleep(self.backoff.next())
                return "deferred", None
            log.exception("update %s failed", incoming.update_id,
                          extra={"update_id": incoming.update_id, "chat_id": incoming.chat_id})
            async with self.sessionmaker() as session, session.begin():
                await inbox.record_failure(session, incoming.update_id, repr(error),
                                           now=self.clock.now())
            return "failed", None
        self.trouble.recovered()
        self.backoff.reset()
        return "handled", ctx

    async def _context(self, session: AsyncSession, incoming: Incoming) -> Context:
        now = self.clock.now()
        person, roles, conversation = await people.seen_in_conversation(
            session, tg_id=incoming.user_id, display_name=incoming.display_name,
            username=incoming.username, language_code=incoming.language_code, now=now,
        )
        return Context(
            session=session, incoming=incoming, person=person, roles=roles,
            community=await self.communities.of(session, person.community_id),
            conversation=conversation,
            renderer=self.renderer, router=self.router, now=now,
        )

    async def _route(self, ctx: Context) -> None:
        incoming = ctx.incoming
        if self._draft_lost(ctx) and incoming.command is None:
            return  # a message or button meant for the lost draft: nothing to act on
        if incoming.kind == "callback":
            await self._route_callback(ctx)
        elif incoming.command is not None:
            await self._route_command(ctx, incoming.command)
        elif incoming.kind == "message" and ctx.private:  # group chatter feeds no dialogue
            await self._route_step(ctx)

    async def _route_command(self, ctx: Context, command: str) -> None:
        route = self.router.commands.get(command)
        if not ctx.private and (route is None or not route.groups):
            # Personal data and dialogues stay in the private chat with the bot. A command
            # unknown here may be another bot's: the group hears nothing of it.
            if route is not None:
                ctx.reply("common/private_only", command=command, bot=self.bot_username)
        elif route is None:
            ctx.reply("common/unknown_command", command=command)
        elif self._permitted(ctx, route):
            await route.handler(ctx)

    async def _route_step(self, ctx: Context) -> None:
        step = self.router.steps.get(ctx.conversation.step or "")
        if step is None:
            ctx.reply("common/use_commands")
        elif self._may_go_on(ctx, step):
            await step.handler(ctx)

    async def _route_callback(self, ctx: Context) -> None:
        payload = callback_data.unpack(ctx.incoming.callback_data)
        route = self.router.callbacks.get(type(payload)) if payload else None
        if route is None or (route.step and (route.step != ctx.conversation.step
                                             or not ctx.private)):
            # A dialogue's button acts only in the private chat it was sent to.
            ctx.answer("common/stale_button", alert=True)
        elif not ctx.private and not route.groups:
            ctx.answer("common/private_only_button", alert=True)
        elif route.step and not self._may_go_on(ctx, self.router.steps[route.step]):
            return
        elif self._permitted(ctx, route):
            await route.handler(ctx, payload)

    def _draft_lost(self, ctx: Context) -> bool:
        """Discard a draft stored by an older shape of its dialogue, saying how to start
        again, instead of failing on every message the person sends."""
        if not ctx.private or (lost := self.router.lost_draft(ctx.conversation)) is None:
            return False
        log.info("draft at step %r of %s discarded: it no longer fits its dialogue",
                 ctx.conversation.step, ctx.incoming.user_id)
        ctx.finish()
        ctx.answer()
        ctx.reply("common/draft_lost", command=lost.command)
        return True

    def _may_go_on(self, ctx: Context, step: Route) -> bool:
        """Whether the person may still act at their dialogue's step, checked at every
        step rather than when the dialogue began. If not, the dialogue ends here and
        nothing it collected is acted on."""
        if self._refusal(ctx, step) is None:
            return True
        ctx.finish()
        ctx.answer("common/dialogue_stopped", alert=True)
        return False

    def _permitted(self, ctx: Context, route: Route) -> bool:
        """Answers the refusal itself; handlers re-check state, this checks who."""
        refusal = self._refusal(ctx, route)
        if refusal is not None:
            ctx.answer(refusal, alert=True)
        return refusal is None

    def _refusal(self, ctx: Context, route: Route) -> str | None:
        if route.roles is not None and not ctx.roles & route.roles:
            return "common/not_allowed"
        if route.registered and not ctx.registered:
            return "common/register_first"
        return None
