"""The emulator's control side (playing users) and its webhook delivery, plus PTB."""

import asyncio
import io

import pytest
import telegram
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import CommandStart
from aiogram.types import (
    CallbackQuery,
    InaccessibleMessage,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiohttp import web

from emulator import Emulator, EmulatorClient, EmulatorError

TOKEN = "42:control-TEST"
USER = 2002
SECRET = "s3cret_Token"


@pytest.fixture
async def emulator():
    emulator = Emulator(webhook_retry_delay=0.05)
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def client(emulator):
    async with EmulatorClient(emulator.base_url) as client:
        await client.add_user(USER, "Wang", language_code="en")
        yield client


@pytest.fixture
async def bot(emulator):
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)))
    yield bot
    await bot.session.close()


async def send_vote(bot: Bot) -> int:
    markup = InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="赞成", callback_data="v1:vote:7:yes"),
        InlineKeyboardButton(text="反对", callback_data="v1:vote:7:no"),
    ]])
    return (await bot.send_message(USER, "Vote on matter 7", reply_markup=markup)).message_id


async def test_press_by_label_sends_the_buttons_callback(bot, client):
    message_id = await send_vote(bot)
    pressed = await client.press(USER, "反对")
    [update] = await bot.get_updates()
    query = update.callback_query
    assert update.update_id == pressed["update_id"]
    assert (query.id, query.data, query.from_user.id) == (
        pressed["callback_query_id"], "v1:vote:7:no", USER)
    assert query.message.message_id == message_id
    assert query.message.reply_markup.inline_keyboard[0][1].text == "反对"

    assert await bot.answer_callback_query(query.id, text="Recorded", show_alert=True)
    assert await client.callback_answers() == [{
        "callback_query_id": query.id, "text": "Recorded", "show_alert": True, "url": None,
    }]
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)


async def test_press_of_a_missing_label_lists_what_is_there(bot, client):
    await send_vote(bot)
    with pytest.raises(EmulatorError, match="offers: '赞成', '反对'") as caught:
        await client.press(USER, "弃权")
    assert caught.value.status == 404


async def test_press_data_forges_a_callback_even_for_a_deleted_message(bot, client):
    message_id = await send_vote(bot)
    await bot.delete_message(USER, message_id)
    await client.press_data(USER, message_id, "v1:vote:7:yes")
    [update] = await bot.get_updates()
    assert update.callback_query.data == "v1:vote:7:yes"
    assert isinstance(update.callback_query.message, InaccessibleMessage)


async def test_users_share_contact_location_photo_and_document(bot, client):
    await client.send_contact(USER, "+8613800000000")
    await client.send_location(USER, 31.23, 121.47)
    await client.send_photo(USER, caption="leaking pipe")
    await client.send_document(USER, "lease.pdf", caption="my lease")
    updates = [u.message for u in await bot.get_updates()]
    assert (updates[0].contact.phone_number, updates[0].contact.user_id) == ("+8613800000000",
                                                                             USER)
    assert (updates[1].location.latitude, updates[1].location.longitude) == (31.23, 121.47)
    assert updates[2].caption == "leaking pipe" and updates[2].photo[-1].width == 800
    assert (updates[3].document.file_name, updates[3].document.mime_type) == (
        "lease.pdf", "application/pdf")
    kinds = [m["kind"] for m in await client.messages(USER)]
    assert kinds == ["contact", "location", "photo", "document"]


async def test_injected_duplicate_is_delivered_again(bot, client):
    sent = await client.send_text(USER, "hello")
    [update] = await bot.get_updates()
    await bot.get_updates(offset=update.update_id + 1)
    raw = update.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert await client.inject_update(raw) == sent["update_id"]
    [again] = await bot.get_updates(offset=update.update_id + 1)
    assert (again.update_id, again.message.text) == (sent["update_id"], "hello")


async def test_group_chats_and_unknown_users(bot, client):
    await client.add_chat(-100500, "Building 3")
    await client.send_text(USER, "/help@yishi_bot", chat_id=-100500)
    [update] = await bot.get_updates()
    assert (update.message.chat.type, update.message.chat.title) == ("supergroup", "Building 3")
    assert update.message.entities[0].length == len("/help@yishi_bot")
    with pytest.raises(EmulatorError, match="user 9 not found"):
        await client.send_text(9, "hi")


