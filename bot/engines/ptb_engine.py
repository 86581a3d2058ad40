"""The python-telegram-bot 22 engine. Its Application provides the configured bot;
polling is ours, for the same reason as with aiogram: updates are stored in the inbox
before the offset confirms them."""

import logging
import warnings
from datetime import timedelta
from typing import Any

from telegram import BotCommand as TgCommand
from telegram import (
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest as TgBadRequest
from telegram.error import Forbidden as TgForbidden
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.error import RetryAfter as TgRetryAfter
from telegram.ext import Application, ApplicationBuilder
from telegram.warnings import PTBDeprecationWarning, PTBUserWarning

from bot.engines import polling
from bot.engines.markup import reply_markup
from bot.engines.updates import incoming_from_dict
from bot.intake import Intake
from bot.transport import (
    BadRequest,
    BotCommand,
    Forbidden,
    RetryAfter,
    Transport,
    TransportError,
    Upload,
)
from chat.incoming import Incoming

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "callback_query"]
# Polling asks for getUpdates as raw JSON, read one update at a time (see polling.py);
# PTB warns each time that its get_updates is preferred, which reads the batch as a whole.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'",
                        category=PTBUserWarning)


def make_application(token: str, api_base: str | None) -> Application:  # type: ignore[type-arg]
    builder = ApplicationBuilder().token(token).updater(None)
    if api_base:
        builder = builder.base_url(f"{api_base}/bot").base_file_url(f"{api_base}/file/bot")
    return builder.build()


def to_incoming(update: Update) -> Incoming | None:
    return incoming_from_dict(update.to_dict())


def _markup(markup: dict[str, Any] | None) -> Any:
    data = reply_markup(markup)
    if data is None:
        return None
    if "inline_keyboard" in data:
        return InlineKeyboardMarkup([[InlineKeyboardButton(**b) for b in row]
                                     for row in data["inline_keyboard"]])
    if "keyboard" in data:
        return ReplyKeyboardMarkup([[KeyboardButton(**k) for k in row] for row in data["keyboard"]],
                                   resize_keyboard=True, one_time_keyboard=True)
    return ReplyKeyboardRemove()


def _retry_after(error: TgRetryAfter) -> float:
    # The attribute is becoming a timedelta; reading it warns until then. Both are handled.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class _translated_errors:
    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, kind: Any, error: BaseException | None, tb: Any) -> bool:
        if isinstance(error, TgRetryAfter):
            raise RetryAfter(_retry_after(error)) from error
        if isinstance(error, TgForbidden):
            raise Forbidden(error.message) from error
        if isinstance(error, TgBadRequest):
            raise BadRequest(error.message) from error
        if isinstance(error, NetworkError | TimedOut):
            raise TransportError(str(error)) from error
        if isinstance(error, TelegramError):  # e.g. an answer that is not JSON at all
            raise TransportError(str(error)) from error
        return False


class PTBTransport:
    def __init__(self, application: Application) -> None:  # type: ignore[type-arg]
        self.bot = application.bot

    async def send_message(self, chat_id: int | str, text: str,
                           markup: dict[str, Any] | None) -> int:
        async with _translated_errors():
            message = await self.bot.send_message(chat_id, text, parse_mode="HTML",
                                                  reply_markup=_markup(markup))
        return message.message_id

    async def send_media(self, chat_id: int | str, kind: str, file: str | Upload,
                         caption: str | None,
                         markup: dict[str, Any] | None) -> tuple[int, str]:
        source: Any = (InputFile(file.data, filename=file.name)
                       if isinstance(file, Upload) else file)
        options: dict[str, Any] = {"caption": caption, "parse_mode": "HTML",
                                   "reply_markup": _markup(markup)}
        message: Message
        async with _translated_errors():
            if kind == "photo":
                message = await self.bot.send_photo(chat_id, source, **options)
            else:
                message = await self.bot.send_document(chat_id, source, **options)
        if message.photo:
            return message.message_id, message.photo[-1].file_id
        return message.message_id, message.document.file_id if message.document else ""

    async def edit_message(self, chat_id: int, message_id: int, text: str,
                           markup: dict[str, Any] | None) -> None:
        async with _translated_errors():
            await self.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id,
                                             parse_mode="HTML", reply_markup=_markup(markup))

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        async with _translated_errors():
            await self.bot.answer_callback_query(callback_id, text=text, show_alert=alert)

    async def set_commands(self, commands: list[BotCommand], *, chat_id: int | None,
                           language: str | None) -> None:
        scope = BotCommandScopeChat(chat_id) if chat_id else BotCommandScopeDefault()
        items = [TgCommand(c.command, c.description) for c in commands]
        async with _translated_errors():
            await self.bot.set_my_commands(items, scope=scope, language_code=language)


class PTBEngine:
    name = "ptb"

    def __init__(self, token: str, api_base: str | None) -> None:
        self.application = make_application(token, api_base)
        self.transport: Transport = PTBTransport(self.application)

    async def start(self) -> None:
        await self.application.initialize()

    async def username(self) -> str | None:
        """The bot's @username, for links to its private chat (start asked Telegram)."""
        return self.application.bot.username

    async def poll(self, intake: Intake, *, poll_seconds: int = 25) -> None:
        """Long polling that moves the offset only past updates already in the inbox."""
        async def fetch(offset: int | None) -> list[Any]:
            async with _translated_errors():
                result = await self.application.bot.do_api_request(
                    "getUpdates", api_kwargs={"offset": offset, "timeout": poll_seconds,
                                              "allowed_updates": ALLOWED_UPDATES},
                    read_timeout=poll_seconds + 10)
            if not isinstance(result, list):
                raise TransportError(f"getUpdates answered {type(result).__name__}")
            return result

        await polling.poll(fetch, self.read_update, intake)

    def read_update(self, raw: dict[str, Any]) -> Incoming | None:
        """One update's JSON as ours; raises when python-telegram-bot cannot read it."""
        update = Update.de_json(raw, self.application.bot)
        return None if update is None else to_incoming(update)

    async def set_webhook(self, url: str, secret: str | None) -> None:
        await self.application.bot.set_webhook(url, secret_token=secret,
                                               allowed_updates=ALLOWED_UPDATES)

    async def delete_webhook(self) -> None:
        await self.application.bot.delete_webhook()

    async def close(self) -> None:
        await self.application.shutdown()
