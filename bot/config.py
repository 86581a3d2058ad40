"""Settings from the environment and `.env`, built once at start."""

import math
import re
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.start_errors import database_url_problem

PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "your-secret", "xxx"}
# Telegram accepts 1-256 characters of this alphabet as a webhook's secret token.
SECRET_ALPHABET = re.compile(r"[A-Za-z0-9_-]{1,256}")
MIN_SECRET_LENGTH = 24
# Estimated as length × log2(distinct characters): a random secret of 24 characters
# scores about 100; "aaaa…" or "abab…" of any length next to nothing.
MIN_SECRET_BITS = 80
# What @BotFather hands out: the bot's numeric id, a colon, then letters, digits, _ and -.
TOKEN_SHAPE = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    bot_engine: Literal["aiogram", "ptb"] = "aiogram"
    telegram_api_base: str | None = None

    database_url: str = "sqlite+aiosqlite:///data/yishi.db"
    # Seconds a SQLite transaction waits for another writer's lock before it fails and
    # is tried again (a backup or a sqlite3 shell holding the file delays updates).
    sqlite_busy_timeout: float = Field(default=30.0, gt=0)
    community_file: Path = Path("community.example.yaml")
    templates_override_dir: Path | None = None
    strict_templates: bool = False

    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen_host: str = "0.0.0.0"
    webhook_listen_port: int = 8080
    webhook_path: str = "/telegram/webhook"

    # The public disclosure board's web pages; no port: not served.
    board_host: str = "127.0.0.1"
    board_port: int | None = 8088
    # Where people reach the board (behind a proxy: its public address); the feed's
    # absolute links are built from it. Empty: http://BOARD_HOST:BOARD_PORT.
    board_public_url: str | None = None

    emulator_host: str = "127.0.0.1"
    emulator_port: int = 8081

    # Updates handled at once in one process; keep it below the PostgreSQL pool (10), whose
    # overflow connections are opened and closed for every transaction.
    workers: int = 8
    # On SQLite, keep the bot on one CPU core (see bot/affinity.py).
    pin_cpu: bool = True
    # Bot processes sharing the chats of one PostgreSQL database (see models/partition.py).
    processes: int = Field(default=1, ge=1, le=64)

    # Telegram's limits, owned by the sender (see bot/rate_limits.py).
    rate_global_per_second: float = 30.0
    rate_global_burst: int = 30
    rate_chat_per_second: float = 1.0
    rate_chat_burst: int = 5
    rate_group_per_minute: float = 20.0
    sender_concurrency: int = 8
    sender_lease_seconds: float = 60.0

    scheduler_timezone: str = "Asia/Shanghai"
    # name -> crontab, in scheduler_timezone; names are listed in bot/periodic.py (CRON).
    cron_jobs: dict[str, str] = {"clean_inbox": "30 3 * * *",
                                 "quarterly_report": "0 9 1 1,4,7,10 *"}
    log_level: str = "INFO"
    # text: one readable line per entry; json: one JSON object per line (bot/logs.py).
    log_format: Literal["text", "json"] = "text"
    # The zone the log's times are shown in; empty: the first community's.
    log_timezone: str | None = None
    log_level_scheduler: str = "WARNING"  # APScheduler's own loggers

    @field_validator("bot_token", "webhook_secret", "telegram_api_base", "webhook_url",
                     "templates_override_dir", "board_public_url", "log_timezone", mode="before")
    @classmethod
    def empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("board_port", mode="before")
    @classmethod
    def _board_off(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_timezone", "scheduler_timezone")
    @classmethod
    def known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {value!r}: an IANA name such as "
                                 "Asia/Shanghai") from None
        return value

    @field_validator("bot_token")
    @classmethod
    def refuse_malformed_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not TOKEN_SHAPE.fullmatch(value.get_secret_value().strip()):
            raise ValueError("not a bot token: @BotFather's tokens look like "
                             "123456789:AAE-letters_digits (copy it again, without quotes or "
                             "spaces), or leave it empty to run against the built-in emulator")
        return SecretStr(value.get_secret_value().strip()) if value is not None else None

    @field_validator("database_url")
    @classmethod
    def refuse_unusable_database(cls, value: str) -> str:
        if (problem := database_url_problem(value)) is not None:
            raise ValueError(problem)
        return value

    @field_validator("webhook_secret")
    @classmethod
    def refuse_guessable(cls, value: SecretStr | None) -> SecretStr | None:
        # The secret is all that tells Telegram's calls from anyone's: a guessable one
        # lets anybody post updates "from" the admin.
        if value is not None and not strong_secret(value.get_secret_value()):
            raise ValueError(
                f"WEBHOOK_SECRET must be random: at least {MIN_SECRET_LENGTH} characters of "
                "A-Z a-z 0-9 _ -, not a placeholder nor a repeated pattern (or leave it empty "
                "and each run generates one)")
        return value

    @property
    def board_url(self) -> str:
        return self.board_public_url or f"http://{self.board_host}:{self.board_port}"

    @property
    def uses_webhook(self) -> bool:
        return self.webhook_url is not None


def strong_secret(secret: str) -> bool:
    bits = len(secret) * math.log2(max(len(set(secret)), 1))
    return (SECRET_ALPHABET.fullmatch(secret) is not None and len(secret) >= MIN_SECRET_LENGTH
            and secret.lower() not in PLACEHOLDER_SECRETS and bits >= MIN_SECRET_BITS)
