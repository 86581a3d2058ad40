"""Updates a user causes: their messages and their button presses.

Each action is stored in the chat transcript, as Telegram would show it, and
queued as an update for the bot.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

from .rules import inline_buttons
from .state import Chat, Record, User, now
from .world import World

_callback_ids = itertools.count(1)


class PlayError(Exception):
    """An action the user cannot perform; `status` is the control API's HTTP status."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def utf16_length(text: str) -> int:
    """Telegram measures entity offsets and lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[dict[str, Any]]:
    if not text.startswith("/") or len(text) < 2 or text[1].isspace():
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_length(command)}]


def user_message(world: World, user: User, chat: Chat, kind: str, **content: Any) -> dict:
    """Store a message from `user` in `chat` and queue the `message` update."""
    message: dict[str, Any] = {
        "message_id": 0,
        "from": user.as_telegram(),
        "chat": chat.as_telegram(),
        "date": now(),
        **{k: v for k, v in content.items() if v is not None},
    }
    world.state.add_record(chat, Record(message, from_bot=False, kind=kind,
                                        source_text=content.get("text")))
    update_id = world.queue.push({"message": copy.deepcopy(message)})
    return {"update_id": update_id, "message_id": message["message_id"]}


def replied(world: World, chat: Chat, message_id: int | None) -> dict[str, Any] | None:
    if message_id is None:
        return None
    record = world.state.find_record(chat.id, message_id)
    if record is None or record.deleted:
        raise PlayError(404, f"message {message_id} not found in chat {chat.id}")
    message = copy.deepcopy(record.message)
    message.pop("reply_to_message", None)
    return message


def find_button(world: World, chat: Chat, label: str, message_id: int | None) -> tuple:
    """The newest live bot message (or the given one) with an inline button labelled `label`."""
    records = [r for r in world.state.records.get(chat.id, []) if r.from_bot and not r.deleted]
    if message_id is not None:
        records = [r for r in records if r.message_id == message_id]
    for record in reversed(records):
        for button in inline_buttons(record.reply_markup):
            if button["text"] == label:
                return record, button
    raise PlayError(404, _no_button(label, chat, records))


def _no_button(label: str, chat: Chat, records: list[Record]) -> str:
    with_keyboard = [r for r in records if inline_buttons(r.reply_markup)]
    if not with_keyboard:
        return f"no button {label!r} in chat {chat.id}: no live bot message has an inline keyboard"
    newest = with_keyboard[-1]
    labels = ", ".join(repr(b["text"]) for b in inline_buttons(newest.reply_markup))
    return (f"no button {label!r} in chat {chat.id}; "
            f"message {newest.message_id} offers: {labels}")


def callback_query(world: World, user: User, chat: Chat, record: Record | None,
                   message_id: int, data: str) -> dict[str, Any]:
    """Queue a callback_query; a missing message is sent as an InaccessibleMessage."""
    query_id = f"{user.id}{next(_callback_ids):08d}"
    if record is not None and not record.deleted:
        message = copy.deepcopy(record.message)
    else:
        message = {"chat": chat.as_telegram(), "message_id": message_id, "date": 0}
    query = {
        "id": query_id,
        "from": user.as_telegram(),
        "chat_instance": str(abs(hash((chat.id, "instance")))),
        "message": message,
        "data": data,
    }
    world.state.callback_queries[query_id] = False
    update_id = world.queue.push({"callback_query": query})
    return {"update_id": update_id, "callback_query_id": query_id}
