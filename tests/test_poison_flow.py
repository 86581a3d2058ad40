"""Updates the engine cannot read, between ordinary ones, through the emulator: each is
set aside with its body, the offset moves past it, and everyone else is answered."""

from typing import Any

from sqlmodel import col, select

from bot.playground import Harness
from models.inbox import InboxState, InboxUpdate

HELP = "您可以使用的命令"
PERSON = {"id": 7001, "is_bot": False, "first_name": "Zhou"}
CHAT = {"id": 7001, "type": "private"}
MALFORMED: list[dict[str, Any]] = [
    # A callback query without its sender.
    {"callback_query": {"id": "cb-1", "chat_instance": "1", "data": "x"}},
    # A message without its chat.
    {"message": {"message_id": 90, "date": 0, "from": PERSON, "text": "hi"}},
    # A reply to a story Telegram sends empty (aiogram issue #1587).
    {"message": {"message_id": 91, "date": 0, "chat": CHAT, "from": PERSON, "text": "hi",
                 "reply_to_story": {}}},
    # A sender whose id is a list and whose name is a number.
    {"message": {"message_id": 92, "date": 0, "chat": CHAT, "text": "hi",
                 "from": {"id": [1], "is_bot": False, "first_name": 5}}},
    # A sender whose id is a word.
    {"message": {"message_id": 93, "date": 0, "chat": CHAT, "text": "hi",
                 "from": {**PERSON, "id": "seven"}}},
    # A chat id beyond 64 bits (no BIGINT column holds it).
    {"message": {"message_id": 94, "date": 0, "chat": {**CHAT, "id": 2**70}, "text": "hi",
                 "from": PERSON}},
]


async def test_malformed_updates_are_set_aside_and_the_rest_answered(harness: Harness) -> None:
    before = await harness.player(7002, "Wu")
    after = await harness.player(7003, "Zheng")
    await harness.client.send_text(before.id, "/help")
    for update in MALFORMED:
        await harness.client.inject_update(update)
    await harness.client.send_text(after.id, "/help")
    await harness.settle(timeout=30)

    assert HELP in (await before.last())["text"]
    assert HELP in (await after.last())["text"]
    assert await harness.client.pending() == 0  # the offset moved past all of them
    async with harness.db.sessionmaker() as session:
        rejected = (await session.exec(select(InboxUpdate).where(
            col(InboxUpdate.state) == InboxState.rejected))).all()
    assert len(rejected) == len(MALFORMED)
    assert all(row.payload["raw"]["update_id"] == row.update_id and row.error
               for row in rejected)
    assert {row.chat_id for row in rejected} == {0, CHAT["id"]}  # as far as it can be read
    assert harness.runtime.rejected_updates == len(MALFORMED)
