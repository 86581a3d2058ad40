"""Every command of the README's command line, run as a person runs it: a process of
its own on a fresh database, judged by its exit code and what it prints."""

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from bot.app import EMULATOR_TOKEN, Database
from bot.cli import emulator_instructions
from bot.database import alembic_config, make_engine, make_sessionmaker
from emulator.client import EmulatorClient
from models import audit
from models import community as communities
from models.community_reading import parse_community
from tests.test_webhook import free_port

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "community.example.yaml"
TIMEOUT = 60.0  # a hung command fails its test instead of hanging the suite


def settings(database_url: str, **more: str) -> dict[str, str]:
    """The settings these commands depend on, given, so that a developer's .env changes
    nothing."""
    env = {**os.environ, "DATABASE_URL": database_url, "BOT_TOKEN": "",
           "TELEGRAM_API_BASE": "", "BOT_ENGINE": "aiogram", "WEBHOOK_URL": "",
           "WEBHOOK_SECRET": "", "COMMUNITY_FILE": str(EXAMPLE),
           "TEMPLATES_OVERRIDE_DIR": "", "PROCESSES": "1", "BOARD_PORT": "",
           "LOG_LEVEL": "WARNING", **more}
    # Output into a pipe is block-buffered: a line the command does not flush reaches
    # the test as late as it reaches a person who pipes the command into `tee`.
    env.pop("PYTHONUNBUFFERED", None)
    return env


@dataclass
class Finished:
    code: int
    out: str
    err: str


async def command(*args: str, env: dict[str, str]) -> Finished:
    process = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return Finished(process.returncode, out.decode(), err.decode())


@asynccontextmanager
async def started(*args: str, env: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    """A command that runs until it is stopped; killed if the test leaves it running."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def printed(process: asyncio.subprocess.Process, wanted: str) -> str:
    """What the process printed, once `wanted` is part of it."""
    assert process.stdout is not None
    text = ""
    try:
        async with asyncio.timeout(TIMEOUT):
            while wanted not in text:
                line = await process.stdout.readline()
                assert line, f"the process ended without printing {wanted!r}:\n{text}"
                text += line.decode()
    except TimeoutError:
        raise AssertionError(f"{wanted!r} not printed after {TIMEOUT}s:\n{text}") from None
    return text


async def stopped(process: asyncio.subprocess.Process, how: signal.Signals) -> Finished:
    process.send_signal(how)
    out, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
    assert process.returncode is not None
    return Finished(process.returncode, out.decode(), err.decode())


async def test_run_answers_a_resident_on_the_built_in_emulator(database_url: str) -> None:
    emulator_port, board_port = free_port(), free_port()
    base = f"http://127.0.0.1:{emulator_port}"
    env = settings(database_url, EMULATOR_HOST="127.0.0.1", EMULATOR_PORT=str(emulator_port),
                   BOARD_HOST="127.0.0.1", BOARD_PORT=str(board_port))
    async with started("bot.py", "run", env=env) as bot:
        await printed(bot, emulator_instructions(base))
        async with EmulatorClient(base) as client:
            await client.add_user(5001, "Lin")
            await client.send_text(5001, "/start")
            replies = await client.wait_for_bot_messages(5001, 1, timeout=TIMEOUT)
        assert replies[0]["text"]
        async with aiohttp.ClientSession() as http, \
                http.get(f"http://127.0.0.1:{board_port}/") as board:
            assert board.status == 200
        finished = await stopped(bot, signal.SIGTERM)
    assert finished.code == 0, finished.err
    assert "Traceback" not in finished.err


async def test_demo_prints_the_registration_story(tmp_path: Path) -> None:
    # The demo plays on a database of its own; the one named here stays untouched.
    unused = tmp_path / "unused.db"
    demo = await command("bot.py", "demo", env=settings(f"sqlite+aiosqlite:///{unused}"))
    assert demo.code == 0, demo.err
    assert "▶ 林小梅: /register" in demo.out
    assert "◀ to 王主任: 新的居民登记待审核" in demo.out
    assert "您的登记已通过审核" in demo.out
    assert "身份：居民、居民代表" in demo.out
    assert "You are not allowed to do this." in demo.out
    assert "Traceback" not in demo.out + demo.err
    assert not unused.exists()


async def test_db_upgrade_migrates_an_empty_database(database_url: str) -> None:
    upgraded = await command("bot.py", "db", "upgrade", env=settings(database_url))
    assert upgraded.code == 0, upgraded.err
    assert upgraded.out == "database is at the latest revision\n"
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            version = await connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
    finally:
        await engine.dispose()
    assert version == head


async def test_seed_loads_the_community_into_a_fresh_database(database_url: str) -> None:
    seeded = await command("bot.py", "seed", str(EXAMPLE), env=settings(database_url))
    assert seeded.code == 0, seeded.out + seeded.err
    expected = parse_community(EXAMPLE.read_text(encoding="utf-8"), source=str(EXAMPLE))
    assert seeded.out == f"community {expected.code} ({expected.name}) loaded from {EXAMPLE}\n"
    assert "Traceback" not in seeded.err
    assert [(row.code, row.name) for row in await stored_communities(database_url)] == [
        (expected.code, expected.name)]


async def test_seed_refuses_a_broken_file_in_one_line(database_url: str,
                                                      tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    broken.write_text(text.replace("department: property", "department: parks", 1),
                      encoding="utf-8")
    refused = await command("bot.py", "seed", str(broken), env=settings(database_url))
    assert refused.code == 2
    assert refused.out == ""
    assert refused.err.endswith("unknown department 'parks'\n")
    assert refused.err.count("\n") == 1, refused.err
    assert await stored_communities(database_url) == []


async def test_audit_verify_passes_a_seeded_database(db: Database, database_url: str) -> None:
    async with db.sessionmaker() as session:
        chain = await audit.verify(session)
    assert chain.entries > 0  # seeding is audited: there is a chain to check
    verified = await command("bot.py", "audit", "verify", env=settings(database_url))
    assert verified.code == 0, verified.out + verified.err
    assert verified.out == f"audit log intact: {chain.entries} entries, head {chain.head}\n"


async def test_the_emulator_alone_answers_get_me_until_stopped() -> None:
    base = f"http://127.0.0.1:{free_port()}"
    async with started("-m", "emulator", "--port", base.rsplit(":", 1)[1],
                       env=settings(database_url="")) as emulator:
        assert base in await printed(emulator, base)
        async with aiohttp.ClientSession() as http, \
                http.get(f"{base}/bot{EMULATOR_TOKEN}/getMe") as answer:
            me = await answer.json()
        assert me["ok"] and me["result"]["is_bot"]
        finished = await stopped(emulator, signal.SIGTERM)
    assert finished.code == 0, finished.err
    assert "Traceback" not in finished.err


async def stored_communities(database_url: str) -> list[communities.Community]:
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return await communities.all_communities(session)
    finally:
        await engine.dispose()
