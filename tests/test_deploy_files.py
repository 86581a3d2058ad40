"""The files that run Yishi as a service: the Dockerfile, compose.yaml and the systemd
unit. With a Docker daemon at hand the image is built and inspected; without one, each
file is read and checked for what running it depends on."""

import configparser
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "yishi.service"


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, continuation lines joined, comments left out."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines()]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines
            if line and not line.startswith("#")]


def docker_daemon() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode == 0


def test_the_image_runs_the_bot_as_an_unprivileged_user_and_checks_its_health() -> None:
    found = instructions()
    kinds = [kind for kind, _ in found]
    assert re.fullmatch(r"python:3\.1[1-9]-slim", dict(found)["FROM"])
    assert json.loads(dict(found)["CMD"]) == ["python", "bot.py", "run"]
    assert dict(found)["USER"] not in ("root", "0")
    assert kinds.index("USER") < kinds.index("CMD")
    health = dict(found)["HEALTHCHECK"]
    assert "/healthz" in health and "BOARD_PORT" in health
    assert "pip install ." in [args for kind, args in found if kind == "RUN"]


def test_the_image_copies_every_file_the_bot_needs() -> None:
    copied = {source for kind, args in instructions() if kind == "COPY"
              for source in args.split()[:-1]}
    for source in copied:
        assert (ROOT / source).exists(), source
    needed = {"pyproject.toml", "bot.py", "alembic.ini", "community.example.yaml", "bot",
              "chat", "emulator", "handlers", "models", "templates", "migrations"}
    assert needed <= copied, needed - copied
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored and ".venv" in ignored  # no secrets, no local packages


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_compose_runs_the_bot_beside_postgresql_15_with_a_volume() -> None:
    services, volumes = compose()["services"], compose()["volumes"]
    assert set(services) == {"bot", "db"}
    db = services["db"]
    assert db["image"] == "postgres:15"
    volume, _, mounted = db["volumes"][0].partition(":")
    assert volume in volumes and mounted == "/var/lib/postgresql/data"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    bot = services["bot"]
    assert bot["build"] == "." and bot["env_file"] == ".env"
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["restart"] == db["restart"] == "unless-stopped"


def test_compose_points_the_bot_at_the_database_and_publishes_the_board() -> None:
    services = compose()["services"]
    bot, db = services["bot"], services["db"]
    env = bot["environment"]
    url = env["DATABASE_URL"]
    user, database = db["environment"]["POSTGRES_USER"], db["environment"]["POSTGRES_DB"]
    assert url.startswith(f"postgresql+asyncpg://{user}:") and url.endswith(f"@db:5432/{database}")
    assert "${POSTGRES_PASSWORD" in url and "${POSTGRES_PASSWORD" in db["environment"][
        "POSTGRES_PASSWORD"]
    # Every name set for the bot is one of its settings.
    assert {name.lower() for name in env} <= set(Settings.model_fields)
    published = {port.rpartition(":")[2] for port in bot["ports"]}
    assert published == {env["BOARD_PORT"], env["WEBHOOK_LISTEN_PORT"]}
    assert env["BOARD_HOST"] == "0.0.0.0"  # else the published port reaches nothing


def test_the_settings_compose_reads_are_in_env_example() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"\$\{(\w+)", (ROOT / "compose.yaml").read_text(encoding="utf-8")))
    assert names == {"POSTGRES_PASSWORD", "BOARD_PUBLISH", "WEBHOOK_PUBLISH"}
    for name in names:
        assert re.search(rf"^#? ?{name}=", example, re.MULTILINE), name


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(UNIT, encoding="utf-8")
    return parser


def test_the_systemd_unit_runs_a_real_command_restarts_and_drops_root() -> None:
    service = unit()["Service"]
    assert service["User"] not in ("root", "0") and service["Restart"] in ("always",
                                                                          "on-failure")
    home = Path(service["WorkingDirectory"])
    program, *args = shlex.split(service["ExecStart"])
    # The unit's /opt/yishi is this checkout: its program is the interpreter `make run`
    # sets up, and bot.py knows the command.
    here = ROOT / Path(program).relative_to(home)
    assert args == ["bot.py", "run"]
    known = subprocess.run([str(here), *args, "--help"], cwd=ROOT, capture_output=True,
                           text=True, timeout=60)
    assert known.returncode == 0 and known.stdout.startswith("usage: bot.py run"), known
    assert unit()["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.skipif(not docker_daemon(), reason="no Docker daemon to build with")
def test_the_image_builds_and_declares_its_user_and_health_check() -> None:
    built = subprocess.run(["docker", "build", "-q", "-t", "yishi:test", str(ROOT)],
                           capture_output=True, text=True, timeout=1800)
    assert built.returncode == 0, built.stderr
    inspected = subprocess.run(["docker", "image", "inspect", "yishi:test"],
                               capture_output=True, text=True, check=True)
    config = json.loads(inspected.stdout)[0]["Config"]
    assert config["User"] == "yishi" and config["Cmd"] == ["python", "bot.py", "run"]
    assert "/healthz" in " ".join(config["Healthcheck"]["Test"])