async def test_reset_forgets_everything(bot, client):
    await client.send_text(USER, "hello")
    await bot.send_message(USER, "hi")
    await client.reset()
    assert await client.pending() == 0
    assert await client.calls() == []
    with pytest.raises(EmulatorError, match=f"chat {USER} not found"):
        await client.messages(USER)


async def test_wait_helpers_follow_a_bot_that_answers(bot, client):
    async def echo_once() -> None:
        [update] = await bot.get_updates(timeout=2)
        await bot.get_updates(offset=update.update_id + 1)
        await bot.send_message(USER, f"echo: {update.message.text}")

    task = asyncio.create_task(echo_once())
    await client.send_text(USER, "ping")
    [reply] = await client.wait_for_bot_messages(USER, 1, timeout=3)
    await client.wait_until_idle(timeout=3)
    await task
    assert reply["text"] == "echo: ping"
    with pytest.raises(TimeoutError, match="#1 user 2002: ping"):
        await client.wait_for_bot_messages(USER, 2, timeout=0.1)


def echo_dispatcher() -> Dispatcher:
    dispatcher = Dispatcher()

    @dispatcher.message(CommandStart())
    async def start(message: Message) -> None:
        markup = InlineKeyboardMarkup(inline_keyboard=[[
            InlineKeyboardButton(text="Yes", callback_data="v1:yes")]])
        await message.answer("Agree?", reply_markup=markup)

    @dispatcher.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer("Noted")
        assert isinstance(query.message, Message)
        await query.message.edit_text(f"You chose {query.data}")

    return dispatcher


async def test_aiogram_dispatcher_polls_the_emulator(bot, client):
    dispatcher = echo_dispatcher()
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    try:
        await client.send_text(USER, "/start")
        await client.wait_for_bot_messages(USER, 1)
        await client.press(USER, "Yes")
        await client.wait_until_idle()
    finally:
        await dispatcher.stop_polling()
        await polling
    [message] = await client.bot_messages(USER)
    assert (message["text"], message["edited"]) == ("You chose v1:yes", True)
    assert [a["text"] for a in await client.callback_answers()] == ["Noted"]
    assert await client.pending() == 0


async def webhook_receiver(statuses: list[int]) -> tuple[web.AppRunner, str, list]:
    """A bot endpoint answering with the given statuses in turn; records what it got."""
    received: list[tuple[str | None, dict]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"),
                         await request.json()))
        return web.Response(status=statuses[min(len(received), len(statuses)) - 1])

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/hook", received


async def test_webhook_delivers_with_secret_and_retries_on_error(bot, client):
    runner, url, received = await webhook_receiver([500, 200])
    try:
        await bot.set_webhook(url, secret_token=SECRET)
        sent = await client.send_text(USER, "via webhook")
        await client.wait_until_idle(timeout=3)
        info = await bot.get_webhook_info()
    finally:
        await bot.delete_webhook()
        await runner.cleanup()
    assert [secret for secret, _ in received] == [SECRET, SECRET]
    assert [body["update_id"] for _, body in received] == [sent["update_id"]] * 2
    assert received[1][1]["message"]["text"] == "via webhook"
    assert info.pending_update_count == 0
    assert "500" in info.last_error_message


async def test_python_telegram_bot_talks_form_data(emulator, client):
    async with telegram.Bot(TOKEN, base_url=f"{emulator.base_url}/bot") as ptb:
        assert (await ptb.get_me()).username == "yishi_bot"
        sent = await ptb.send_message(USER, "<u>hi</u>", parse_mode="HTML")
        document = await ptb.send_document(USER, io.BytesIO(b"abc"), filename="a.txt")
        with pytest.raises(telegram.error.BadRequest, match="(?i)message is too long"):
            await ptb.send_message(USER, "x" * 4097)
    assert sent.text == "hi"
    assert document.document.file_name == "a.txt"
    assert [m["text"] for m in await client.bot_messages(USER)] == ["hi", None]
