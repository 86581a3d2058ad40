"""`python -m emulator --port 8081`: run the emulator on its own."""

from __future__ import annotations

import argparse
import asyncio
import signal

from .server import Emulator


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Telegram Bot API emulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--spec", default=None, help="path to api.json")
    parser.add_argument("--no-flood-limits", action="store_true")
    parser.add_argument("--bot-username", default="yishi_bot")
    return parser.parse_args()


async def serve(args: argparse.Namespace) -> None:
    emulator = Emulator(
        spec_path=args.spec,
        flood_limits=not args.no_flood_limits,
        bot_username=args.bot_username,
    )
    base_url = await emulator.start(args.host, args.port)
    # Flushed: into a pipe (`| tee`, a supervisor's log) it would wait for the buffer to fill.
    print(f"Bot API emulator on {base_url} (control API under {base_url}/_control/)",
          flush=True)
    stop = asyncio.Event()
    # SIGTERM (a supervisor, docker stop) ends it as cleanly as Ctrl-C.
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        await stop.wait()
    finally:
        await emulator.stop()


def main() -> None:
    try:
        asyncio.run(serve(parse_args()))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
