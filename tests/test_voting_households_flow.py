"""Residents decide their own matters, end to end through the emulator: a building's
households decide on a lift with one ballot per household (一户一票) — a second member
of a household is refused, other households vote, the result counts households — and
bad input (a scope from a stale button, a forged ballot from another building) is
refused with nothing changed. Registration asks the door number when households go by
door."""

import re

import sqlalchemy as sa
from sqlmodel import col, select

from bot.playground import Harness, Player
from handlers.voting.buttons import MatterScope, VoteConfirm, VotePick
from models.community import all_communities
from models.people.persons import Person, RegistrationStatus, RoleGrant, by_telegram_id
from models.people.roles import Role
from models.voting.electorate import Voters
from models.voting.matters import Ballot, Matter
from tests.test_community_zone_flow import reseed
from tests.test_registration_flow import CHAIR
from tests.test_voting_flow import sweep, vote

# (telegram id, building, unit) in the east area: units 1 and 2 of building 1 are two
# households, unit 1 with two members; 62001 lives in building 2.
HOMES = [(61001, "1", "1"), (61002, "1", "1"), (61003, "1", "2"), (62001, "2", "1")]


async def neighbours(harness: Harness) -> list[Player]:
    now = harness.clock.now()
    async with harness.db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        people = [Person(telegram_id=t, display_name=f"R{t}", name=f"居民{t}",
                         community_id=community.id, status=RegistrationStatus.approved,
                         telegram_language="zh", area="east", building=b, unit=u,
                         created_at=now) for t, b, u in HOMES]
        session.add_all(people)
        await session.flush()
        session.add_all(RoleGrant(person_id=p.id or 0, role=Role.resident, created_at=now)
                        for p in people)
    for t, _, _ in HOMES:
        await harness.client.add_user(t, f"R{t}", language_code="zh")
    return [Player(harness, t, f"居民{t}") for t, _, _ in HOMES]


async def draft_until_scope(chair: Player) -> None:
    await chair.say("/newmatter")
    await chair.say("1号楼加装电梯")
    await chair.say("拟在 1号楼加装电梯，费用按楼层分摊。")
    await chair.press("完成")
    await chair.press("决定事项（赞成/反对/弃权）")
    asked = await chair.press("住户（一户一票）")
    assert "投票范围" in asked[-1]["text"], asked


async def ballots(harness: Harness) -> list[Ballot]:
    async with harness.db.sessionmaker() as session:
        return list((await session.exec(select(Ballot).order_by(col(Ballot.id)))).all())


async def test_a_building_s_households_decide_with_one_ballot_each(harness: Harness) -> None:
    a1, a2, b, outsider = await neighbours(harness)
    chair = await harness.player(CHAIR, "王主任")
    await draft_until_scope(chair)
    await chair.press("东区")
    buildings = await chair.press("1号楼")
    assert "已选：东区 1号楼" in buildings[-1]["text"], buildings
    await chair.press("整栋楼")
    await chair.press("记名投票")
    preview = (await chair.press("7 天后截止"))[-1]["text"]
    assert "投票人：东区 1号楼的住户（一户一票）" in preview, preview
    assert "已创建表决" in (await chair.press("🗳 立即开始投票"))[-1]["text"]
    await harness.settle()
    async with harness.db.sessionmaker() as session:
        matter = (await session.exec(select(Matter))).one()
    assert (matter.voters, matter.area, matter.building, matter.unit) == \
        (Voters.households, "east", "1", None)
    for member in (a1, a2, b):
        assert f"表决 {matter.number}" in (await member.last())["text"]
    assert not any(f"表决 {matter.number}" in m.get("text", "")
                   for m in await outsider.messages())

    await vote(a1, "赞成")
    # The second member of the household: refused at the press and at the confirmation.
    await a2.press("反对")
    assert "您家已经有人" in (await a2.alerts())[-1]
    await a2.press_data((await a2.last())["message_id"], VoteConfirm(matter.id or 0, 1).pack())
    assert "一户一票" in (await a2.alerts())[-1]
    await vote(b, "反对")
    # The household's voter may change their own ballot.
    await vote(a1, "弃权")
    # A resident of another building forging a ballot button is refused.
    await outsider.press_data(1, VotePick(matter.id or 0, 0).pack())
    await outsider.press_data(1, VoteConfirm(matter.id or 0, 0).pack())
    assert all("不在" in text for text in (await outsider.alerts())[-2:])
    async with harness.db.sessionmaker() as session:
        a2_id = (await by_telegram_id(session, a2.id)).id  # type: ignore[union-attr]
    recorded = await ballots(harness)
    assert [(x.option, x.version) for x in recorded] == [("for", 1), ("against", 1),
                                                           ("abstain", 2)]
    assert a2_id not in {x.voter_id for x in recorded}

    assert await sweep(harness, matter.closes_at) == 1
    for person in (a1, a2, b, chair):
        result = (await person.last())["caption"]
        assert "应投 2 户，实投 2 户" in result, result
        assert "赞成：0" in result and "反对：1" in result and "弃权：1" in result


async def test_a_stale_scope_button_is_refused_and_the_draft_kept(harness: Harness) -> None:
    await neighbours(harness)
    chair = await harness.player(CHAIR, "王主任")
    await draft_until_scope(chair)
    areas = await chair.press("东区")
    message_id = areas[-1]["message_id"]
    # A button of the first level (an area), pressed after going down to the buildings.
    await chair.press_data(message_id, MatterScope(0, "west").pack())
    # A building the community file does not have.
    await chair.press_data(message_id, MatterScope(1, "99").pack())
    alerts = await chair.alerts()
    assert len(alerts) >= 2 and all("按钮已经失效" in a for a in alerts[-2:]), alerts
    # Typed text at the step: told to use the buttons; the draft is where it was.
    assert "请点上面消息中的按钮" in (await chair.say("1号楼"))[-1]["text"]
    units = await chair.press("1号楼", message_id)
    assert "已选：东区 1号楼" in units[-1]["text"], units
    await chair.press("2单元")  # a unit has no parts: chosen at once
    await chair.press("无记名投票")
    preview = (await chair.press("7 天后截止"))[-1]
    assert "东区 1号楼 2单元的住户（一户一票）" in preview["text"], preview
    async with harness.db.sessionmaker() as session:
        assert (await session.exec(select(sa.func.count()).select_from(Matter))).one() == 0


async def test_registration_asks_the_door_when_households_go_by_door(
        harness: Harness) -> None:
    await reseed(harness, households="{by: door}")
    newcomer = await harness.player(64001, "新居民")
    await newcomer.say("/register")
    await newcomer.say("赵六")
    await newcomer.press("东区")
    await newcomer.press("1号楼")
    asked = await newcomer.press("2单元")
    assert "门牌号" in asked[-1]["text"], asked
    assert "一个词" in (await newcomer.say("12 02"))[-1]["text"]
    await newcomer.say("1202")
    await newcomer.say("跳过")
    summary = (await newcomer.last())["text"]
    assert re.search(r"门牌号：1202", summary), summary
    await newcomer.press("提交登记")
    async with harness.db.sessionmaker() as session:
        person = await by_telegram_id(session, 64001)
    assert person is not None and person.door == "1202"
    assert person.status == RegistrationStatus.pending
