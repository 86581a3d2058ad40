"""Notices through the emulator: an audience chosen by area, a scheduled notice sent at
its time and not before, a cancelled one never sent, an edit before it goes (its text or
its time), what residents read with /notices, and bad input refused with the draft kept."""

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, update

from bot.app import Database
from bot.playground import Harness, Player, run_job, start_harness
from handlers.notices.buttons import NoticeToggle
from models import audiences
from models.notices import broadcasts
from models.people.persons import Person, by_telegram_id
from tests.factories import residents
from tests.test_hearings_flow import local
from tests.test_registration_flow import CHAIR

WATER = "西区明天 9 点至 12 点停水，请提前储水。"


async def in_the_west(harness: Harness, count: int, first_id: int) -> list[int]:
    ids = await residents(harness.db, count, first_id=first_id, client=harness.client)
    async with harness.db.sessionmaker() as session, session.begin():
        await session.exec(update(Person).where(col(Person.telegram_id).in_(ids))  # type: ignore[call-overload]
                           .values(area="west", building="5"))
    return ids


async def schedule_for_the_west(chair: Player, due: datetime, body: str = WATER) -> None:
    await chair.say("/broadcast")
    await chair.say(body)
    await chair.press("👥 选择对象")
    await chair.press("按片区")
    await chair.press("西区")
    picked = await chair.press("选好了")
    assert "发送对象：西区，共 2 人" in picked[-1]["text"], picked
    await chair.press("🕒 定时发送")
    confirm = await chair.say(local(due))
    assert f"发送时间：{local(due)}" in confirm[-1]["text"]
    done = await chair.press("🕒 确认定时发送")
    assert "已安排在" in done[-1]["text"] and "共 2 人" in done[-1]["text"]


async def start_due(harness: Harness, now: datetime) -> int:
    started = await harness.run("broadcasts", at=now)
    harness.runtime.sender.wake()
    await harness.settle()
    return started


async def texts(harness: Harness, user: int) -> list[str]:
    return [m["text"] for m in await harness.client.bot_messages(user)]


async def test_a_scheduled_notice_to_an_area_goes_at_its_time_and_not_before(
        harness: Harness) -> None:
    east = await residents(harness.db, 2, client=harness.client)
    west = await in_the_west(harness, 2, 21000)
    chair = await harness.player(CHAIR, "王主任")
    due = harness.clock.now() + timedelta(hours=5)
    await schedule_for_the_west(chair, due)
    assert await start_due(harness, due - timedelta(minutes=2)) == 0
    for person in west + east:
        assert await texts(harness, person) == []
    assert await start_due(harness, due + timedelta(seconds=1)) == 1
    for person in west:
        assert [WATER in t for t in await texts(harness, person)] == [True]
    for person in east:
        assert await texts(harness, person) == []
    await harness.runtime.progress.sweep()  # its author follows it like one sent at once
    assert any("通知 #1 发送完毕" in t and "已送达 2 / 2" in t for t in await texts(harness, CHAIR))
    notices = (await (await harness.player(west[0], "居民")).say("/notices"))[-1]["text"]
    assert WATER in notices
    assert "最近没有" in (await (await harness.player(east[0], "居民")).say("/notices"))[-1]["text"]


async def test_a_cancelled_notice_is_never_sent_and_an_edited_one_goes_as_edited(
        harness: Harness) -> None:
    west = await in_the_west(harness, 2, 21000)
    chair = await harness.player(CHAIR, "王主任")
    due = harness.clock.now() + timedelta(hours=5)
    await schedule_for_the_west(chair, due, "第一条")
    await schedule_for_the_west(chair, due + timedelta(hours=1), "第二条")
    listed = (await chair.say("/scheduled"))[-2:]
    assert ["第一条" in m["text"] for m in listed] == [True, False]
    await chair.press("取消发送", listed[0]["message_id"])
    await chair.press("修改内容", listed[1]["message_id"])
    edited = await chair.say("第二条（已更正）")
    assert "第二条（已更正）" in edited[-1]["text"]
    assert await start_due(harness, due + timedelta(hours=2)) == 1
    for person in west:
        assert [("第二条（已更正）" in t, "第一条" in t) for t in await texts(harness, person)] \
            == [(True, False)]
    assert "没有等待发送" in (await chair.say("/scheduled"))[-1]["text"]
    # a stale cancel button changes nothing once the notice has gone
    await chair.press("取消发送", listed[1]["message_id"])
    assert any("已经开始发送" in a for a in await chair.alerts())


async def test_a_notice_moved_later_waits_for_its_new_time(harness: Harness) -> None:
    west = await in_the_west(harness, 2, 22000)
    chair = await harness.player(CHAIR, "王主任")
    due = harness.clock.now() + timedelta(hours=5)
    await schedule_for_the_west(chair, due)
    listed = await chair.say("/scheduled")
    await chair.press("修改时间", listed[-1]["message_id"])
    past = await chair.say(local(harness.clock.now() - timedelta(hours=1)))
    assert "已经过去" in past[-1]["text"]  # asked again, the edit still open
    later = due + timedelta(days=1)
    moved = await chair.say(local(later))
    assert f"将于 {local(later)} 发送" in moved[-1]["text"]
    assert await start_due(harness, due + timedelta(hours=1)) == 0
    assert await start_due(harness, later + timedelta(minutes=1)) == 1
    for person in west:
        assert [WATER in t for t in await texts(harness, person)] == [True]


