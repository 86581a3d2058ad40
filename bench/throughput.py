"""Updates per second and reply latency of Yishi, next to a bare aiogram echo bot.

    python bench/throughput.py [--users 32] [--updates 3000] [--warmup 200] [--json]
                               [--rate 300] [--open-updates 3000] [--open-users 256]
                               [--database-url postgresql+asyncpg://...] [--only yishi|echo]

First a closed loop (--users each send, wait for the answer, send again) finds the most
updates a second the bot takes; then an open loop on the same warm bot sends --rate
messages a second whatever the bot does, and measures the latency residents see there.

Reports; never gates: the exit code is 0 whatever the figures, non-zero on errors.
"""

import argparse
import asyncio
import functools
import sys
import tempfile
from pathlib import Path

if not __package__:  # run as a script: import from the project root, not from bench/
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import processes as bots  # noqa: E402
from bench.load import BenchError, Plan  # noqa: E402
from bench.measure import Measurement, measure  # noqa: E402
from bench.report import Report, json_line, table  # noqa: E402


def parser() -> argparse.ArgumentParser:
    plan = Plan()
    root = argparse.ArgumentParser(prog="bench/throughput.py", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    root.add_argument("--users", type=int, default=plan.users, help="virtual users (closed loop)")
    root.add_argument("--updates", type=int, default=plan.updates, help="measured exchanges")
    root.add_argument("--warmup", type=int, default=plan.warmup, help="exchanges not measured")
    root.add_argument("--text", default=plan.text, help="what every user sends")
    root.add_argument("--rate", type=float, default=plan.rate,
                      help="open loop: messages a second (0: skip the open loop)")
    root.add_argument("--open-updates", type=int, default=plan.open_updates,
                      help="open loop: messages measured")
    root.add_argument("--open-users", type=int, default=plan.open_users,
                      help="open loop: residents writing")
    root.add_argument("--database-url", help="Yishi's database; PostgreSQL is wiped first "
                      "(default: a fresh SQLite file in a temporary directory)")
    root.add_argument("--processes", type=int, default=1,
                      help="Yishi's PROCESSES (more than 1 needs --database-url postgresql...)")
    root.add_argument("--only", choices=["yishi", "ptb", "echo"],
                      help="measure one bot only (ptb: Yishi on python-telegram-bot)")
    root.add_argument("--timeout", type=float, default=300.0, help="seconds, per bot")
    root.add_argument("--json", action="store_true", help="print one JSON line instead")
    return root


async def wipe_postgres(url: str) -> None:
    """Yishi migrates on start; a leftover schema from another run would skew it."""
    import sqlalchemy as sa

    from bot.database import make_engine

    engine = make_engine(url)
    async with engine.begin() as connection:
        await connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        await connection.execute(sa.text("CREATE SCHEMA public"))
    await engine.dispose()


async def benchmark(plan: Plan, *, database_url: str | None = None, only: str | None = None,
                    timeout: float = 300.0, quiet: bool = False,  # noqa: ASYNC109
                    processes: int = 1) -> Report:
    measured: dict[str, Measurement] = {}
    with tempfile.TemporaryDirectory(prefix="yishi-bench-") as tmp:
        workdir = Path(tmp)
        for engine in ("aiogram", "ptb"):
            if only not in (None, "yishi" if engine == "aiogram" else "ptb"):
                continue
            url = database_url or f"sqlite+aiosqlite:///{workdir / f'{engine}.db'}"
            if url.startswith("postgresql"):
                await wipe_postgres(url)
            kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
            if processes > 1:
                kind += f" x{processes}"
            _progress(quiet, f"measuring yishi on {engine} and {kind} ...")
            command = functools.partial(bots.yishi, database_url=url, engine=engine,
                                        processes=processes)
            measured[engine] = await measure(f"yishi ({engine}, {kind})", command, plan,
                                             workdir, timeout=timeout)
        if only in (None, "echo"):
            _progress(quiet, "measuring the aiogram echo bot ...")
            measured["echo"] = await measure("echo (aiogram)", bots.echo, plan, workdir,
                                             timeout=timeout)
    return Report(plan, measured.get("aiogram"), measured.get("echo"), measured.get("ptb"))


def _progress(quiet: bool, text: str) -> None:
    if not quiet:
        print(text, file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.users < 1 or args.updates < 1 or args.warmup < 0:
        parser().error("--users and --updates must be positive, --warmup not negative")
    if args.rate < 0 or (args.rate and (args.open_updates < 1 or args.open_users < 1)):
        parser().error("--rate must not be negative, --open-updates and --open-users positive")
    plan = Plan(users=args.users, updates=args.updates, warmup=args.warmup, text=args.text,
                rate=args.rate, open_updates=args.open_updates, open_users=args.open_users)
    try:
        report = asyncio.run(benchmark(plan, database_url=args.database_url, only=args.only,
                                       timeout=args.timeout, quiet=args.json,
                                       processes=args.processes))
    except BenchError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(json_line(report) if args.json else table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
