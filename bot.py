"""Yishi's command line: python bot.py [run|demo|db upgrade|seed FILE|audit verify]."""

import argparse
import asyncio
import sys
from pathlib import Path

from bot import cli, logs
from bot.config import Settings


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
    return root


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
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
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
