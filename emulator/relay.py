"""Other message-producing methods: copies, forwards, and sends the emulator does not model.

They obey the same chat, block and flood rules as sendMessage and return a
Message that the clients can parse, even when its content is only sketched.
"""

from __future__ import annotations

import copy
from typing import Any

from . import rules
from .errors import bad_request
from .sending import store, target_chat
from .state import Record
from .world import World

# Content copied from a message when it is copied or forwarded.
CONTENT_FIELDS = ("text", "caption", "photo", "document", "contact", "location")


def _sketch(method: str, params: dict[str, Any]) -> dict[str, Any]:
    """The part of the content that is simple to rebuild from the parameters."""
    if method == "sendLocation":
        return {"location": {"latitude": params["latitude"], "longitude": params["longitude"]}}
    if method == "sendContact":
        keys = ("phone_number", "first_name", "last_name")
        return {"contact": {k: params[k] for k in keys if k in params}}
    return {}


async def send_other(world: World, method: str, params: dict[str, Any]) -> dict:
    """Any send* method returning a Message: stored with its kind, content sketched."""
    chat = target_chat(world, params["chat_id"])
    caption = rules.caption_text(params.get("caption"), params.get("parse_mode"))
    kind = method.removeprefix("send").lower()
    return store(world, chat, params, kind, params.get("caption"), caption=caption,
                 **_sketch(method, params))


async def send_media_group(world: World, params: dict[str, Any]) -> list[dict]:
    chat = target_chat(world, params["chat_id"])
    if not 2 <= len(params["media"]) <= 10:
        raise bad_request("wrong number of media in the album: must be 2-10")
    sent = []
    for media in params["media"]:
        caption = rules.caption_text(media.get("caption"), media.get("parse_mode"))
        sent.append(store(world, chat, params, media.get("type", "media"),
                          media.get("caption"), caption=caption))
    return sent


def _source(world: World, params: dict[str, Any]) -> Record:
    chat = world.state.find_chat(params["from_chat_id"])
    record = world.state.find_record(chat.id, params["message_id"]) if chat else None
    if record is None or record.deleted:
        raise bad_request("message to copy not found")
    return record


async def copy_message(world: World, params: dict[str, Any]) -> dict[str, int]:
    record = _source(world, params)
    chat = target_chat(world, params["chat_id"])
    content = {k: copy.deepcopy(v) for k, v in record.message.items() if k in CONTENT_FIELDS}
    if "caption" in params:
        content["caption"] = rules.caption_text(params["caption"], params.get("parse_mode"))
    message = store(world, chat, params, record.kind, record.source_text, **content)
    return {"message_id": message["message_id"]}


async def forward_message(world: World, params: dict[str, Any]) -> dict:
    record = _source(world, params)
    chat = target_chat(world, params["chat_id"])
    content = {k: copy.deepcopy(v) for k, v in record.message.items() if k in CONTENT_FIELDS}
    sender = record.message.get("from")
    origin = {"type": "user", "sender_user": sender, "date": record.message["date"]}
    if sender is None:  # a channel post
        origin = {"type": "channel", "chat": record.message["chat"],
                  "message_id": record.message_id, "date": record.message["date"]}
    return store(world, chat, params, record.kind, record.source_text,
                 forward_origin=origin, **content)


METHODS = {
    "sendMediaGroup": send_media_group,
    "copyMessage": copy_message,
    "forwardMessage": forward_message,
}
