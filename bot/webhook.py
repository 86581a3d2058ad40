"""Webhook intake: check Telegram's secret header, store the update, answer 200.
Processing happens afterwards, so Telegram is answered quickly."""

import hmac
import logging

from aiohttp import web

from bot.engines.updates import incoming_from_dict
from bot.intake import Intake

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_app(intake: Intake, *, path: str, secret: str | None) -> web.Application:
    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if secret is not None and not hmac.compare_digest(given, secret):
            return web.Response(status=401)
        try:
            update = await request.json()
            incoming = incoming_from_dict(update)
        except (ValueError, KeyError, TypeError):
            log.warning("unreadable webhook body")
            return web.Response(status=400)
        if incoming is not None:
            # Stored before the 200: if this fails Telegram gets a 500 and retries.
            await intake.accept([incoming])
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post(path, receive)
    return app
