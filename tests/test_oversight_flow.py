"""The supervisors read the committee's work through the emulator, on both engines: every
proposal (a rejected one with its reason), a closed open-ballot vote with who voted what,
a closed secret vote with counts only, a notice's delivery report; and they change
nothing: no button to, and forged ones refused. Residents cannot read these views."""

from bot.playground import Harness, Player
from handlers.notices.buttons import NoticeCancel, NoticeEdit, RetryBroadcast
from handlers.proposals.buttons import (
    Deliberation,
    Disclose,
    MarkMajor,
    MergeInto,
    RecordText,
    ReviewDecision,
)
from handlers.supervision.oversight_buttons import OverseeMatter, OverseeProposal
from handlers.voting.buttons import MatterFromProposal, MatterOpen, VoteConfirm, VotePick
from models.people.roles import Role
from models.proposals.stages import Stage
from tests import oversight_kit as kit
from tests.test_hotline_rules import MONDAY_10, staff

WATCHER = 9100
# Refused outright; a vote's button, as no voter of it; a dialogue's button, as stale
# (the supervisor is in no such dialogue, and could begin none).
REFUSALS = ("没有权限", "的投票人名单中", "按钮已经失效")


def text(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or m.get("caption") or "" for m in messages)


def labels(messages: list[dict]) -> str:
    return str([m.get("reply_markup") for m in messages])


async def test_a_supervisor_reads_proposals_votes_and_deliveries_and_changes_nothing(
        harness: Harness) -> None:
    harness.clock.set(MONDAY_10)
    await staff(harness.db, WATCHER, Role.supervisor, name="赵监督")
    watcher = await harness.player(WATCHER, "赵监督")
    await kit.voters(harness.db, harness.client)
    rejected = await kit.rejected_proposal(harness.db)
    named = await kit.matter(harness.db, secret=False, title="东门改造")
    secret = await kit.matter(harness.db, secret=True, title="物业选聘")
    await kit.close(harness.db, named)
    await kit.close(harness.db, secret)
    notice = await kit.delivered_notice(harness.db)
    await harness.settle()
    before = await kit.snapshot(harness.db)

    listed = await watcher.say("/allproposals")
    assert rejected.number in text(listed) and "未采纳" in text(listed), listed
    opened = await watcher.press(f"查看 {rejected.number}")
    assert kit.REASON in text(opened) and "只读" in text(opened), opened
    assert "reply_markup" not in opened[-1] or not opened[-1]["reply_markup"]

    await watcher.say("/allmatters")
    roll = text(await watcher.press(f"查看 {named.number}"))
    assert "记名投票表" in roll and f"居民{kit.VOTERS}：赞成" in roll, roll
    assert f"居民{kit.VOTERS + 2}：反对" in roll
    counts = text(await watcher.press(f"查看 {secret.number}"))
    assert "赞成：2" in counts and "反对：1" in counts, counts
    assert "居民" not in counts and "只显示票数" in counts

    summary = await watcher.say("/deliveries")
    assert "失败 2" in text(summary) and "重发" not in labels(summary), summary
    report = await watcher.press("📋 送达报告")
    assert "送达报告" in text(report) and "失败 2" in text(report), report
    assert "重发" not in text(report) + labels(report)

    for command in ("/review", "/newmatter", "/broadcast", "/scheduled"):
        assert "没有权限" in text(await watcher.say(command)), command
    anchor, pid = summary[-1]["message_id"], rejected.id or 0
    for data in (ReviewDecision(pid, Stage.accepted).pack(), MergeInto(pid, pid).pack(),
                 MarkMajor(pid).pack(), Deliberation(pid, "committee").pack(),
                 Disclose(pid).pack(), RecordText(pid, "decided").pack(),
                 MatterFromProposal(pid).pack(), MatterOpen(True).pack(),
                 RetryBroadcast(notice.id or 0).pack(), NoticeCancel(notice.id or 0).pack(),
                 NoticeEdit(notice.id or 0, "text").pack(), VotePick(named.id or 0, 1).pack(),
                 VoteConfirm(secret.id or 0, 1).pack()):
        seen = len(await watcher.alerts())
        await watcher.press_data(anchor, data)
        alerts = await watcher.alerts()
        assert len(alerts) == seen + 1, data
        assert any(why in alerts[-1] for why in REFUSALS), (data, alerts[-1])
    await watcher.say("同意")  # a dialogue begun by a forged button would take this
    await harness.settle()
    assert await kit.snapshot(harness.db) == before


async def test_residents_cannot_read_the_supervisors_views(harness: Harness) -> None:
    harness.clock.set(MONDAY_10)
    await kit.voters(harness.db, harness.client)
    rejected = await kit.rejected_proposal(harness.db)
    named = await kit.matter(harness.db, secret=False, title="东门改造")
    representative = Player(harness, kit.VOTERS, "代表")
    for command in ("/allproposals", "/allmatters", "/deliveries"):
        answer = text(await representative.say(command))
        assert "没有权限" in answer and rejected.number not in answer, (command, answer)
    anchor = (await representative.say("/me"))[-1]["message_id"]
    for data in (OverseeProposal(rejected.id or 0).pack(), OverseeMatter(named.id or 0).pack()):
        shown = await representative.press_data(anchor, data)
        assert kit.REASON not in text(shown) and "记名投票表" not in text(shown)
        assert "没有权限" in (await representative.alerts())[-1]
