"""`/metrics` scraped from a running bot after a scenario: the figures an operator
graphs moved with what happened (updates handled, sends, a 429, a sweep, the outbox's
backlog)."""

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot import health
from bot.board_web import board_app
from bot.metrics import CONTENT_TYPE
from bot.playground import Harness
from tests.test_metrics import samples


@pytest.fixture
async def client(harness: Harness) -> AsyncIterator[TestClient]:
    runtime = harness.runtime
    app = board_app(runtime.sessionmaker, runtime.renderer, runtime.clock,
                    public_url="https://board.example", health=lambda: health.report(runtime),
                    metrics=lambda: health.metrics(runtime))
    async with TestClient(TestServer(app)) as running:
        yield running


async def scrape(client: TestClient) -> dict[str, float]:
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"] == CONTENT_TYPE
    return samples(await response.text())


async def test_handled_updates_and_their_replies_are_counted(harness: Harness,
                                                             client: TestClient) -> None:
    before = await scrape(client)
    assert before['yishi_updates_total{result="handled"}'] == 0
    assert before["yishi_up"] == 1 and before["yishi_outbox_pending"] == 0
    player = await harness.player(7400, "Lin")
    await player.say("/help")
    await player.say("/help")
    after = await scrape(client)
    assert after['yishi_updates_total{result="handled"}'] == 2
    assert after["yishi_update_handling_seconds_count"] == 2
    assert after['yishi_update_handling_seconds_bucket{le="+Inf"}'] == 2
    assert after["yishi_update_handling_seconds_sum"] > 0
    assert after['yishi_sends_total{result="sent"}'] == 2
    assert after['yishi_receiving_up{mode="polling"}'] == 1
    assert after['yishi_loop_up{loop="outbox"}'] == 1


async def test_a_429_is_counted_with_the_wait_it_asked_for(harness: Harness,
                                                           client: TestClient) -> None:
    player = await harness.player(7401, "Lin")
    await harness.client.outage("flood", methods=["sendMessage"], calls=1, retry_after=1)
    assert await player.say("/help")  # answered once the wait was over
    found = await scrape(client)
    assert found['yishi_sends_total{result="429"}'] == 1
    assert found['yishi_telegram_429_total{lane="interactive"}'] == 1
    assert found['yishi_telegram_429_total{lane="bulk"}'] == 0
    assert found["yishi_telegram_retry_after_seconds_total"] == 1
    assert found['yishi_sends_total{result="sent"}'] == 1


async def test_a_sweep_is_timed_by_its_job_name(harness: Harness, client: TestClient) -> None:
    assert 'yishi_sweep_duration_seconds_count{job="matters"}' not in await scrape(client)
    await harness.run("matters")
    await harness.run("matters")
    await harness.run("hearings")
    found = await scrape(client)
    assert found['yishi_sweep_duration_seconds_count{job="matters"}'] == 2
    assert found['yishi_sweep_duration_seconds_count{job="hearings"}'] == 1
    assert found['yishi_sweep_duration_seconds_bucket{job="matters",le="+Inf"}'] == 2


async def test_a_message_telegram_keeps_failing_shows_in_the_backlog(
        harness: Harness, client: TestClient) -> None:
    player = await harness.player(7402, "Lin")
    await harness.client.outage("json502", methods=["sendMessage"])
    assert await player.say("/help") == []
    harness.clock.advance(timedelta(seconds=90))
    found = await scrape(client)
    assert found["yishi_outbox_pending"] == 1
    assert found["yishi_outbox_oldest_pending_seconds"] >= 90
    assert found['yishi_sends_total{result="retry"}'] >= 1
    assert found['yishi_sends_total{result="sent"}'] == 0
    report = await (await client.get("/healthz")).json()
    assert report["outbox"]["pending"] == 1
    assert report["outbox"]["oldest_pending_seconds"] >= 90
    await harness.client.outage()  # Telegram answers again: the backlog drains
    await harness.settle()
    drained = await scrape(client)
    assert drained["yishi_outbox_pending"] == 0
    assert drained["yishi_outbox_oldest_pending_seconds"] == 0
    assert drained['yishi_sends_total{result="sent"}'] == 1
