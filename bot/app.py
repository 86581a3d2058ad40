"""Builds the running bot from settings: database, templates, routes, engine."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from aiohttp import web
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import health
from bot.board_web import board_app
from bot.clock import Clock
from bot.config import Settings
from bot.database import make_engine, make_sessionmaker, upgrade
from bot.engines import Engine
from bot.runtime import Runtime
from bot.start_errors import StartRefused, port_taken, reach, unreachable
from bot.webhook import generated_secret, webhook_app
from chat.render import Renderer
from chat.router import Router
from handlers import build_router
from models import community as communities
from models.partition import Part
from models.seeding import seed

log = logging.getLogger(__name__)
EMULATOR_TOKEN = "100000:emulator-token"


@dataclass
class Database:
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    clock: Clock


async def open_database(url: str, *, community_file: Path | None = None,
                        clock: Clock | None = None, busy_timeout: float = 30.0) -> Database:
    """Connect, migrate, and load the community file if no community exists yet. A
    database that cannot be reached or a file that cannot be read raises StartRefused;
    a file that is not a valid community raises CommunityFileError."""
    try:
        database = connect(url, clock=clock, busy_timeout=busy_timeout)
    except OSError as error:  # SQLite: the file's folder cannot be made
        raise StartRefused(unreachable(make_url(url), error)) from None
    try:
        await reach(database.engine, url)
        await upgrade(database.engine)
        if community_file is not None:
            await _first_community(database, community_file)
    except BaseException:
        await database.engine.dispose()
        raise
    return database


async def _first_community(database: Database, community_file: Path) -> None:
    async with database.sessionmaker() as session, session.begin():
        if await communities.all_communities(session):
            return
        try:
            text = await asyncio.to_thread(community_file.read_text, encoding="utf-8")
        except OSError as error:
            raise StartRefused(
                f"COMMUNITY_FILE: cannot read {community_file} ({error.strerror}); set "
                f"COMMUNITY_FILE to your community's YAML file (community.example.yaml "
                f"shows the form) to load it into this empty database") from None
        await seed(session, text, source=str(community_file), now=database.clock.now())
        log.info("community loaded from %s", community_file)


def connect(url: str, *, clock: Clock | None = None, busy_timeout: float = 30.0) -> Database:
    """The database, with the clock whose time this process hands to everything that
    stamps or compares times."""
    clock = clock or Clock()
    engine = make_engine(url, busy_timeout=busy_timeout)
    return Database(engine, make_sessionmaker(engine), clock)


@cache
def routes() -> Router:
    """Every capability's routes; the one place the runtime meets the handlers."""
    return build_router()


def make_engine_adapter(settings: Settings, token: str, api_base: str | None) -> Engine:
    if settings.bot_engine == "ptb":
        from bot.engines.ptb_engine import PTBEngine

        return PTBEngine(token, api_base)
    from bot.engines.aiogram_engine import AiogramEngine

    return AiogramEngine(token, api_base)


@asynccontextmanager
async def running_bot(settings: Settings, *, token: str, api_base: str | None,
                      database: Database, part: Part | None = None,
                      paced: bool = True) -> AsyncIterator[Runtime]:
    """The bot, or with several processes one part of it: the first part receives the
    updates and serves the board, the others learn of new updates from PostgreSQL."""
    part = part or Part(0, settings.processes)
    async with AsyncExitStack() as stack:
        engine = make_engine_adapter(settings, token, api_base)
        await engine.start()
        stack.push_async_callback(engine.close)
        runtime = Runtime(transport=engine.transport, sessionmaker=database.sessionmaker,
                          router=routes(), settings=settings, part=part,
                          clock=database.clock, paced=paced,
                          bot_username=await engine.username(),
                          renderer=Renderer(override_dir=settings.templates_override_dir,
                                            strict=settings.strict_templates))
        # The ports first: one that is taken stops the start before any work begins.
        if part.first:
            await _serve_board(settings, runtime, stack)
            receive = await _receiving(settings, engine, runtime, stack)
        else:
            receive = partial(_listen, settings, runtime)
        await runtime.start()
        stack.push_async_callback(runtime.stop)
        intake_task = runtime.keep_running("receiving", receive)
        stack.push_async_callback(_cancelled, intake_task)
        yield runtime


async def _cancelled(task: asyncio.Task[None]) -> None:
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def _serve_board(settings: Settings, runtime: Runtime, stack: AsyncExitStack) -> None:
    if settings.board_port is None:
        return
    runner = web.AppRunner(board_app(runtime.sessionmaker, runtime.renderer, runtime.clock,
                                     public_url=settings.board_url,
                                     health=lambda: health.report(runtime),
                                     metrics=lambda: health.metrics(runtime)))
    await _listen_on(runner, "BOARD_PORT", settings.board_host, settings.board_port, stack,
                     empty=", or leave it empty to not serve the disclosure board")
    log.info("disclosure board at http://%s:%s/", settings.board_host, settings.board_port)


async def _listen_on(runner: web.AppRunner, setting: str, host: str, port: int,
                     stack: AsyncExitStack, *, empty: str = "") -> None:
    """Serve `runner` on host:port; a port taken by another program stops the start, as
    the operator asked for that port."""
    await runner.setup()
    stack.push_async_callback(runner.cleanup)
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as error:
        raise StartRefused(port_taken(setting, host, port, error, empty=empty)) from None


async def _receiving(settings: Settings, engine: Engine, runtime: Runtime,
                     stack: AsyncExitStack) -> Callable[[], Awaitable[None]]:
    """Long polling, or the webhook's server listening already (its port is checked at
    start) with the loop that registers it with Telegram."""
    runtime.intake.reception.mode = "webhook" if settings.uses_webhook else "polling"
    if not settings.uses_webhook:
        async def poll() -> None:
            await engine.delete_webhook()
            await engine.poll(runtime.intake)
        return poll
    if settings.webhook_secret is not None:
        secret = settings.webhook_secret.get_secret_value()
    else:
        # Registered with setWebhook below: Telegram sends it back, and only Telegram.
        secret = generated_secret()
        log.info("WEBHOOK_SECRET is not set: this run generated one and registers it")
    app = webhook_app(runtime.intake, path=settings.webhook_path, secret=secret,
                      parse=engine.read_update)
    await _listen_on(web.AppRunner(app), "WEBHOOK_LISTEN_PORT", settings.webhook_listen_host,
                     settings.webhook_listen_port, stack)

    async def register() -> None:
        await engine.set_webhook(f"{settings.webhook_url}", secret)
        await asyncio.Event().wait()
    return register


async def _listen(settings: Settings, runtime: Runtime) -> None:
    # Imported here: asyncpg is of no use to the first process, nor on SQLite.
    from bot import inbox_listener

    runtime.intake.reception.mode = "listening"
    await inbox_listener.listen(settings.database_url, runtime.processor.wake)
