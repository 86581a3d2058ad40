"""A lock file next to a SQLite database, held by `bot.py run` while it runs, so that a
restore (or a second bot) knows the file is in use. The kernel releases it when the
process ends, however it ends."""

import fcntl
import os
from pathlib import Path

from bot.start_errors import StartRefused


def lock_path(database: Path) -> Path:
    return database.with_name(f"{database.name}.lock")


def hold(database: Path) -> int:
    """Take the lock for this process's lifetime; refuse if another process holds it."""
    database.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_path(database), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise StartRefused(f"DATABASE_URL: another bot is running on {database}; stop it "
                           f"first (SQLite has one writer at a time)") from None
    return descriptor


def in_use(database: Path) -> bool:
    """Whether a running bot holds the database's lock."""
    path = lock_path(database)
    if not path.exists():
        return False
    descriptor = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)  # closing releases a lock this call took
    return False
