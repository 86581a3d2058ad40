"""The supervisory committee (居务监督委员会) named by the representatives' vote, end to
end through the emulator on both engines: the committee drafts the appointment (a
committee member or a present supervisor is never offered, and a forged button naming
one is refused), the representatives vote, the vote closes passed, the nominee is a
supervisor, is told, and is listed on the public board."""

from datetime import timedelta

from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import col, select

from bot.board_web import board_app
from bot.playground import Harness, Player
from chat.render import Renderer
from handlers.voting.buttons import MatterNomineePick, VoteConfirm
from models.audit import AuditEntry
from models.people.persons import by_telegram_id, roles_of
from models.people.roles import Role
from models.voting.matters import Ballot, Matter, MatterState
from models.voting.tally import MatterKind, PassRule
from tests.factories import residents
from tests.test_registration_flow import CHAIR
from tests.test_voting_flow import representatives, sweep, vote

MEMBER = 1002  # 李委员, a committee member of the example file
NOMINEE = 46000
WATCHER = 46010  # a supervisor already


async def person_id(harness: Harness, telegram_id: int) -> int:
    async with harness.db.sessionmaker() as session:
        found = await by_telegram_id(session, telegram_id)
    assert found is not None
    return found.id or 0


def labels(message: dict) -> list[str]:
    return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


async def draft_to_nominee(chair: Player) -> None:
    await chair.say("/newmatter")
    await chair.say("推选居务监督委员会成员")
    await chair.say("居委会提名一位居民担任居务监督委员会成员，请各位代表表决。")
    await chair.press("完成")
    asked = await chair.press("推选居务监督委员会成员")
    assert "提名为" in asked[-1]["text"] and "不能兼任" in asked[-1]["text"], asked


async def test_representatives_name_a_supervisor_whom_the_board_lists(harness: Harness) -> None:
    reps = await representatives(harness, 3)
    await residents(harness.db, 1, first_id=NOMINEE, client=harness.client)
    await residents(harness.db, 1, first_id=WATCHER, client=harness.client,
                    role=Role.supervisor)
    nominee = Player(harness, NOMINEE, "居民46000")
    chair = await harness.player(CHAIR, "王主任")
    await draft_to_nominee(chair)

    # The committee's own members and a present supervisor are not offered.
    for typed in ("李委员", "王主任", str(WATCHER)):
        assert "没有找到" in (await chair.say(typed))[-1]["text"]
    # A forged button naming one of them is refused at the press, and the step waits.
    for forged, why in ((MEMBER, "不能兼任"), (WATCHER, "已经是")):
        await chair.press_data(1, MatterNomineePick(await person_id(harness, forged)).pack())
        assert why in (await chair.alerts())[-1]
    offered = (await chair.say(str(NOMINEE)))[-1]
    assert labels(offered) == ["居民46000（东区 1号楼 1单元）"], offered
    # Who votes is not asked: all the representatives; nor is the rule offered.
    assert "记名投票" in str((await chair.press("居民46000（东区 1号楼 1单元）"))[-1])
    await chair.press("记名投票")
    preview = (await chair.press("7 天后截止"))[-1]
    assert "被提名人：居民46000" in preview["text"], preview
    assert "投票人：全体居民代表" in preview["text"] and "不能更改" in preview["text"]
    assert labels(preview) == ["🗳 立即开始投票", "⏰ 定时开始"], preview
    assert "已创建表决" in (await chair.press("🗳 立即开始投票"))[-1]["text"]
    await harness.settle()
    async with harness.db.sessionmaker() as session:
        matter = (await session.exec(select(Matter))).one()
    assert matter.kind == MatterKind.appoint and matter.state == MatterState.open
    assert matter.pass_rule == PassRule.electorate_majority

    ballot = await reps[0].last()
    assert "被提名人：居民46000" in ballot["text"]
    assert labels(ballot)[:3] == ["赞成", "反对", "弃权"]
    # A committee member outside the electorate cannot vote in it, even by a forged button.
    member = await harness.player(MEMBER, "李委员")
    await member.press_data(1, VoteConfirm(matter.id or 0, 0).pack())
    assert "不在" in (await member.alerts())[-1]
    await vote(reps[0], "赞成")
    await vote(reps[1], "赞成")
    await vote(reps[2], "反对")
    async with harness.db.sessionmaker() as session:
        voters = {b.voter_id for b in (await session.exec(select(Ballot))).all()}
    assert await person_id(harness, MEMBER) not in voters

    assert await sweep(harness, matter.closes_at + timedelta(seconds=1)) == 1
    assert "结果：通过" in (await reps[0].last())["caption"]
    texts = [m.get("text") or "" for m in await nominee.messages()]
    assert any("您已成为居务监督委员会成员" in t for t in texts), texts
    assert "居务监督委员会成员" in (await nominee.say("/me"))[-1]["text"]
    async with harness.db.sessionmaker() as session:
        assert Role.supervisor in await roles_of(session, await person_id(harness, NOMINEE))
        entry = (await session.exec(select(AuditEntry).where(
            col(AuditEntry.action) == "role.appointed"))).one()
    assert entry.details == {"role": "supervisor", "matter": matter.id}

    app = board_app(harness.db.sessionmaker, Renderer(strict=True), harness.clock,
                    public_url="https://board.xingfuli.example/")
    async with TestClient(TestServer(app)) as client:
        page = await (await client.get("/c/xingfuli/")).text()
    assert "居务监督委员会：居民46000、居民46010" in page, page
