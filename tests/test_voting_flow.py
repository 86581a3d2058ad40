"""Votes on major matters end to end through the emulator (重大事项票决制): open →
reminders to non-voters only → votes and changed votes → close on time → results
delivered and disclosed with the chart → /verify confirms a receipt."""

import asyncio
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, select

from bot.playground import Harness, Player
from handlers.voting.buttons import VoteConfirm, VotePick
from models.audit import AuditEntry
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.people.persons import by_telegram_id, roles_of
from models.people.roles import Role
from models.voting.matters import Ballot, Matter, MatterState
from models.voting.tally import PassRule
from tests.factories import residents
from tests.test_proposals_flow import days_ago, under_review
from tests.test_registration_flow import CHAIR

REPS = 30000


async def representatives(harness: Harness, count: int, *, first_id: int = REPS,
                          area: str = "east") -> list[Player]:
    ids = await residents(harness.db, count, first_id=first_id, client=harness.client,
                          role=Role.representative, area=area)
    return [Player(harness, i, f"代表{i}") for i in ids]


async def open_vote(chair: Player, *, kind: str = "决定事项（赞成/反对/弃权）",
                    ballot: str = "记名投票", extra: list[str] = (),  # type: ignore[assignment]
                    title: str = "小区东门改造方案", files: int = 0,
                    holder: tuple[str, str] | None = None) -> Matter:
    await chair.say("/newmatter")
    await chair.say(title)
    await chair.say("拟将东门改为人车分流，预算 12 万元，由公共收益列支。")
    for _ in range(files):
        await chair.harness.client.send_document(chair.id, "方案.pdf")
    await chair.harness.settle()
    await chair.press("完成")
    await chair.press(kind)
    for text in extra:
        await chair.say(text)
    if holder is not None:  # a recall: the name typed, then the holder picked
        typed, label = holder
        offered = await chair.say(typed)
        assert label in str(offered[-1]["reply_markup"]), offered
        await chair.press(label)
    await chair.press("居民代表")
    await chair.press("整个社区")
    await chair.press(ballot)
    preview = await chair.press("7 天后截止")
    assert "表决预览" in preview[-1]["text"], preview
    created = await chair.press("🗳 立即开始投票")
    assert "已创建表决" in created[-1]["text"], created
    await chair.harness.settle()
    async with chair.harness.db.sessionmaker() as session:
        matter = (await session.exec(select(Matter).order_by(col(Matter.id).desc()))).first()
    assert matter is not None and matter.state == MatterState.open
    return matter


async def vote(voter: Player, option: str) -> dict:
    confirm = await voter.press(option)
    assert "确认投出这一票吗" in confirm[-1]["text"], confirm
    recorded = await voter.press("✅ 确认投票")
    assert "回执码" in recorded[-1]["text"], (recorded, await voter.alerts())
    return recorded[-1]


def receipt_of(message: dict) -> str:
    return message["text"].split("回执码：")[1].split()[0]


async def sweep(harness: Harness, when) -> int:  # type: ignore[no-untyped-def]
    done = await harness.run("matters", at=when)
    harness.runtime.sender.wake()
    await harness.settle()
    return done


