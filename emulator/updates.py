"""The queue of updates waiting for the bot, with Telegram's confirmation rules.

An update stays pending until the bot confirms it: getUpdates with an offset
above its update_id, or a 2xx answer from the webhook. Long polls wait on an
event that is replaced each time the queue changes, so any number of waiters
wake up together.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from .errors import ApiError

# Telegram's default when allowed_updates was never set or set to [].
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


@dataclass
class Pending:
    update: dict[str, Any]
    delivered: bool = False
    # A redelivered duplicate carries an old update_id; it must still reach
    # the bot once even though the bot's offset is already past it.
    replayed: bool = False

    @property
    def update_id(self) -> int:
        return self.update["update_id"]


def update_type(update: dict[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "")


class UpdateQueue:
    def __init__(self) -> None:
        self._items: list[Pending] = []
        self._last_id = 0
        self._changed = asyncio.Event()
        self._poll_generation = 0
        self.allowed_updates: list[str] = []
        self.closing = False
        self.waiting_polls = 0

    def __len__(self) -> int:
        return len(self._items)

    def accepts(self, kind: str) -> bool:
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in DEFAULT_EXCLUDED

    def push(self, update: dict[str, Any]) -> int:
        """Enqueue an update (numbering it unless it has an id) and return its update_id."""
        replayed = "update_id" in update and update["update_id"] <= self._last_id
        if "update_id" not in update:
            update = {"update_id": self._last_id + 1, **update}
        self._last_id = max(self._last_id, update["update_id"])
        if self.accepts(update_type(update)):
            self._items.append(Pending(update, replayed=replayed))
            self._notify()
        return update["update_id"]

    def confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            self._items = self._items[offset:]  # keep the last -offset, forget the rest
        else:
            self._items = [
                p for p in self._items
                if p.update_id >= offset or (p.replayed and not p.delivered)
            ]
        self._notify()

    def take(self, limit: int) -> list[dict[str, Any]]:
        batch = self._items[:limit]
        for pending in batch:
            pending.delivered = True
        return [p.update for p in batch]

    def first(self) -> dict[str, Any] | None:
        return self._items[0].update if self._items else None

    def remove(self, update: dict[str, Any]) -> None:
        self._items = [p for p in self._items if p.update is not update]
        self._notify()

    def clear(self) -> None:
        self._items.clear()
        self._notify()

    async def poll(self, offset: int | None, limit: int, wait: float) -> list[dict[str, Any]]:
        """getUpdates: confirm, then return what is pending, waiting up to `wait` seconds."""
        self._poll_generation += 1
        generation = self._poll_generation
        self.confirm(offset)
        self._notify()  # wakes an older poll, which then steps aside with 409
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while not self._items and not self.closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            self.waiting_polls += 1
            try:
                await self.wait_changed(remaining)
            finally:
                self.waiting_polls -= 1
            if generation != self._poll_generation:
                raise ApiError(409, CONFLICT_OTHER_POLL)
        return self.take(limit)

    async def wait_changed(self, at_most: float | None = None) -> None:
        try:
            await asyncio.wait_for(self._changed.wait(), at_most)
        except TimeoutError:
            pass

    def close(self) -> None:
        self.closing = True
        self._notify()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()
