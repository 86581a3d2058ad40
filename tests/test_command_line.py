"""Every command of the README's command line, run as a person runs it: a process of
its own on a fresh database, judged by its exit code and what it prints."""

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.database import make_engine, make_sessionmaker
from models import community as communities
from models.community_file import parse_community

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "community.example.yaml"
TIMEOUT = 60.0  # a hung command fails its test instead of hanging the suite


def settings(database_url: str, **more: str) -> dict[str, str]:
    """Every setting a command reads, given, so that a developer's .env changes nothing."""
    return {**os.environ, "DATABASE_URL": database_url, "BOT_TOKEN": "",
            "TELEGRAM_API_BASE": "", "BOT_ENGINE": "aiogram", "WEBHOOK_URL": "",
            "WEBHOOK_SECRET": "", "COMMUNITY_FILE": str(EXAMPLE),
            "TEMPLATES_OVERRIDE_DIR": "", "PROCESSES": "1", "BOARD_PORT": "",
            "LOG_LEVEL": "WARNING", **more}


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


async def stored_communities(database_url: str) -> list[communities.Community]:
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return await communities.all_communities(session)
    finally:
        await engine.dispose()
