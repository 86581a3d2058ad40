"""Telegram engines: each turns its library's updates into ours and sends our replies."""

from typing import Any, Protocol

from bot.intake import Intake
from bot.transport import Transport
from chat.incoming import Incoming


class Engine(Protocol):
    name: str
    transport: Transport

    async def start(self) -> None: ...

    async def username(self) -> str | None: ...

    async def poll(self, intake: Intake, *, poll_seconds: int = 25) -> None: ...

    def read_update(self, raw: dict[str, Any]) -> Incoming | None:
        """One update's JSON as ours; raises when the library cannot read it."""
        ...

    async def set_webhook(self, url: str, secret: str | None) -> None: ...

    async def delete_webhook(self) -> None: ...

    async def close(self) -> None: ...
