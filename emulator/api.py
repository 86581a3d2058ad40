"""The Bot API side: `/bot{token}/{method}`, answered exactly the way Telegram answers."""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from . import account, editing, polling, relay, sending
from .body import loggable, read_params
from .errors import ApiError
from .world import WORLD_KEY, World

Method = Callable[[World, dict[str, Any]], Awaitable[Any]]
METHODS: dict[str, Method] = {
    **account.METHODS,
    **editing.METHODS,
    **polling.METHODS,
    **relay.METHODS,
    **sending.METHODS,
}
_TOKEN = re.compile(r"^(\d+):[A-Za-z0-9_-]+$")
# Methods that only wait for updates say nothing about whether the bot is busy.
PASSIVE_METHODS = frozenset({"getUpdates", "getWebhookInfo"})
MAX_LOGGED_CALLS = 20_000


def method_for(world: World, name: str) -> Method:
    """The implementation of a method; those not modelled succeed with `true`."""
    if name in METHODS:
        return METHODS[name]
    if name.startswith("send") and world.spec.returns(name) == ["Message"]:
        return lambda world, params: relay.send_other(world, name, params)
    return account.always_true


async def handle(request: web.Request) -> web.Response:
    world = request.app[WORLD_KEY]
    token = _TOKEN.match(request.match_info["token"])
    if token is None:
        return web.json_response(ApiError(401, "Unauthorized").as_response(), status=401)
    world.state.bot_id = int(token.group(1))
    name = world.spec.method_name(request.match_info["method"]) or request.match_info["method"]
    if world.outage.hits(name) and await _struck(world, request):
        return await _fail(world, name, request)
    active = name not in PASSIVE_METHODS
    world.activity.running += active
    try:
        return await _call(world, name, request)
    finally:
        world.activity.running -= active
        world.activity.finished += active


async def _call(world: World, name: str, request: web.Request) -> web.Response:
    params: dict[str, Any] = {}
    try:
        params = await read_params(request)
        params = world.spec.validate(name, params)
        result = await method_for(world, name)(world, params)
    except ApiError as error:
        _log(world, name, params, error)
        return web.json_response(error.as_response(), status=error.code)
    _log(world, name, params, None)
    return web.json_response({"ok": True, "result": result})


async def _struck(world: World, request: web.Request) -> bool:
    """Whether the outage hits this call's chat (every call when it names none)."""
    if not world.outage.chats:
        return True
    try:
        params = await read_params(request)  # kept for the call itself
    except ApiError:
        return False
    return world.outage.hits_chat(params.get("chat_id"))


async def _fail(world: World, name: str, request: web.Request) -> web.Response:
    """A call the outage answers: logged as failed, with what the bot asked for."""
    try:
        params = await read_params(request)
    except ApiError:
        params = {}
    response = world.outage.answer(request)
    _log(world, name, params, ApiError(response.status, f"outage: {world.outage.last}"))
    return response


def _log(world: World, name: str, params: dict[str, Any], error: ApiError | None) -> None:
    calls = world.state.calls
    if len(calls) >= MAX_LOGGED_CALLS:
        del calls[: MAX_LOGGED_CALLS // 10]  # a sandbox may run for days
    calls.append({
        "method": name,
        "params": loggable(params),
        "ok": error is None,
        "error_code": error.code if error else None,
        "description": error.description if error else None,
        "at": time.time(),
    })


def routes() -> list[web.RouteDef]:
    return [web.route("*", "/bot{token}/{method}", handle)]
