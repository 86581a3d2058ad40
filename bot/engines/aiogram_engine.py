"""The aiogram 3 engine: its Bot client and types, translated to and from ours.
aiogram's own Dispatcher is not used: its polling confirms updates before handlers
finish, and ours must store them first."""

import asyncio
import logging
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageText,
    GetUpdates,
    Response,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import BotCommand as TgCommand
from aiogram.types import (
    BotCommandScopeChat,
    BotCommandScopeDefault,
    BufferedInputFile,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from pydantic import BaseModel, ConfigDict

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


def make_bot(token: str, api_base: str | None) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base)) if api_base else None
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode="HTML"))


def to_incoming(update: Update) -> Incoming | None:
    return incoming_from_dict(update.model_dump(mode="json", exclude_none=True, by_alias=True))


class GetRawUpdates(TelegramMethod[list[dict[str, Any]]]):
    """getUpdates with each update left as JSON, to be read one by one (see polling.py)."""
    __returning__ = list[dict[str, Any]]
    __api_method__ = "getUpdates"

    offset: int | None = None
    timeout: int | None = None
    allowed_updates: list[str] | None = None


def _markup(markup: dict[str, Any] | None) -> Any:
    data = reply_markup(markup)
    if data is None:
        return None
    if "inline_keyboard" in data:
        return InlineKeyboardMarkup.model_validate(data)
    if "keyboard" in data:
        return ReplyKeyboardMarkup.model_validate(data)
    return ReplyKeyboardRemove.model_validate(data)


class SentMessage(BaseModel):
    """The one thing the bot keeps of a sent message: its id."""
    model_config = ConfigDict(extra="ignore")
    message_id: int


class SendMessageForId(SendMessage):
    """sendMessage, with only the message's id read from the answer: parsing the whole
    Message (chat, sender, entities) cost about 8 % of the bot's CPU per reply."""
    __returning__ = SentMessage  # type: ignore[assignment]


class AiogramTransport:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_message(self, chat_id: int | str, text: str,
                           markup: dict[str, Any] | None) -> int:
        async with _translated_errors():
            sent = await self.bot(SendMessageForId(chat_id=chat_id, text=text,
                                                   reply_markup=_markup(markup)))
        return sent.message_id

    async def send_media(self, chat_id: int | str, kind: str, file: str | Upload,
                         caption: str | None,
                         markup: dict[str, Any] | None) -> tuple[int, str]:
        source: Any = (BufferedInputFile(file.data, filename=file.name)
                       if isinstance(file, Upload) else file)
        message: Message
        async with _translated_errors():
            if kind == "photo":
                message = await self.bot.send_photo(chat_id, source, caption=caption,
                                                    reply_markup=_markup(markup))
            else:
                message = await self.bot.send_document(chat_id, source, caption=caption,
                                                       reply_markup=_markup(markup))
        if message.photo:
            return message.message_id, message.photo[-1].file_id
        return message.message_id, message.document.file_id if message.document else ""

    async def edit_message(self, chat_id: int, message_id: int, text: str,
                           markup: dict[str, Any] | None) -> None:
        async with _translated_errors():
            await self.bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id,
                                             reply_markup=_markup(markup))

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        async with _translated_errors():
            await self.bot.answer_callback_query(callback_id, text=text, show_alert=alert)

    async def set_commands(self, commands: list[BotCommand], *, chat_id: int | None,
                           language: str | None) -> None:
        scope = BotCommandScopeChat(chat_id=chat_id) if chat_id else BotCommandScopeDefault()
        items = [TgCommand(command=c.command, description=c.description) for c in commands]
        async with _translated_errors():
            await self.bot.set_my_commands(items, scope=scope, language_code=language)


class _translated_errors:
    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, kind: Any, error: BaseException | None, tb: Any) -> bool:
        if error is None:
            return False
        if isinstance(error, TelegramRetryAfter):
            raise RetryAfter(error.retry_after) from error
        if isinstance(error, TelegramForbiddenError):
            raise Forbidden(error.message) from error
        if isinstance(error, TelegramBadRequest | TelegramNotFound):
            raise BadRequest(error.message) from error
        # A 5xx, a dropped connection, a timeout, or an answer that is not JSON at all
        # (the HTML error page of Telegram's front end).
        if isinstance(error, TelegramNetworkError | TelegramServerError | ClientDecodeError
                      | asyncio.TimeoutError):
            raise TransportError(str(error)) from error
        return False


class AiogramEngine:
    name = "aiogram"

    def __init__(self, token: str, api_base: str | None) -> None:
        self.bot = make_bot(token, api_base)
        self.transport: Transport = AiogramTransport(self.bot)
        # aiogram parses every answer as Response[T]; pydantic caches such generic
        # classes weakly and rebuilds them after each garbage collection (~0.2 ms each).
        methods: list[Any] = [GetUpdates, GetRawUpdates, SendMessageForId, EditMessageText,
                              AnswerCallbackQuery, SetMyCommands, SendPhoto, SendDocument]
        generic: Any = Response
        self._response_types = [generic[m.__returning__] for m in methods]

    async def start(self) -> None:
        """Nothing to prepare: aiogram opens its HTTP session on the first call."""

    async def username(self) -> str | None:
        """The bot's @username, for links to its private chat; None while Telegram
        cannot say (the bot then describes the way instead of linking it)."""
        try:
            return (await self.bot.get_me(request_timeout=10)).username
        except (TelegramAPIError, ClientDecodeError) as error:
            log.warning("the bot's username is unknown: %s", error)
            return None

    async def poll(self, intake: Intake, *, poll_seconds: int = 25) -> None:
        """Long polling that moves the offset only past updates already in the inbox."""
        async def fetch(offset: int | None) -> list[Any]:
            async with _translated_errors():
                raw: list[Any] = await self.bot(GetRawUpdates(
                    offset=offset, timeout=poll_seconds, allowed_updates=ALLOWED_UPDATES),
                    request_timeout=poll_seconds + 10)
            return raw

        await polling.poll(fetch, self.read_update, intake)

    def read_update(self, raw: dict[str, Any]) -> Incoming | None:
        """One update's JSON as ours; raises when it does not fit aiogram's types."""
        return to_incoming(Update.model_validate(raw, context={"bot": self.bot}))

    async def set_webhook(self, url: str, secret: str | None) -> None:
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)

    async def delete_webhook(self) -> None:
        await self.bot.delete_webhook()

    async def close(self) -> None:
        await self.bot.session.close()
