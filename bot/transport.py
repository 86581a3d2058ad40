"""What the runtime needs from a Telegram engine, and the errors it may raise."""

from dataclasses import dataclass
from typing import Any, Protocol


class TransportError(Exception):
    """Network trouble or a 5xx: worth retrying."""


class RetryAfter(TransportError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class Forbidden(Exception):
    """403: the person blocked the bot or deleted their account."""


class BadRequest(Exception):
    """400: our bug (bad HTML, too long, a message that no longer exists)."""

    def says(self, reason: str) -> bool:
        """Whether Telegram's description gives this reason. Engines pass it on in their
        own case: PTB drops the "Bad Request: " prefix and capitalises what is left."""
        return reason.lower() in str(self).lower()


@dataclass(frozen=True)
class BotCommand:
    command: str
    description: str


@dataclass(frozen=True)
class Upload:
    """Bytes sent as a new file (Telegram gives back a file_id for reuse)."""

    name: str
    content_type: str
    data: bytes


class Transport(Protocol):
    async def send_message(self, chat_id: int | str, text: str,
                           markup: dict[str, Any] | None) -> int:
        """Returns Telegram's message_id."""
        ...

    async def send_media(
        self, chat_id: int | str, kind: str, file: str | Upload, caption: str | None,
        markup: dict[str, Any] | None,
    ) -> tuple[int, str]:
        """Send a photo or document (a file_id or an upload) with an optional HTML caption.
        Returns Telegram's message_id and the file_id of what was sent."""
        ...

    async def edit_message(
        self, chat_id: int, message_id: int, text: str, markup: dict[str, Any] | None
    ) -> None: ...

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None: ...

    async def set_commands(
        self, commands: list[BotCommand], *, chat_id: int | None, language: str | None
    ) -> None: ...
