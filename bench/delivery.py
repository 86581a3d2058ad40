"""Reliable delivery of a broadcast, with Telegram's flood limits on in the emulator and
Yishi running as its own process: the rate reached against the configured budget, the
429s it still got, the latency of answers while the broadcast runs, and after a kill -9
mid-broadcast, the recipients missed and the notices sent twice.

    python bench/delivery.py [--recipients 10000] [--rate 300] [--burst 10]
                             [--emulator-burst N] [--askers 20] [--think 1.0]
                             [--concurrency 8] [--no-kill | --kill-only] [--json]

`--rate 30` gives Telegram's real figure (10,000 notices then take about six minutes).
The emulator's burst defaults to the bot's: Telegram's tolerance is unknown, and an exact
copy of the bot's limiter is the strictest fair model; `--emulator-burst 300` models a
server that tolerates a second's worth of messages at once.
Reports; never gates: the exit code is 0 whatever the figures, non-zero on errors.
"""

import argparse
import asyncio
import signal
import sys
import tempfile
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

if not __package__:  # run as a script: import from the project root, not from bench/
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.delivery_report import Report, json_line, table  # noqa: E402
from bench.delivery_run import KillRun, Plan, SteadyRun, kill_run, steady_run  # noqa: E402
from bench.load import BenchError  # noqa: E402

T = TypeVar("T")


def parser() -> argparse.ArgumentParser:
    plan = Plan()
    root = argparse.ArgumentParser(prog="bench/delivery.py", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    root.add_argument("--recipients", type=int, default=plan.recipients,
                      help="registered residents the broadcast goes to")
    root.add_argument("--rate", type=float, default=plan.rate,
                      help="messages a second, for the bot and the emulator alike")
    root.add_argument("--burst", type=int, default=plan.burst,
                      help="the bot's global burst (RATE_GLOBAL_BURST)")
    root.add_argument("--emulator-burst", type=int,
                      help="the emulator's global burst (default: the same as --burst)")
    root.add_argument("--askers", type=int, default=plan.askers,
                      help="residents asking /help during the broadcast")
    root.add_argument("--think", type=float, default=plan.think,
                      help="seconds an asker waits before asking again (x0.9-1.5)")
    root.add_argument("--concurrency", type=int, default=plan.concurrency,
                      help="SENDER_CONCURRENCY")
    runs = root.add_mutually_exclusive_group()
    runs.add_argument("--no-kill", action="store_true", help="skip the kill -9 run")
    runs.add_argument("--kill-only", action="store_true", help="only the kill -9 run")
    root.add_argument("--timeout", type=float, help="seconds for each run (default: 20 "
                      "times what the notices need at --rate, + 120: 429s may slow it a lot)")
    root.add_argument("--json", action="store_true", help="print one JSON line instead")
    return root


async def benchmark(plan: Plan, *, steady: bool = True, quiet: bool = False,
                    timeout: float | None = None) -> Report:  # noqa: ASYNC109
    """Run the runs asked for, each on its own database and emulator, in a temp dir."""
    limit = timeout or 20 * plan.recipients / plan.rate + 120
    steady_result: SteadyRun | None = None
    killed: KillRun | None = None
    with tempfile.TemporaryDirectory(prefix="yishi-delivery-") as tmp:
        if steady:
            _progress(quiet, f"run 1: {plan.recipients:,} notices while residents ask ...")
            steady_result = await _bounded(steady_run(plan, Path(tmp)), limit)
        if plan.kill:
            _progress(quiet, f"run 2: {plan.recipients:,} notices, kill -9 and restart ...")
            killed = await _bounded(kill_run(plan, Path(tmp)), limit)
    return Report(plan, steady_result, killed)


async def _bounded(run: Awaitable[T], limit: float) -> T:
    try:
        async with asyncio.timeout(limit):
            return await run
    except TimeoutError:
        raise BenchError(f"a run did not finish within {limit:.0f}s") from None


async def _stoppable(plan: Plan, *, steady: bool, quiet: bool,
                     timeout: float | None) -> Report:  # noqa: ASYNC109
    """SIGTERM unwinds like Ctrl-C, so the bots started are stopped and temp files go."""
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    return await benchmark(plan, steady=steady, quiet=quiet, timeout=timeout)


def _progress(quiet: bool, text: str) -> None:
    if not quiet:
        print(text, file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if min(args.recipients, args.rate, args.burst, args.emulator_burst or 1,
           args.concurrency) <= 0 or min(args.askers, args.think) < 0:
        parser().error("--recipients, --rate, the bursts and --concurrency must be positive, "
                       "--askers and --think not negative")
    plan = Plan(recipients=args.recipients, rate=args.rate, burst=args.burst,
                emulator_burst=args.emulator_burst,
                askers=args.askers, think=args.think, concurrency=args.concurrency,
                kill=not args.no_kill)
    try:
        report = asyncio.run(_stoppable(plan, steady=not args.kill_only, quiet=args.json,
                                        timeout=args.timeout))
    except BenchError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except asyncio.CancelledError:  # SIGTERM
        return 143
    print(json_line(report) if args.json else table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
