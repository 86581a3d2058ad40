"""Proposals end to end through the emulator: 提案 → 附议 → 审议 → 决议 → 两公开."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot.playground import Harness, Player
from handlers.proposals.buttons import MarkMajor, ReviewDecision, SupportProposal
from models.proposals.proposals import Proposal, Support
from models.proposals.stages import Stage
from tests.factories import residents
from tests.test_registration_flow import CHAIR


async def propose(author: Player, title: str = "增设电动车充电桩") -> None:
    await author.say("/propose")
    await author.say(title)
    await author.say("东区车棚没有充电桩，居民只能从楼上拉线充电，很危险。")
    await author.press("环境绿化")
    await author.harness.client.send_photo(author.id, caption="车棚现状")
    await author.harness.settle()
    preview = await author.press("完成")
    assert "附件：1 个" in preview[-1]["text"]
    receipt = await author.press("提交提案")
    assert receipt and "P0001" in receipt[-1]["text"], (await author.messages(),
                                                         await author.alerts())


def days_ago(harness: Harness, days: int) -> str:
    """A meeting a few days ago on the community's calendar: a fixed date would be in
    the future, and refused, when the suite runs before it."""
    return (harness.clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date()
            - timedelta(days=days)).isoformat()


async def under_review(harness: Harness) -> tuple[Player, Player]:
    """P0001 with enough supports to reach the committee: its author and the chair."""
    author_id, *fans = await residents(harness.db, 11, client=harness.client)
    author = await harness.player(author_id, "林小梅")
    chair = await harness.player(CHAIR, "王主任")
    await propose(author)
    for fan_id in fans:
        await harness.client.send_text(fan_id, "/proposals")
        await harness.settle()
        await harness.client.press(fan_id, "附议 P0001")
        await harness.settle()
    return author, chair


async def stage_of(harness: Harness, proposal_id: int = 1) -> Stage:
    async with harness.db.sessionmaker() as session:
        proposal = await session.get(Proposal, proposal_id)
        assert proposal is not None
        return proposal.stage


async def test_a_proposal_goes_from_supports_to_both_disclosures(harness: Harness) -> None:
    author_id, *fans = await residents(harness.db, 11, client=harness.client)
    author = await harness.player(author_id, "林小梅")
    chair = await harness.player(CHAIR, "王主任")
    await propose(author)
    for fan_id in fans:
        fan = await harness.player(fan_id, "居民")
        page = (await fan.say("/proposals"))[-1]
        assert "P0001" in page["text"]
        await fan.press("附议 P0001")
    assert "已获得足够附议" in (await author.last())["text"]
    assert "P0001 待审议" in (await chair.last())["text"]

    await chair.say("/review")
    await chair.press("✅ 列入议程")
    item = (await chair.say("/review"))[-1]["text"]
    assert "四议：○ 党组织提议 → ○ 两委会商议 → ○ 党员大会审议（可选） → 决议" in item, item
    await chair.press("两委会商议")  # 四议 in order: the party organisation proposes first
    assert any("必须先记录“党组织提议”" in a for a in await chair.alerts())
    await chair.say("/review")
    await chair.press("党组织提议")
    proposed_on, held_on = days_ago(harness, 4), days_ago(harness, 3)
    assert proposed_on in (await chair.say(f"{proposed_on} 党支部提议列入议程"))[-1]["text"]
    await chair.say("/review")
    await chair.press("两委会商议")
    assert held_on in (await chair.say(f"{held_on} 同意提交居民代表会议"))[-1]["text"]
    await chair.say("/review")
    await chair.press("党组织提议")  # the path only goes forward
    assert any("只能按顺序向前" in a for a in await chair.alerts())
    await chair.say("/review")
    await chair.press("📝 记录决议")
    await chair.say("在东区车棚安装 10 个充电桩")
    assert "待公开" in (await chair.say("/review"))[-1]["text"]
    await chair.press("📢 公开决议")
    await chair.say("/review")
    await chair.press("📝 记录落实情况")
    await chair.say("充电桩已于 12 月安装完毕")
    await chair.say("/review")
    await chair.press("📢 公开落实结果")
    assert await stage_of(harness) == Stage.closed

    story = (await author.say("/myproposals"))[-1]["text"]
    for step in ("已办结", "列入议程", f"两委会商议 {held_on}", "在东区车棚安装 10 个充电桩",
                 "落实结果公开"):
        assert step in story, story


async def test_a_proposal_without_enough_supports_lapses(harness: Harness) -> None:
    [author_id] = await residents(harness.db, 1, client=harness.client)
    author = await harness.player(author_id, "林小梅")
    await propose(author)
    await harness.run("proposals", at=harness.clock.now() + timedelta(days=15))
    harness.runtime.sender.wake()
    await harness.settle()
    assert "已失效" in (await author.last())["text"]
    assert await stage_of(harness) == Stage.lapsed


async def test_a_rejected_proposal_tells_its_author_why(harness: Harness) -> None:
    author, chair = await under_review(harness)
    await chair.say("/review")
    await chair.press("❌ 不予采纳")
    await chair.say("该区域已列入明年改造计划")
    told = (await author.last())["text"]
    assert "未被采纳" in told and "该区域已列入明年改造计划" in told
    assert await stage_of(harness) == Stage.rejected


async def test_forged_buttons_change_nothing(harness: Harness) -> None:
    author_id, fan_id = await residents(harness.db, 2, client=harness.client)
    author = await harness.player(author_id, "林小梅")
    fan = await harness.player(fan_id, "居民")
    await propose(author)
    await harness.run("proposals", at=harness.clock.now() + timedelta(days=15))
    own = (await fan.say("/me"))[-1]["message_id"]
    await fan.press_data(own, SupportProposal(1, 0).pack())  # a closed proposal
    await fan.press_data(own, ReviewDecision(1, "accepted").pack())  # not committee
    await fan.press_data(own, MarkMajor(1).pack())  # not committee either
    alerts = await fan.alerts()
    assert any("不能再附议" in a for a in alerts) and sum("没有权限" in a for a in alerts) == 2
    async with harness.db.sessionmaker() as session:
        supports = await session.scalar(sa.select(sa.func.count()).select_from(Support))
    assert supports == 0 and await stage_of(harness) == Stage.lapsed


async def test_bad_input_keeps_the_draft(harness: Harness) -> None:
    [author_id] = await residents(harness.db, 1, client=harness.client)
    author = await harness.player(author_id, "林小梅")
    await author.say("/propose")
    assert "101" in (await author.say("长" * 101))[-1]["text"]
    await author.say("增设充电桩")
    await author.say("说明")
    await author.say("/help")  # an interruption
    resumed = await author.say("/propose")
    assert "草稿" in resumed[-1]["text"]
    topics = await author.press("继续填写")
    assert "类别" in topics[-1]["text"]
    await author.press("便民服务")
    await harness.client.send_location(author_id, 31.2, 121.4)
    await harness.settle()
    assert "只能添加照片或文件" in (await author.last())["text"]
    assert "增设充电桩" in (await author.press("完成"))[-1]["text"]


async def test_a_refused_review_text_keeps_its_step(harness: Harness) -> None:
    """A reason or note the use case refuses is asked for again; the next one is taken
    for the same proposal."""
    author, chair = await under_review(harness)
    await chair.say("/review")
    await chair.press("✅ 列入议程")
    await chair.say("/review")
    await chair.press("党组织提议")
    held_on = days_ago(harness, 3)
    assert "记录内容需要" in (await chair.say(held_on))[-1]["text"]  # a date, no note
    assert held_on in (await chair.say(f"{held_on} 同意"))[-1]["text"]
    await chair.say("/review")
    await chair.press("两委会商议")
    await chair.say(f"{days_ago(harness, 2)} 同意")
    await chair.say("/review")
    await chair.press("📝 记录决议")
    await harness.client.send_photo(CHAIR)  # no text
    await harness.settle()
    assert "内容需要 1 到" in (await chair.last())["text"]
    await chair.say("在东区车棚安装 10 个充电桩")
    assert await stage_of(harness) == Stage.decided
    story = (await author.say("/myproposals"))[-1]["text"]
    assert f"党组织提议 {held_on}" in story and "在东区车棚安装 10 个充电桩" in story, story


async def test_a_matter_marked_major_is_decided_only_by_a_vote(harness: Harness) -> None:
    author, chair = await under_review(harness)
    await chair.say("/review")
    await chair.press("✅ 列入议程")
    await chair.say("/review")
    await chair.press("⚖️ 列为重大事项")
    assert any("已列为重大事项" in a for a in await chair.alerts())
    for step in ("党组织提议", "两委会商议"):
        await chair.say("/review")
        await chair.press(step)
        await chair.say(f"{days_ago(harness, 3)} 同意")
    listed = (await chair.say("/review"))[-1]
    assert "列为重大事项" not in str(listed["reply_markup"])  # marked once, for good
    await chair.press("📝 记录决议")
    refused = (await chair.say("在东区车棚安装 10 个充电桩"))[-1]["text"]
    assert "只能由居民代表表决决定" in refused, refused
    assert await stage_of(harness) == Stage.accepted
