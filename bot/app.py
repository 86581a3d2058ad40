"""Builds the running bot from settings: database, templates, routes, engine."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import health
from bot.board_web import board_app
from bot.clock import Clock
from bot.config import Settings
from bot.database import make_engine, make_sessionmaker, upgrade
from bot.engines import Engine
from bot.runtime import Runtime
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
    """Connect, migrate, and load the community file if no community exists yet."""
    database = connect(url, clock=clock, busy_timeout=busy_timeout)
    await upgrade(database.engine)
    sessionmaker = database.sessionmaker
    if community_file is not None:
        async with sessionmaker() as session, session.begin():
            if not await communities.all_communities(session):
                text = await asyncio.to_thread(community_file.read_text, encoding="utf-8")
                await seed(session, text, source=str(community_file),
                           now=database.clock.now())
                log.info("community loaded from %s", community_file)
    return database


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
    engine = make_engine_adapter(settings, token, api_base)
    await engine.start()
    runtime = Runtime(transport=engine.transport, sessionmaker=database.sessionmaker,
                      router=routes(), settings=settings, part=part, clock=database.clock,
                      paced=paced,
                      bot_username=await engine.username(),
                      renderer=Renderer(override_dir=settings.templates_override_dir,
                                       strict=settings.strict_templates))
    await runtime.start()
    board = await _serve_board(settings, runtime) if part.first else None
    intake_task = runtime.keep_running(
        "receiving", (lambda: _intake(settings, engine, runtime)) if part.first
        else (lambda: _listen(settings, runtime)))
    try:
        yield runtime
    finally:
        intake_task.cancel()
        await asyncio.gather(intake_task, return_exceptions=True)
        if board is not None:
            await board.cleanup()
        await runtime.stop()
        await engine.close()


async def _serve_board(settings: Settings, runtime: Runtime) -> web.AppRunner | None:
    if settings.board_port is None:
        return None
    runner = web.AppRunner(board_app(runtime.sessionmaker, runtime.renderer, runtime.clock,
                                     public_url=settings.board_url,
                                     health=lambda: health.report(runtime),
                                     metrics=lambda: health.metrics(runtime)))
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.board_host, settings.board_port).start()
    except OSError as error:
        # The chat matters more than the web page: a taken port must not stop the bot.
        log.warning("disclosure board not served on %s:%s: %s", settings.board_host,
                    settings.board_port, error)
        await runner.cleanup()
        return None
    log.info("disclosure board at http://%s:%s/", settings.board_host, settings.board_port)
    return runner


async def _listen(settings: Settings, runtime: Runtime) -> None:
    # Imported here: asyncpg is of no use to the first process, nor on SQLite.
    from bot import inbox_listener

    runtime.intake.reception.mode = "listening"
    await inbox_listener.listen(settings.database_url, runtime.processor.wake)


async def _intake(settings: Settings, engine: Engine, runtime: Runtime) -> None:
    runtime.intake.reception.mode = "webhook" if settings.uses_webhook else "polling"
    if not settings.uses_webhook:
        await engine.delete_webhook()
        await engine.poll(runtime.intake)
        return
    if settings.webhook_secret is not None:
        secret = settings.webhook_secret.get_secret_value()
    else:
        # Registered with setWebhook below: Telegram sends it back, and only Telegram.
        secret = generated_secret()
        log.info("WEBHOOK_SECRET is not set: this run generated one and registers it")
    app = webhook_app(runtime.intake, path=settings.webhook_path, secret=secret,
                      parse=engine.read_update)
    web_runner = web.AppRunner(app)
    await web_runner.setup()
    site = web.TCPSite(web_runner, settings.webhook_listen_host, settings.webhook_listen_port)
    await site.start()
    await engine.set_webhook(f"{settings.webhook_url}", secret)
    try:
        await asyncio.Event().wait()
    finally:
        await web_runner.cleanup()
