"""The control side: set up users and chats, read what every chat received.

JSON in, `{"ok": true, "result": ...}` or `{"ok": false, "description": ...}` out.
The routes that act as a user are in control_play.py.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from .play import PlayError
from .state import Chat, User
from .world import WORLD_KEY, World

Handler = Callable[[World, dict[str, Any], web.Request], Awaitable[Any]]
GROUP_TYPES = ("group", "supergroup", "channel")
BOT_STATUSES = ("administrator", "member", "left")


def endpoint(handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Wrap a handler: parse the JSON body, turn PlayError into an error response."""

    async def route(request: web.Request) -> web.Response:
        try:
            result = await handler(request.app[WORLD_KEY], await _json_body(request), request)
        except PlayError as error:
            return web.json_response({"ok": False, "description": error.description},
                                     status=error.status)
        return web.json_response({"ok": True, "result": result})

    return route


async def _json_body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise PlayError(400, "the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise PlayError(400, "the body must be a JSON object")
    return body


def field(body: dict[str, Any], name: str, kind: type | tuple = str, default: Any = ...) -> Any:
    value = body.get(name, default)
    if value is ...:
        raise PlayError(400, f"{name!r} is required")
    if value is not None and value is not default and not isinstance(value, kind):
        raise PlayError(400, f"{name!r} must be {getattr(kind, '__name__', kind)}")
    return value


def user_of(world: World, user_id: Any) -> User:
    user = world.state.users.get(user_id)
    if user is None:
        raise PlayError(404, f"user {user_id} not found; add it with POST /_control/users")
    return user


def chat_of(world: World, chat_id: Any) -> Chat:
    chat = world.state.chats.get(chat_id)
    if chat is None:
        raise PlayError(404, f"chat {chat_id} not found")
    return chat


async def add_user(world: World, body: dict, request: web.Request) -> dict:
    user = world.state.add_user(User(
        id=field(body, "id", int),
        first_name=field(body, "first_name"),
        last_name=field(body, "last_name", str, None),
        username=field(body, "username", str, None),
        language_code=field(body, "language_code", str, None),
    ))
    return user.as_telegram()


async def add_chat(world: World, body: dict, request: web.Request) -> dict:
    chat_id, kind = field(body, "id", int), field(body, "type")
    if chat_id >= 0 or kind not in GROUP_TYPES:
        raise PlayError(400, f"a group or channel needs a negative id and a type in {GROUP_TYPES}")
    chat = world.state.chats.setdefault(chat_id, Chat(
        id=chat_id, type=kind, title=field(body, "title"),
        username=field(body, "username", str, None),
    ))
    # Added again: the bot was made an administrator, demoted or removed meanwhile.
    chat.bot_status = field(body, "bot_status", str, "administrator")
    if chat.bot_status not in BOT_STATUSES:
        raise PlayError(400, f"bot_status must be one of {BOT_STATUSES}")
    return chat.as_telegram()


async def block(world: World, body: dict, request: web.Request) -> dict:
    user = user_of(world, int(request.match_info["user_id"]))
    user.blocked = field(body, "blocked", bool, True)
    return {"user_id": user.id, "blocked": user.blocked}


async def messages(world: World, body: dict, request: web.Request) -> list:
    chat = chat_of(world, int(request.match_info["chat_id"]))
    return [record.transcript() for record in world.state.records.get(chat.id, [])]


async def calls(world: World, body: dict, request: web.Request) -> list:
    method = request.query.get("method", "").lower()
    return [c for c in world.state.calls if not method or c["method"].lower() == method]


async def callback_answers(world: World, body: dict, request: web.Request) -> list:
    return world.state.callback_answers


async def commands(world: World, body: dict, request: web.Request) -> list:
    return [
        {"scope": json.loads(scope), "language_code": language, "commands": stored}
        for (scope, language), stored in world.state.commands.items()
    ]


async def pending(world: World, body: dict, request: web.Request) -> dict:
    return {
        "pending": len(world.queue),
        "calls_finished": world.activity.finished,
        "calls_running": world.activity.running,
        "polls_waiting": world.queue.waiting_polls,
        "webhook": world.webhook.info(),
    }


async def upload(world: World, body: dict, request: web.Request) -> dict:
    """What the bot uploaded under a file_id (the base64 of its bytes)."""
    found = world.state.uploads.get(request.match_info["file_id"])
    if found is None:
        raise PlayError(404, "no upload has this file_id")
    name, content_type, data = found
    return {"file_name": name, "mime_type": content_type,
            "data": base64.b64encode(data).decode("ascii")}


async def flood(world: World, body: dict, request: web.Request) -> dict:
    try:
        config = world.flood.configure(**body)
    except (TypeError, ValueError) as error:
        raise PlayError(400, str(error)) from None
    return vars(config)


async def outage(world: World, body: dict, request: web.Request) -> dict:
    try:
        world.outage.start([str(k) for k in field(body, "kinds", list, [])],
                           methods=field(body, "methods", list, None),
                           chats=field(body, "chats", list, None),
                           calls=field(body, "calls", int, None),
                           retry_after=field(body, "retry_after", int, 5))
    except ValueError as error:
        raise PlayError(400, str(error)) from None
    return {"kinds": list(world.outage.kinds), "answered": world.outage.answered}


async def reset(world: World, body: dict, request: web.Request) -> bool:
    await world.reset()
    return True


def routes() -> list[web.RouteDef]:
    return [
        web.post("/_control/users", endpoint(add_user)),
        web.post("/_control/chats", endpoint(add_chat)),
        web.post("/_control/users/{user_id:-?\\d+}/block", endpoint(block)),
        web.get("/_control/chats/{chat_id:-?\\d+}/messages", endpoint(messages)),
        web.get("/_control/calls", endpoint(calls)),
        web.get("/_control/callback_answers", endpoint(callback_answers)),
        web.get("/_control/commands", endpoint(commands)),
        web.get("/_control/pending", endpoint(pending)),
        web.get("/_control/uploads/{file_id}", endpoint(upload)),
        web.post("/_control/flood", endpoint(flood)),
        web.post("/_control/outage", endpoint(outage)),
        web.post("/_control/reset", endpoint(reset)),
    ]
