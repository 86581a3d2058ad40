"""`bot.py backup PATH` and `bot.py restore PATH`. SQLite is copied through SQLite's
online backup API, page by page, so a running bot keeps answering meanwhile and the copy
is one consistent moment; PostgreSQL has pg_dump and pg_restore, whose commands are
printed from DATABASE_URL (without its password)."""

import asyncio
import os
import shlex
import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from bot import running_lock
from bot.start_errors import StartRefused

PAGES_PER_STEP = 1024  # between steps the bot's own transactions get the file


def sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise StartRefused("DATABASE_URL: an in-memory SQLite database cannot be backed up; "
                           "use sqlite+aiosqlite:///path/to/yishi.db")
    return Path(parsed.database)


async def backup(url: str, target: Path, *, busy_timeout: float) -> str:
    source = sqlite_file(url)
    if source is None:
        return postgres_guidance("pg_dump", make_url(url), target)
    if not source.exists():
        raise StartRefused(f"DATABASE_URL: there is no SQLite database at {source} to back up")
    size = await asyncio.to_thread(_copy, source, target, busy_timeout)
    return f"backup of {source} written to {target} ({size} bytes)"


async def restore(url: str, backup_file: Path, *, force: bool, busy_timeout: float) -> str:
    target = sqlite_file(url)
    if target is None:
        return postgres_guidance("pg_restore", make_url(url), backup_file)
    await asyncio.to_thread(_check_backup, backup_file)
    if running_lock.in_use(target) and not force:
        raise StartRefused(f"{target} is in use by a running bot: stop it first, or restore "
                           f"under it with --force (its open conversations may then be lost)")
    target.parent.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(_backup_into, backup_file, target, busy_timeout)
    return f"{target} restored from {backup_file}"


def _copy(source: Path, target: Path, busy_timeout: float) -> int:
    """Into a file beside the target, renamed when complete: a backup interrupted halfway
    never replaces a good one."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        _backup_into(source, partial, busy_timeout)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def _backup_into(source: Path, target: Path, busy_timeout: float) -> None:
    reader = sqlite3.connect(source, timeout=busy_timeout)
    writer = sqlite3.connect(target, timeout=busy_timeout)
    try:
        reader.backup(writer, pages=PAGES_PER_STEP)
    finally:
        writer.close()
        reader.close()


def _check_backup(path: Path) -> None:
    if not path.is_file():
        raise StartRefused(f"{path}: no such backup file")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StartRefused(f"{path}: not a backup of Yishi's database ({error})") from None
    if version is None:
        raise StartRefused(f"{path}: not a backup of Yishi's database (no schema version)")


def postgres_guidance(tool: str, url: URL, path: Path) -> str:
    """The command to run with PostgreSQL's own tools; the password stays out of it."""
    connection = ["--host", url.host or "localhost", "--port", str(url.port or 5432),
                  "--username", url.username or os.environ.get("USER", "postgres")]
    if tool == "pg_dump":
        command = ["pg_dump", "--format=custom", *connection, "--file", str(path),
                   url.database or ""]
        when = "It can run while the bot runs; the dump is one consistent moment."
    else:
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", *connection,
                   "--dbname", url.database or "", str(path)]
        when = "Stop the bot first; it migrates the restored database when it starts."
    return (f"DATABASE_URL is PostgreSQL: run\n  {shlex.join(command)}\n{when} "
            f"The password is asked for, or read from PGPASSWORD or ~/.pgpass.")
