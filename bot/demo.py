"""`python bot.py demo`: a scripted morning in the community, played through the
emulator against the real bot, printed as a transcript."""

import asyncio
import re
import tempfile
from html import unescape
from pathlib import Path
from typing import Any

import yaml

from bot.app import open_database
from bot.playground import Harness, Player, start_harness

EXAMPLE = Path(__file__).resolve().parent.parent / "community.example.yaml"
SCRIPT = Path(__file__).resolve().parent / "demo_script.yaml"


class Transcript:
    def __init__(self, harness: Harness, cast: list[Player]) -> None:
        self.harness = harness
        self.cast = cast
        self.seen: dict[tuple[int, int], str] = {}

    async def say(self, who: Player, text: str) -> None:
        print(f"\n▶ {who.name}: {text}")
        await who.say(text)
        await self.show_news()

    async def press(self, who: Player, label: str) -> None:
        print(f"\n▶ {who.name} presses [{label}]")
        await who.press(label)
        await self.show_news()

    async def show_news(self) -> None:
        for player in self.cast:
            for message in await player.messages():
                key = (player.id, message["message_id"])
                if self.seen.get(key) != message["text"]:
                    self.seen[key] = message["text"]
                    print(_format(player, message))


def _format(player: Player, message: dict[str, Any]) -> str:
    text = unescape(re.sub(r"<[^>]+>", "", message["text"] or ""))
    lines = text.splitlines() or [""]
    head = f"  ◀ to {player.name}{' (edited)' if message.get('edited') else ''}: "
    body = head + lines[0] + "".join(f"\n{' ' * len(head)}{line}" for line in lines[1:])
    keyboard = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    labels = [f"[{b['text']}]" for row in keyboard for b in row]
    return body + (f"\n{' ' * len(head)}{' '.join(labels)}" if labels else "")


async def script(harness: Harness, path: Path = SCRIPT) -> None:
    plan = yaml.safe_load(await asyncio.to_thread(path.read_text, encoding="utf-8"))
    cast = {key: await harness.player(p["id"], p["name"], language=p["language"])
            for key, p in plan["cast"].items()}
    show = Transcript(harness, list(cast.values()))
    for step in plan["steps"]:
        who = cast[step["who"]]
        if "say" in step:
            await show.say(who, str(step["say"]))
        elif "press" in step:
            await show.press(who, str(step["press"]))
        else:
            print(f"\n▶ {who.name} shares their phone number")
            await who.share_contact(str(step["contact"]))
            await show.show_news()


async def play() -> int:
    with tempfile.TemporaryDirectory() as folder:
        database = await open_database(f"sqlite+aiosqlite:///{folder}/demo.db",
                                       community_file=EXAMPLE)
        try:
            print("Yishi demo: a resident registers, the committee approves, roles follow.")
            async with start_harness(database, engine="aiogram") as harness:
                await script(harness)
        finally:
            await database.engine.dispose()
    return 0
