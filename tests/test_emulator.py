"""The Bot API emulator through the real aiogram client."""

import asyncio

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from emulator import Emulator, EmulatorClient

TOKEN = "123456:TEST-token_x"
USER = 1001


@pytest.fixture
async def emulator():
    emulator = Emulator()
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def client(emulator):
    async with EmulatorClient(emulator.base_url) as client:
        await client.add_user(USER, "Li", username="li_resident")
        yield client


@pytest.fixture
async def bot(emulator):
    session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
    bot = Bot(TOKEN, session=session)
    yield bot
    await bot.session.close()


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    row = [InlineKeyboardButton(text=text, callback_data=data) for text, data in buttons]
    return InlineKeyboardMarkup(inline_keyboard=[row])


async def raw_call(emulator, method: str, token: str = TOKEN, **params) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session:
        url = f"{emulator.base_url}/bot{token}/{method}"
        async with session.post(url, json=params) as response:
            return response.status, await response.json()


async def test_get_me_answers_with_the_bot_of_the_token(bot):
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456, True, "yishi_bot")


async def test_send_message_is_returned_and_visible_in_the_chat(bot, client):
    sent = await bot.send_message(USER, "<b>你好</b> &amp; welcome", parse_mode="HTML",
                                  reply_markup=keyboard(("Yes", "v1:yes")))
    assert sent.text == "你好 & welcome"
    assert sent.chat.id == USER and sent.from_user.is_bot
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "v1:yes"
    [message] = await client.bot_messages(USER)
    assert message["message_id"] == sent.message_id
    assert message["text"] == "你好 & welcome"
    assert message["source_text"] == "<b>你好</b> &amp; welcome"
    assert message["reply_markup"]["inline_keyboard"][0][0]["text"] == "Yes"


async def test_reply_keyboard_is_kept_in_the_transcript_but_not_echoed(bot, client):
    markup = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="Share", request_contact=True)]])
    sent = await bot.send_message(USER, "Your phone?", reply_markup=markup)
    assert sent.reply_markup is None  # Telegram only echoes inline keyboards
    [message] = await client.bot_messages(USER)
    assert message["reply_markup"]["keyboard"][0][0]["request_contact"] is True


async def test_get_updates_confirms_with_offset_and_long_polls(bot, client):
    first = await client.send_text(USER, "/start ref_42")
    updates = await bot.get_updates(timeout=1)
    assert [u.update_id for u in updates] == [first["update_id"]]
    message = updates[0].message
    assert message.text == "/start ref_42"
    assert (message.entities[0].type, message.entities[0].length) == ("bot_command", 6)
    assert await client.pending() == 1  # not confirmed until the next offset

    second = await client.send_text(USER, "hello")
    updates = await bot.get_updates(offset=first["update_id"] + 1, timeout=1)
    assert [u.update_id for u in updates] == [second["update_id"]]
    assert await bot.get_updates(offset=second["update_id"] + 1, timeout=0) == []
    assert await client.pending() == 0


async def poll_in_background(bot, client) -> asyncio.Task:
    """Start a long poll and return once the emulator holds it open."""
    task = asyncio.create_task(bot.get_updates(timeout=5))
    for _ in range(300):
        if (await client.status())["polls_waiting"]:
            return task
        await asyncio.sleep(0.01)
    raise AssertionError("the long poll never reached the emulator")


async def test_long_poll_wakes_up_when_an_update_arrives(bot, client):
    waiting = await poll_in_background(bot, client)
    assert not waiting.done()
    sent = await client.send_text(USER, "anyone there?")
    [update] = await waiting
    assert update.update_id == sent["update_id"]


async def test_a_second_poll_ends_the_first_with_409(bot, client):
    first = await poll_in_background(bot, client)
    assert await bot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await first


async def test_invalid_html_is_refused_like_telegram(bot, client):
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(USER, "<b>unclosed", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="Unsupported start tag"):
        await bot.send_message(USER, "1 < 2", parse_mode="HTML")
    assert await client.bot_messages(USER) == []


async def test_text_over_4096_characters_is_refused(bot, client):
    await bot.send_message(USER, "字" * 4096)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER, "字" * 4097)
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(USER, BufferedInputFile(b"\x89PNG", "a.png"), caption="c" * 1025)


async def test_callback_data_over_64_bytes_is_refused(bot, client):
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "vote", reply_markup=keyboard(("Yes", "x" * 65)))


async def test_unknown_method_and_bad_token(emulator):
    status, body = await raw_call(emulator, "sendTelepathy", chat_id=1)
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    status, body = await raw_call(emulator, "getMe", token="not-a-token")
    assert (status, body["description"]) == (401, "Unauthorized")


