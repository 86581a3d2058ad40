"""Control routes that act as a user: send messages, share things, press buttons."""

from __future__ import annotations

import copy
from typing import Any

from aiohttp import web

from . import play
from .control import chat_of, endpoint, field, user_of
from .play import PlayError
from .sending import photo_sizes
from .state import Chat, User
from .world import World

NUMBER = (int, float)


def actor(world: World, body: dict[str, Any]) -> tuple[User, Chat]:
    """The acting user and the chat they act in: their private chat unless chat_id is given."""
    user = user_of(world, field(body, "user_id", int))
    chat_id = field(body, "chat_id", int, None)
    return user, chat_of(world, user.id if chat_id is None else chat_id)


def send(world: World, body: dict[str, Any], kind: str, **content: Any) -> dict:
    user, chat = actor(world, body)
    reply = play.replied(world, chat, field(body, "reply_to_message_id", int, None))
    return play.user_message(world, user, chat, kind, reply_to_message=reply, **content)


async def send_text(world: World, body: dict, request: web.Request) -> dict:
    text = field(body, "text")
    if not text:
        raise PlayError(400, "'text' must not be empty")
    entities = play.command_entities(text) or None
    return send(world, body, "text", text=text, entities=entities)


async def send_contact(world: World, body: dict, request: web.Request) -> dict:
    user = user_of(world, field(body, "user_id", int))
    contact = {
        "phone_number": field(body, "phone_number"),
        "first_name": field(body, "first_name", str, user.first_name),
        "user_id": user.id,
    }
    if user.last_name:
        contact["last_name"] = user.last_name
    return send(world, body, "contact", contact=contact)


async def send_location(world: World, body: dict, request: web.Request) -> dict:
    location = {"latitude": float(field(body, "latitude", NUMBER)),
                "longitude": float(field(body, "longitude", NUMBER))}
    return send(world, body, "location", location=location)


async def send_photo(world: World, body: dict, request: web.Request) -> dict:
    photo = photo_sizes(world, field(body, "file_size", int, 120_000))
    return send(world, body, "photo", photo=photo, caption=field(body, "caption", str, None))


async def send_document(world: World, body: dict, request: web.Request) -> dict:
    file_id, unique_id = world.state.new_file_id("document")
    document = {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "file_name": field(body, "file_name"),
        "mime_type": field(body, "mime_type"),
        "file_size": field(body, "file_size", int, 20_000),
    }
    caption = field(body, "caption", str, None)
    return send(world, body, "document", document=document, caption=caption)


async def press(world: World, body: dict, request: web.Request) -> dict:
    user, chat = actor(world, body)
    label = field(body, "label")
    record, button = play.find_button(
        world, chat, label, field(body, "message_id", int, None)
    )
    if "callback_data" not in button:
        raise PlayError(400, f"button {label!r} sends no callback: {sorted(button)}")
    return play.callback_query(
        world, user, chat, record, record.message_id, button["callback_data"]
    )


async def press_data(world: World, body: dict, request: web.Request) -> dict:
    user, chat = actor(world, body)
    message_id = field(body, "message_id", int)
    record = world.state.find_record(chat.id, message_id)
    return play.callback_query(world, user, chat, record, message_id, field(body, "data"))


async def inject_update(world: World, body: dict, request: web.Request) -> dict:
    update = copy.deepcopy(field(body, "update", dict))
    if not isinstance(update.get("update_id", 0), int):
        raise PlayError(400, "'update.update_id' must be an integer")
    query = update.get("callback_query")
    if isinstance(query, dict) and "id" in query:
        world.state.callback_queries.setdefault(str(query["id"]), False)
    return {"update_id": world.queue.push(update)}


def routes() -> list[web.RouteDef]:
    return [
        web.post("/_control/send_text", endpoint(send_text)),
        web.post("/_control/send_contact", endpoint(send_contact)),
        web.post("/_control/send_location", endpoint(send_location)),
        web.post("/_control/send_photo", endpoint(send_photo)),
        web.post("/_control/send_document", endpoint(send_document)),
        web.post("/_control/press", endpoint(press)),
        web.post("/_control/press_data", endpoint(press_data)),
        web.post("/_control/updates", endpoint(inject_update)),
    ]
