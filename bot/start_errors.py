"""What stops the bot at start because of a setting: one line per problem that names the
setting and says what it accepts, printed by bot.py instead of a traceback."""

import os
import re
from collections.abc import Iterable, Sequence

from pydantic import ValidationError
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine

SQLITE_FORM = "sqlite+aiosqlite:///path/to/yishi.db"
POSTGRES_FORM = "postgresql+asyncpg://user:password@host:5432/yishi"
# Settings that hold a secret: their value is never repeated in a message.
SECRETS = {"bot_token", "webhook_secret"}


class StartRefused(Exception):
    """A setting the bot cannot start with; `lines` say which and what it accepts."""

    def __init__(self, lines: str | Sequence[str]) -> None:
        self.lines = [lines] if isinstance(lines, str) else list(lines)
        super().__init__("\n".join(self.lines))


def settings_problems(error: ValidationError) -> list[str]:
    """One line per refused setting, named as it is spelt in the environment."""
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "settings"
        message = problem["msg"].removeprefix("Value error, ")
        shown = problem.get("input")
        if (problem["type"] != "value_error" and field not in SECRETS
                and isinstance(shown, str | int | float)):
            message = f"{message}, got {shown!r}"
        name = field.upper()
        lines.append(message if message.startswith(name) else f"{name}: {message}")
    return lines


def unparsed_setting(error: Exception) -> str:
    """pydantic-settings reads a setting of lists or mappings as JSON."""
    field = re.search(r'field "(\w+)"', str(error))
    name = field.group(1).upper() if field else "a setting"
    return f"{name}: not valid JSON; write it as .env.example shows, e.g. {{\"name\": \"value\"}}"


def database_url_problem(url: str) -> str | None:
    """Why DATABASE_URL cannot be used, or None: only the two async drivers can."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return f"not a database URL; use {SQLITE_FORM} or {POSTGRES_FORM}"
    backend, _, driver = parsed.drivername.partition("+")
    if backend in ("postgres", "postgresql") and driver != "asyncpg":
        return (f"PostgreSQL needs the asyncpg driver: write postgresql+asyncpg:// instead "
                f"of {parsed.drivername}://, as in {POSTGRES_FORM}")
    if backend == "sqlite" and driver != "aiosqlite":
        return (f"SQLite needs the aiosqlite driver: write sqlite+aiosqlite:/// instead of "
                f"{parsed.drivername}:///, as in {SQLITE_FORM}")
    if backend not in ("sqlite", "postgresql"):
        return (f"unknown database {parsed.drivername!r}; use {SQLITE_FORM} or "
                f"{POSTGRES_FORM}")
    return None


async def reach(engine: AsyncEngine, url: str) -> None:
    """Connect once, so that wrong credentials or a server away stop the start with a
    sentence instead of a driver's traceback."""
    try:
        async with engine.connect():
            pass
    except Exception as error:  # whatever the driver raises, the cause is the setting
        raise StartRefused(unreachable(make_url(url), error)) from None


def unreachable(url: URL, error: BaseException) -> str:
    reason = _first_line(getattr(error, "orig", None) or error)
    if url.get_backend_name() == "sqlite":
        return f"DATABASE_URL: cannot open the SQLite database {url.database}: {reason}"
    return (f"DATABASE_URL: cannot connect to PostgreSQL at {url.host or 'localhost'}:"
            f"{url.port or 5432} as user {url.username!r} to database {url.database!r}: "
            f"{reason} (check the host, port, user and password in DATABASE_URL and that "
            f"the server is running)")


def port_taken(setting: str, host: str, port: int, error: OSError, *, empty: str = "") -> str:
    reason = os.strerror(error.errno) if error.errno else str(error)
    return (f"{setting}: cannot listen on {host}:{port} ({reason}); set "
            f"{setting} to a free port{empty}")


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    lines: Iterable[str] = text.splitlines()
    return next(iter(lines)).rstrip(".")
