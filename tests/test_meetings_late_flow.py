"""A representative who arrives while an item is being voted on, end to end through the
emulator: the chair marks them present and is told they vote from the next item; their
press on the running vote is refused with that answer and records nothing; the next
item's ballot reaches them and counts."""

from datetime import timedelta

from sqlmodel import select

from bot.playground import Harness
from handlers.voting.buttons import VotePick
from models.voting.matters import Ballot
from tests.meetings_flow_kit import convene_on
from tests.test_registration_flow import CHAIR
from tests.test_voting_flow import representatives, vote


async def ballot_count(harness: Harness) -> int:
    async with harness.db.sessionmaker() as session:
        return len((await session.exec(select(Ballot))).all())


async def test_a_late_arrival_votes_only_on_the_items_opened_after(harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")
    *present, late = await representatives(harness, 4)
    starts = harness.clock.now() + timedelta(days=1)
    await convene_on(chair, starts, items=("审议社区公约修订", "公共收益使用情况"))
    harness.clock.set(starts - timedelta(minutes=5))
    for rep in present:
        await rep.press("签到")
    await chair.say("/meetings")
    await chair.press("⏹ 结束签到")
    await chair.say("/meetings")
    await chair.press("🗳 表决第 1 项")
    opened = await chair.press("▶️ 开始表决第 1 项")
    assert "选票已发给 3 位到会代表" in opened[-1]["text"], (opened, await chair.alerts())

    await chair.say("/meetings")
    await chair.press("✍️ 代为签到")
    marked = await chair.press(f"居民{late.id}")
    assert "第 1 项正在表决" in marked[-1]["text"] and "从下一项起" in marked[-1]["text"], marked
    notice = (await late.messages())[-1]["message_id"]
    await late.press_data(notice, VotePick(1, 0).pack())  # the running item's ballot
    assert "开始表决后才签到" in (await late.alerts())[-1]
    assert await ballot_count(harness) == 0

    for rep in present:
        await vote(rep, "赞成")
    await chair.press("⏹ 结束第 1 项表决")
    await chair.say("/meetings")
    await chair.press("🗳 表决第 2 项")
    opened = await chair.press("▶️ 开始表决第 2 项")
    assert "选票已发给 4 位到会代表" in opened[-1]["text"], (opened, await chair.alerts())
    await vote(late, "赞成")
    assert await ballot_count(harness) == 4
