"""Webhook mode: Telegram's secret header is always checked (a generated secret when
none is set), updates are stored before the 200, a body that is not an update is a 400,
and the bot answers as it does with long polling."""

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import aiohttp
import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from bot.app import Database
from bot.config import Settings
from bot.playground import Harness, start_harness
from models.inbox import InboxState, InboxUpdate
from models.people import persons as people
from models.people.roles import Role

SECRET = "s3cr3t-token_for-tests-Qx7"
ADMIN = 1001  # bootstrap admin in community.example.yaml
HEADER = "X-Telegram-Bot-Api-Secret-Token"


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
        reception = harness.runtime.intake.reception  # what /healthz reports
        assert reception.mode == "webhook" and (contact := reception.last_contact) is not None
        harness.clock.advance(timedelta(minutes=1))

        forged = {"update_id": 999999, "message": {
            "message_id": 1, "date": 0, "text": "/start", "chat": {"id": 5101, "type": "private"},
            "from": {"id": 5101, "is_bot": False, "first_name": "Hu"}}}
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(url, json=forged, headers=headers) as response:
                    assert response.status == 401
        assert reception.last_contact == contact  # a forged call is not Telegram's
        async with db.sessionmaker() as session:
            stored = await session.get(InboxUpdate, 999999)
            total = await session.scalar(sa.select(sa.func.count()).select_from(InboxUpdate))
        assert stored is None and total == 1


@asynccontextmanager
async def webhook_bot(db: Database, engine: str, secret: str) -> AsyncIterator[
        tuple[Harness, str]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    async with start_harness(db, engine=engine, webhook_url=url, webhook_secret=secret,
                             webhook_listen_host="127.0.0.1", webhook_listen_port=port,
                             webhook_path="/hook") as harness:
        yield harness, url


def grant(update_id: int, admin: int, target: int) -> dict[str, object]:
    return {"update_id": update_id, "message": {
        "message_id": 2, "date": 0, "text": f"/grant {target} committee",
        "chat": {"id": admin, "type": "private"},
        "from": {"id": admin, "is_bot": False, "first_name": "Admin"}}}


async def test_without_a_configured_secret_a_forged_call_changes_nothing(
        db: Database, engine: str) -> None:
    async with webhook_bot(db, engine, secret="") as (harness, url):
        resident = await harness.player(5102, "Lu")
        # Telegram got the generated secret with setWebhook: real updates still come.
        assert "/register" in (await resident.say("/start"))[-1]["text"]
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {HEADER: ""}, {HEADER: "None"}):
                forged = grant(888888, ADMIN, resident.id)
                async with http.post(url, json=forged, headers=headers) as response:
                    assert response.status == 401
        await harness.settle()
        async with db.sessionmaker() as session:
            assert await session.get(InboxUpdate, 888888) is None
            person = await people.by_telegram_id(session, resident.id)
            assert person is not None
            assert Role.committee not in await people.roles_of(session, person.id or 0)


async def test_a_body_that_is_not_an_update_is_a_400_and_an_unreadable_update_set_aside(
        db: Database, engine: str) -> None:
    async with webhook_bot(db, engine, secret=SECRET) as (harness, url):
        await (await harness.player(5103, "Ma")).say("/start")  # the webhook is up
        headers = {HEADER: SECRET}
        async with aiohttp.ClientSession() as http:
            for body in (b"not json", b"\xff\xfe", b"[1, 2]", b"null", b'{"message": {}}',
                         b'{"update_id": "7"}', b'{"update_id": true}',
                         b'{"update_id": 1e400}', b'{"update_id": 99999999999999999999999}',
                         b"[" * 100_000):
                async with http.post(url, data=body, headers=headers) as response:
                    assert response.status == 400, body
            # An update, but not one the engine can read: kept, and a 200, or Telegram
            # would send it again and again, and nothing behind it.
            for update_id, message in (
                    (777777, {"message_id": 1, "date": 0, "text": "/start",  # no chat
                              "from": {"id": 5103, "is_bot": False, "first_name": "Ma"}}),
                    (777778, {"message_id": 1, "date": 0, "text": "/start", "from": "Ma",
                              "chat": {"id": 5103, "type": "private"}})):
                unreadable = {"update_id": update_id, "message": message}
                async with http.post(url, json=unreadable, headers=headers) as response:
                    assert response.status == 200
        async with db.sessionmaker() as session:
            rows = [await session.get(InboxUpdate, n) for n in (777777, 777778)]
        assert all(row is not None and row.state == InboxState.rejected for row in rows)
        assert harness.runtime.rejected_updates == 2


@pytest.mark.parametrize("secret", ["short-secret", "a" * 40, "ab" * 20, "has spaces " * 3,
                                    "changeme"])
def test_a_guessable_webhook_secret_is_refused_at_start(secret: str) -> None:
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET"):
        Settings(webhook_secret=secret, _env_file=None)  # type: ignore[call-arg]
