"""The log as an operator reads it: plain lines or one JSON object a line, times with
their offset in LOG_TIMEZONE or the first community's zone, APScheduler kept quiet."""

import asyncio
import io
import json
import logging
import signal
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import aiohttp
import pytest
from pydantic import ValidationError

from bot import logs
from bot.app import open_database
from bot.config import Settings
from tests.test_command_line import EXAMPLE, TIMEOUT, settings, started
from tests.test_metrics import samples
from tests.test_webhook import free_port

# 2026-12-08 01:02:03.250 UTC
CREATED = datetime.fromisoformat("2026-12-08T01:02:03.250+00:00").timestamp()


@pytest.fixture
def root() -> Iterator[logging.Logger]:
    """The root logger and APScheduler's, put back as they were after the test."""
    loggers = [logging.getLogger(), logging.getLogger("apscheduler")]
    saved = [(each, list(each.handlers), each.level) for each in loggers]
    yield loggers[0]
    for each, handlers, level in saved:
        each.handlers[:] = handlers
        each.setLevel(level)


def record(message: str = "update %s failed", *args: object, **extra: object,
           ) -> logging.LogRecord:
    made = logging.LogRecord("bot.dispatch", logging.ERROR, __file__, 1, message,
                             args or (42,), None)
    made.created = CREATED
    made.__dict__.update(extra)
    return made


def configured(root: logging.Logger, **overrides: object) -> io.StringIO:
    """setup() with these settings, its handler writing into the returned buffer."""
    logs.setup(Settings(_env_file=None, **overrides))  # type: ignore[call-arg]
    out = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(out)
    return out


def test_json_lines_carry_time_level_logger_message_and_context(
        root: logging.Logger) -> None:
    out = configured(root, log_format="json")
    logging.getLogger("bot.dispatch").error("update %s failed", 42,
                                            extra={"update_id": 42, "chat_id": 7})
    entry = json.loads(out.getvalue())
    assert entry["level"] == "ERROR" and entry["logger"] == "bot.dispatch"
    assert entry["message"] == "update 42 failed"
    assert entry["context"] == {"update_id": 42, "chat_id": 7}
    assert datetime.fromisoformat(entry["time"]).utcoffset() is not None
    assert entry["time"].endswith("+08:00")  # Asia/Shanghai unless told otherwise


def test_a_json_line_keeps_a_traceback_on_one_line(root: logging.Logger) -> None:
    out = configured(root, log_format="json")
    try:
        raise ValueError("broken")
    except ValueError:
        logging.getLogger("bot.processor").exception("answering failed")
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["context"] == {}
    assert "ValueError: broken" in entry["exception"]


def test_times_are_shown_in_the_zone_asked_for() -> None:
    shanghai = logs.JsonFormatter(logs.ZoneInfo("Asia/Shanghai"))
    assert json.loads(shanghai.format(record()))["time"] == "2026-12-08T09:02:03.250+08:00"
    paris = logs.TextFormatter(logs.ZoneInfo("Europe/Paris"))
    assert paris.format(record(update_id=42)) == (
        "2026-12-08T02:02:03.250+01:00 ERROR bot.dispatch: update 42 failed [update_id=42]")


def test_plain_text_is_the_default(root: logging.Logger) -> None:
    out = configured(root, log_timezone="UTC")
    logging.getLogger("bot.app").warning("board not served")
    line = out.getvalue().rstrip("\n")
    assert line.endswith("+00:00 WARNING bot.app: board not served")
    assert not line.startswith("{")


def test_the_scheduler_says_only_warnings_unless_asked(root: logging.Logger) -> None:
    out = configured(root, log_level="INFO")
    logging.getLogger("apscheduler.executors.default").info('Job "matters" executed')
    logging.getLogger("apscheduler.scheduler").warning("Run time of job missed")
    assert "executed" not in out.getvalue() and "missed" in out.getvalue()
    out = configured(root, log_level="INFO", log_level_scheduler="INFO")
    logging.getLogger("apscheduler.executors.default").info('Job "matters" executed')
    assert "executed" in out.getvalue()


def test_an_unknown_log_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown time zone 'Mars/Olympus'"):
        Settings(_env_file=None, log_timezone="Mars/Olympus")  # type: ignore[call-arg]
    assert Settings(_env_file=None, log_timezone="").log_timezone is None  # type: ignore[call-arg]


async def test_times_follow_the_first_community_unless_a_zone_is_set(
        root: logging.Logger, database_url: str, tmp_path: Path) -> None:
    community = tmp_path / "community.yaml"
    community.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "timezone: Asia/Shanghai", "timezone: America/New_York", 1), encoding="utf-8")
    database = await open_database(database_url, community_file=community)
    try:
        assert await logs.first_community_zone(database.sessionmaker) == "America/New_York"
        out = configured(root)
        await logs.follow_communities(Settings(_env_file=None), database.sessionmaker)  # type: ignore[call-arg]
        logging.getLogger("bot.app").warning("x")
        assert out.getvalue().split(" ")[0].endswith("-05:00")
        out = configured(root, log_timezone="Europe/Paris")
        await logs.follow_communities(Settings(_env_file=None, log_timezone="Europe/Paris"),  # type: ignore[call-arg]
                                      database.sessionmaker)
        logging.getLogger("bot.app").warning("x")
        assert out.getvalue().split(" ")[0].endswith("+01:00")
    finally:
        await database.engine.dispose()


async def test_run_logs_json_and_serves_health_and_metrics(database_url: str) -> None:
    """`bot.py run` as the container runs it: JSON logs on standard error, /healthz and
    /metrics on the board's port."""
    board = free_port()
    env = settings(database_url, LOG_FORMAT="json", LOG_LEVEL="INFO", LOG_TIMEZONE="",
                   EMULATOR_PORT=str(free_port()), BOARD_HOST="127.0.0.1",
                   BOARD_PORT=str(board))
    async with started("bot.py", "run", env=env) as bot:
        assert bot.stderr is not None
        entries = []
        while not any(e["message"].startswith("bot running") for e in entries):
            line = await asyncio.wait_for(bot.stderr.readline(), TIMEOUT)
            assert line, f"the bot ended: {entries}"
            entries.append(json.loads(line))
        assert all(e["time"].endswith("+08:00") for e in entries), entries
        assert all(set(e) >= {"time", "level", "logger", "message", "context"}
                   for e in entries)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{board}/healthz") as health:
                assert health.status == 200, await health.text()
            async with http.get(f"http://127.0.0.1:{board}/metrics") as metrics:
                figures = samples(await metrics.text())
        assert figures["yishi_up"] == 1 and figures["yishi_database_up"] == 1
        bot.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(bot.wait(), TIMEOUT) == 0