async def test_missing_and_mistyped_parameters_are_400(emulator, client):
    status, body = await raw_call(emulator, "sendMessage", text="hi")
    assert (status, body["description"]) == (400, 'Bad Request: parameter "chat_id" is required')
    status, body = await raw_call(emulator, "getUpdates", limit="many")
    assert status == 400
    assert body["description"] == 'Bad Request: parameter "limit" must be of type Integer'
    status, body = await raw_call(emulator, "SENDMESSAGE", chat_id=str(USER), text="ok")
    assert (status, body["result"]["text"]) == (200, "ok")  # names are case-insensitive


async def test_unknown_chat_is_400(bot):
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(999, "anyone?")


async def test_flood_limit_answers_429_with_retry_after(bot, client):
    await client.set_flood(chat_burst=2, chat_per_second=0.01)
    await bot.send_message(USER, "1")
    await bot.send_message(USER, "2")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER, "3")
    assert caught.value.retry_after >= 1
    await client.set_flood(enabled=False)
    await bot.send_message(USER, "4")
    assert [m["text"] for m in await client.bot_messages(USER)] == ["1", "2", "4"]


async def test_blocked_user_is_403(bot, client):
    await client.block(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "news")
    await client.block(USER, blocked=False)
    await bot.send_message(USER, "news")


async def test_edit_text_checks_existence_and_changes(bot, client):
    sent = await bot.send_message(USER, "Draft", reply_markup=keyboard(("Go", "go")))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Draft", chat_id=USER, message_id=sent.message_id,
                                    reply_markup=keyboard(("Go", "go")))
    edited = await bot.edit_message_text("Final", chat_id=USER, message_id=sent.message_id)
    assert (edited.text, edited.reply_markup) == ("Final", None)  # no markup drops the keyboard
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=77)
    [message] = await client.bot_messages(USER)
    assert (message["text"], message["edited"], message["reply_markup"]) == ("Final", True, None)


async def test_delete_message_marks_it_deleted(bot, client):
    sent = await bot.send_message(USER, "oops")
    assert await bot.delete_message(USER, sent.message_id) is True
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    assert [m["deleted"] for m in await client.messages(USER)] == [True]
    assert await client.bot_messages(USER) == []


async def test_documents_upload_as_multipart(bot, client):
    sent = await bot.send_document(USER, BufferedInputFile(b"%PDF-1.4", "minutes.pdf"),
                                   caption="<i>Minutes</i>", parse_mode="HTML")
    assert (sent.document.file_name, sent.document.file_size) == ("minutes.pdf", 8)
    assert sent.caption == "Minutes"
    [call] = await client.calls("sendDocument")
    assert call["params"]["document"] == {"file_name": "minutes.pdf", "size": 8}


async def test_commands_are_stored_per_scope_and_language(bot, client):
    await bot.set_my_commands([BotCommand(command="start", description="开始")],
                              language_code="zh")
    assert await bot.get_my_commands() == []
    [stored] = await bot.get_my_commands(language_code="zh")
    assert stored.command == "start"
    [entry] = await client.commands()
    assert (entry["scope"], entry["language_code"]) == ({"type": "default"}, "zh")
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad-Command", description="x")])


async def test_get_updates_conflicts_with_a_webhook(bot):
    await bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == []


async def test_other_sends_copies_and_forwards_produce_messages(bot, client):
    await client.add_chat(-1001, "Disclosure board", type="channel", username="yishi_board")
    location = await bot.send_location(USER, latitude=31.2, longitude=121.5)
    assert location.location.latitude == 31.2
    album = await bot.send_media_group(USER, [InputMediaPhoto(media="file-a", caption="A"),
                                              InputMediaPhoto(media="file-b")])
    assert [m.message_id for m in album] == [2, 3]
    notice = await bot.send_message("@yishi_board", "Budget 2026 published")
    assert notice.sender_chat.id == -1001 and notice.from_user is None
    copied = await bot.copy_message(USER, from_chat_id=-1001, message_id=notice.message_id)
    forwarded = await bot.forward_message(USER, from_chat_id=-1001, message_id=notice.message_id)
    assert forwarded.forward_origin.chat.id == -1001
    texts = [(m["kind"], m["text"]) for m in await client.bot_messages(USER)]
    assert texts[3:] == [("text", "Budget 2026 published")] * 2
    assert texts[0][0] == "location" and copied.message_id == 4


async def test_a_channel_takes_posts_from_its_administrators_only(bot, client):
    await client.add_chat(-1002, "Board", type="channel", username="board", bot_status="member")
    with pytest.raises(TelegramBadRequest, match="need administrator rights"):
        await bot.send_message("@board", "Budget")
    await client.add_chat(-1002, "Board", type="channel", username="board", bot_status="left")
    with pytest.raises(TelegramForbiddenError, match="not a member"):
        await bot.send_message(-1002, "Budget")
    await client.add_chat(-1002, "Board", type="channel", username="board")
    assert (await bot.send_message("@board", "Budget")).text == "Budget"
