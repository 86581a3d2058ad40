"""Changing the agenda of a convened meeting in chat, end to end through the emulator:
the chair moves, removes and adds items (a new one typed, an accepted proposal picked)
from /meetings, a title too long and a representative's forged press change nothing,
the representatives are told of the changed agenda once, and after the meeting opens
the editor's old buttons are refused."""

from datetime import timedelta

from sqlmodel import col, select

from bot.playground import Harness, Player
from handlers.meetings.buttons import MeetingAgendaTell, MeetingItemRemove
from models.meetings.meetings import MeetingItem
from tests.meetings_flow_kit import convene_on
from tests.test_proposals_binding import accepted
from tests.test_registration_flow import CHAIR
from tests.test_voting_flow import representatives


async def agenda(harness: Harness) -> list[str]:
    async with harness.db.sessionmaker() as session:
        items = (await session.exec(select(MeetingItem).order_by(
            col(MeetingItem.position)))).all()
    return [i.title for i in items]


async def told(rep: Player) -> int:
    return sum("议程调整" in (m.get("text") or "") for m in await rep.messages())


async def test_the_chair_changes_the_agenda_until_the_meeting_opens(harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")
    one, two = await representatives(harness, 2)
    starts = harness.clock.now() + timedelta(days=1)
    await convene_on(chair, starts, items=("审议社区公约修订", "公共收益使用情况"))
    proposal = await accepted(harness.db, "facilities")  # accepted after the notice

    await chair.say("/meetings")
    shown = await chair.press("✏️ 调整议程")
    assert "1. 审议社区公约修订" in shown[-1]["text"], (shown, await chair.alerts())
    moved = await chair.press("⬇️ 第 1 项下移")
    assert "1. 公共收益使用情况\n2. 审议社区公约修订" in moved[-1]["text"], moved
    assert "通知代表议程已调整" in str(moved[-1]["reply_markup"])
    await chair.press("✖️ 删除第 1 项")
    assert await agenda(harness) == ["审议社区公约修订"]

    await chair.press("➕ 增加议题")
    refused = await chair.say("议" * 101)
    assert "1 到 100 个字" in refused[-1]["text"], refused
    assert await agenda(harness) == ["审议社区公约修订"]
    added = await chair.say("小区停车管理办法")
    assert "2. 小区停车管理办法" in added[-1]["text"], added
    await chair.press("➕ 增加议题")
    await chair.press(f"➕ {proposal.number} {proposal.title}")
    assert await agenda(harness) == ["审议社区公约修订", "小区停车管理办法", proposal.title]

    notice = (await one.messages())[-1]["message_id"]
    await one.press_data(notice, MeetingItemRemove(3).pack())  # not an organiser
    assert (await one.alerts())[-1] == "您没有权限进行这个操作。"
    assert len(await agenda(harness)) == 3
    assert await told(one) == 0

    sent = await chair.press("📣 通知代表议程已调整")
    assert "通知 2 人" in sent[-1]["text"], (sent, await chair.alerts())
    for rep in (one, two):
        assert await told(rep) == 1
        texts = [m.get("text") or "" for m in await rep.messages()]
        assert any(f"3. {proposal.title}" in t and "议程调整" in t for t in texts), texts
    shown = next(m for m in reversed(await chair.messages())
                 if "删除第 1 项" in str(m.get("reply_markup")))
    assert "通知代表" not in str(shown["reply_markup"])  # told: its button is gone
    editor = shown["message_id"]
    await chair.press_data(editor, MeetingAgendaTell(1).pack())  # pressed again
    assert "没有调整" in (await chair.alerts())[-1]
    assert await told(one) == 1

    harness.clock.set(starts - timedelta(minutes=5))
    await one.press("签到")
    await chair.say("/meetings")
    await chair.press("⏹ 结束签到")
    await chair.press("✖️ 删除第 1 项", editor)  # the editor's old button
    assert "已开会，议程不能再修改" in (await chair.alerts())[-1]
    assert len(await agenda(harness)) == 3

