"""Bot API update JSON -> Incoming. Both engines serialise their own Update objects
to this JSON, so the translation is written once.

A library may let a value of the wrong type through (python-telegram-bot checks no
types): an update that says what aiogram would refuse is refused here too, so that
nothing stored in the inbox fails later in a BIGINT column or a handler."""

from typing import Any

from chat.incoming import Attachment, AttachmentKind, Contact, Incoming, Location
from models.base import is_telegram_id

MEDIA_KINDS: dict[str, AttachmentKind] = {
    "document": "document", "video": "video", "audio": "audio", "voice": "voice",
    "sticker": "sticker", "animation": "other", "video_note": "other",
}


class UnreadableUpdate(ValueError):
    """The update does not fit the Bot API's types."""


def incoming_from_dict(update: dict[str, Any]) -> Incoming | None:
    """Raises (UnreadableUpdate, KeyError, TypeError …) on an update it cannot read."""
    if "message" in update:
        incoming = _from_message(update["update_id"], update["message"])
    elif "callback_query" in update:
        incoming = _from_callback(update["update_id"], update["callback_query"])
    else:
        return None
    return None if incoming is None else checked(incoming)


def checked(incoming: Incoming) -> Incoming:
    contact, location, attached = incoming.contact, incoming.location, incoming.attachments
    ids = [incoming.update_id, incoming.chat_id, incoming.user_id]
    maybe_ids = [incoming.message_id, contact.user_id if contact else None,
                 *(a.size for a in attached)]
    texts = [incoming.chat_type, incoming.display_name, *(a.file_id for a in attached),
             *([contact.phone_number] if contact else [])]
    maybe_texts = [incoming.username, incoming.language_code, incoming.text,
                   incoming.callback_id, incoming.callback_data,
                   *(v for a in attached for v in (a.file_name, a.mime_type))]
    numbers = [location.latitude, location.longitude] if location else []
    fits = (all(map(is_telegram_id, ids))
            and all(v is None or is_telegram_id(v) for v in maybe_ids)
            and all(isinstance(v, str) for v in texts)
            and all(v is None or isinstance(v, str) for v in maybe_texts)
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers))
    if not fits:
        raise UnreadableUpdate(f"update {incoming.update_id!r} has a value of the wrong type")
    return incoming


def _person(user: dict[str, Any]) -> dict[str, Any]:
    name = " ".join(p for p in (user.get("first_name"), user.get("last_name")) if p)
    return {"user_id": user["id"], "display_name": name, "username": user.get("username"),
            "language_code": user.get("language_code")}


def _from_message(update_id: int, message: dict[str, Any]) -> Incoming | None:
    sender = message.get("from")
    if sender is None or sender.get("is_bot"):
        return None
    contact = message.get("contact")
    location = message.get("location")
    return Incoming(
        update_id=update_id, kind="message", chat_id=message["chat"]["id"],
        chat_type=message["chat"].get("type", "private"), message_id=message.get("message_id"),
        text=message.get("text") or message.get("caption"),
        contact=Contact(contact["phone_number"], contact.get("user_id")) if contact else None,
        location=Location(location["latitude"], location["longitude"]) if location else None,
        attachments=_attachments(message), **_person(sender),
    )


def _attachments(message: dict[str, Any]) -> list[Attachment]:
    found = []
    if message.get("photo"):
        largest = message["photo"][-1]
        found.append(Attachment("photo", largest["file_id"], size=largest.get("file_size")))
    for field, kind in MEDIA_KINDS.items():
        if media := message.get(field):
            found.append(Attachment(kind, media["file_id"], media.get("file_name"),
                                    media.get("mime_type"), media.get("file_size")))
    return found


def _from_callback(update_id: int, query: dict[str, Any]) -> Incoming:
    message = query.get("message") or {}
    chat_id = message.get("chat", {}).get("id", query["from"]["id"])
    return Incoming(
        update_id=update_id, kind="callback", chat_id=chat_id,
        chat_type=message.get("chat", {}).get("type", "private"),
        message_id=message.get("message_id"), callback_id=query["id"],
        callback_data=query.get("data"), **_person(query["from"]),
    )
