"""/newmeeting's documents, observers and recorder, end to end through the emulator:
the meeting papers go with the notice; an observer (列席) found by name gets the notice
and papers without check-in or apologies buttons; the recorder is asked for the
minutes when the meeting closes and writes them, the chair approves them, and someone
else pressing the write button is refused before typing anything."""

from datetime import timedelta

from sqlmodel import select

from bot.playground import Harness, Player
from handlers.meetings.buttons import MeetingMinutesWrite
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.conversation import Conversation
from models.meetings.meetings import Meeting
from tests.factories import residents
from tests.test_hearings_flow import local
from tests.test_registration_flow import CHAIR
from tests.test_voting_flow import representatives, vote


def documents(messages: list[dict]) -> list[str]:
    """The documents received: the notice's .ics by its name, the papers (sent again by
    the file id of the convener's upload) by that id."""
    return [m["document"].get("file_name") or m["document"]["file_id"]
            for m in messages if m["kind"] == "document"]


async def test_papers_observers_and_the_recorder(harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")
    one, two = await representatives(harness, 2)
    guest_id, recorder_id = await residents(harness.db, 2, first_id=50000,
                                            client=harness.client)
    guest, recorder = Player(harness, guest_id, "居民"), Player(harness, recorder_id, "干事")
    starts = harness.clock.now() + timedelta(days=1)

    await chair.say("/newmeeting")
    await chair.say("2026年第四季度居民代表会议")
    await chair.say(local(starts))
    await chair.say("社区活动室")
    await chair.press("90 分钟")
    await chair.say("公共收益使用情况")
    asked = await chair.press("议程完成")
    assert "会议材料" in asked[-1]["text"], asked
    refused = await chair.say("方案见附件")
    assert "只接收照片或文件" in refused[-1]["text"], refused
    await harness.exchange(chair.id, harness.client.send_document(chair.id, "收支方案.pdf"))
    assert "已添加会议材料（1/5）" in (await chair.messages())[-1]["text"]
    await chair.press("完成")

    missing = await chair.say("无此人")
    assert "没有找到" in missing[-1]["text"], missing
    offered = await chair.say(f"居民{guest_id}")
    assert f"居民{guest_id}" in str(offered[-1]["reply_markup"]), offered
    invited = await chair.press(f"居民{guest_id}")
    assert f"已邀请：居民{guest_id}" in invited[-1]["text"], (invited, await chair.alerts())
    await chair.press("完成")
    await chair.say(f"居民{recorder_id}")
    preview = await chair.press(f"居民{recorder_id}")
    text = preview[-1]["text"]
    assert f"纪要记录人：居民{recorder_id}" in text and f"列席：居民{guest_id}" in text, text
    assert "会议材料：1 份" in text, text
    await chair.press("🏛 召集会议并发出通知")
    [paper] = [m["document"]["file_id"] for m in await harness.client.messages(chair.id)
               if not m["from_bot"] and m["kind"] == "document"]

    async with harness.db.sessionmaker() as session:
        held = (await session.exec(select(Meeting))).one()
    assert held.recorder_id is not None and len(held.observer_ids) == 1
    for rep in (one, two):
        received = await rep.messages()
        assert documents(received) == ["meeting-RM0001.ics", paper], received
        assert any("签到" in str(m.get("reply_markup")) for m in received)
    seen = await guest.messages()
    assert documents(seen) == ["meeting-RM0001.ics", paper], seen
    notice = next(m for m in seen if "居民代表会议通知" in (m.get("text") or ""))
    assert "列席" in notice["text"] and not notice.get("reply_markup"), notice

    harness.clock.set(starts - timedelta(minutes=5))
    for rep in (one, two):
        await rep.press("签到")
    await chair.say("/meetings")
    await chair.press("⏹ 结束签到")
    await chair.say("/meetings")
    await chair.press("🗳 表决第 1 项")
    await chair.press("▶️ 开始表决第 1 项")  # as the community file says
    for rep in (one, two):
        await vote(rep, "赞成")
    await chair.press("⏹ 结束第 1 项表决")
    await chair.say("/meetings")
    await chair.press("🔚 闭会")

    due = (await recorder.messages())[-1]
    assert "请记录会议纪要" in due["text"], due
    await guest.press_data(notice["message_id"], MeetingMinutesWrite(held.id or 0).pack())
    assert "主持人或记录人" in (await guest.alerts())[-1]
    async with harness.db.sessionmaker() as session:
        kept = await session.get(Conversation, guest_id)
    assert kept is None or kept.step is None  # not asked for any text
    asked = await recorder.press("📝 记录会议纪要")
    assert "纪要" in asked[-1]["text"], (asked, await recorder.alerts())
    recorded = await recorder.say("会议审议了公共收益使用情况，一致同意。")
    assert "已提交主持人审定" in recorded[-1]["text"], recorded
    published = await chair.press("✅ 审定并公开纪要")
    assert "已审定" in published[-1]["text"], (published, await chair.alerts())
    async with harness.db.sessionmaker() as session:
        entry = (await session.exec(select(DisclosureEntry).where(
            DisclosureEntry.kind == DisclosureKind.meeting_minutes))).one()
        held = (await session.exec(select(Meeting))).one()
    assert "一致同意" in entry.body and held.minutes_by_id == held.recorder_id
