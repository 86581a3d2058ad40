"""Private flows stay private: in a group chat a command that shows or collects personal
data gets a pointer to the private chat and nothing else, and group chatter and group
buttons never move a private dialogue. Through the emulator, on both engines."""

from typing import Any

from sqlmodel import select

from bot.playground import Harness, Player
from handlers import build_router
from models.conversation import Conversation
from models.notices.broadcasts import Broadcast
from tests.test_registration_flow import CHAIR

GROUP = -100500
POINTER = "只在与我的私聊中使用"
LINK = 'href="https://t.me/yishi_bot"'  # the emulator's bot username, from getMe
PHONE = "13912345678"
GROUP_SAFE = {"disclosures"}  # the public board: nothing personal, no dialogue


async def in_group(harness: Harness, player: Player, text: str) -> list[dict[str, Any]]:
    """What the bot posted in the group in answer to `text` written there."""
    before = {m["message_id"] for m in await harness.client.bot_messages(GROUP)}
    await harness.client.send_text(player.id, text, chat_id=GROUP)
    await harness.settle()
    return [m for m in await harness.client.bot_messages(GROUP)
            if m["message_id"] not in before]


async def conversation_of(harness: Harness, telegram_id: int) -> Conversation | None:
    async with harness.db.sessionmaker() as session:
        return await session.get(Conversation, telegram_id)


async def count(harness: Harness, table: type) -> int:
    async with harness.db.sessionmaker() as session:
        return len((await session.exec(select(table))).all())


async def apply_with_phone(applicant: Player) -> None:
    await applicant.say("/register")
    await applicant.say("林小梅")
    await applicant.press("东区")
    await applicant.press("1号楼")
    await applicant.press("1单元")
    await applicant.harness.client.send_contact(applicant.id, PHONE)
    await applicant.harness.settle()
    await applicant.press("提交登记")


def test_only_the_public_board_answers_in_groups() -> None:
    router = build_router()
    assert {n for n, r in router.commands.items() if r.groups} == GROUP_SAFE
    assert all(not r.groups for r in router.callbacks.values() if r.step)


async def test_every_private_command_in_a_group_gets_only_a_pointer(harness: Harness) -> None:
    await harness.client.add_chat(GROUP, "幸福里居民群")
    await apply_with_phone(await harness.player(5001, "Lin"))  # /pending has an applicant
    chair = await harness.player(CHAIR, "王主任")  # every role: the most to show
    await chair.say("/start")
    private_before = len(await chair.messages())
    for name in sorted(build_router().commands.keys() - GROUP_SAFE):
        answer = await in_group(harness, chair, f"/{name}@yishi_bot")
        assert len(answer) == 1 and POINTER in answer[0]["text"], (name, answer)
        assert f"/{name}" in answer[0]["text"] and LINK in answer[0]["source_text"], (name, answer)
        assert "林小梅" not in answer[0]["text"] and PHONE not in answer[0]["text"]
    assert len(await chair.messages()) == private_before  # nor anything sent privately
    conversation = await conversation_of(harness, CHAIR)
    assert conversation is None or conversation.step is None  # no dialogue was begun
    board = await in_group(harness, chair, "/disclosures")
    assert len(board) == 1 and "居务公开" in board[0]["text"], board


async def test_group_chatter_does_not_feed_a_private_dialogue(harness: Harness) -> None:
    await harness.client.add_chat(GROUP, "幸福里居民群")
    chair = await harness.player(CHAIR, "王主任")
    await chair.say("/broadcast")  # asks for the notice's text, in private
    assert await in_group(harness, chair, "大家晚上好，明天见") == []
    assert await in_group(harness, chair, "/unknown_to_us") == []
    conversation = await conversation_of(harness, CHAIR)
    assert conversation is not None and conversation.step == "broadcast.text"
    assert conversation.data["body"] == "" and await count(harness, Broadcast) == 0
    preview = await chair.say("明天上午停水")  # the private chat goes on as before
    assert "明天上午停水" in preview[0]["text"]


async def test_a_dialogue_button_pressed_in_a_group_acts_on_nothing(harness: Harness) -> None:
    await harness.client.add_chat(GROUP, "幸福里居民群")
    chair = await harness.player(CHAIR, "王主任")
    preview = await chair.say("/broadcast 明天上午停水")  # at the preview, with its send button
    send = next(b["callback_data"] for row in preview[-1]["reply_markup"]["inline_keyboard"]
                for b in row if b["text"] == "📢 立即发送")
    (pointer,) = await in_group(harness, chair, "/me")
    await harness.client.press_data(CHAIR, pointer["message_id"], send, chat_id=GROUP)
    await harness.settle()
    assert any("失效" in a for a in await chair.alerts())
    conversation = await conversation_of(harness, CHAIR)
    assert conversation is not None and conversation.step == "broadcast.confirm"
    assert await count(harness, Broadcast) == 0
