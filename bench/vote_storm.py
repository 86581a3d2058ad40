"""A vote storm: thousands of representatives press their ballot buttons within a few
seconds, through the emulator, with Yishi running as its own process. Some press confirm
twice at the same instant, some change their vote. Prints ballots a second, the latency
from a confirm press to the receipt, and whether the tally is exact.

    python bench/vote_storm.py [--voters 5000] [--spread 3] [--doubles 0.1]
                               [--changes 0.1] [--database-url postgresql+asyncpg://...]
                               [--json]

Timings are reported, never gated. The tally is: the exit code is 1 when the database
does not hold exactly the ballots the voters confirmed, or when the run failed.
"""

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable
from pathlib import Path

if not __package__:  # run as a script: import from the project root, not from bench/
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import processes  # noqa: E402
from bench.delivery_watch import CpuMeter  # noqa: E402
from bench.load import BenchError  # noqa: E402
from bench.processes import unless_dead  # noqa: E402
from bench.vote_storm_check import verify  # noqa: E402
from bench.vote_storm_report import Report, json_line, table  # noqa: E402
from bench.vote_storm_setup import Seeded, outbox_empty, seed_world  # noqa: E402
from bench.vote_storm_voters import OPTIONS, Plan, Storm, Voters, scripts  # noqa: E402
from bench.vote_storm_watch import watching  # noqa: E402
from emulator import Emulator  # noqa: E402

SENDER_CONCURRENCY = 32  # only speeds up sending the ballots, before the storm
PROGRESS_SECONDS = 10.0


def parser() -> argparse.ArgumentParser:
    plan = Plan()
    root = argparse.ArgumentParser(prog="bench/vote_storm.py", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    root.add_argument("--voters", type=int, default=plan.voters, help="representatives")
    root.add_argument("--spread", type=float, default=plan.spread,
                      help="seconds over which the first presses are spread")
    root.add_argument("--doubles", type=float, default=plan.double_share,
                      help="share of voters pressing confirm twice at the same instant")
    root.add_argument("--changes", type=float, default=plan.change_share,
                      help="share of voters changing their vote after the receipt")
    root.add_argument("--seed", type=int, default=plan.seed, help="what each voter does")
    root.add_argument("--database-url", help="Yishi's database; PostgreSQL is wiped first "
                      "(default: a fresh SQLite file in a temporary directory)")
    root.add_argument("--timeout", type=float, default=900.0, help="seconds for the run")
    root.add_argument("--json", action="store_true", help="print one JSON line instead")
    return root


def bot_command(base_url: str, database_url: str) -> processes.Command:
    """Yishi on aiogram, long polling the emulator; Telegram's limits are lifted in the
    sender as they are in the emulator, or the storm would only measure the limiter."""
    env = {**os.environ, **processes.UNLIMITED, "BOT_TOKEN": processes.EMULATOR_TOKEN,
           "BOT_ENGINE": "aiogram", "TELEGRAM_API_BASE": base_url,
           "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING",
           "WEBHOOK_URL": "",  # long polling, whatever .env says
           "BOARD_PORT": "",  # no board: a taken port would stop the start
           "SENDER_CONCURRENCY": str(SENDER_CONCURRENCY)}
    return processes.Command("yishi-votes", [sys.executable, str(processes.ROOT / "bot.py"),
                                             "run"], env)


async def benchmark(plan: Plan, *, database_url: str | None = None, quiet: bool = False,
                    timeout: float = 900.0) -> Report:  # noqa: ASYNC109
    """Seed, start the bot, wait for every ballot, storm, stop the bot, verify."""
    with tempfile.TemporaryDirectory(prefix="yishi-votes-") as tmp:
        workdir = Path(tmp)
        url = database_url or f"sqlite+aiosqlite:///{workdir / 'votes.db'}"
        try:
            async with asyncio.timeout(timeout):
                return await _run(plan, url, workdir, quiet)
        except TimeoutError:
            raise BenchError(f"the run did not finish within {timeout:g}s") from None


async def _run(plan: Plan, url: str, workdir: Path, quiet: bool) -> Report:
    emulator = Emulator(flood_limits=False)
    base_url = await emulator.start()
    seeded: Seeded | None = None
    try:
        _progress(quiet, f"seeding {plan.voters:,} representatives ...")
        seeded = await seed_world(url, emulator.world, plan.voters)
        made = scripts(plan, sorted(seeded.voters))
        async with watching(emulator.world, seeded.matter_id, len(OPTIONS)) as watch:
            async with processes.running(bot_command(base_url, url), workdir) as bot:
                _progress(quiet, "bot started; waiting for every ballot ...")
                started = time.perf_counter()
                await unless_dead(bot, watch.all_ballots(plan.voters))
                await unless_dead(bot, outbox_empty(seeded.database))
                setup_seconds = time.perf_counter() - started
                _progress(quiet, f"ballots delivered in {setup_seconds:.1f} s; the storm ...")
                cpu = CpuMeter(bot)
                voters = Voters(emulator.world, watch, seeded.matter_id, plan)
                storm = await unless_dead(bot, _reporting(voters.run(made), voters, quiet))
                bot_cpu, bench_cpu = cpu.shares()
        _progress(quiet, "verifying and closing the matter ...")
        verdict = await verify(seeded, made, storm)
        kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        return Report(plan, kind, made, storm, verdict, setup_seconds,
                      dict(watch.edit_errors), bot_cpu, bench_cpu)
    finally:
        await emulator.stop()
        if seeded is not None:
            await seeded.database.engine.dispose()


async def _reporting(storm: Awaitable[Storm], voters: Voters, quiet: bool) -> Storm:
    """The storm, with a line every few seconds on how many voters are done."""
    task = asyncio.ensure_future(storm)
    try:
        while not quiet:
            done, _ = await asyncio.wait({task}, timeout=PROGRESS_SECONDS)
            if done:
                break
            _progress(quiet, f"  {len(voters.storm.receipts):,} voters done, "
                             f"{len(voters.storm.confirms):,} ballots confirmed ...")
        return await task
    finally:
        task.cancel()


async def _stoppable(plan: Plan, **options: object) -> Report:
    """SIGTERM unwinds like Ctrl-C, so the bot started is stopped and temp files go."""
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    return await benchmark(plan, **options)  # type: ignore[arg-type]


def _progress(quiet: bool, text: str) -> None:
    if not quiet:
        print(text, file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.voters < 1 or args.spread < 0 or not (0 <= args.doubles <= 1
                                                   and 0 <= args.changes <= 1):
        parser().error("--voters must be positive, --spread not negative, "
                       "--doubles and --changes between 0 and 1")
    plan = Plan(voters=args.voters, spread=args.spread, double_share=args.doubles,
                change_share=args.changes, seed=args.seed)
    try:
        report = asyncio.run(_stoppable(plan, database_url=args.database_url,
                                        quiet=args.json, timeout=args.timeout))
    except BenchError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except asyncio.CancelledError:  # SIGTERM
        print("benchmark stopped by SIGTERM", file=sys.stderr)
        return 143
    print(json_line(report) if args.json else table(report))
    return 0 if report.verdict.exact else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
