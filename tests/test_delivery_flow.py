"""Broadcasts through the emulator: the committee's view, Telegram's limits, blocked
residents, retries, and replies that overtake a running broadcast."""

import asyncio
import time
from datetime import timedelta

from sqlmodel import col, select

from bot.app import Database
from bot.playground import Harness, start_harness
from bot.sender import BACKOFF_CAP
from models.outbox import Delivery, DeliveryState
from models.people.persons import Person
from tests.factories import residents
from tests.test_registration_flow import CHAIR

NOTICE = "明天上午9点至12点停水，请提前储水。"


async def send_broadcast(harness: Harness, body: str = NOTICE) -> None:
    """Queue a broadcast as the chair; returns without waiting for its delivery."""
    chair = await harness.player(CHAIR, "王主任")
    await chair.say("/broadcast")
    preview = await chair.say(body)  # the notice as it will appear, then who receives it
    assert body in preview[0]["text"] and "发送对象" in preview[-1]["text"]
    await harness.client.press(CHAIR, "📢 立即发送")


async def finished_progress(harness: Harness) -> str:
    """The chair's report once every delivery has gone. Deliveries a 429 put off are
    made due by moving the clock past their backoff, not by waiting for it."""
    texts: list[str] = []
    for _ in range(20):
        await harness.settle(timeout=30)
        await harness.runtime.progress.sweep()
        texts = [m["text"] for m in await harness.client.bot_messages(CHAIR)]
        if done := [t for t in texts if "发送完毕" in t]:
            return done[-1]
        harness.clock.advance(timedelta(seconds=BACKOFF_CAP))
        harness.runtime.sender.wake()
    raise AssertionError(f"no final report: {texts}")


async def test_committee_broadcasts_to_every_resident(harness: Harness) -> None:
    ids = await residents(harness.db, 12, client=harness.client)
    await harness.client.add_user(1002, "李委员")
    await send_broadcast(harness)
    report = await finished_progress(harness)
    assert "已送达 14 / 14" in report  # the 12 residents and both committee members
    for resident in ids:
        messages = await harness.client.bot_messages(resident)
        assert [NOTICE in m["text"] for m in messages] == [True]


