"""A bad setting stops `bot.py run` at once: one line on stderr per problem, naming the
setting and what it accepts, a non-zero exit status, never a traceback."""

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.app import EMULATOR_TOKEN
from emulator.server import Emulator
from tests.test_command_line import EXAMPLE, Finished, command, settings
from tests.test_webhook import free_port

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def refused_in_one_line(finished: Finished, setting: str) -> str:
    assert finished.code == 2, finished.out + finished.err
    assert "Traceback" not in finished.err
    assert finished.err.count("\n") == 1, finished.err
    assert finished.err.startswith(f"{setting}: "), finished.err
    return finished.err


async def run(tmp_path: Path, **more: str) -> Finished:
    more.setdefault("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'yishi.db'}")
    env = settings(more.pop("DATABASE_URL"), EMULATOR_PORT=str(free_port()), **more)
    return await command("bot.py", "run", env=env)


@pytest.mark.parametrize(("url", "advice"), [
    ("postgres://yishi:s3cret@db/yishi", "write postgresql+asyncpg:// instead of postgres://"),
    ("postgresql://yishi:s3cret@db/yishi",
     "write postgresql+asyncpg:// instead of postgresql://"),
    ("sqlite:///data/yishi.db", "write sqlite+aiosqlite:/// instead of sqlite:///"),
    ("mysql://yishi:s3cret@db/yishi", "unknown database 'mysql'"),
    ("yishi.db", "not a database URL"),
])
async def test_a_database_url_without_an_async_driver_is_refused(
        tmp_path: Path, url: str, advice: str) -> None:
    line = refused_in_one_line(await run(tmp_path, DATABASE_URL=url), "DATABASE_URL")
    assert advice in line
    assert "s3cret" not in line


@pytest.mark.parametrize("args", [("run",), ("db", "upgrade"), ("audit", "verify")])
async def test_a_postgresql_server_away_is_named_with_its_host_port_and_user(
        args: tuple[str, ...]) -> None:
    port = free_port()  # nothing listens there
    url = f"postgresql+asyncpg://yishi:s3cret@127.0.0.1:{port}/yishi"
    finished = await command("bot.py", *args, env=settings(url))
    line = refused_in_one_line(finished, "DATABASE_URL")
    assert f"cannot connect to PostgreSQL at 127.0.0.1:{port} as user 'yishi'" in line
    assert "s3cret" not in line


@pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set")
async def test_wrong_postgresql_credentials_are_named(tmp_path: Path) -> None:
    assert POSTGRES_URL is not None
    server = make_url(POSTGRES_URL)
    url = server.set(username="no_such_yishi_role", password="s3cret")
    line = refused_in_one_line(
        await run(tmp_path, DATABASE_URL=url.render_as_string(hide_password=False)),
        "DATABASE_URL")
    assert (f"at {server.host}:{server.port or 5432} as user 'no_such_yishi_role'" in line)
    assert "no_such_yishi_role" in line.split(": ", 2)[2]  # the server's own reason
    assert "s3cret" not in line


async def test_a_missing_community_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "our-community.yaml"
    line = refused_in_one_line(await run(tmp_path, COMMUNITY_FILE=str(missing)),
                               "COMMUNITY_FILE")
    assert f"cannot read {missing} (No such file or directory)" in line


async def test_a_bad_community_file_is_told_as_seed_tells_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("department: property",
                                                       "department: parks", 1)
    broken.write_text(text.replace("join_code:", "joining_code:", 1), encoding="utf-8")
    ran = await run(tmp_path, COMMUNITY_FILE=str(broken))
    seeded = await command("bot.py", "seed", str(broken), env=settings(
        f"sqlite+aiosqlite:///{tmp_path / 'other.db'}"))
    assert ran.code == 2
    assert "Traceback" not in ran.err
    assert ran.err == seeded.err
    assert ran.err.count("\n") == len(ran.err.splitlines()) >= 2
    assert all(line.startswith(f"{broken}: ") for line in ran.err.splitlines())


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        yield other_program.getsockname()[1]


async def test_a_taken_board_port_is_named(tmp_path: Path, taken_port: int) -> None:
    line = refused_in_one_line(
        await run(tmp_path, BOARD_HOST="127.0.0.1", BOARD_PORT=str(taken_port)), "BOARD_PORT")
    assert f"cannot listen on 127.0.0.1:{taken_port} (Address already in use)" in line


async def test_a_taken_webhook_port_is_named(tmp_path: Path, taken_port: int) -> None:
    telegram = Emulator()
    base = await telegram.start()
    try:
        ran = await run(tmp_path, BOT_TOKEN=EMULATOR_TOKEN, TELEGRAM_API_BASE=base,
                        WEBHOOK_URL="https://bot.example.org/telegram/webhook",
                        WEBHOOK_LISTEN_HOST="127.0.0.1",
                        WEBHOOK_LISTEN_PORT=str(taken_port))
    finally:
        await telegram.stop()
    line = refused_in_one_line(ran, "WEBHOOK_LISTEN_PORT")
    assert f"127.0.0.1:{taken_port}" in line


@pytest.mark.parametrize("token", ["AAE-no-bot-id", "654321:has spaces", "654321"])
async def test_a_malformed_token_is_refused_without_repeating_it(
        tmp_path: Path, token: str) -> None:
    line = refused_in_one_line(await run(tmp_path, BOT_TOKEN=token), "BOT_TOKEN")
    assert "123456789:" in line  # the shape it should have
    assert token not in line


async def test_each_bad_setting_has_its_line(tmp_path: Path) -> None:
    ran = await run(tmp_path, WORKERS="many", BOT_ENGINE="telethon")
    assert ran.code == 2
    assert ran.err.splitlines() == [
        "BOT_ENGINE: Input should be 'aiogram' or 'ptb', got 'telethon'",
        "WORKERS: Input should be a valid integer, unable to parse string as an integer, "
        "got 'many'"]
