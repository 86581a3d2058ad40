"""An opinion poll (征求意见) end to end through the emulator: the committee polls a
building's residents (the preview offers no pass rule and says the poll decides
nothing), two of them answer, one leaves a comment offered after the ballot, a
forged comment button from one who did not answer is refused, and the result with
its shares and its unsigned comment is on the board."""

from sqlmodel import select

from bot.playground import Harness, Player
from handlers.voting.buttons import PollComment
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.voting.comments import MatterComment
from models.voting.matters import Matter
from models.voting.tally import MatterKind
from tests.test_registration_flow import CHAIR
from tests.test_voting_flow import sweep
from tests.test_voting_households_flow import neighbours


async def answer(voter: Player, option: str) -> list[dict]:
    confirm = await voter.press(option)
    assert "确认投出这一票吗" in confirm[-1]["text"], confirm
    return await voter.press("✅ 确认投票")


async def open_poll(chair: Player) -> Matter:
    await chair.say("/newmatter")
    await chair.say("车棚出入口征求意见")
    await chair.say("1号楼车棚出入口放在哪一侧，请大家发表意见。")
    await chair.press("完成")
    await chair.press("征求意见（不作决定）")
    await chair.say("东门\n西门")
    await chair.press("登记居民（一人一票）")
    await chair.press("东区")
    await chair.press("1号楼")
    await chair.press("整栋楼")
    await chair.press("记名投票")
    preview = (await chair.press("7 天后截止"))[-1]
    assert "不作任何决定" in preview["text"] and "通过：" not in preview["text"], preview
    labels = [b["text"] for row in preview["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["🗳 立即开始投票", "⏰ 定时开始"], labels  # no pass rule to choose
    assert "已创建" in (await chair.press("🗳 立即开始投票"))[-1]["text"]
    await chair.harness.settle()
    async with chair.harness.db.sessionmaker() as session:
        return (await session.exec(select(Matter))).one()


async def test_a_building_s_residents_answer_a_poll_and_one_comments(
        harness: Harness) -> None:
    a1, a2, b, outsider = await neighbours(harness)
    chair = await harness.player(CHAIR, "王主任")
    matter = await open_poll(chair)
    assert matter.kind == MatterKind.poll and matter.choices == ["东门", "西门"]
    ballot = await a1.last()
    assert "1. 东门" in ballot["text"] and "2. 西门" in ballot["text"], ballot
    assert not any(matter.number in m.get("text", "") for m in await outsider.messages())

    answered = await answer(a1, "1. 东门")
    assert "回执码" in answered[-2]["text"], answered
    offer = answered[-1]
    assert "不署名" in offer["text"], offer
    asked = await a1.press("💬 写意见", offer["message_id"])
    assert "请发送您的意见" in asked[-1]["text"], asked
    assert "已收到您" in (await a1.say("西门晚上太暗，东门更安全"))[-1]["text"]
    # A second comment button press: one comment per voter, the first kept.
    await a1.press_data(offer["message_id"], PollComment(matter.id or 0).pack())
    assert "留过意见" in (await a1.alerts())[-1]

    skipped = await answer(b, "2. 西门")
    assert "好的" in (await b.press("不用了", skipped[-1]["message_id"]))[-1]["text"]

    # a2 lives in the building but did not answer; the outsider is not even polled.
    for forger in (a2, outsider):
        await forger.press_data(1, PollComment(matter.id or 0).pack())
        assert "只有已经" in (await forger.alerts())[-1]
        assert not any("请发送您的意见" in m.get("text", "") for m in await forger.messages())
    async with harness.db.sessionmaker() as session:
        stored = (await session.exec(select(MatterComment))).all()
    assert [c.text for c in stored] == ["西门晚上太暗，东门更安全"]

    assert await sweep(harness, matter.closes_at) == 1
    for person in (a1, a2, b, chair):
        result = (await person.last())["caption"]
        assert "征求意见结果" in result and "应答 3 人，实答 2 人" in result, result
        assert "1. 东门：1（50%）" in result and "2. 西门：1（50%）" in result, result
        assert "通过" not in result and "选定" not in result
    async with harness.db.sessionmaker() as session:
        entry = (await session.exec(select(DisclosureEntry))).one()
    assert entry.kind == DisclosureKind.poll_result
    await b.say("/disclosures")
    shown = await b.press(f"查看 {entry.number}")
    text = " ".join(m.get("text") or m.get("caption") or "" for m in shown)
    assert "• 西门晚上太暗，东门更安全" in text and "不作决定" in text, shown
    # Unsigned: the comment's line names no one, though the poll's roll call does.
    line = next(x for x in text.splitlines() if "西门晚上太暗" in x)
    assert "居民" not in line
