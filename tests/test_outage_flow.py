"""Telegram's bad minutes through the emulator: nginx's HTML 502 page, JSON 5xx and
dropped connections in the middle of a broadcast, and a single refused edit of its
progress message. Nothing is lost or sent twice, and the bot carries on by itself."""

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlmodel import col, select

from bot.app import Database
from bot.playground import Harness, start_harness
from models.outbox import Delivery, DeliveryState
from tests.factories import residents
from tests.test_crash_recovery import wait_for
from tests.test_delivery_flow import NOTICE, finished_progress, send_broadcast

HELP = "您可以使用的命令"
EVERY_KIND = ("html502", "json500", "json502", "drop")


@pytest.fixture
async def slow_harness(db: Database, engine: str) -> AsyncIterator[Harness]:
    # A budget the broadcast needs a few seconds for, so the outage meets it half way.
    async with start_harness(db, engine=engine, rate_global_per_second=10,
                             rate_global_burst=5) as running:
        yield running


async def refused(harness: Harness) -> int:
    """Messages the outage refused to send so far."""
    return sum((c["description"] or "").startswith("outage")
               for c in await harness.client.calls("sendMessage"))


async def received(harness: Harness, chat_id: int, text: str) -> int:
    return sum(text in m["text"] for m in await harness.client.bot_messages(chat_id))


async def test_an_outage_mid_broadcast_loses_nothing_and_the_bot_recovers(
        slow_harness: Harness) -> None:
    harness = slow_harness
    people = await residents(harness.db, 40, client=harness.client)
    await harness.client.add_user(1002, "李委员")
    await send_broadcast(harness)

    async def some_out() -> bool:
        return sum([await received(harness, p, NOTICE) for p in people]) >= 5

    await wait_for(some_out, timeout=20)
    await harness.client.outage(*EVERY_KIND)
    for person in people[:10]:
        await harness.client.send_text(person, "/help")

    # Half a minute of outage as the retries see it: the clock moves on two seconds at
    # a time, each step met by more failed sends.
    for _ in range(15):
        before = await refused(harness)
        harness.clock.advance(timedelta(seconds=2))
        harness.runtime.sender.wake()

        async def met_again(before: int = before) -> bool:
            return await refused(harness) > before

        await wait_for(met_again, timeout=20)
    await harness.client.outage()  # over

    async def all_delivered() -> bool:
        # Each failed delivery waits out its backoff: move the clock past it.
        harness.clock.advance(timedelta(minutes=15))
        harness.runtime.sender.wake()
        await harness.settle(timeout=30)
        counts = [await received(harness, p, NOTICE) for p in people]
        return 0 not in counts and all([await received(harness, p, HELP)
                                        for p in people[:10]])

    await wait_for(all_delivered, timeout=60)
    assert [await received(harness, p, NOTICE) for p in people] == [1] * 40
    assert [await received(harness, p, HELP) for p in people[:10]] == [1] * 10
    async with harness.db.sessionmaker() as session:
        undelivered = (await session.exec(select(Delivery).where(col(Delivery.state).in_(
            [DeliveryState.failed, DeliveryState.pending, DeliveryState.sending])))).all()
    assert undelivered == []
    # And a new /help after the outage is answered, by itself.
    await harness.client.send_text(people[20], "/help")
    await harness.settle(timeout=30)
    assert await received(harness, people[20], HELP) == 1
    assert "已送达" in await finished_progress(harness)


async def test_a_refused_edit_of_the_final_report_is_tried_again(harness: Harness) -> None:
    people = await residents(harness.db, 3, client=harness.client)
    await harness.client.add_user(1002, "李委员")
    await harness.client.outage("json502", methods=["editMessageText"])
    await send_broadcast(harness)

    async def report_refused() -> bool:
        await harness.settle()
        await harness.runtime.progress.sweep()  # the scheduler's part, run by the test
        return any(not c["ok"] and "发送完毕" in c["params"].get("text", "")
                   for c in await harness.client.calls("editMessageText"))

    await wait_for(report_refused, timeout=20)
    await harness.client.outage()  # over
    assert "已送达 5 / 5" in await finished_progress(harness)
    for person in people:
        assert await received(harness, person, NOTICE) == 1
    assert harness.runtime.progress.unsent == {}