async def test_an_urgent_notice_is_marked_and_previewed_as_sent(harness: Harness) -> None:
    [resident] = await residents(harness.db, 1, client=harness.client)
    chair = await harness.player(CHAIR, "王主任")
    await chair.say("/broadcast")
    await chair.say("今天 14 点起停电")
    marked = await chair.press("🚨 标为紧急")
    assert marked[-2]["text"].startswith("🚨 紧急通知") and "🚨 紧急" in marked[-1]["text"]
    await chair.press("📢 立即发送")
    await harness.client.wait_for_bot_messages(resident, 1, timeout=10)
    [received] = await texts(harness, resident)
    assert received.startswith("🚨 紧急通知") and "今天 14 点起停电" in received


async def test_bad_input_is_refused_and_the_draft_kept(harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")
    await chair.say("/broadcast")
    await harness.client.send_location(CHAIR, 31.2, 121.4)
    await harness.settle()
    assert "只能附带照片或文件" in (await chair.last())["text"]
    await harness.client.send_photo(CHAIR)
    await harness.settle()
    assert "已添加附件（1/5）" in (await chair.last())["text"]
    preview = await chair.say("停车场施工")
    photo, control = preview[-2:]  # the notice as it will go: the photo with its caption
    assert photo["kind"] == "photo" and "停车场施工" in photo["caption"]
    assert "含 1 个附件" in control["text"]
    await chair.press("🕒 定时发送")
    past = local(harness.clock.now() - timedelta(hours=1))
    assert "已经过去" in (await chair.say(past))[-1]["text"]
    assert "没有看懂" in (await chair.say("下午三点"))[-1]["text"]
    assert "太远" in (await chair.say("2099-01-01 19:00"))[-1]["text"]
    back = await chair.say(local(harness.clock.now() + timedelta(days=1)))
    assert "停车场施工" not in back[-1]["text"] and "发送时间" in back[-1]["text"]
    await chair.press("👥 选择对象")
    await chair.press("按楼栋")
    await chair.press("选好了")
    assert any("至少选择一项" in a for a in await chair.alerts())
    own = (await chair.last())["message_id"]
    await chair.press_data(own, NoticeToggle(999).pack())  # forged: no such option
    assert any("按钮已经失效" in a for a in await chair.alerts())
    await chair.press("选好了")  # the forged press picked nothing
    assert sum("至少选择一项" in a for a in await chair.alerts()) == 2


async def test_a_notice_with_a_photo_arrives_as_previewed(harness: Harness) -> None:
    [resident] = await residents(harness.db, 1, client=harness.client)
    chair = await harness.player(CHAIR, "王主任")
    await chair.say("/broadcast")
    await harness.client.send_photo(CHAIR, caption="施工区域见图")
    await harness.settle()
    preview = [m for m in await chair.messages() if m["kind"] == "photo"][-1]
    await chair.press("📢 立即发送")
    await harness.client.wait_for_bot_messages(resident, 1, timeout=10)
    [received] = await harness.client.bot_messages(resident)
    assert received["kind"] == "photo" and received["caption"] == preview["caption"]
    assert "施工区域见图" in received["caption"]


async def test_an_urgent_notice_overtakes_a_running_broadcast(db: Database, engine: str) -> None:
    async with start_harness(db, engine=engine, rate_global_per_second=40,
                             rate_global_burst=1) as harness:
        east = await residents(db, 120, client=harness.client)
        west = await in_the_west(harness, 20, 30000)

        async def send(body: str, audience: dict[str, Any], urgent: bool) -> None:
            async with db.sessionmaker() as session, session.begin():
                chair = await by_telegram_id(session, CHAIR)
                assert chair is not None
                await broadcasts.create(session, author=chair, body=body, audience=audience,
                                        urgent=urgent, now=db.clock.now())
            await run_job(db, "broadcasts", harness.runtime.renderer)
            harness.runtime.sender.wake()

        await send("东区例行通知", audiences.make("areas", ["east"]), urgent=False)
        await harness.client.wait_for_bot_messages(east[10], 1, timeout=20)
        await send("西区紧急停水", audiences.make("areas", ["west"]), urgent=True)
        for person in west:
            await harness.client.wait_for_bot_messages(person, 1, timeout=20)
        await harness.settle(timeout=30)
        chats = [int(c["params"]["chat_id"]) for c in await harness.client.calls("sendMessage")
                 if c.get("ok")]
        last_urgent = max(i for i, chat in enumerate(chats) if chat in west)
        routine_after = sum(1 for chat in chats[last_urgent:] if chat in east)
        assert routine_after > 50, "the urgent notice waited for the routine one"
