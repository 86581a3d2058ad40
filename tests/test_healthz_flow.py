"""`/healthz` on the board's port, with the whole bot running: what a supervisor or a
load balancer reads, 200 while every loop runs and 503 once one has ended."""

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot import health
from bot.app import Database
from bot.board_web import board_app
from bot.playground import Harness
from models import inbox
from tests.test_crash_recovery import wait_for
from tests.test_poison_flow import MALFORMED


@pytest.fixture
async def client(harness: Harness) -> AsyncIterator[TestClient]:
    runtime = harness.runtime
    app = board_app(runtime.sessionmaker, runtime.renderer, runtime.clock,
                    public_url="https://board.example", health=lambda: health.report(runtime))
    async with TestClient(TestServer(app)) as running:
        yield running


async def test_a_running_bot_is_healthy(harness: Harness, client: TestClient) -> None:
    player = await harness.player(7300, "Lin")
    await player.say("/help")
    response = await client.get("/healthz")
    assert response.status == 200
    report = await response.json()
    assert report["ok"] is True
    assert set(report["loops"]) == {"inbox", "outbox", "receiving"}
    assert all(loop["running"] and loop["restarts"] == 0 for loop in report["loops"].values())
    assert report["scheduler"] == {"running": True}
    assert report["rejected_updates"] == 0
    assert report["oldest_pending_seconds"] is None and report["database"] == "ok"
    assert report["outbox"] == {"pending": 0, "oldest_pending_seconds": None}
    receiving = report["receiving"]
    assert receiving["mode"] == "polling" and receiving["alive"] is True
    assert receiving["last_contact_seconds"] is not None and receiving["failing_seconds"] is None
    assert response.headers["Cache-Control"] == "no-store"


async def test_polling_that_cannot_reach_telegram_makes_it_unhealthy(
        harness: Harness, client: TestClient) -> None:
    reception = harness.runtime.intake.reception
    await harness.client.outage("json502", methods=["getUpdates"])
    player = await harness.player(7301, "Lin")
    await harness.client.send_text(player.id, "/help")  # ends the long poll under way

    async def failing() -> bool:
        return reception.failing_since is not None

    await wait_for(failing)
    briefly = await (await client.get("/healthz")).json()
    assert briefly["ok"] is True  # a moment's trouble is retried, not reported
    harness.clock.advance(timedelta(seconds=health.RECEIVING_STALE_SECONDS + 60))
    response = await client.get("/healthz")
    assert response.status == 503
    report = await response.json()
    assert report["receiving"]["alive"] is False
    assert report["receiving"]["failing_seconds"] >= health.RECEIVING_STALE_SECONDS + 60
    assert report["loops"]["receiving"]["running"] is True  # running, yet receiving nothing
    await harness.client.outage()

    async def reached() -> bool:
        return reception.failing_since is None

    await wait_for(reached)
    assert (await client.get("/healthz")).status == 200


async def test_a_loop_that_ended_makes_it_unhealthy(harness: Harness,
                                                     client: TestClient) -> None:
    sending = next(task for task in asyncio.all_tasks() if task.get_name() == "outbox")
    sending.cancel()

    async def ended() -> bool:
        return sending.done()

    await wait_for(ended)
    response = await client.get("/healthz")
    assert response.status == 503
    report = await response.json()
    assert report["ok"] is False
    assert report["loops"]["outbox"]["running"] is False
    assert report["loops"]["inbox"]["running"] is True


async def test_a_stopped_scheduler_makes_it_unhealthy(harness: Harness,
                                                      client: TestClient) -> None:
    await harness.runtime.scheduler.stop()
    response = await client.get("/healthz")
    assert response.status == 503
    assert (await response.json())["scheduler"] == {"running": False}


async def test_the_rejected_updates_are_counted(harness: Harness, client: TestClient) -> None:
    await harness.client.inject_update(MALFORMED[1])
    await harness.settle()
    assert (await (await client.get("/healthz")).json())["rejected_updates"] == 1


async def test_the_oldest_pending_update_is_found(db: Database) -> None:
    async with db.sessionmaker() as session, session.begin():
        assert await inbox.oldest_pending(session) is None
        await inbox.store(session, [{"update_id": 1, "chat_id": 5, "payload": {}}],
                          now=db.clock.now())
    db.clock.advance(timedelta(minutes=5))
    async with db.sessionmaker() as session, session.begin():
        await inbox.store(session, [{"update_id": 2, "chat_id": 5, "payload": {}}],
                          now=db.clock.now())
        first, second = (row.received_at for row in await inbox.pending(session, limit=2))
        assert second - first >= timedelta(minutes=5)
        assert await inbox.oldest_pending(session) == first
        assert await inbox.claim(session, 1, now=db.clock.now())
        assert await inbox.oldest_pending(session) == second
