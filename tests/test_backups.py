"""`bot.py backup` and `bot.py restore`, run as an operator runs them."""

import os
import signal
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import select

from bot.app import Database
from bot.cli import emulator_instructions
from models.community import Community
from tests.test_command_line import command, printed, settings, started, stopped
from tests.test_webhook import free_port

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
POSTGRES_ONLY = pytest.mark.parametrize("database_url", ["postgres"], indirect=True)


async def community_name(db: Database) -> str:
    async with db.sessionmaker() as session:
        return (await session.exec(select(Community))).one().name


async def rename_community(db: Database, name: str) -> None:
    async with db.sessionmaker() as session, session.begin():
        community = (await session.exec(select(Community))).one()
        community.name = name


@SQLITE_ONLY
async def test_a_restore_takes_the_database_back_to_its_backup(
        db: Database, database_url: str, tmp_path: Path) -> None:
    before = await community_name(db)
    backup = tmp_path / "backups" / "yishi-monday.db"
    backup.parent.mkdir()
    backed = await command("bot.py", "backup", str(backup), env=settings(database_url))
    assert backed.code == 0, backed.err
    assert backed.out.startswith(f"backup of {make_url(database_url).database} written to "
                                 f"{backup} (")
    await rename_community(db, "改过的名字")
    await db.engine.dispose()  # the operator stopped the bot
    restored = await command("bot.py", "restore", str(backup), env=settings(database_url))
    assert restored.code == 0, restored.err
    assert restored.out == f"{make_url(database_url).database} restored from {backup}\n"
    assert await community_name(db) == before


@SQLITE_ONLY
async def test_a_running_bot_is_backed_up_online_and_restored_under_only_with_force(
        db: Database, database_url: str, tmp_path: Path) -> None:
    backup = tmp_path / "online.db"
    env = settings(database_url, EMULATOR_PORT=str(free_port()))
    async with started("bot.py", "run", env=env) as bot:
        await printed(bot, emulator_instructions(f"http://127.0.0.1:{env['EMULATOR_PORT']}"))
        backed = await command("bot.py", "backup", str(backup), env=env)
        assert backed.code == 0, backed.err
        second = await command("bot.py", "run", env={**env, "EMULATOR_PORT": str(free_port())})
        assert second.code == 2
        assert second.err.startswith("DATABASE_URL: another bot is running on ")
        await rename_community(db, "备份之后")
        refused = await command("bot.py", "restore", str(backup), env=env)
        assert refused.code == 2
        assert refused.err.count("\n") == 1 and "--force" in refused.err, refused.err
        assert await community_name(db) == "备份之后"  # untouched
        forced = await command("bot.py", "restore", "--force", str(backup), env=env)
        assert forced.code == 0, forced.err
        assert await community_name(db) != "备份之后"
        finished = await stopped(bot, signal.SIGTERM)
    assert finished.code == 0, finished.err


@SQLITE_ONLY
async def test_a_file_that_is_no_backup_is_refused(
        db: Database, database_url: str, tmp_path: Path) -> None:
    before = await community_name(db)
    stray = tmp_path / "notes.txt"
    stray.write_text("not a database", encoding="utf-8")
    for path in (stray, tmp_path / "missing.db"):
        refused = await command("bot.py", "restore", str(path), env=settings(database_url))
        assert refused.code == 2
        assert refused.err.startswith(f"{path}: ") and refused.err.count("\n") == 1
        assert "Traceback" not in refused.err
    assert await community_name(db) == before


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                    reason="TEST_DATABASE_URL is not set")
@POSTGRES_ONLY
async def test_postgresql_is_backed_up_with_its_own_tools(database_url: str,
                                                          tmp_path: Path) -> None:
    server = make_url(database_url)
    with_password = server.set(password="s3cret").render_as_string(hide_password=False)
    dump = tmp_path / "yishi.dump"
    where = (f"--host {server.host} --port {server.port or 5432} "
             f"--username {server.username}")
    backed = await command("bot.py", "backup", str(dump), env=settings(with_password))
    assert backed.code == 0, backed.err
    assert (f"pg_dump --format=custom {where} --file {dump} {server.database}\n"
            in backed.out)
    restored = await command("bot.py", "restore", str(dump), env=settings(with_password))
    assert restored.code == 0, restored.err
    assert (f"pg_restore --clean --if-exists --no-owner {where} --dbname {server.database} "
            f"{dump}\n" in restored.out)
    assert "s3cret" not in backed.out + restored.out
    assert not dump.exists()  # told, not done
