"""Bot API methods that change or remove a message already in a chat."""

from __future__ import annotations

from typing import Any

from . import rules
from .errors import bad_request
from .sending import echoed_markup, spend_flood, target_chat
from .state import Chat, Record, now
from .world import World

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


def editable(world: World, params: dict[str, Any]) -> tuple[Chat, Record]:
    if "chat_id" not in params or "message_id" not in params:
        raise bad_request("message identifier is not specified")
    chat = target_chat(world, params["chat_id"])
    record = world.state.find_record(chat.id, params["message_id"])
    if record is None or record.deleted:
        raise bad_request("message to edit not found")
    if not record.from_bot:
        raise bad_request("message can't be edited")
    return chat, record


def apply_edit(
    world: World, chat: Chat, record: Record, params: dict, content: dict[str, Any]
) -> dict:
    """Store the new content and keyboard; an edit without reply_markup drops the keyboard."""
    markup = params.get("reply_markup")
    rules.check_reply_markup(markup)
    source = content.pop("source_text", record.source_text)
    unchanged = source == record.source_text and all(
        record.message.get(k) == v for k, v in content.items()
    )
    if unchanged and markup == record.reply_markup:
        raise bad_request(NOT_MODIFIED)
    spend_flood(world, chat)
    message = record.message
    for key, value in content.items():
        if value is None:
            message.pop(key, None)
        else:
            message[key] = value
    record.source_text = source
    message.pop("reply_markup", None)
    if echoed_markup(markup):
        message["reply_markup"] = markup
    message["edit_date"] = now()
    record.reply_markup = markup
    record.edited = True
    return message


async def edit_message_text(world: World, params: dict[str, Any]) -> dict | bool:
    if "inline_message_id" in params:
        return True  # inline messages live outside any chat the emulator tracks
    chat, record = editable(world, params)
    text = rules.message_text(params["text"], params.get("parse_mode"))
    if record.kind != "text":
        raise bad_request("there is no text in the message to edit")
    return apply_edit(world, chat, record, params, {"text": text, "source_text": params["text"]})


async def edit_message_caption(world: World, params: dict[str, Any]) -> dict | bool:
    if "inline_message_id" in params:
        return True
    chat, record = editable(world, params)
    if record.kind not in ("photo", "document"):
        raise bad_request("there is no caption in the message to edit")
    caption = rules.caption_text(params.get("caption"), params.get("parse_mode"))
    content = {"caption": caption, "source_text": params.get("caption")}
    return apply_edit(world, chat, record, params, content)


async def edit_message_reply_markup(world: World, params: dict[str, Any]) -> dict | bool:
    if "inline_message_id" in params:
        return True
    chat, record = editable(world, params)
    return apply_edit(world, chat, record, params, {})


async def delete_message(world: World, params: dict[str, Any]) -> bool:
    chat = world.state.find_chat(params["chat_id"])
    record = world.state.find_record(chat.id, params["message_id"]) if chat else None
    if record is None or record.deleted:
        raise bad_request("message to delete not found")
    record.deleted = True
    return True


METHODS = {
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
}
