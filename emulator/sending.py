"""Bot API methods that put a new message into a chat."""

from __future__ import annotations

import copy
from typing import Any

from . import rules
from .errors import bad_request, forbidden, too_many_requests
from .scalars import FilePart
from .state import Chat, Record, now
from .world import World

PHOTO_SIZES = ((90, 90), (320, 320), (800, 800))


def target_chat(world: World, chat_id: int | str) -> Chat:
    chat = world.state.find_chat(chat_id)
    if chat is None:
        raise bad_request("chat not found")
    if chat.user is not None and chat.user.blocked:
        raise forbidden("bot was blocked by the user")
    if chat.bot_status == "left":
        raise forbidden(f"bot is not a member of the {chat.type} chat")
    if chat.type == "channel" and chat.bot_status != "administrator":
        raise bad_request("need administrator rights in the channel chat")
    return chat


def spend_flood(world: World, chat: Chat) -> None:
    retry_after = world.flood.acquire(chat.id, chat.private)
    if retry_after is not None:
        raise too_many_requests(retry_after)


def echoed_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """Message.reply_markup only ever carries an inline keyboard."""
    return markup if markup and "inline_keyboard" in markup else None


def bot_message(world: World, chat: Chat, params: dict[str, Any], **content: Any) -> dict:
    message: dict[str, Any] = {"message_id": 0, "date": now(), "chat": chat.as_telegram()}
    if chat.type == "channel":
        message["sender_chat"] = chat.as_telegram()
    else:
        message["from"] = world.bot_user
    replied = replied_message(world, chat, params.get("reply_parameters"))
    if replied is not None:
        message["reply_to_message"] = replied
    message.update({k: v for k, v in content.items() if v is not None})
    markup = echoed_markup(params.get("reply_markup"))
    if markup:
        message["reply_markup"] = markup
    return message


def replied_message(world: World, chat: Chat, reply: dict[str, Any] | None) -> dict | None:
    if not reply:
        return None
    record = world.state.find_record(reply.get("chat_id", chat.id), reply["message_id"])
    if record is None or record.deleted:
        if reply.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    replied = copy.deepcopy(record.message)
    replied.pop("reply_to_message", None)  # Telegram nests only one level
    return replied


def store(world: World, chat: Chat, params: dict, kind: str, source: str | None, **content):
    """Check flood limits last, so a refused call does not spend the budget."""
    rules.check_reply_markup(params.get("reply_markup"))
    message = bot_message(world, chat, params, **content)
    spend_flood(world, chat)
    record = Record(message, from_bot=True, kind=kind, source_text=source,
                    reply_markup=params.get("reply_markup"))
    world.state.add_record(chat, record)
    world.bot_sent(chat.id, message)
    return message


async def send_message(world: World, params: dict[str, Any]) -> dict:
    chat = target_chat(world, params["chat_id"])
    text = rules.message_text(params["text"], params.get("parse_mode"))
    return store(world, chat, params, "text", params["text"], text=text)


async def send_photo(world: World, params: dict[str, Any]) -> dict:
    chat = target_chat(world, params["chat_id"])
    caption = rules.caption_text(params.get("caption"), params.get("parse_mode"))
    photo = photo_of(world, params["photo"])
    return store(world, chat, params, "photo", params.get("caption"), photo=photo,
                 caption=caption)


async def send_document(world: World, params: dict[str, Any]) -> dict:
    chat = target_chat(world, params["chat_id"])
    caption = rules.caption_text(params.get("caption"), params.get("parse_mode"))
    document = document_of(world, params["document"])
    return store(world, chat, params, "document", params.get("caption"), document=document,
                 caption=caption)


async def send_chat_action(world: World, params: dict[str, Any]) -> bool:
    target_chat(world, params["chat_id"])
    return True


def photo_sizes(world: World, file_size: int, file_id: str | None = None) -> list[dict]:
    """A photo arrives as several sizes; the largest keeps a file_id that was resent."""
    sizes = []
    for width, height in PHOTO_SIZES:
        new_id, unique_id = world.state.new_file_id("photo")
        sizes.append({"file_id": new_id, "file_unique_id": unique_id, "width": width,
                      "height": height, "file_size": file_size * width // PHOTO_SIZES[-1][0]})
    if file_id:
        sizes[-1]["file_id"] = file_id
    return sizes


def photo_of(world: World, photo: FilePart | str) -> list[dict[str, Any]]:
    if isinstance(photo, FilePart):
        sizes = photo_sizes(world, len(photo.data))
        world.state.uploads[sizes[-1]["file_id"]] = (photo.filename, photo.content_type,
                                                     photo.data)
        return sizes
    return photo_sizes(world, 50_000, None if photo.startswith(("http://", "https://")) else photo)


def document_of(world: World, document: FilePart | str) -> dict[str, Any]:
    file_id, unique_id = world.state.new_file_id("document")
    if isinstance(document, FilePart):
        world.state.uploads[file_id] = (document.filename, document.content_type, document.data)
        return {"file_id": file_id, "file_unique_id": unique_id,
                "file_name": document.filename, "mime_type": document.content_type,
                "file_size": len(document.data)}
    if not document.startswith(("http://", "https://")):
        file_id = document
    return {"file_id": file_id, "file_unique_id": unique_id}


METHODS = {
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "sendChatAction": send_chat_action,
}
