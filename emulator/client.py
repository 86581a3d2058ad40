"""An async client for the emulator's control API, for tests, the demo and the sandbox."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import aiohttp

POLL_INTERVAL = 0.02


class EmulatorError(Exception):
    """The control API refused a request; `description` says why."""

    def __init__(self, description: str, status: int | None = None):
        super().__init__(description)
        self.description = description
        self.status = status


def format_transcript(messages: list[dict[str, Any]]) -> str:
    lines = []
    for m in messages:
        who = "bot" if m["from_bot"] else f"user {m['from_user_id']}"
        flags = "".join(f" [{f}]" for f in ("edited", "deleted") if m[f])
        body = m["text"] if m["text"] is not None else f"<{m['kind']}> {m['caption'] or ''}"
        lines.append(f"  #{m['message_id']} {who}{flags}: {body}")
    return "\n".join(lines) or "  (no messages)"


class EmulatorClient:
    def __init__(self, base_url: str, *, session: aiohttp.ClientSession | None = None):
        self.base_url = base_url.rstrip("/")
        self._session = session
        self._owns_session = session is None

    async def __aenter__(self) -> EmulatorClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
        self._session = None

    async def _call(self, verb: str, path: str, body: dict | None = None, **query: Any) -> Any:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        url = f"{self.base_url}/_control/{path}"
        params = {k: str(v) for k, v in query.items() if v is not None}
        async with self._session.request(verb, url, json=body, params=params) as response:
            data = await response.json()
        if not data.get("ok"):
            raise EmulatorError(data.get("description", "unknown error"), response.status)
        return data["result"]

    async def _post(self, path: str, **body: Any) -> Any:
        return await self._call("POST", path, {k: v for k, v in body.items() if v is not None})

    # Setting up the world

    async def add_user(self, id: int, first_name: str = "Resident", *, last_name: str | None = None,
                       username: str | None = None, language_code: str | None = "zh") -> dict:
        return await self._post("users", id=id, first_name=first_name, last_name=last_name,
                                username=username, language_code=language_code)

    async def add_chat(self, id: int, title: str, type: str = "supergroup",
                       username: str | None = None, bot_status: str = "administrator") -> dict:
        """A group or channel; bot_status "member" or "left" makes a channel refuse posts."""
        return await self._post("chats", id=id, title=title, type=type, username=username,
                                bot_status=bot_status)

    async def block(self, user_id: int, blocked: bool = True) -> dict:
        return await self._post(f"users/{user_id}/block", blocked=blocked)

    async def set_flood(self, **settings: Any) -> dict:
        """Change flood limits at runtime, e.g. set_flood(enabled=False) or chat_burst=2."""
        return await self._post("flood", **settings)

    async def outage(self, *kinds: str, methods: list[str] | None = None,
                     chats: list[int] | None = None, calls: int | None = None,
                     retry_after: int = 5) -> dict:
        """Answer Bot API calls (of these methods only, to these chats only, for this many
        calls) with these failures in turn: html502, json500, json502, drop, flood (a 429
        asking to wait retry_after seconds); called with none, it ends."""
        return await self._call("POST", "outage", {"kinds": list(kinds), "methods": methods,
                                                   "chats": chats, "calls": calls,
                                                   "retry_after": retry_after})

    async def reset(self) -> None:
        await self._post("reset")

    # Acting as users

    async def send_text(self, user_id: int, text: str, *, chat_id: int | None = None,
                        reply_to_message_id: int | None = None) -> dict:
        return await self._post("send_text", user_id=user_id, text=text, chat_id=chat_id,
                                reply_to_message_id=reply_to_message_id)

    async def press(self, user_id: int, label: str, message_id: int | None = None, *,
                    chat_id: int | None = None) -> dict:
        return await self._post("press", user_id=user_id, label=label, message_id=message_id,
                                chat_id=chat_id)

    async def press_data(self, user_id: int, message_id: int, data: str, *,
                         chat_id: int | None = None) -> dict:
        return await self._post("press_data", user_id=user_id, message_id=message_id, data=data,
                                chat_id=chat_id)

    async def send_contact(self, user_id: int, phone_number: str,
                           first_name: str | None = None) -> dict:
        return await self._post("send_contact", user_id=user_id, phone_number=phone_number,
                                first_name=first_name)

    async def send_location(self, user_id: int, latitude: float, longitude: float) -> dict:
        return await self._post("send_location", user_id=user_id, latitude=latitude,
                                longitude=longitude)

    async def send_photo(self, user_id: int, caption: str | None = None) -> dict:
        return await self._post("send_photo", user_id=user_id, caption=caption)

    async def send_document(self, user_id: int, file_name: str,
                            mime_type: str = "application/pdf",
                            caption: str | None = None) -> dict:
        return await self._post("send_document", user_id=user_id, file_name=file_name,
                                mime_type=mime_type, caption=caption)

    async def inject_update(self, update: dict[str, Any]) -> int:
        return (await self._post("updates", update=update))["update_id"]

    # Reading what happened

    async def messages(self, chat_id: int) -> list[dict[str, Any]]:
        return await self._call("GET", f"chats/{chat_id}/messages")

    async def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in await self.messages(chat_id) if m["from_bot"] and not m["deleted"]]

    async def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        return await self._call("GET", "calls", method=method)

    async def upload(self, file_id: str) -> tuple[str, bytes]:
        """The file name and bytes the bot uploaded as `file_id`."""
        found = await self._call("GET", f"uploads/{file_id}")
        return found["file_name"], base64.b64decode(found["data"])

    async def callback_answers(self) -> list[dict[str, Any]]:
        return await self._call("GET", "callback_answers")

    async def commands(self) -> list[dict[str, Any]]:
        return await self._call("GET", "commands")

    async def status(self) -> dict[str, Any]:
        return await self._call("GET", "pending")

    async def pending(self) -> int:
        return (await self.status())["pending"]

    # Waiting for the bot

    # `timeout` is a plain deadline for the polling loop, named as callers expect.
    async def wait_for_bot_messages(self, chat_id: int, count: int,
                                    timeout: float = 5.0) -> list[dict[str, Any]]:  # noqa: ASYNC109
        """Poll until the chat holds at least `count` live bot messages; return them."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = await self.bot_messages(chat_id)
            if len(found) >= count:
                return found
            if loop.time() >= deadline:
                transcript = format_transcript(await self.messages(chat_id))
                raise TimeoutError(f"chat {chat_id} has {len(found)} of {count} bot messages "
                                   f"after {timeout}s:\n{transcript}")
            await asyncio.sleep(POLL_INTERVAL)

    async def wait_until_idle(self, timeout: float = 5.0, quiet: float = 0.1) -> None:  # noqa: ASYNC109
        """Wait until every update is confirmed and the bot made no call for `quiet` seconds.

        Best effort: a handler that computes silently for longer than `quiet`
        before its first call looks idle.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last_seen, quiet_since = None, loop.time()
        while True:
            status = await self.status()
            now = loop.time()
            if status["calls_finished"] != last_seen or status["calls_running"]:
                last_seen, quiet_since = status["calls_finished"], now
            if status["pending"] == 0 and now - quiet_since >= quiet:
                return
            if now >= deadline:
                raise TimeoutError(f"the bot is still busy after {timeout}s: {status}")
            await asyncio.sleep(POLL_INTERVAL)
