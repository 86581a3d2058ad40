"""How the bot's log reads: plain lines for a person at a terminal, or with
LOG_FORMAT=json one JSON object per line for a log collector (time, level, logger,
message, context). Times are shown in LOG_TIMEZONE, else in the first community's zone,
where the people who read the log live; a collector gets the offset with every time.

A line's context is what the call passed as `extra=` (an update's id, a chat's id), so
a collector can search by it without parsing the message."""

import json
import logging
import sys
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from models.community import Community

DEFAULT_ZONE = "Asia/Shanghai"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Every attribute a record has without `extra=`: the rest is the caller's context.
STANDARD = {*vars(logging.makeLogRecord({})), "message", "asctime", "taskName"}
QUIET_LOGGERS = ("aiohttp.access",)  # one line per request: the proxy logs those
SCHEDULER_LOGGERS = ("apscheduler",)  # a line per job run at INFO: noise every few seconds


def context(record: logging.LogRecord) -> dict[str, Any]:
    return {key: value for key, value in vars(record).items() if key not in STANDARD}


class TextFormatter(logging.Formatter):
    def __init__(self, zone: ZoneInfo) -> None:
        super().__init__(TEXT_FORMAT)
        self.zone = zone

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, self.zone).isoformat(
            timespec="milliseconds")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        if extra := context(record):
            first, newline, rest = line.partition("\n")  # after the message, not the trace
            pairs = " ".join(f"{key}={value}" for key, value in extra.items())
            line = f"{first} [{pairs}]{newline}{rest}"
        return line


class JsonFormatter(TextFormatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record), "level": record.levelname,
            "logger": record.name, "message": record.getMessage(), "context": context(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup(settings: Settings, *, quiet: bool = False) -> None:
    """The root logger's one handler, on standard error; quiet: warnings and worse."""
    zone = ZoneInfo(settings.log_timezone or DEFAULT_ZONE)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(zone) if settings.log_format == "json"
                         else TextFormatter(zone))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel("WARNING" if quiet else settings.log_level.upper())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in SCHEDULER_LOGGERS:
        logging.getLogger(name).setLevel(settings.log_level_scheduler.upper())


def show_in(zone: str) -> None:
    """Times from now on in `zone` (the first community's, once the database is open)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler.formatter, TextFormatter):
            handler.formatter.zone = ZoneInfo(zone)


async def first_community_zone(sessionmaker: async_sessionmaker[AsyncSession]) -> str | None:
    async with sessionmaker() as session:
        first = (await session.exec(select(Community).order_by(col(Community.id)).limit(1))).first()
    return first.config.timezone if first else None


async def follow_communities(settings: Settings,
                             sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Unless LOG_TIMEZONE names one, show times in the first community's zone."""
    if settings.log_timezone is None and (zone := await first_community_zone(sessionmaker)):
        show_in(zone)
