"""`python bot.py demo`: a scripted morning in the community, played through the
emulator against the real bot, printed as a transcript."""

import re
import tempfile
from html import unescape
from pathlib import Path
from typing import Any

from bot.app import open_database
from bot.playground import Harness, Player, start_harness

EXAMPLE = Path(__file__).resolve().parent.parent / "community.example.yaml"


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


async def script(harness: Harness) -> None:
    chair = await harness.player(1001, "王主任")
    lin = await harness.player(5001, "林小梅")
    chen = await harness.player(5002, "Chen", language="en")
    show = Transcript(harness, [chair, lin, chen])
    await show.say(lin, "/start")
    await show.say(lin, "/register")
    await show.say(lin, "林小梅")
    await show.press(lin, "东区")
    await show.press(lin, "1号楼")
    await show.press(lin, "2单元")
    print(f"\n▶ {lin.name} shares their phone number")
    await lin.share_contact("+8613800000001")
    await show.show_news()
    await show.press(lin, "提交登记")
    await show.say(chen, "/pending")
    await show.say(chair, "/pending")
    await show.press(chair, "✅ 通过")
    await show.say(chair, "/grant 5001 representative")
    await show.say(lin, "/me")
    await show.say(lin, "/help")
    await show.say(chen, "/start")


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
