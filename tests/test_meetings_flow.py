"""Representatives' meetings end to end through the emulator (居民代表会议): convened
with an accepted proposal on the agenda, the notice with its .ics, check-in only in its
window and once, apologies with a reason, the chair marking someone present and seeing
the meeting quorate; presses by others and a time in the past change nothing."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, select

from bot.playground import Harness, Player
from handlers.meetings.buttons import (
    MeetingCloseCheckIn,
    MeetingItemOpen,
    MeetingMark,
    MeetingMinutesApprove,
)
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.conversation import Conversation
from models.meetings.meetings import (
    ItemState,
    Meeting,
    MeetingAttendance,
    MeetingItem,
    MeetingState,
    Presence,
)
from models.people.persons import by_telegram_id
from tests.factories import residents
from tests.test_hearings_flow import calendar_of, local
from tests.test_proposals_flow import propose
from tests.test_registration_flow import CHAIR
from tests.test_voting_flow import representatives, vote


async def accepted_proposal(harness: Harness, chair: Player) -> None:
    """P0001, supported by enough residents and accepted by the committee in /review."""
    author_id, *fans = await residents(harness.db, 11, first_id=40000, client=harness.client)
    await propose(Player(harness, author_id, "林小梅"))
    for fan_id in fans:
        await harness.client.send_text(fan_id, "/proposals")
        await harness.settle()
        await harness.client.press(fan_id, "附议 P0001")
        await harness.settle()
    await chair.say("/review")
    await chair.press("✅ 列入议程")


async def convene(chair: Player, starts: datetime) -> None:
    await chair.say("/newmeeting")
    await chair.say("2026年第四季度居民代表会议")
    await chair.say(local(starts))
    asked = await chair.say("社区活动室")
    assert "✓ 120 分钟" in str(asked[-1]["reply_markup"]), asked  # the community's default
    agenda = await chair.press("90 分钟")
    assert "➕ P0001 增设电动车充电桩" in str(agenda[-1]["reply_markup"]), agenda
    picked = await chair.press("➕ P0001 增设电动车充电桩")
    assert "1. P0001 增设电动车充电桩" in picked[-1]["text"], picked
    typed = await chair.say("公共收益使用情况")
    assert "2. 公共收益使用情况" in typed[-1]["text"], typed
    await chair.press("议程完成")
    await chair.press("完成")  # no documents
    await chair.press("完成")  # no observers
    preview = await chair.press("由主持人记录")
    assert "约 90 分钟" in preview[-1]["text"] and "社区活动室" in preview[-1]["text"], preview
    convened = await chair.press("🏛 召集会议并发出通知")
    assert "已召集 RM0001" in convened[-1]["text"], (convened, await chair.alerts())


async def attendance_rows(harness: Harness) -> list[tuple[int, Presence, int | None]]:
    async with harness.db.sessionmaker() as session:
        rows = (await session.exec(select(MeetingAttendance).order_by(
            col(MeetingAttendance.id)))).all()
    return [(r.person_id, r.status, r.entered_by_id) for r in rows]


async def meeting(harness: Harness) -> Meeting:
    async with harness.db.sessionmaker() as session:
        return (await session.exec(select(Meeting))).one()


async def test_a_meeting_from_notice_to_a_quorate_attendance(harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")
    await accepted_proposal(harness, chair)
    here, excused, phoneless = await representatives(harness, 3)
    starts = harness.clock.now() + timedelta(days=2)
    await convene(chair, starts)

    convened = await meeting(harness)
    assert convened.state == MeetingState.convened and convened.duration_minutes == 90
    async with harness.db.sessionmaker() as session:
        items = (await session.exec(select(MeetingItem).order_by(
            col(MeetingItem.position)))).all()
    assert [(i.title, i.proposal_id) for i in items] == [("增设电动车充电桩", 1),
                                                        ("公共收益使用情况", None)]
    for rep in (here, excused, phoneless):
        texts = [m.get("text") or "" for m in await rep.messages()]
        assert any("居民代表会议通知 RM0001" in t and "1. 增设电动车充电桩" in t for t in texts)
        event = next(e for e in (await calendar_of(harness, rep.id)).walk("VEVENT"))
        assert str(event["summary"]) == "2026年第四季度居民代表会议"
        assert event["dtstart"].dt == starts.replace(second=0, microsecond=0)

    await here.press("签到")  # two days early: check-in opens 30 minutes before
    assert any("签到" in a and "开始" in a for a in await here.alerts())
    assert await attendance_rows(harness) == []

    harness.clock.set(starts - timedelta(minutes=10))
    checked = await here.press("签到")
    assert "已签到" in checked[-1]["text"], (checked, await here.alerts())
    await here.press("签到")
    assert "无需再签" in (await here.alerts())[-1]

    asked = await excused.press("请假")
    assert "请假原因" in asked[-1]["text"], asked
    sent = await excused.say("出差在外")
    assert "已请假" in sent[-1]["text"] and "出差在外" in sent[-1]["text"], sent

    listed = await chair.say("/meetings")
    assert "RM0001" in listed[-1]["text"] and "主持人" in listed[-1]["text"], listed
    offered = await chair.press("✍️ 代为签到")
    assert f"居民{excused.id}" in str(offered[-1]["reply_markup"]), offered
    marked = await chair.press(f"居民{phoneless.id}")
    assert "代为签到" in marked[-1]["text"], (marked, await chair.alerts())
    shown = await chair.press("👥 到会情况")
    text = shown[-1]["text"]
    assert "实到 2 人，请假 1 人，缺席 0 人" in text and "已达到法定人数" in text, shown

    async with harness.db.sessionmaker() as session:
        ids = [(await by_telegram_id(session, p.id)) for p in (here, excused, phoneless)]
        chair_id = (await by_telegram_id(session, CHAIR))
    assert None not in ids and chair_id is not None
    here_id, excused_id, phoneless_id = (p.id for p in ids)  # type: ignore[union-attr]
    assert await attendance_rows(harness) == [
        (here_id, Presence.present, None), (excused_id, Presence.apologies, None),
        (phoneless_id, Presence.present, chair_id.id)]


async def test_presses_by_others_and_a_past_time_change_nothing(harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")
    await accepted_proposal(harness, chair)
    rep, other = await representatives(harness, 2)
    [resident_id] = await residents(harness.db, 1, first_id=50000, client=harness.client)
    resident = Player(harness, resident_id, "居民")

    await chair.say("/newmeeting")
    await chair.say("临时会议")
    refused = await chair.say(local(harness.clock.now() - timedelta(hours=1)))
    assert "已经过去" in refused[-1]["text"], refused
    async with harness.db.sessionmaker() as session:
        kept = await session.get(Conversation, CHAIR)
    assert kept is not None and (kept.step, kept.data["title"]) == ("meeting.time", "临时会议")
    starts = harness.clock.now() + timedelta(days=1)
    assert "地点" in (await chair.say(local(starts)))[-1]["text"]
    await chair.say("/cancel")

    await convene(chair, starts)
    harness.clock.set(starts - timedelta(minutes=5))
    async with harness.db.sessionmaker() as session:
        other_id = (await by_telegram_id(session, other.id)).id  # type: ignore[union-attr]
    notice = (await rep.messages())[-1]["message_id"]
    await resident.say("/start")
    await resident.press_data(notice, MeetingCloseCheckIn(1).pack())
    assert (await resident.alerts())[-1] == "您没有权限进行这个操作。"
    for forged in (MeetingMark(1, other_id or 0), MeetingCloseCheckIn(1)):
        await rep.press_data(notice, forged.pack())  # a representative, not the chair
        assert (await rep.alerts())[-1] == "只有 RM0001 的主持人可以这样做。"
    assert (await meeting(harness)).state == MeetingState.convened
    assert await attendance_rows(harness) == []
    async with harness.db.sessionmaker() as session:
        count = await session.scalar(sa.select(sa.func.count()).select_from(Meeting))
    assert count == 1


async def test_items_voted_by_those_present_and_the_minutes_published(
        harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")
    await accepted_proposal(harness, chair)
    present, late, away = await representatives(harness, 3)
    starts = harness.clock.now() + timedelta(days=1)
    await convene(chair, starts)
    harness.clock.set(starts - timedelta(minutes=5))
    for rep in (present, late):
        await rep.press("签到")
    await chair.say("/meetings")
    closed = await chair.press("⏹ 结束签到")
    assert "签到已结束" in closed[-1]["text"] and "已达到法定人数" in closed[-1]["text"], closed

    await chair.say("/meetings")
    await chair.press("🗳 表决第 1 项")  # a proposal: 四议 comes before its vote
    assert "党组织提议" in (await chair.alerts())[-1]
    notice = (await present.messages())[-1]["message_id"]
    await present.press_data(notice, MeetingItemOpen(2).pack())  # not the chair
    assert (await present.alerts())[-1] == "只有 RM0001 的主持人可以这样做。"
    async with harness.db.sessionmaker() as session:
        assert (await session.get(MeetingItem, 2)).state == ItemState.pending  # type: ignore[union-attr]
    await chair.press("🗳 表决第 2 项")
    opened = await chair.press("▶️ 开始表决第 2 项")
    assert "选票已发给 2 位到会代表" in opened[-1]["text"], (opened, await chair.alerts())
    assert not any("公共收益使用情况" in (m.get("text") or "") and "确认" in str(
        m.get("reply_markup")) for m in await away.messages())
    for rep in (present, late):
        await vote(rep, "赞成")
    ended = await chair.press("⏹ 结束第 2 项表决")
    assert any("表决已结束" in (m.get("text") or "") for m in ended), (ended,
                                                                   await chair.alerts())
    told = [m.get("text") or m.get("caption") or "" for m in await away.messages()]
    assert any("表决结果：公共收益使用情况" in t and "通过" in t for t in told), told

    await chair.say("/meetings")
    ended = await chair.press("🔚 闭会")
    assert any("已闭会" in (m.get("text") or "") for m in ended), (ended, await chair.alerts())
    assert "请记录会议纪要" in ended[-1]["text"]  # minutes_due, to the chair who writes them
    await chair.say("/meetings")
    await chair.press("📝 记录会议纪要")
    recorded = await chair.say("会议审议了公共收益使用情况，一致同意。")
    assert "已记录 RM0001 的会议纪要" in recorded[-1]["text"], recorded
    await present.press_data(notice, MeetingMinutesApprove(1).pack())
    assert (await present.alerts())[-1] == "只有 RM0001 的主持人可以这样做。"
    published = await chair.press("✅ 审定并公开纪要")
    assert "已审定" in published[-1]["text"], (published, await chair.alerts())

    async with harness.db.sessionmaker() as session:
        entry = (await session.exec(select(DisclosureEntry).where(
            DisclosureEntry.kind == DisclosureKind.meeting_minutes))).one()
        held = (await session.exec(select(Meeting))).one()
    assert entry.title == "RM0001 2026年第四季度居民代表会议"
    assert "公共收益使用情况：通过" in entry.body and "一致同意" in entry.body, entry.body
    assert held.state == MeetingState.closed and held.minutes_entry_id == entry.id