async def test_a_vote_from_ballots_to_a_verified_receipt(harness: Harness) -> None:
    reps = await representatives(harness, 5)
    chair = await harness.player(CHAIR, "王主任")
    matter = await open_vote(chair)
    for rep in reps:
        ballot = await rep.last()
        assert f"表决 {matter.number}" in ballot["text"]
        assert [b["text"] for b in ballot["reply_markup"]["inline_keyboard"][0]] == \
            ["赞成", "反对", "弃权"]

    assert "未投票" in (await reps[0].say("/vote"))[-1]["text"]
    first = await vote(reps[0], "赞成")
    assert "已投票" in (await reps[0].say("/vote"))[-1]["text"]
    changed_from = await vote(reps[1], "反对")
    assert "截止前可以点下面的选项改投" in changed_from["text"]
    changed_to = await vote(reps[1], "赞成")
    await vote(reps[2], "弃权")
    assert receipt_of(changed_from) != receipt_of(changed_to)

    before_close = matter.closes_at - timedelta(hours=23)
    assert await sweep(harness, before_close) == 1
    for waiting in reps[3:]:
        assert "还有 24 小时截止" in (await waiting.last())["text"]
    for voted in reps[:3]:
        assert "小时截止" not in (await voted.last())["text"]
    assert await sweep(harness, before_close + timedelta(minutes=5)) == 0  # sent once

    closing = matter.closes_at + timedelta(seconds=1)
    assert await sweep(harness, closing) == 1
    assert await sweep(harness, closing + timedelta(minutes=1)) == 0  # closed exactly once
    for person in [*reps, chair]:
        result = await person.last()
        assert result["kind"] == "photo", result
        assert "应投 5 人，实投 3 人" in result["caption"]
        assert "赞成：2" in result["caption"] and "结果：通过" in result["caption"]
    _, chart = await harness.client.upload(result["photo"][-1]["file_id"])
    assert chart.startswith(b"\x89PNG")

    async with harness.db.sessionmaker() as session:
        entries = (await session.exec(select(DisclosureEntry).where(
            DisclosureEntry.matter_id == matter.id))).all()
        closed = await session.get(Matter, matter.id)
    assert len(entries) == 1 and entries[0].kind == DisclosureKind.vote_result
    assert entries[0].media and entries[0].media[0]["kind"] == "photo"
    assert closed is not None and closed.result is not None
    assert closed.result["counts"] == {"for": 2, "against": 0, "abstain": 1}
    body = entries[0].body
    assert "记名投票表" in body and "居民30000：赞成" in body  # open ballot: the roll call
    assert receipt_of(first) in body and receipt_of(changed_to) in body
    assert receipt_of(changed_from) not in body  # replaced, not counted

    counted = (await reps[0].say(f"/verify {receipt_of(first).lower()}"))[-1]["text"]
    assert "已计入结果" in counted and "赞成" in counted
    replaced = (await reps[1].say(f"/verify {receipt_of(changed_from)}"))[-1]["text"]
    assert "已被改投替换" in replaced
    assert "没有找到" in (await reps[1].say("/verify AAAAA-BBBBB"))[-1]["text"]

    late = await reps[3].press("赞成", (await reps[3].messages())[0]["message_id"])
    assert late == [] or "确认" not in late[-1]["text"]
    assert "投票已经截止" in (await reps[3].alerts())[-1]


