"""What the emulated Telegram knows: users, chats, every message, every call."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any


def now() -> int:
    return int(time.time())


@dataclass
class User:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    blocked: bool = False

    def as_telegram(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for name in ("last_name", "username", "language_code"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        return data


@dataclass
class Chat:
    id: int
    type: str  # private | group | supergroup | channel
    title: str | None = None
    username: str | None = None
    user: User | None = None  # the other party of a private chat
    # The bot's standing in a group or channel: "administrator", "member" or "left".
    # A channel takes posts from its administrators only.
    bot_status: str = "administrator"

    @property
    def private(self) -> bool:
        return self.type == "private"

    def as_telegram(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.user is not None:
            data["first_name"] = self.user.first_name
            if self.user.last_name:
                data["last_name"] = self.user.last_name
        if self.title:
            data["title"] = self.title
        username = self.username or (self.user.username if self.user else None)
        if username:
            data["username"] = username
        return data


@dataclass
class Record:
    """One message in a chat: the Telegram object plus what a test wants to know."""

    message: dict[str, Any]
    from_bot: bool
    kind: str
    source_text: str | None = None  # text or caption exactly as the bot sent it
    reply_markup: dict[str, Any] | None = None  # as sent, including reply keyboards
    edited: bool = False
    deleted: bool = False

    @property
    def message_id(self) -> int:
        return self.message["message_id"]

    def transcript(self) -> dict[str, Any]:
        m = self.message
        entry = {
            "message_id": m["message_id"],
            "from_bot": self.from_bot,
            "kind": self.kind,
            "text": m.get("text"),
            "caption": m.get("caption"),
            "source_text": self.source_text,
            "reply_markup": self.reply_markup,
            "edited": self.edited,
            "deleted": self.deleted,
            "date": m["date"],
            "from_user_id": m.get("from", {}).get("id"),
        }
        for extra in ("photo", "document", "contact", "location", "reply_to_message"):
            if extra in m:
                entry[extra] = m[extra]
        return entry


@dataclass
class BotProfile:
    username: str
    first_name: str

    def as_user(self, bot_id: int) -> dict[str, Any]:
        return {"id": bot_id, "is_bot": True, "first_name": self.first_name,
                "username": self.username}


@dataclass
class State:
    users: dict[int, User] = field(default_factory=dict)
    chats: dict[int, Chat] = field(default_factory=dict)
    records: dict[int, list[Record]] = field(default_factory=dict)
    calls: list[dict[str, Any]] = field(default_factory=list)
    callback_queries: dict[str, bool] = field(default_factory=dict)  # id -> answered
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    commands: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    bot_id: int = 0  # learned from the token of the latest call
    # Bytes the bot uploaded, by the file_id given back: (file name, MIME type, data).
    uploads: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)
    _file_ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def add_user(self, user: User) -> User:
        known = self.users.get(user.id)
        if known is not None:
            return known
        self.users[user.id] = user
        self.chats[user.id] = Chat(id=user.id, type="private", user=user)
        return user

    def find_chat(self, chat_id: int | str) -> Chat | None:
        if isinstance(chat_id, str):
            name = chat_id.lstrip("@").lower()
            return next((c for c in self.chats.values() if (c.username or "").lower() == name
                         and not c.private), None)
        return self.chats.get(chat_id)

    def add_record(self, chat: Chat, record: Record) -> Record:
        records = self.records.setdefault(chat.id, [])
        record.message["message_id"] = len(records) + 1
        records.append(record)
        return record

    def find_record(self, chat_id: int, message_id: int) -> Record | None:
        records = self.records.get(chat_id, [])
        if 1 <= message_id <= len(records):
            return records[message_id - 1]
        return None

    def new_file_id(self, prefix: str) -> tuple[str, str]:
        n = next(self._file_ids)
        return f"{prefix}-{n:06d}-emulated", f"u{prefix}{n}"
