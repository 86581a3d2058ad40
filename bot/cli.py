"""Command-line actions behind bot.py: each builds what it needs and nothing more, and
connects through bot.app, whose clock stamps the rows a command writes."""

import asyncio
import gc
import logging
import os
import signal
import sys
from pathlib import Path

from bot import affinity, backups, logs, running_lock, workers
from bot.app import EMULATOR_TOKEN, connect, open_database, running_bot
from bot.config import Settings
from bot.database import is_sqlite
from bot.start_errors import StartRefused, port_taken, reach
from models import audit
from models.community_reading import CommunityFileError
from models.partition import Part
from models.seeding import seed

log = logging.getLogger("yishi")


async def run(settings: Settings) -> int:
    if settings.processes > 1 and is_sqlite(settings.database_url):
        print("PROCESSES > 1 needs PostgreSQL (DATABASE_URL=postgresql+asyncpg://...): "
              "SQLite has one writer at a time.", file=sys.stderr)
        return 2
    if (database_file := backups.sqlite_file(settings.database_url)) is not None:
        # Held until the process ends: a restore knows the file is in use.
        running_lock.hold(database_file)
    if settings.pin_cpu and is_sqlite(settings.database_url):
        # Before the database driver's thread starts: it inherits the affinity.
        if (cpu := affinity.pin_to_one_cpu()) is not None:
            log.info("SQLite: running on CPU %s", cpu)
    database = await open_database(settings.database_url, community_file=settings.community_file,
                                   busy_timeout=settings.sqlite_busy_timeout)
    await logs.follow_communities(settings, database.sessionmaker)
    emulator = None
    token = settings.bot_token.get_secret_value() if settings.bot_token else None
    api_base = settings.telegram_api_base
    if token is None:
        from emulator.server import Emulator

        emulator = Emulator()
        try:
            api_base = await emulator.start(settings.emulator_host, settings.emulator_port)
        except OSError as error:
            await emulator.stop()
            await database.engine.dispose()
            raise StartRefused(port_taken("EMULATOR_PORT", settings.emulator_host,
                                          settings.emulator_port, error)) from None
        token = EMULATOR_TOKEN
        print(emulator_instructions(api_base), flush=True)
    stop = asyncio.Event()
    # SIGTERM (systemd, docker stop) shuts down like Ctrl-C: what is unsent stays in the
    # outbox for the next start.
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    others = None
    try:
        async with running_bot(settings, token=token, api_base=api_base, database=database):
            if settings.processes > 1:  # migrated already: the others only connect
                others = asyncio.create_task(workers.supervise(settings, token=token,
                                                               api_base=api_base))
            # Everything loaded so far lives as long as the process: keep the collector
            # from re-scanning it (and aiogram from rebuilding its generic models after
            # each collection).
            gc.freeze()
            log.info("bot running (%s, %s, %s process%s)", settings.bot_engine,
                     "webhook" if settings.uses_webhook else "long polling",
                     settings.processes, "es" if settings.processes > 1 else "")
            await stop.wait()
    finally:
        if others is not None:
            others.cancel()
            await asyncio.gather(others, return_exceptions=True)
        if emulator is not None:
            await emulator.stop()
        await database.engine.dispose()
    return 0


async def work(settings: Settings, index: int, first: int | None = None) -> int:
    """One of PROCESSES, started by `run` with the token and API base it uses."""
    if (settings.bot_token is None or is_sqlite(settings.database_url)
            or not 0 < index < settings.processes):
        print("`work --part K` (0 < K < PROCESSES) is started by `run` when PROCESSES > 1 "
              "on PostgreSQL", file=sys.stderr)
        return 2
    part = Part(index, settings.processes)
    database = connect(settings.database_url)
    await logs.follow_communities(settings, database.sessionmaker)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    orphaned = asyncio.create_task(_stop_when_orphaned(stop, first or os.getppid()))
    try:
        async with running_bot(settings, token=settings.bot_token.get_secret_value(),
                               api_base=settings.telegram_api_base, database=database,
                               part=part):
            gc.freeze()
            log.info("process %s of %s running", index, settings.processes)
            await stop.wait()
    finally:
        orphaned.cancel()
        await database.engine.dispose()
    return 0


async def _stop_when_orphaned(stop: asyncio.Event, parent: int, every: float = 1.0) -> None:
    """The first process was killed: stop, or its next start would find this one still
    answering the same chats beside the one it starts."""
    while True:
        await asyncio.sleep(every)
        if os.getppid() != parent:
            break
    log.warning("the first process is gone; stopping")
    stop.set()


def emulator_instructions(base: str) -> str:
    return (
        f"No BOT_TOKEN set: running against the built-in Telegram emulator at {base}\n"
        f"Play a resident with its control API, for example:\n"
        f"  curl -s {base}/_control/users -d '{{\"id\": 5001, \"first_name\": \"Lin\"}}'\n"
        f"  curl -s {base}/_control/send_text -d '{{\"user_id\": 5001, \"text\": \"/start\"}}'\n"
        f"  curl -s {base}/_control/chats/5001/messages\n"
        f"Press a button with /_control/press {{\"user_id\": 5001, \"label\": \"...\"}}.\n"
        f"`python bot.py demo` plays a whole scripted scenario instead."
    )


async def db_upgrade(settings: Settings) -> None:
    database = await open_database(settings.database_url)
    await database.engine.dispose()
    print("database is at the latest revision")


async def seed_file(settings: Settings, path: Path) -> int:
    try:
        text = await asyncio.to_thread(path.read_text, encoding="utf-8")
    except OSError as error:
        print(f"{path}: {error.strerror}", file=sys.stderr)
        return 2
    database = await open_database(settings.database_url)
    try:
        async with database.sessionmaker() as session, session.begin():
            community = await seed(session, text, source=str(path),
                                       now=database.clock.now())
        print(f"community {community.code} ({community.name}) loaded from {path}")
        return 0
    except CommunityFileError as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        await database.engine.dispose()


async def audit_verify(settings: Settings) -> int:
    database = connect(settings.database_url)
    try:
        await reach(database.engine, settings.database_url)
        async with database.sessionmaker() as session:
            result = await audit.verify(session)
    finally:
        await database.engine.dispose()
    for problem in result.problems:
        print(problem)
    verdict = "intact" if result.ok else "TAMPERED"
    print(f"audit log {verdict}: {result.entries} entries, head {result.head}")
    return 0 if result.ok else 1
