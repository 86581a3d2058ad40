"""The engine-independent runtime: inbox processor, dispatcher, sender and scheduler,
wired to one transport. Both Telegram engines drive this same object."""

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import menu, periodic
from bot.clock import Clock
from bot.config import Settings
from bot.dispatch import Dispatcher
from bot.intake import Intake
from bot.metrics import Metrics
from bot.processor import InboxProcessor
from bot.progress import ProgressReporter
from bot.rate_limits import Limiter, Limits
from bot.scheduler import Scheduler
from bot.sender import Sender
from bot.supervision import Health, supervise
from bot.transport import BadRequest, Forbidden, Transport, TransportError
from chat.context import Context
from chat.render import Renderer
from chat.router import Router
from models.notices.progress import RETRY_BUTTONS
from models.partition import WHOLE, Part
from models.people.persons import Person

log = logging.getLogger(__name__)

# Jobs whose entries on the disclosure board are announced as soon as they are published.
PUBLISHING = {"quarterly_report"}


def limits_from(settings: Settings, shares: int = 1) -> Limits:
    """Telegram's budget for the whole bot, split evenly among `shares` processes."""
    return Limits(global_per_second=settings.rate_global_per_second / shares,
                  global_burst=max(1, settings.rate_global_burst // shares),
                  chat_per_second=settings.rate_chat_per_second,
                  chat_burst=settings.rate_chat_burst,
                  group_per_minute=settings.rate_group_per_minute)


class Runtime:
    def __init__(self, *, transport: Transport, sessionmaker: async_sessionmaker[AsyncSession],
                 router: Router, renderer: Renderer, settings: Settings, clock: Clock,
                 part: Part = WHOLE, bot_username: str | None = None, paced: bool = True,
                 ) -> None:
        """paced: the scheduler runs its jobs at their intervals on the wall clock;
        unpaced (tests), only when asked."""
        self.transport = transport
        self.paced = paced
        self.sessionmaker = sessionmaker
        self.router = router
        self.renderer = renderer
        self.clock = clock
        self.part = part
        self.metrics = Metrics()
        self.sender = Sender(transport, sessionmaker,
                             Limiter(limits_from(settings, shares=part.count)),
                             concurrency=settings.sender_concurrency,
                             lease=timedelta(seconds=settings.sender_lease_seconds), clock=clock,
                             metrics=self.metrics)
        self.dispatcher = Dispatcher(sessionmaker, router, renderer, self.after_commit, clock,
                                     bot_username=bot_username, metrics=self.metrics)
        self.processor = InboxProcessor(sessionmaker, self.dispatcher,
                                        concurrency=settings.workers, part=part)
        self.intake = Intake(sessionmaker, self.processor.wake, clock=clock,
                             announce=part.shared)
        self.progress = ProgressReporter(sessionmaker, renderer, self.sender.edit, clock,
                                         retry=router.buttons[RETRY_BUTTONS])
        self.scheduler = self._schedule(settings)
        self._tasks: list[asyncio.Task[None]] = []
        self.health = Health()

    def _schedule(self, settings: Settings) -> Scheduler:
        scheduler = Scheduler(timezone=settings.scheduler_timezone, clock=self.clock,
                              paced=self.paced)
        scheduler.every("progress", 3, self.progress.sweep)
        for name, (seconds, _) in periodic.INTERVALS.items():
            scheduler.every(name, seconds, self._job(name))
        for name, crontab in settings.cron_jobs.items():
            if name not in periodic.CRON:
                raise ValueError(f"CRON_JOBS names an unknown job {name!r}; known: "
                                 f"{', '.join(sorted(periodic.CRON))}")
            scheduler.cron(name, crontab, self._job(name))
        return scheduler

    def _job(self, name: str) -> Callable[[], Awaitable[int]]:
        async def run() -> int:
            return await self.run(name)
        return run

    async def run(self, name: str) -> int:
        """One periodic job at the clock's time; wakes the sender when it queued
        deliveries, and announces what it published on the board. Timed by job into
        the metrics, whether the scheduler or a handler asked for it."""
        started = time.perf_counter()
        try:
            done = await periodic.run(name, self.sessionmaker, self.renderer,
                                      now=self.clock.now(), buttons=self.router.buttons)
        except Exception:
            self.metrics.sweep_failures.inc(name)
            raise
        finally:
            self.metrics.sweeps.observe(time.perf_counter() - started, name)
        if done:
            self.sender.wake()
            if name in PUBLISHING:
                await self.run("disclosures")
        return done

    async def start(self, *, publish_menus: bool = True) -> None:
        # The first process recovers every chat's replies; a process started again
        # (after it died) those of its own chats, before their next answers.
        if recovered := await self.sender.recover(WHOLE if self.part.first else self.part):
            log.info("sent %s replies left unsent by the previous run", recovered)
        if not self.part.first:  # the first process does the rest
            self._tasks = [self.keep_running("inbox", self.processor.run)]
            return
        if publish_menus:
            await menu.publish_all(self.transport, self.router, self.renderer, self.sessionmaker)
        self._tasks = [self.keep_running("inbox", self.processor.run),
                       self.keep_running("outbox", self.sender.run)]
        self.scheduler.start()

    def keep_running(self, name: str, loop: Callable[[], Awaitable[object]]) -> asyncio.Task[None]:
        """A loop started again whenever it ends (a database or Telegram away for a
        while): it must never stop for good while the process runs."""
        return asyncio.create_task(supervise(name, loop, self.health), name=name)

    @property
    def rejected_updates(self) -> int:
        """Updates set aside since the start because the engine could not read them."""
        return self.intake.rejected

    async def stop(self) -> None:
        await self.scheduler.stop()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        await self.sender.close()

    async def after_commit(self, ctx: Context) -> None:
        """Answer the person: callback answer first (it stops the spinner), then edits,
        then replies in order. Notifications to others go through the outbox sweep."""
        for answer in ctx.answers:
            await self._quietly(self.transport.answer_callback(
                answer.callback_id, answer.text, answer.alert))
        for edit in ctx.edits:
            await self._quietly(self.sender.edit(edit.chat_id, edit.message_id, edit.text,
                                                 edit.markup))
        if ctx.replies:
            await self.sender.send_replies(ctx.replies)
        if ctx.notified or ctx.outbox_changed:
            self.sender.wake()
        for sweep in ctx.sweeps_due:
            if self.part.first:
                self.scheduler.run_soon(sweep)
            else:  # sweeps are safe in several processes; this one schedules none
                await self.run(sweep)
        for person_id in ctx.roles_changed_for:
            await self._refresh_menu(person_id)

    async def _refresh_menu(self, person_id: int) -> None:
        async with self.sessionmaker() as session:
            person = await session.get(Person, person_id)
            menus = await menu.with_roles(session, [person] if person else [])
        for person, roles in menus:
            await self._quietly(menu.publish_for(
                self.transport, self.router, self.renderer, person, roles))

    async def _quietly(self, call: object) -> None:
        # Ephemeral actions (answers, edits, menus) are not worth an outbox row: a lost
        # edit leaves a stale button, which is refused when pressed.
        try:
            await call  # type: ignore[misc]
        except (BadRequest, Forbidden, TransportError) as error:
            log.warning("ephemeral action failed: %s", error)
