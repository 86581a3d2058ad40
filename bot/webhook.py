"""Webhook intake: check Telegram's secret header, store the update, answer 200.
Processing happens afterwards, so Telegram is answered quickly.

There is always a secret (generated for the run when none is set): without one anybody
who finds the path could post updates "from" anyone, the admin included. A body that is
not an update at all is answered 400. An update the engine cannot read is kept as
rejected and answered 200, as long polling moves past it: Telegram would otherwise send
it again and again, and nothing behind it."""

import hmac
import json
import logging
import secrets

from aiohttp import web

from bot.config import strong_secret
from bot.engines.polling import Parse, read_batch
from bot.intake import Intake
from models.base import is_telegram_id

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def generated_secret() -> str:
    """A secret for this run, registered with setWebhook: 256 bits in Telegram's alphabet."""
    return secrets.token_urlsafe(32)


def webhook_app(intake: Intake, *, path: str, secret: str, parse: Parse) -> web.Application:
    if not strong_secret(secret):
        raise ValueError("a webhook needs a random secret")
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        # aiohttp keeps undecodable header bytes as surrogates: compared as bytes.
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, expected):
            return web.Response(status=401)
        intake.reception.reached(intake.clock.now())
        update = _update_of(await request.read())
        if update is None:
            log.warning("webhook body is not an update")
            return web.Response(status=400)
        batch = read_batch([update], parse)
        # Stored before the 200: if this fails Telegram gets a 500 and sends it again.
        await intake.accept(batch.accepted, rejected=batch.rejected)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post(path, receive)
    return app


def _update_of(body: bytes) -> dict[str, object] | None:
    """The body as an update's JSON, or None when it is not one."""
    try:
        update = json.loads(body)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, nested beyond reason
        return None
    if not isinstance(update, dict) or not is_telegram_id(update.get("update_id")):
        return None
    return update
