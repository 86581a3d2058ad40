"""Yishi's command line: python bot.py [run|demo|db upgrade|seed FILE|audit verify|
backup PATH|restore PATH|copy-to URL]."""

import argparse
import asyncio
import sys
from pathlib import Path

from pydantic import ValidationError
from pydantic_settings import SettingsError

from bot import backups, cli, copying, logs
from bot.config import Settings
from bot.start_errors import StartRefused, settings_problems, unparsed_setting
from bot.transport import TransportError
from models.community_reading import CommunityFileError


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="bot.py", description=__doc__)
    commands = root.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (the default)")
    work = commands.add_parser("work", help="one of PROCESSES (started by run)")
    work.add_argument("--part", type=int, required=True)
    work.add_argument("--first", type=int, help="the first process's pid: stop when it is gone")
    commands.add_parser("demo", help="play a scripted community day on the emulator")
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"])
    seed = commands.add_parser("seed", help="load a community file")
    seed.add_argument("file", type=Path)
    audit = commands.add_parser("audit", help="audit log maintenance")
    audit.add_argument("action", choices=["verify"])
    backup = commands.add_parser("backup", help="copy the database to a file, while it runs")
    backup.add_argument("path", type=Path)
    restore = commands.add_parser("restore", help="replace the database by a backup")
    restore.add_argument("path", type=Path)
    restore.add_argument("--force", action="store_true",
                         help="even while a bot runs on the database")
    copy = commands.add_parser("copy-to", help="copy every row into an empty database")
    copy.add_argument("url", help="the target, e.g. postgresql+asyncpg://user:pw@host/db")
    return root


def main(argv: list[str]) -> int:
    """Run a command; a setting it cannot start with is told in one line per problem,
    with exit status 2, instead of a traceback."""
    args = parser().parse_args(argv)
    try:
        return command(args)
    except ValidationError as error:
        return refused(settings_problems(error))
    except SettingsError as error:  # a JSON setting (CRON_JOBS) that does not parse
        return refused([unparsed_setting(error)])
    except StartRefused as error:
        return refused(error.lines)
    except TransportError as error:  # getMe or setMyCommands at start
        return refused([f"BOT_TOKEN: Telegram did not answer the bot at start ({error}); check "
                        "BOT_TOKEN and TELEGRAM_API_BASE"])
    except CommunityFileError as error:  # COMMUNITY_FILE, told the way `seed` tells it
        return refused(str(error).splitlines())


def refused(lines: list[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return 2


def command(args: argparse.Namespace) -> int:
    settings = Settings()
    logs.setup(settings, quiet=args.command == "demo")  # the transcript is the output
    match args.command:
        case None | "run":
            try:
                return asyncio.run(cli.run(settings))
            except KeyboardInterrupt:
                return 0
        case "work":
            try:
                return asyncio.run(cli.work(settings, args.part, args.first))
            except KeyboardInterrupt:
                return 0
        case "demo":
            from bot.demo import play

            return asyncio.run(play())
        case "db":
            asyncio.run(cli.db_upgrade(settings))
            return 0
        case "seed":
            return asyncio.run(cli.seed_file(settings, args.file))
        case "audit":
            return asyncio.run(cli.audit_verify(settings))
        case "backup":
            print(asyncio.run(backups.backup(settings.database_url, args.path,
                                             busy_timeout=settings.sqlite_busy_timeout)))
            return 0
        case "restore":
            print(asyncio.run(backups.restore(settings.database_url, args.path, force=args.force,
                                              busy_timeout=settings.sqlite_busy_timeout)))
            return 0
        case "copy-to":
            return asyncio.run(copying.copy_to(settings.database_url, args.url))
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