async def test_a_secret_recall_and_an_evaluation(harness: Harness) -> None:
    reps = await representatives(harness, 4)
    chair = await harness.player(CHAIR, "王主任")
    # The target is picked from the office holders, not typed: a name nobody holds
    # an office under is refused and the step waits.
    await chair.say("/newmatter")
    await chair.say("罢免")
    await chair.say("说明")
    await chair.press("完成")
    await chair.press("罢免")
    assert "没有找到" in (await chair.say("张三"))[-1]["text"]
    recall = await open_vote(chair, kind="罢免", ballot="无记名投票",
                             holder=("30003", "居民30003（居民代表）"),
                             title="罢免居民30003的代表职务", files=1)
    document, ballot = (await reps[0].messages())[-2:]  # the document, then the ballot
    assert document["kind"] == "document" and ballot["reply_markup"]
    assert "罢免对象：居民30003" in ballot["text"]
    for rep in reps[:3]:
        await vote(rep, "同意罢免")
    await vote(reps[3], "不同意罢免")
    # 3 of 4 is more than half of the whole electorate: the recall rule passes.
    await sweep(harness, recall.closes_at + timedelta(seconds=1))
    assert "结果：通过" in (await reps[0].last())["caption"]
    # The recall takes the office away, and the committee is told a by-election is due.
    texts = [m.get("text") or m.get("caption") or "" for m in await reps[3].messages()]
    assert any("职务已被罢免" in t for t in texts), texts
    chair_texts = [m.get("text") or m.get("caption") or "" for m in await chair.messages()]
    assert any("不再担任居民代表" in t and "补选" in t for t in chair_texts)
    async with harness.db.sessionmaker() as session:
        recalled = await by_telegram_id(session, reps[3].id)
        assert recalled is not None
        assert Role.representative not in await roles_of(session, recalled.id or 0)
        entry = (await session.exec(select(AuditEntry).where(
            AuditEntry.action == "role.recalled"))).one()
    assert entry.details == {"role": "representative", "matter": recall.id}

    evaluation = await open_vote(chair, kind="评议（满意/基本满意/不满意）",
                                 title="2026年度居委会工作评议")
    ballot = (await reps[0].last())["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in ballot] == ["满意", "基本满意", "不满意"]
    await vote(reps[0], "满意")
    await vote(reps[1], "不满意")
    await vote(reps[2], "不满意")
    await sweep(harness, evaluation.closes_at + timedelta(seconds=1))
    assert "评议未通过" in (await reps[0].last())["caption"]

    async with harness.db.sessionmaker() as session:
        secret = (await session.exec(select(DisclosureEntry).where(
            DisclosureEntry.matter_id == recall.id))).one()
        audits = (await session.exec(select(AuditEntry).where(
            col(AuditEntry.action).startswith("ballot."),
            AuditEntry.subject_id == str(recall.id)))).all()
    assert "记名投票表" not in secret.body  # secret: no roll call of who voted how
    assert not any(f"居民{rep.id}" in secret.body for rep in reps[:3])
    assert len(audits) == 4 and all(set(a.details) == {"version"} for a in audits)


async def test_refusals_change_nothing(harness: Harness) -> None:
    harness.clock.set(datetime(2026, 12, 7, 4, 0, tzinfo=UTC))  # noon in Shanghai
    reps = await representatives(harness, 2)
    outsider = (await representatives(harness, 1, first_id=31000))[0]
    chair = await harness.player(CHAIR, "王主任")
    resident_id = (await residents(harness.db, 1, first_id=32000, client=harness.client))[0]
    resident = Player(harness, resident_id, "居民")
    assert "没有权限" in (await resident.say("/newmatter"))[-1]["text"]

    await chair.say("/newmatter")
    assert "不超过" in (await chair.say("长" * 101))[-1]["text"]
    await chair.say("小区停车收费标准调整")
    await chair.harness.client.send_photo(CHAIR)
    await harness.settle()
    assert "请发送文字" in (await chair.last())["text"]  # the draft is kept
    await chair.say("拟调整地面停车收费。")
    await chair.press("完成")
    await chair.press("决定事项（赞成/反对/弃权）")
    await chair.press("居民代表")
    await chair.press("整个社区")
    await chair.press("记名投票")
    assert "已经过去" in (await chair.say("2020-01-01 10:00"))[-1]["text"]
    assert "没有看懂" in (await chair.say("下周五"))[-1]["text"]
    assert "太远" in (await chair.say("2099-01-01 18:00"))[-1]["text"]
    await chair.say("12月20日 18:00")
    await chair.press("⏰ 定时开始")
    assert "已经过去" in (await chair.say("今天 11:00"))[-1]["text"]
    created = await chair.say("明天 9:00")
    assert "将于 2026-12-08 09:00 开始" in created[-1]["text"], created
    await harness.settle()

    async with harness.db.sessionmaker() as session:
        matter = (await session.exec(select(Matter))).one()
    assert matter.state == MatterState.scheduled
    # Not open yet: a forged ballot button is refused.
    message_id = (await reps[0].say("/vote"))[-1]["message_id"]
    await reps[0].press_data(message_id, VoteConfirm(matter.id or 0, 0).pack())
    assert "还没有开始投票" in (await reps[0].alerts())[-1]

    await sweep(harness, matter.opens_at)
    # The electorate was frozen at the opening: a representative appointed later is out.
    await residents(harness.db, 1, first_id=33000, client=harness.client,
                    role=Role.representative)
    late = Player(harness, 33000, "新代表")
    await late.press_data(1, VoteConfirm(matter.id or 0, 0).pack())
    assert "不在" in (await late.alerts())[-1]
    await outsider.press_data(1, VotePick(matter.id or 0, 0).pack())
    assert "不在" in (await outsider.alerts())[-1]
    ballot_id = (await reps[0].last())["message_id"]
    await reps[0].press_data(ballot_id, VotePick(matter.id or 0, 7).pack())
    await reps[0].press_data(ballot_id, VotePick(9999, 0).pack())
    await reps[0].press_data(ballot_id, "1vp:garbage")
    alerts = await reps[0].alerts()
    assert any("过期" in a for a in alerts[-3:])
    async with harness.db.sessionmaker() as session:
        assert (await session.exec(select(sa.func.count()).select_from(Ballot))).one() == 0


async def test_two_presses_at_the_same_instant_make_one_ballot(harness: Harness) -> None:
    reps = await representatives(harness, 1)
    chair = await harness.player(CHAIR, "王主任")
    matter = await open_vote(chair)
    ballot_id = (await reps[0].last())["message_id"]
    data = VoteConfirm(matter.id or 0, 0).pack()
    await asyncio.gather(*(harness.client.press_data(reps[0].id, ballot_id, data)
                           for _ in range(2)))
    await harness.settle()
    async with harness.db.sessionmaker() as session:
        ballots = (await session.exec(select(Ballot))).all()
    assert len(ballots) == 1 and ballots[0].option == "for"
    assert "回执码" in (await reps[0].last())["text"]


async def test_pressing_the_same_buttons_again_sends_no_edit_that_changes_nothing(
        harness: Harness) -> None:
    reps = await representatives(harness, 1)
    chair = await harness.player(CHAIR, "王主任")
    matter = await open_vote(chair)
    ballot_id = (await reps[0].last())["message_id"]
    pick, confirm = (VotePick(matter.id or 0, 0).pack(), VoteConfirm(matter.id or 0, 0).pack())
    # A double tap, or a press on a message the client has not redrawn yet.
    for data in (pick, pick, confirm, confirm, pick, pick):
        await harness.client.press_data(reps[0].id, ballot_id, data)
        await harness.settle()
    refused = [c for c in await harness.client.calls() if c["method"].startswith("edit")
               and not c["ok"]]
    assert refused == []
    assert "确认投出这一票吗" in (await reps[0].last())["text"]


async def test_an_accepted_proposal_put_to_a_vote_among_choices(harness: Harness) -> None:
    """The draft begun from /review's button carries the proposal's title, text and
    files; a choice matter asks for its options; the preview's rule buttons change it."""
    _, chair = await under_review(harness)
    await chair.say("/review")
    await chair.press("✅ 列入议程")
    await chair.say("/review")
    await chair.press("🗳 提交居民代表表决")  # not before its required deliberations
    assert any("尚未记录“党组织提议”、“两委会商议”" in a for a in await chair.alerts())
    for step in ("党组织提议", "两委会商议"):
        await chair.say("/review")
        await chair.press(step)
        await chair.say(f"{days_ago(harness, 3)} 同意")
    await chair.say("/review")
    asked = await chair.press("🗳 提交居民代表表决")
    assert "已根据提案 P0001" in asked[-2]["text"], asked
    await chair.press("完成")
    await chair.press("多选一")
    assert "每行一个" in (await chair.say("只有一个选项"))[-1]["text"]  # the draft is kept
    await chair.say("东区车棚\n西区车棚\n两处都装")
    await chair.press("居民代表")
    await chair.press("整个社区")
    await chair.press("记名投票")
    preview = (await chair.press("7 天后截止"))[-1]["text"]
    assert "P0001 增设电动车充电桩" in preview and "2. 西区车棚" in preview, preview
    assert "附件：1 个" in preview and "通过：赞成票不少于投票数的三分之二" not in preview
    changed = await chair.press("三分之二（按投票数）")
    assert "通过：赞成票不少于投票数的三分之二" in changed[-1]["text"], changed
    created = await chair.press("🗳 立即开始投票")
    assert "已创建表决" in created[-1]["text"], created

    async with harness.db.sessionmaker() as session:
        matter = (await session.exec(select(Matter))).one()
    assert (matter.proposal_id, matter.choices, len(matter.attachments)) == (
        1, ["东区车棚", "西区车棚", "两处都装"], 1)
    assert matter.pass_rule == PassRule.two_thirds_cast
