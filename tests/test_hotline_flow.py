"""The hotline end to end through the emulator, on both engines and both databases:
file → receipt → routed → accepted → note → resolved → rated; transfer; warnings and
escalations; reopening; duplicates; anonymity; privacy; bad input."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.playground import Harness, Player
from handlers.hotline.buttons import TicketAccept, TicketRate
from models.conversation import Conversation
from models.hotline.tickets import Ticket, TicketState
from models.people.roles import Role
from tests.factories import residents
from tests.test_hotline_rules import staff

DONE = "完成（不再添加照片）"
# 00:30 on 1 January 2027 in Shanghai, still 2026 in UTC: a ticket numbered by the UTC
# month would read T2612.
NEW_YEAR = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)
HOME = "我的住址：东区 1号楼 1单元"


def body(message: dict[str, Any]) -> str:
    return message.get("text") or message.get("caption") or ""


async def complain(resident: Player, *, category: str = "噪音扰民", photo: bool = False,
                   anonymous: bool = False, text: str = "楼下工地夜里施工，噪音很大") -> str:
    await resident.say("/complain")
    await resident.press(category)
    await resident.say(text)
    if photo:
        await resident.harness.client.send_photo(resident.id)
        await resident.harness.settle()
    await resident.press(DONE)
    await resident.press(HOME)
    await resident.press("对公众匿名" if anonymous else "可以公开我的姓名")
    receipt = body((await resident.press("提交诉求"))[-1])
    found = re.search(r"T\d{4}-\d{4}", receipt)
    assert found, receipt
    return found[0]


async def ticket(harness: Harness, number: str) -> Ticket:
    async with harness.db.sessionmaker() as session:
        row = (await session.exec(select(Ticket).where(
            Ticket.sequence == int(number[-4:])))).one()
        return row


async def people(harness: Harness, *handlers: tuple[int, str, str]) -> list[Player]:
    players = []
    for telegram_id, department, name in handlers:
        await staff(harness.db, telegram_id, Role.handler, department, name=name)
        players.append(await harness.player(telegram_id, name))
    return players


async def test_file_accept_note_resolve_rate(harness: Harness) -> None:
    harness.clock.set(NEW_YEAR)
    [resident_id] = await residents(harness.db, 1, client=harness.client)
    resident = await harness.player(resident_id, "林小梅")
    [handler] = await people(harness, (9001, "city", "张承办"))
    number = await complain(resident, photo=True)
    assert number == "T2701-0001"  # the month in the community's zone
    receipt = body(await resident.last())
    assert "噪音扰民" in receipt and "城管" in receipt and "前受理" in receipt

    photo, card = (await handler.messages())[-2:]  # the resident's photo, then the card
    assert photo["kind"] == "photo" and card["reply_markup"]
    assert number in body(card) and "居民" in body(card)
    await handler.press("✅ 受理")
    assert "已由承办人接单" in body(await resident.last())
    await handler.press("💬 回复居民")
    await handler.say("已联系工地，今晚起22点后停工")
    assert "今晚起22点后停工" in body(await resident.last())
    await handler.press("📝 内部备注")
    await handler.say("工地负责人电话 139…")
    await handler.press("🏁 办结")
    await handler.say("已责令工地夜间停工，并安排巡查")
    resolved = await resident.last()
    assert "已办结" in body(resolved) and "巡查" in body(resolved)
    thanks = await resident.press("满意")
    assert "感谢您的评价：满意" in body(thanks[-1])
    assert "已记录" in body((await resident.say("处理很及时"))[-1])

    story = body((await resident.say(f"/status {number}"))[-1])
    for step in ("收到诉求", "承办人接单", "今晚起22点后停工", "办结", "评价：满意", "已办结"):
        assert step in story, story
    assert "139" not in story  # the internal note stays internal
    assert "139" in body((await handler.say(f"/status {number}"))[-1])
    assert (await ticket(harness, number)).state == TicketState.closed


async def test_a_transfer_needs_a_reason_and_moves_the_ticket(harness: Harness) -> None:
    [resident_id] = await residents(harness.db, 1, client=harness.client)
    resident = await harness.player(resident_id, "林小梅")
    city, prop = await people(harness, (9001, "city", "张承办"), (9002, "property", "李物业"))
    number = await complain(resident)
    await city.press("↪️ 转办")
    await city.press("物业协调")
    assert "原因" in body((await city.say("   "))[-1])  # no reason: asked again
    await city.say("属于小区内部设施，由物业处理")
    card = body(await prop.last())
    assert number in card and "属于小区内部设施" in card and "转办" in card
    assert "物业协调" in body(await resident.last())
    # first contact: the old owner can no longer act on it
    await city.press("✅ 受理")
    assert any("不由您承办" in a for a in await city.alerts())
    await prop.press("✅ 受理")
    assert (await ticket(harness, number)).handler_id is not None
    assert "转办" in body((await resident.say(f"/status {number}"))[-1])


async def test_warning_then_escalation_each_sent_once(harness: Harness) -> None:
    [resident_id] = await residents(harness.db, 1, client=harness.client)
    resident = await harness.player(resident_id, "林小梅")
    [handler] = await people(harness, (9001, "city", "张承办"))
    await staff(harness.db, 9100, Role.supervisor, name="赵督办")
    supervisor = await harness.player(9100, "赵督办")
    number = await complain(resident)
    row = await ticket(harness, number)

    async def sweep(at: datetime) -> None:
        await harness.run("hotline_deadlines", at=at)
        harness.runtime.sender.wake()
        await harness.settle()

    before = len(await handler.messages())
    await sweep(row.accept_warn_at - timedelta(minutes=1))
    assert len(await handler.messages()) == before
    for _ in range(2):  # a second sweep (a restart, another worker) repeats nothing
        await sweep(row.accept_warn_at)
    warnings = [m for m in await handler.messages() if "时限快到了" in body(m)]
    assert len(warnings) == 1 and number in body(warnings[0])
    for _ in range(2):
        await sweep(row.accept_due + timedelta(minutes=1))
    escalations = [m for m in await supervisor.messages() if "催办" in body(m)]
    assert len(escalations) == 1 and number in body(escalations[0])
    assert "张承办" in body(escalations[0])
    assert len([m for m in await handler.messages() if "已报督办人" in body(m)]) == 1
    story = body((await handler.say(f"/status {number}"))[-1])
    assert "催办（受理）" in story


async def test_dissatisfied_reopens_once_and_tells_the_supervisor(harness: Harness) -> None:
    [resident_id] = await residents(harness.db, 1, client=harness.client)
    resident = await harness.player(resident_id, "林小梅")
    [handler] = await people(harness, (9001, "city", "张承办"))
    await staff(harness.db, 9100, Role.supervisor, name="赵督办")
    supervisor = await harness.player(9100, "赵督办")
    number = await complain(resident)
    await handler.press("✅ 受理")
    await handler.press("🏁 办结")
    await handler.say("已处理")
    reopened = await resident.press("不满意")
    assert "重新交办" in body(reopened[-1])
    assert "重新打开" in body(await supervisor.last())
    assert (await ticket(harness, number)).state == TicketState.accepted
    await handler.say("/queue")
    await handler.press("🏁 办结")
    await handler.say("已再次处理，并回访")
    await resident.press("不满意")
    assert "仍不满意" in body(await supervisor.last())
    assert (await ticket(harness, number)).state == TicketState.closed


async def test_a_duplicate_is_merged_and_both_reporters_hear_the_result(
        harness: Harness) -> None:
    first_id, second_id = await residents(harness.db, 2, client=harness.client)
    first = await harness.player(first_id, "林小梅")
    second = await harness.player(second_id, "王大伟")
    [handler] = await people(harness, (9001, "city", "张承办"))
    original = await complain(first, anonymous=True)
    duplicate = await complain(second)
    card = body(await handler.last())
    assert duplicate in card and f"可能与 {original}" in card
    await handler.press(f"合并到 {original}")
    assert "已合并办理" in body(await second.last())
    assert (await ticket(harness, duplicate)).state == TicketState.merged
    # the second reporter may follow the original now, but not learn who filed it
    view = body((await second.say(f"/status {original}"))[-1])
    assert original in view and "匿名居民" in view and "居民" + str(first_id) not in view
    staff_view = body((await handler.say(f"/status {original}"))[-1])
    assert "居民" + str(first_id) in staff_view  # the handler still sees who filed it
    await handler.say("/queue")
    await handler.press("✅ 受理")
    await handler.press("🏁 办结")
    await handler.say("工地已停工")
    assert "工地已停工" in body(await first.last())
    assert "工地已停工" in body(await second.last())
    assert "请评价" not in body(await second.last())  # only the first reporter rates


async def test_guessing_numbers_reveals_nothing(harness: Harness) -> None:
    owner_id, guesser_id = await residents(harness.db, 2, client=harness.client)
    owner = await harness.player(owner_id, "林小梅")
    guesser = await harness.player(guesser_id, "王大伟")
    await people(harness, (9001, "city", "张承办"))
    number = await complain(owner)
    missing = number[:-4] + "0099"
    real = body((await guesser.say(f"/status {number}"))[-1])
    fake = body((await guesser.say(f"/status {missing}"))[-1])
    assert real.replace(number, "N") == fake.replace(missing, "N")
    assert "楼下工地" not in real
    assert "没有" in body((await guesser.say("/mytickets"))[-1])
    mine = body((await owner.say("/mytickets"))[-1])
    assert number in mine and "楼下工地" in mine


async def test_bad_input_keeps_the_draft_and_forged_buttons_change_nothing(
        harness: Harness) -> None:
    [resident_id] = await residents(harness.db, 1, client=harness.client)
    resident = await harness.player(resident_id, "林小梅")
    [handler] = await people(harness, (9001, "city", "张承办"))
    await resident.say("/complain")
    await resident.press("噪音扰民")
    await harness.client.inject_update({"message": {
        "message_id": 9999, "date": 0, "chat": {"id": resident_id, "type": "private"},
        "from": {"id": resident_id, "is_bot": False, "first_name": "林小梅"},
        "voice": {"file_id": "voice-1", "file_unique_id": "v1", "duration": 3}}})
    await harness.settle()
    assert "请用文字描述" in body(await resident.last())
    assert "2,000" in body((await resident.say("吵" * 2001))[-1])
    await resident.say("夜间施工噪音")  # the draft was kept: the category is still chosen
    await harness.client.send_document(resident_id, "report.pdf")
    await harness.settle()
    assert "只能添加照片" in body(await resident.last())
    await resident.press(DONE)
    assert "位置" in body((await resident.say("就在楼下"))[-1])  # a location or a button
    await resident.press(HOME)
    assert "按钮" in body((await resident.say("匿名吧"))[-1])
    await resident.press("对公众匿名")
    preview = body(await resident.last())
    assert "夜间施工噪音" in preview and "噪音扰民" in preview
    number = body((await resident.press("提交诉求"))[-1])
    row = await ticket(harness, re.search(r"T\d{4}-\d{4}", number)[0])  # type: ignore[index]

    own = (await resident.say("/me"))[-1]["message_id"]
    await resident.press_data(own, TicketAccept(row.id or 0).pack())  # not a handler
    await resident.press_data(own, TicketRate(row.id or 0, "satisfied").pack())  # too early
    alerts = await resident.alerts()
    assert any("没有权限" in a for a in alerts) and any("不能进行这个操作" in a for a in alerts)
    assert "没有权限" in body((await resident.say("/queue"))[-1])
    assert "没有权限" in body((await handler.say("/stats"))[-1])
    assert (await ticket(harness, row.number)).state == TicketState.assigned


async def test_stats_for_the_committee_with_a_chart(harness: Harness) -> None:
    [resident_id] = await residents(harness.db, 1, client=harness.client)
    resident = await harness.player(resident_id, "林小梅")
    await people(harness, (9001, "city", "张承办"))
    chair = await harness.player(1001, "王主任")
    await complain(resident)
    stats = (await chair.say("/stats"))
    chart = [m for m in stats if m["kind"] == "photo"]
    assert chart and "诉求统计" in body(stats[-1]) and "城管：受理 1 件" in body(stats[-1])
    assert "用法" in body((await chair.say("/stats 十一月"))[-1])
    this_month = harness.clock.now().astimezone(ZoneInfo("Asia/Shanghai"))
    named = body((await chair.say(f"/stats {this_month.month}月"))[-1])
    assert f"诉求统计 {this_month:%Y-%m}" in named and "城管：受理 1 件" in named
    year = body((await chair.say(f"/stats {this_month.year}"))[-1])  # 按月统计，年终汇总
    assert f"诉求统计 {this_month.year} 年" in year and "1. 城管：办结率" in year, year
    assert f"{this_month:%Y-%m}：受理 1 件" in year


async def test_a_shared_location_and_a_redone_description_reach_the_preview(
        harness: Harness) -> None:
    [resident_id] = await residents(harness.db, 1, client=harness.client)
    resident = await harness.player(resident_id, "林小梅")
    await resident.say("/complain")
    await resident.press("噪音扰民")
    await resident.say("楼下工地夜里施工")
    await resident.press(DONE)
    await harness.client.send_location(resident_id, 31.2, 121.4)
    await harness.settle()
    await resident.press("对公众匿名")
    preview = body(await resident.last())
    assert "已发送位置" in preview and "楼下工地夜里施工" in preview

    await resident.press("重新描述")
    again = body((await resident.say("工地凌晨两点还在打桩"))[-1])
    assert "诉求预览" in again and "工地凌晨两点还在打桩" in again and "已发送位置" in again
    number = body((await resident.press("提交诉求"))[-1])
    row = await ticket(harness, re.search(r"T\d{4}-\d{4}", number)[0])  # type: ignore[index]
    assert (row.description, row.latitude, row.anonymous) == ("工地凌晨两点还在打桩", 31.2, True)


async def test_a_note_drafted_by_an_older_release_is_discarded_and_its_button_starts_again(
        harness: Harness) -> None:
    [resident_id] = await residents(harness.db, 1, client=harness.client)
    resident = await harness.player(resident_id, "林小梅")
    [handler] = await people(harness, (9001, "city", "张承办"))
    await complain(resident)
    await handler.press("✅ 受理")
    await handler.press("💬 回复居民")
    async with harness.db.sessionmaker() as session, session.begin():
        drafted = await session.get(Conversation, 9001)
        assert drafted is not None and drafted.step == "ticket.note"
        drafted.data = {**drafted.data, "a_field_of_an_older_release": 1}

    lost = body((await handler.say("已联系工地"))[-1])
    assert "/queue" in lost
    assert "已联系工地" not in body(await resident.last())
    await handler.press("💬 回复居民")
    await handler.say("已联系工地，今晚起22点后停工")
    assert "今晚起22点后停工" in body(await resident.last())
