"""Webhook delivery: POST each pending update to the bot until it answers 2xx.

Updates go one at a time and in order; a failed delivery is retried after a
short delay, so a test sees the retry without waiting Telegram's minutes.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aiohttp

from .state import now
from .updates import UpdateQueue

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDelivery:
    def __init__(self, queue: UpdateQueue, retry_delay: float = 0.2, timeout: float = 10.0):
        self.queue = queue
        self.retry_delay = retry_delay
        self.timeout = timeout
        self.url = ""
        self.secret_token: str | None = None
        self.max_connections = 40
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def active(self) -> bool:
        return bool(self.url)

    def configure(self, url: str, secret_token: str | None, max_connections: int) -> None:
        self.url = url
        self.secret_token = secret_token
        self.max_connections = max_connections
        self.last_error_date = self.last_error_message = None
        if url and (self._task is None or self._task.done()):
            self._task = asyncio.create_task(self._deliver_forever())

    async def stop(self) -> None:
        self.url = ""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def info(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.queue),
        }
        if self.url:
            data["max_connections"] = self.max_connections
            if self.queue.allowed_updates:
                data["allowed_updates"] = self.queue.allowed_updates
        if self.last_error_date is not None:
            data["last_error_date"] = self.last_error_date
            data["last_error_message"] = self.last_error_message
        return data

    async def _deliver_forever(self) -> None:
        async with aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.timeout)
        ) as session:
            while self.url:
                update = self.queue.first()
                if update is None:
                    await self.queue.wait_changed()
                    continue
                if await self._deliver(session, update):
                    self.queue.remove(update)
                else:
                    await asyncio.sleep(self.retry_delay)

    async def _deliver(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        headers = {SECRET_HEADER: self.secret_token} if self.secret_token else {}
        try:
            async with session.post(self.url, json=update, headers=headers) as response:
                if 200 <= response.status < 300:
                    return True
                error = f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"Connection failed: {exc.__class__.__name__}"
        self.last_error_date = now()
        self.last_error_message = error
        return False
