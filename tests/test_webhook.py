"""Webhook mode: Telegram's secret header is checked, updates are stored before the
200, and the bot answers as it does with long polling."""

import socket

import aiohttp
import sqlalchemy as sa

from bot.app import Database
from bot.playground import start_harness
from models.inbox import InboxUpdate

SECRET = "s3cr3t-token_for-tests"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_webhook_round_trip_and_secret_check(db: Database, engine: str) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    async with start_harness(db, engine=engine, webhook_url=url, webhook_secret=SECRET,
                             webhook_listen_host="127.0.0.1", webhook_listen_port=port,
                             webhook_path="/hook") as harness:
        resident = await harness.player(5101, "Hu")
        # The emulator delivers to the webhook once the bot has registered it.
        answer = await resident.say("/start")
        assert "/register" in answer[-1]["text"]

        forged = {"update_id": 999999, "message": {
            "message_id": 1, "date": 0, "text": "/start", "chat": {"id": 5101, "type": "private"},
            "from": {"id": 5101, "is_bot": False, "first_name": "Hu"}}}
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(url, json=forged, headers=headers) as response:
                    assert response.status == 401
        async with db.sessionmaker() as session:
            stored = await session.get(InboxUpdate, 999999)
            total = await session.scalar(sa.select(sa.func.count()).select_from(InboxUpdate))
        assert stored is None and total == 1
