"""Bot API methods about the bot itself: identity, commands, callback answers."""

from __future__ import annotations

import json
from typing import Any

from . import rules
from .errors import bad_request
from .world import World

MAX_CALLBACK_ANSWER = 200
STALE_QUERY = "query is too old and response timeout expired or query ID is invalid"


async def get_me(world: World, params: dict[str, Any]) -> dict[str, Any]:
    return {
        **world.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def commands_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), params.get("language_code") or ""


async def set_my_commands(world: World, params: dict[str, Any]) -> bool:
    rules.check_commands(params["commands"])
    world.state.commands[commands_key(params)] = params["commands"]
    return True


async def get_my_commands(world: World, params: dict[str, Any]) -> list[dict[str, Any]]:
    return world.state.commands.get(commands_key(params), [])


async def delete_my_commands(world: World, params: dict[str, Any]) -> bool:
    world.state.commands.pop(commands_key(params), None)
    return True


async def answer_callback_query(world: World, params: dict[str, Any]) -> bool:
    query_id = params["callback_query_id"]
    # Telegram accepts one answer per query; a second one is as stale as a forged id.
    if world.state.callback_queries.get(query_id, True):
        raise bad_request(STALE_QUERY)
    if len(params.get("text", "")) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    world.state.callback_queries[query_id] = True
    world.state.callback_answers.append({
        "callback_query_id": query_id,
        "text": params.get("text"),
        "show_alert": params.get("show_alert", False),
        "url": params.get("url"),
    })
    return True


async def always_true(world: World, params: dict[str, Any]) -> bool:
    return True


METHODS = {
    "getMe": get_me,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "answerCallbackQuery": answer_callback_query,
    "close": always_true,
    "logOut": always_true,
}
