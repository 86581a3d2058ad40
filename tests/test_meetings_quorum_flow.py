"""A representatives' meeting that is not quorate, end to end through the emulator:
too few check in, the chair's vote is refused and nothing changes; a vote that loses
its quorum before it closes is not valid, the representatives and the published
minutes say so, and the item's proposal is not decided."""

from datetime import timedelta

from sqlmodel import select

from bot.playground import Harness
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.meetings.meetings import ItemState, MeetingItem
from models.people.roles import Role
from models.proposals.proposals import Proposal
from models.proposals.stages import Stage
from models.voting.matters import Matter
from tests.factories import residents
from tests.meetings_flow_kit import convene_on
from tests.test_proposals_binding import accepted
from tests.test_registration_flow import CHAIR
from tests.test_voting_flow import representatives, vote


async def item_row(harness: Harness) -> MeetingItem:
    async with harness.db.sessionmaker() as session:
        return (await session.exec(select(MeetingItem))).one()


async def test_a_vote_of_a_meeting_without_its_quorum_decides_nothing(
        harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")
    proposal = await accepted(harness.db, "facilities")  # 四议 recorded: ready for a vote
    one, two, late, away = await representatives(harness, 4)  # quorate from three present
    starts = harness.clock.now() + timedelta(days=1)
    await convene_on(chair, starts, proposal)

    harness.clock.set(starts - timedelta(minutes=5))
    for rep in (one, two):
        await rep.press("签到")
    await chair.say("/meetings")
    closed = await chair.press("⏹ 结束签到")
    assert "尚未达到法定人数（至少需到会 3 人）" in closed[-1]["text"], closed

    await chair.say("/meetings")
    await chair.press("🗳 表决第 1 项")
    assert "不足法定人数，不能表决" in (await chair.alerts())[-1]
    item = await item_row(harness)
    assert item.state == ItemState.pending and item.matter_id is None
    async with harness.db.sessionmaker() as session:
        assert (await session.exec(select(Matter))).all() == []

    await chair.say("/meetings")
    await chair.press("✍️ 代为签到")
    await chair.press(f"居民{late.id}")  # arrived in the room: three of four, quorate
    await chair.press("🗳 表决第 1 项")
    opened = await chair.press("▶️ 开始表决第 1 项")
    assert "选票已发给 3 位到会代表" in opened[-1]["text"], (opened, await chair.alerts())
    for rep in (one, two, late):
        await vote(rep, "赞成")
    # Two representatives are appointed while the vote runs: three of six is not more
    # than half, so the meeting is no longer quorate when the vote closes.
    appointed = await residents(harness.db, 2, first_id=31000, client=harness.client,
                                role=Role.representative)
    await chair.press("⏹ 结束第 1 项表决")

    for rep in (one, two, late):
        told = [m.get("text") or m.get("caption") or "" for m in await rep.messages()]
        assert any("表决结果" in t and "表决无效" in t for t in told), told
    for rep_id in (away.id, *appointed):
        told = [m.get("text") or m.get("caption") or ""
                for m in await harness.client.bot_messages(rep_id)]
        assert any("表决结果" in t and "表决无效" in t for t in told), told
    async with harness.db.sessionmaker() as session:
        held = await session.get(Proposal, proposal.id)
    assert held is not None and held.stage != Stage.decided and held.resolution is None

    await chair.say("/meetings")
    await chair.press("🔚 闭会")
    await chair.say("/meetings")
    await chair.press("📝 记录会议纪要")
    await chair.say("到会代表不足法定人数，第 1 项表决无效。")
    published = await chair.press("✅ 审定并公开纪要")
    assert "已审定" in published[-1]["text"], (published, await chair.alerts())
    async with harness.db.sessionmaker() as session:
        entry = (await session.exec(select(DisclosureEntry).where(
            DisclosureEntry.kind == DisclosureKind.meeting_minutes))).one()
    assert "未达到法定人数" in entry.body, entry.body
    assert f"1. {proposal.title}：表决无效" in entry.body, entry.body
