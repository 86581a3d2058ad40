"""The evaluation of committee members (述职评议) end to end through the emulator: two
members post their work reports, representatives read and rate them, a second rating
and each refused role are turned away, the period ends, and the results are on the
board with no voter's name; the member below the line is flagged and the supervisor
told."""

from sqlmodel import select

from bot.playground import Harness, Player
from handlers.supervision.evaluation_buttons import EvaluateGrade
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.people.persons import by_telegram_id
from models.people.roles import Role
from models.supervision.evaluation import Grade
from tests.evaluation_kit import AFTER, CHAIR, DURING, MEMBER, enable, grant
from tests.factories import residents
from tests.test_voting_flow import representatives


async def report(member: Player, text: str, *, files: int = 0) -> None:
    asked = await member.say("/workreport")
    assert "年度述职报告" in asked[-1]["text"], asked
    assert "请点" not in (await member.say(text))[-1]["text"]
    for _ in range(files):
        await member.harness.client.send_document(member.id, "台账.pdf")
    preview = (await member.press("完成"))[-1]
    assert "预览：述职报告" in preview["text"] and text in preview["text"], preview
    published = (await member.press("📢 公开述职报告"))[-1]
    assert "已在居务公开栏公开" in published["text"], published


async def rate(voter: Player, member: str, grade: str, comment: str | None = None) -> None:
    listed = (await voter.say("/evaluate"))[-1]
    assert "述职评议" in listed["text"], listed
    shown = (await voter.press(f"评议 {member}", listed["message_id"]))[-1]
    assert f"{member}的述职报告" in shown["text"], shown
    asked = (await voter.press(grade, shown["message_id"]))[-1]
    assert "不署名" in asked["text"], asked
    done = await (voter.say(comment) if comment else voter.press("不写意见"))
    assert f"已收到您对 {member} 的评议" in done[-1]["text"], done
    assert grade not in done[-1]["text"]  # the grade is not repeated in the reply


async def person_id(harness: Harness, tg: int) -> int:
    async with harness.db.sessionmaker() as session:
        person = await by_telegram_id(session, tg)
    assert person is not None
    return person.id or 0


async def test_reports_ratings_and_the_published_results(harness: Harness) -> None:
    await enable(harness.db)
    harness.clock.set(DURING)
    chair = await harness.player(CHAIR, "王主任")
    member = await harness.player(MEMBER, "李委员")
    reps = await representatives(harness, 3, first_id=61000)
    (watcher_id,) = await residents(harness.db, 1, first_id=62000, client=harness.client,
                                    role=Role.supervisor)
    watcher = Player(harness, watcher_id, "赵监督")
    (resident_id,) = await residents(harness.db, 1, first_id=63000, client=harness.client)
    resident = Player(harness, resident_id, "居民")

    # Who may not: a representative or a supervisor reports; the chair or a supervisor
    # rates; a resident rates where only representatives do.
    for who in (reps[0], watcher):
        assert "没有权限" in (await who.say("/workreport"))[-1]["text"]
    assert "没有权限" in (await watcher.say("/evaluate"))[-1]["text"]
    for who in (chair, resident):  # the chair is a resident too: the model refuses
        assert "只有居民代表参加" in (await who.say("/evaluate"))[-1]["text"]
    assert "还没有成员提交" in (await reps[0].say("/evaluate"))[-1]["text"]

    await report(chair, "一年来牵头完成加装电梯三部。", files=1)
    await report(member, "负责环境整治，完成垃圾分类宣传。")
    assert "已经提交了 2026 年度" in (await chair.say("/workreport"))[-1]["text"]

    chair_id, member_id = await person_id(harness, CHAIR), await person_id(harness, MEMBER)
    await rate(reps[0], "王主任", "满意")
    await rate(reps[0], "李委员", "不满意", "回复太慢")
    await rate(reps[1], "王主任", "基本满意")
    await rate(reps[1], "李委员", "不满意")
    await rate(reps[2], "李委员", "基本满意", "希望多来楼里看看")
    # A second rating, by a forged or an old button: refused, the first kept.
    await reps[0].press_data(1, EvaluateGrade(chair_id, Grade.dissatisfied).pack())
    assert "已经评议过 王主任" in (await reps[0].alerts())[-1]
    listed = (await reps[0].say("/evaluate"))[-1]
    assert "王主任：已评议" in listed["text"] and "已评议了所有" in listed["text"], listed
    assert not listed.get("reply_markup"), listed
    # A member who is also a representative rates the other, never themself; a
    # supervisor's forged grade is refused too.
    await grant(harness.db, MEMBER, Role.representative)
    await member.press_data(1, EvaluateGrade(member_id, Grade.satisfied).pack())
    assert "不能评议自己" in (await member.alerts())[-1]
    await watcher.press_data(1, EvaluateGrade(chair_id, Grade.satisfied).pack())
    assert "没有权限" in (await watcher.alerts())[-1]

    await harness.run("evaluation", at=AFTER)
    harness.runtime.sender.wake()
    await harness.settle()
    assert "没有在进行" in (await reps[2].say("/evaluate"))[-1]["text"]

    flagged = (await watcher.last())["text"]
    assert "需要跟进" in flagged and "李委员：33.3%（3 人评议）" in flagged, flagged
    assert "王主任" not in flagged
    async with harness.db.sessionmaker() as session:
        entry = (await session.exec(select(DisclosureEntry).where(
            DisclosureEntry.kind == DisclosureKind.evaluation))).one()
    await resident.say("/disclosures")
    shown = await resident.press(f"查看 {entry.number}")
    text = " ".join(m.get("text") or m.get("caption") or "" for m in shown)
    assert "2026 年度述职评议结果" in text, shown
    assert "满意 1 · 基本满意 1 · 不满意 0，共 2 人" in text and "满意率：100.0%" in text
    assert "满意 0 · 基本满意 1 · 不满意 2，共 3 人" in text and "满意率：33.3%" in text
    assert "⚠️ 满意率低于 60%" in text and "• 回复太慢" in text
    assert not any(f"代表{r.id}" in text or f"居民{r.id}" in text for r in reps)
    assert any(m.get("photo") for m in shown), shown  # the chart
