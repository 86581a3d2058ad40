"""Messages of a broadcast given up after their bounded retries (Telegram failing for
their chats for longer than the sender keeps trying): the final report tells the author
how many failed and offers a button that sends them again, and once Telegram answers
again the committee is told of the spell, once."""

from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import col, select

from bot.playground import Harness
from models.outbox import Delivery, DeliveryState
from tests.factories import residents
from tests.test_crash_recovery import wait_for
from tests.test_delivery_flow import CHAIR, NOTICE, finished_progress, send_broadcast

RETRY = "重发失败的 2 条"
MEMBER = 1002  # the other committee member
OUTAGE_REPORT = "消息发送中断"


async def failed(harness: Harness) -> int:
    async with harness.db.sessionmaker() as session:
        return (await session.exec(select(sa.func.count()).select_from(Delivery).where(
            col(Delivery.state) == DeliveryState.failed))).one()


async def received(harness: Harness, chat_id: int) -> int:
    return sum(NOTICE in m["text"] for m in await harness.client.bot_messages(chat_id))


async def test_failed_messages_are_reported_and_sent_again_from_the_report(
        harness: Harness) -> None:
    people = await residents(harness.db, 4, client=harness.client)
    await harness.client.add_user(1002, "李委员")
    await harness.client.outage("json502", "html502", methods=["sendMessage"],
                                chats=people[:2])
    await send_broadcast(harness)

    async def given_up() -> bool:
        # Each try waits out its backoff: move the clock past it, until the sender
        # stops trying.
        harness.clock.advance(timedelta(minutes=10))
        await harness.settle(timeout=30)
        return await failed(harness) == 2

    await wait_for(given_up, timeout=60)
    assert harness.runtime.metrics.sends.value("given_up") == 2  # what /metrics shows
    await harness.client.outage()  # Telegram reaches them again
    report = await finished_progress(harness)
    assert "已送达 4 / 6" in report and "2 条失败" in report
    [message] = [m for m in await harness.client.bot_messages(CHAIR) if m["text"] == report]
    buttons = [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == [RETRY]

    await harness.client.press(CHAIR, RETRY, message["message_id"])
    report = await finished_progress(harness)
    assert "已送达 6 / 6" in report and "失败" not in report
    assert [await received(harness, person) for person in people] == [1, 1, 1, 1]
    [message] = [m for m in await harness.client.bot_messages(CHAIR) if m["text"] == report]
    assert not (message.get("reply_markup") or {}).get("inline_keyboard")


async def outage_reports(harness: Harness, chat_id: int) -> list[str]:
    return [m["text"] for m in await harness.client.bot_messages(chat_id)
            if OUTAGE_REPORT in m["text"]]


async def test_the_committee_hears_of_a_long_outage_once_it_is_over(harness: Harness) -> None:
    people = await residents(harness.db, 4, client=harness.client)
    await harness.client.add_user(MEMBER, "李委员")
    await harness.client.outage("json502", "drop", methods=["sendMessage"], chats=people[:2])
    await send_broadcast(harness)

    async def given_up() -> bool:
        harness.clock.advance(timedelta(minutes=10))  # past each try's backoff
        await harness.settle(timeout=30)
        return await failed(harness) == 2

    await wait_for(given_up, timeout=60)
    harness.clock.advance(timedelta(minutes=6))
    assert await harness.run("outages") == 0  # Telegram has taken nothing since
    await harness.client.outage()  # it answers again
    await harness.client.send_text(people[2], "/help")
    await harness.settle()
    harness.clock.advance(timedelta(minutes=6))
    assert await harness.run("outages") == 2
    await harness.settle()
    harness.clock.advance(timedelta(minutes=6))
    assert await harness.run("outages") == 0
    await harness.settle()

    for member in (CHAIR, MEMBER):
        [report] = await outage_reports(harness, member)
        assert "有 2 条消息" in report and "其中 2 条是通知" in report
    assert await outage_reports(harness, people[0]) == []
