"""Bot API methods that hand updates to the bot: long polling and webhooks."""

from __future__ import annotations

import re
from typing import Any

from .errors import ApiError, bad_request
from .world import World

WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_WEBHOOK_URL = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)


async def get_updates(world: World, params: dict[str, Any]) -> list[dict[str, Any]]:
    if world.webhook.active:
        raise ApiError(409, WEBHOOK_CONFLICT)
    if "allowed_updates" in params:
        world.queue.allowed_updates = params["allowed_updates"]
    limit = min(max(params.get("limit", 100), 1), 100)
    timeout = max(params.get("timeout", 0), 0)
    return await world.queue.poll(params.get("offset"), limit, timeout)


async def set_webhook(world: World, params: dict[str, Any]) -> bool:
    url = params.get("url", "")
    if not url:
        return await delete_webhook(world, params)
    # Telegram insists on HTTPS; the emulator also takes plain HTTP to reach local bots.
    if not _WEBHOOK_URL.match(url):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if secret is not None and not _SECRET.match(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = params.get("max_connections", 40)
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    if params.get("drop_pending_updates"):
        world.queue.clear()
    if "allowed_updates" in params:
        world.queue.allowed_updates = params["allowed_updates"]
    world.webhook.configure(url, secret, max_connections)
    return True


async def delete_webhook(world: World, params: dict[str, Any]) -> bool:
    await world.webhook.stop()
    if params.get("drop_pending_updates"):
        world.queue.clear()
    return True


async def get_webhook_info(world: World, params: dict[str, Any]) -> dict[str, Any]:
    return world.webhook.info()


METHODS = {
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
}
