"""The chair puts each agenda item to the vote as chosen, through the emulator on both
engines: a two-thirds secret vote that fails when its time runs out, a cast-majority
open vote that passes when the chair closes it, both results told with their rule and
ballot and written so in the minutes; forged, stale and others' presses change nothing."""

from datetime import timedelta

from sqlmodel import select

from bot.playground import Harness, Player
from handlers.meetings.buttons import ItemVoteMinutes, ItemVoteRule, MeetingItemOpen
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.conversation import Conversation
from models.voting.matters import Matter
from models.voting.tally import PassRule
from tests.meetings_flow_kit import convene_on
from tests.test_registration_flow import CHAIR
from tests.test_voting_flow import representatives, vote

STALE = "这个按钮已经失效，请重新发送相应的命令。"
TWO_THIRDS = "赞成票不少于投票数的三分之二"
MAJORITY = "赞成票超过投票数的一半"


async def texts(player: Player) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in await player.messages()]


async def matters(harness: Harness) -> list[tuple[PassRule, bool]]:
    async with harness.db.sessionmaker() as session:
        return [(m.pass_rule, m.secret) for m in (await session.exec(select(Matter))).all()]


async def test_two_items_put_to_the_vote_as_the_chair_chose(harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")
    *present, away = await representatives(harness, 6)
    starts = harness.clock.now() + timedelta(days=1)
    await convene_on(chair, starts, items=("物业费调整", "公共收益使用情况"))
    harness.clock.set(starts - timedelta(minutes=5))
    for rep in present:
        await rep.press("签到")
    await chair.say("/meetings")
    await chair.press("⏹ 结束签到")
    await chair.say("/meetings")

    notice = (await present[0].messages())[-1]["message_id"]
    await present[0].press_data(notice, MeetingItemOpen(1).pack())  # not the chair
    assert (await present[0].alerts())[-1] == "只有 RM0001 的主持人可以这样做。"
    setup = (await chair.press("🗳 表决第 1 项"))[-1]
    assert f"通过规则：{MAJORITY}" in setup["text"] and "记名投票" in setup["text"], setup
    assert all(f"✓ {label}" in str(setup["reply_markup"])
               for label in ("过半数（按投票数）", "记名投票", "15 分钟")), setup
    await present[0].press_data(notice, ItemVoteRule(1, PassRule.two_thirds_cast).pack())
    assert (await present[0].alerts())[-1] == STALE  # a choice by someone else
    await chair.press_data(setup["message_id"], ItemVoteMinutes(1, 7).pack())  # forged
    assert (await chair.alerts())[-1] == STALE
    async with harness.db.sessionmaker() as session:
        kept = await session.get(Conversation, CHAIR)
    assert kept is not None and kept.data["minutes"] == 15

    await chair.press("三分之二（按投票数）")
    await chair.press("无记名投票")
    await chair.press("5 分钟")
    shown = next(m for m in await chair.messages() if m["message_id"] == setup["message_id"])
    assert TWO_THIRDS in shown["text"] and "无记名投票" in shown["text"], shown  # edited
    assert all(f"✓ {label}" in str(shown["reply_markup"])
               for label in ("三分之二（按投票数）", "无记名投票", "5 分钟")), shown
    opened = await chair.press("▶️ 开始表决第 1 项")
    text = opened[-1]["text"]
    assert "选票已发给 5 位到会代表" in text and TWO_THIRDS in text and "无记名投票" in text, \
        (opened, await chair.alerts())
    await chair.press("▶️ 开始表决第 1 项")  # the choices' start, pressed again
    assert (await chair.alerts())[-1] == STALE
    await chair.press("🗳 表决第 1 项")  # a second open of the same item
    assert (await chair.alerts())[-1] == "议题 1 已经表决过或正在表决。"
    assert await matters(harness) == [(PassRule.two_thirds_cast, True)]

    for rep, option in zip(present, ("赞成", "赞成", "赞成", "反对", "反对"), strict=True):
        await vote(rep, option)
    await harness.run("meeting_votes", at=harness.clock.now() + timedelta(minutes=5))
    harness.runtime.sender.wake()
    await harness.settle()
    ended = next(m for m in reversed(await chair.messages())  # after the vote's own result
                 if "表决已结束" in (m.get("text") or ""))  # three of five: under two thirds
    assert "表决已结束" in ended["text"] and "未通过" in ended["text"], ended
    assert TWO_THIRDS in ended["text"] and "无记名投票" in ended["text"], ended
    assert any("物业费调整" in t and TWO_THIRDS in t and "未通过" in t
               for t in await texts(away)), await texts(away)
    assert any("物业费调整" in t and "无记名投票" in t for t in await texts(present[0]))

    setup = (await chair.press("🗳 表决第 2 项"))[-1]  # under the result just told
    await chair.press_data(setup["message_id"], ItemVoteRule(1, PassRule.cast_majority).pack())
    assert (await chair.alerts())[-1] == STALE  # a choice of the earlier item
    opened = await chair.press("▶️ 开始表决第 2 项")  # as the community file says
    assert MAJORITY in opened[-1]["text"] and "；记名投票" in opened[-1]["text"], opened
    for rep, option in zip(present, ("赞成", "赞成", "赞成", "反对", "反对"), strict=True):
        await vote(rep, option)
    closed = await chair.press("⏹ 结束第 2 项表决")
    text = next((m["text"] for m in closed if "表决已结束" in (m.get("text") or "")), "")
    assert "通过" in text and "未通过" not in text and MAJORITY in text and "记名投票" in text, \
        (closed, await chair.alerts())
    assert await matters(harness) == [(PassRule.two_thirds_cast, True),
                                      (PassRule.cast_majority, False)]

    await chair.press("🔚 闭会")
    await chair.press("📝 记录会议纪要")
    await chair.say("会议表决了两项议题。")
    published = await chair.press("✅ 审定并公开纪要")
    assert "已审定" in published[-1]["text"], (published, await chair.alerts())
    async with harness.db.sessionmaker() as session:
        entry = (await session.exec(select(DisclosureEntry).where(
            DisclosureEntry.kind == DisclosureKind.meeting_minutes))).one()
    assert (f"1. 物业费调整：未通过（赞成 3，反对 2，弃权 0；无记名投票，通过规则：{TWO_THIRDS}）"
            in entry.body), entry.body
    assert (f"2. 公共收益使用情况：通过（赞成 3，反对 2，弃权 0；记名投票，通过规则：{MAJORITY}）"
            in entry.body), entry.body
