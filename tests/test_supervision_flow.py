"""Formal inquiries (质询) end to end through the emulator: raised by a representative
with a document, co-signed by two others, put to the committee, answered late (the
committee reminded, the supervisors told once, the board showing it overdue), then
answered and published, rated not satisfactory by the inquirer and put to the
representatives' meeting, which the committee sees when it drafts the next agenda.
Presses by those who may not act change nothing."""

from datetime import timedelta

from sqlmodel import select

from bot.playground import Harness, Player
from handlers.supervision.buttons import InquiryAnswer, InquiryRate, InquirySign
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.conversation import Conversation
from models.people.roles import Role
from models.supervision.inquiries import Inquiry, InquiryState
from tests.factories import residents
from tests.test_hearings_flow import local
from tests.test_registration_flow import CHAIR
from tests.test_voting_flow import representatives

QUESTION = "东区车棚改造的 3.2 万元公共收益支出，为什么没有在季度报告中列明？"
NOT_ALLOWED = "您没有权限进行这个操作。"


def texts(messages: list[dict]) -> str:  # type: ignore[type-arg]
    return "\n".join(m.get("text") or m.get("caption") or "" for m in messages)


async def inquiry(harness: Harness) -> Inquiry:
    async with harness.db.sessionmaker() as session:
        return (await session.exec(select(Inquiry))).one()


async def raise_one(harness: Harness, inquirer: Player) -> None:
    asked = await inquirer.say("/inquire")
    assert "质询的内容" in asked[-1]["text"], asked
    refused = await inquirer.say("问" * 1501)
    assert "最多 1,500 个字" in refused[-1]["text"] and "草稿已保留" in refused[-1]["text"]
    async with harness.db.sessionmaker() as session:
        kept = await session.get(Conversation, inquirer.id)
    assert kept is not None and kept.step == "inquiry.text"
    files = await inquirer.say(QUESTION)
    assert "附件" in files[-1]["text"], files
    added = await harness.exchange(inquirer.id, harness.client.send_document(
        inquirer.id, "收支明细.pdf"))
    assert "1/5" in added[-1]["text"], added
    preview = await inquirer.press("完成")
    assert QUESTION in preview[-1]["text"] and "有 2 位代表联名后" in preview[-1]["text"]
    again = await inquirer.say("/inquire")  # the draft is offered back, not lost
    assert "未完成的质询草稿" in again[-1]["text"], again
    continued = await inquirer.press("继续填写")
    assert "质询预览" in continued[-1]["text"], continued
    raised = await inquirer.press("提交质询")
    assert "IQ0001 已提出" in raised[-1]["text"] and "已请 2 位" in raised[-1]["text"], raised