async def test_oversized_notice_is_refused_and_the_draft_kept(harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")
    await chair.say("/broadcast")
    answer = await chair.say("长" * 3001)
    assert "3,001" in answer[-1]["text"]
    preview = (await chair.say("短通知"))[0]  # still asked for the text
    assert "短通知" in preview["text"]


async def test_residents_may_not_broadcast(harness: Harness) -> None:
    [resident] = await residents(harness.db, 1, client=harness.client)
    player = await harness.player(resident, "R")
    assert "没有权限" in (await player.say("/broadcast 大家好"))[-1]["text"]
    assert "没有权限" in (await player.say("/deliveries"))[-1]["text"]


async def test_blocked_residents_become_unreachable_and_failures_can_be_retried(
        harness: Harness) -> None:
    ids = await residents(harness.db, 3, client=harness.client)
    await harness.client.add_user(1002, "李委员")
    await harness.client.block(ids[0])
    await send_broadcast(harness)
    report = await finished_progress(harness)
    assert "已送达 4 / 5" in report and "1 人无法送达" in report
    chair = await harness.player(CHAIR, "王主任")
    summary = (await chair.say("/deliveries"))[-1]
    assert "无法送达 1" in summary["text"]
    assert "重发" not in str(summary.get("reply_markup"))  # nothing failed: nothing to retry


async def test_residents_who_never_opened_the_bot_are_unreachable_not_failed(
        harness: Harness) -> None:
    await residents(harness.db, 2, client=harness.client)
    [stranger] = await residents(harness.db, 1, first_id=29000)  # no chat with the bot
    await harness.client.add_user(1002, "李委员")
    await send_broadcast(harness)
    report = await finished_progress(harness)
    # Telegram answers "Bad Request: chat not found"; PTB passes it on capitalised.
    assert "已送达 4 / 5" in report and "1 人无法送达" in report and "失败" not in report
    async with harness.db.sessionmaker() as session:
        states = (await session.exec(select(Delivery.state).where(
            col(Delivery.chat_id) == stranger))).all()
        person = (await session.exec(select(Person).where(
            col(Person.telegram_id) == stranger))).one()
    assert states == [DeliveryState.unreachable] and person.unreachable


async def test_telegram_429_is_honoured(db: Database, engine: str) -> None:
    # Our limits set looser than the emulator's, so Telegram has to push back.
    async with start_harness(db, engine=engine, flood_limits=True,
                             rate_global_per_second=500, rate_global_burst=500,
                             rate_chat_burst=50) as harness:
        await harness.client.set_flood(global_per_second=40, global_burst=5)
        ids = await residents(db, 30, client=harness.client)
        await harness.client.add_user(1002, "李委员")
        await send_broadcast(harness)
        await finished_progress(harness)
        refused = [c for c in await harness.client.calls("sendMessage")
                   if c.get("error_code") == 429]
        assert refused, "the emulator never said 429"
        for resident in ids:
            assert len(await harness.client.bot_messages(resident)) == 1


async def test_interactive_replies_overtake_a_running_broadcast(db: Database,
                                                                engine: str) -> None:
    async with start_harness(db, engine=engine, rate_global_per_second=40,
                             rate_global_burst=1) as harness:
        ids = await residents(db, 120, client=harness.client)
        await harness.client.add_user(1002, "李委员")
        await send_broadcast(harness)
        await harness.client.wait_for_bot_messages(ids[10], 1, timeout=20)
        asker = await harness.player(ids[-1], "R")
        await harness.client.send_text(asker.id, "/help")
        await harness.client.wait_for_bot_messages(asker.id, 1, timeout=20)
        await finished_progress(harness)
        calls = [c for c in await harness.client.calls("sendMessage") if c.get("ok")]
        chats = [int(c["params"]["chat_id"]) for c in calls]
        mine = [(i, c["params"]["text"]) for i, c in enumerate(calls)
                if int(c["params"]["chat_id"]) == asker.id]
        help_at = next((i for i, text in mine if NOTICE not in text), None)
        assert help_at is not None, (mine, await harness.client.messages(asker.id))
        still_to_send = sum(1 for chat in chats[help_at:] if chat in ids)
        assert still_to_send > 30, "the reply waited for the broadcast"


async def test_replies_go_out_while_a_429_holds_the_broadcast_back(db: Database,
                                                                    engine: str) -> None:
    async with start_harness(db, engine=engine, rate_global_per_second=20,
                             rate_global_burst=1) as harness:
        ids = await residents(db, 60, client=harness.client)
        await harness.client.add_user(602, "李委员")
        writers = [await harness.player(50001 + i, f"W{i}") for i in range(3)]
        await send_broadcast(harness)
        await harness.client.wait_for_bot_messages(ids[5], 1, timeout=20)
        await harness.client.outage("flood", methods=["sendMessage"], calls=1, retry_after=3)
        refused_at = await first_refusal(harness)
        await asyncio.gather(*(harness.client.send_text(w.id, "/help") for w in writers))
        for writer in writers:
            await harness.client.wait_for_bot_messages(writer.id, 1, timeout=20)
        answered_at = time.time()
        await finished_progress(harness)
        calls = [c for c in await harness.client.calls("sendMessage") if c["ok"]]
    replies = [c["at"] for c in calls if int(c["params"]["chat_id"]) > 50000]
    bulk = [c["at"] for c in calls if int(c["params"]["chat_id"]) in ids]
    assert len(replies) == 3 and answered_at < refused_at + 3, (refused_at, replies)
    # The broadcast waited out retry_after (sends already on their way when the 429
    # came may land just after it), and then went on to everyone.
    assert not [at for at in bulk if refused_at + 0.5 < at < refused_at + 2.9]
    assert len(bulk) == len(ids)


async def first_refusal(harness: Harness) -> float:
    """When the emulator first answered sendMessage with 429."""
    async with asyncio.timeout(20):
        while True:
            refused = [c for c in await harness.client.calls("sendMessage")
                       if c["error_code"] == 429]
            if refused:
                return float(refused[0]["at"])
            await asyncio.sleep(0.02)