async def test_an_inquiry_answered_late_escalated_then_published_and_tabled(
        harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")
    inquirer, first, second = await representatives(harness, 3)
    [resident_id] = await residents(harness.db, 1, first_id=50000, client=harness.client)
    resident = Player(harness, resident_id, "居民")
    [watcher_id] = await residents(harness.db, 1, first_id=51000, client=harness.client,
                                   role=Role.supervisor)
    watcher = Player(harness, watcher_id, "监督")
    await resident.say("/start")
    assert (await resident.say("/inquire"))[-1]["text"] == NOT_ALLOWED
    await raise_one(harness, inquirer)

    news = (await first.messages())[-1]
    assert "质询联名 IQ0001" in texts([news]) and QUESTION in texts([news]), news
    for outsider in (resident, watcher):  # not representatives: the sign route refuses
        await outsider.press_data(news["message_id"], InquirySign(1).pack())
        assert (await outsider.alerts())[-1] == NOT_ALLOWED
    await inquirer.press_data((await inquirer.last())["message_id"], InquirySign(1).pack())
    assert "自己提出的质询" in (await inquirer.alerts())[-1]
    signed = await first.press("✍️ 联名 IQ0001")
    assert "1/2" in signed[-1]["text"], (signed, await first.alerts())
    await first.press("✍️ 联名 IQ0001")
    assert "无需再签" in (await first.alerts())[-1]
    assert (await inquiry(harness)).state == InquiryState.collecting
    listed = await second.say("/inquiries")
    assert "征集联名中：1/2" in listed[-1]["text"], listed
    assert "联名 IQ0001" in str(listed[-1]["reply_markup"]), listed
    put = await second.press("✍️ 联名 IQ0001", listed[-1]["message_id"])
    assert "已送交居委会" in put[-1]["text"], put
    found = await inquiry(harness)
    assert found.state == InquiryState.awaiting and found.due_at is not None
    assert "质询 IQ0001" in texts(await chair.messages())
    assert "已送交居委会" in texts(await inquirer.messages())

    due = found.due_at
    await harness.run("inquiries", at=due - timedelta(hours=72))
    await harness.settle()
    assert "还有约 72 小时到期" in texts(await chair.messages())
    await harness.run("inquiries", at=due + timedelta(minutes=5))
    await harness.settle()
    told = [m for m in await watcher.messages() if "逾期未答复" in (m.get("text") or "")]
    assert len(told) == 1 and QUESTION in told[0]["text"], told
    await harness.run("inquiries", at=due + timedelta(hours=1))
    await harness.settle()
    assert len([m for m in await watcher.messages()
                if "逾期未答复" in (m.get("text") or "")]) == 1  # once
    board = await resident.say("/disclosures")
    assert "逾期未答复的质询" in board[-1]["text"] and "IQ0001" in board[-1]["text"], board

    # A representative forging the committee's answer button is refused.
    await first.press_data(news["message_id"], InquiryAnswer(1).pack())
    assert (await first.alerts())[-1] == NOT_ALLOWED
    harness.clock.set(due + timedelta(days=1))
    listed = await chair.say("/inquiries")
    assert "逾期未答复" in listed[-1]["text"], listed
    asked = await chair.press("📝 答复 IQ0001", listed[-1]["message_id"])
    assert "对质询 IQ0001 的答复" in asked[-1]["text"], (asked, await chair.alerts())
    await chair.say("该笔支出已经两委会商议通过，第四季度报告将补充列明。")
    preview = await chair.press("完成")
    assert "答复预览" in preview[-1]["text"], preview
    published = await chair.press("发布答复")
    assert "已发布在居务公开栏（逾期答复）" in published[-1]["text"], published
    async with harness.db.sessionmaker() as session:
        entry = (await session.exec(select(DisclosureEntry).where(
            DisclosureEntry.kind == DisclosureKind.inquiry))).one()
    assert QUESTION in entry.body and "逾期答复" in entry.body and len(entry.media) == 1
    board = await resident.say("/disclosures")
    assert "逾期未答复的质询" not in board[-1]["text"] and "质询 IQ0001 及居委会答复" in \
        board[-1]["text"], board

    answered = (await inquirer.messages())[-1]
    assert "已获答复" in texts([answered]), answered
    await first.press_data(answered["message_id"], InquiryRate(1, satisfied=True).pack())
    assert (await first.alerts())[-1] == "只有质询人可以这样做。"
    rated = await inquirer.press("👎 不满意")
    assert "不满意" in rated[-1]["text"], (rated, await inquirer.alerts())
    tabled = await inquirer.press("🏛 提请居民代表会议")
    assert "已提请居民代表会议" in tabled[-1]["text"], (tabled, await inquirer.alerts())
    stored = await inquiry(harness)
    assert stored.satisfied is False and stored.to_meeting_at is not None
    assert "提请居民代表会议审议" in texts(await watcher.messages())

    await chair.say("/newmeeting")
    await chair.say("2027年第一季度居民代表会议")
    await chair.say(local(harness.clock.now() + timedelta(days=3)))
    await chair.say("社区活动室")
    agenda = await chair.press("90 分钟")
    assert "提请本次会议审议的质询" in texts(agenda) and "IQ0001" in texts(agenda), agenda
