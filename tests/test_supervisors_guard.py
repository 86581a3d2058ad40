"""The committee cannot bend the supervisory committee (居务监督委员会): every route a
committee member or an admin has to grant or revoke roles is tried with the supervisor
role and refused with nothing changed, in the use cases and through the emulator on
both engines (/grant and /revoke typed, forged buttons pressed); nor may a supervisor be
made a committee member or an admin."""

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import Database
from bot.playground import Harness, Player
from handlers.people.buttons import ApproveRegistration, RejectRegistration
from handlers.voting.buttons import MatterNomineePick, MatterRecallPick
from models.audit import AuditEntry
from models.outbox import Delivery
from models.outcomes import Refused
from models.people import role_changes
from models.people.persons import Person, RoleGrant, by_telegram_id
from models.people.roles import Role
from tests.factories import residents
from tests.test_registration_flow import CHAIR
from tests.test_supervisors_rules import Sent

MEMBER = 1002  # 李委员, a committee member only; CHAIR is an admin and committee member
WATCHER, PLAIN = 47000, 47010


async def person(session: AsyncSession, telegram_id: int) -> Person:
    found = await by_telegram_id(session, telegram_id)
    assert found is not None
    return found


async def state(db: Database) -> tuple[list[tuple[int, str]], list[str]]:
    """Every role held, and every audit entry about roles: what must not change."""
    async with db.sessionmaker() as session:
        grants = [(g.person_id, g.role.value) for g in (await session.exec(
            select(RoleGrant).order_by(col(RoleGrant.person_id), col(RoleGrant.role)))).all()]
        audits = [a.action for a in (await session.exec(select(AuditEntry).where(
            col(AuditEntry.action).startswith("role.")))).all()]
    return grants, audits


async def test_no_granter_grants_or_revokes_the_supervisor_role(db: Database) -> None:
    await residents(db, 1, first_id=WATCHER, role=Role.supervisor)
    await residents(db, 1, first_id=PLAIN)
    before = await state(db)
    async with db.sessionmaker() as session, session.begin():
        for granter_id in (CHAIR, MEMBER):
            granter = await person(session, granter_id)
            for target_id in (PLAIN, WATCHER, granter_id):  # themselves too
                target, sent = await person(session, target_id), Sent()
                for department in (None, "property"):
                    outcome = await role_changes.grant(
                        session, granter=granter, person=target, role=Role.supervisor,
                        department=department, notify=sent, now=db.clock.now())
                    assert outcome == Refused("roles/named_elsewhere", {"role": "supervisor"})
                outcome = await role_changes.revoke(
                    session, granter=granter, person=target, role=Role.supervisor,
                    notify=sent, now=db.clock.now())
                assert outcome == Refused("roles/named_elsewhere", {"role": "supervisor"})
                assert sent.sent == []
        # Nor is a supervisor made one of those they watch, not even by the admin.
        chair, watcher = await person(session, CHAIR), await person(session, WATCHER)
        for role in (Role.committee, Role.admin):
            outcome = await role_changes.grant(session, granter=chair, person=watcher,
                                               role=role, department=None, notify=Sent(),
                                               now=db.clock.now())
            assert outcome == Refused("roles/supervisor_apart", {"role": role.value})
    assert await state(db) == before


async def test_no_route_in_chat_makes_or_unmakes_a_supervisor(harness: Harness) -> None:
    await residents(harness.db, 1, first_id=WATCHER, client=harness.client,
                    role=Role.supervisor)
    await residents(harness.db, 1, first_id=PLAIN, client=harness.client)
    chair = await harness.player(CHAIR, "王主任")
    member = await harness.player(MEMBER, "李委员")
    before = await state(harness.db)
    async with harness.db.sessionmaker() as session:
        watcher_id = (await person(session, WATCHER)).id or 0
        plain_id = (await person(session, PLAIN)).id or 0

    for granter in (chair, member):
        for command in (f"/grant {PLAIN} supervisor", f"/grant {granter.id} supervisor",
                        f"/revoke {WATCHER} supervisor", f"/grant {WATCHER} supervisor",
                        f"/grant {PLAIN} supervisor property"):
            refused = (await granter.say(command))[-1]["text"]
            assert "都不能授予或撤销" in refused, (command, refused)
        # Forged buttons: the registration's decision on a supervisor already approved,
        # and a nominee picked outside any draft.
        for data in (RejectRegistration(watcher_id).pack(),
                     ApproveRegistration(plain_id).pack()):
            await granter.press_data(1, data)
            assert "已经处理" in (await granter.alerts())[-1], data
        await granter.press_data(1, MatterNomineePick(plain_id).pack())
        assert "失效" in (await granter.alerts())[-1]
    refused = (await chair.say(f"/grant {WATCHER} committee"))[-1]["text"]
    assert "不能同时担任“居委会成员”" in refused, refused
    assert await state(harness.db) == before
    for player in (Player(harness, WATCHER, "监督"), Player(harness, PLAIN, "居民")):
        assert not [m for m in await player.messages() if "身份" in (m.get("text") or "")]
    async with harness.db.sessionmaker() as session:
        sent = (await session.exec(select(Delivery.template).where(
            col(Delivery.template).startswith("roles/")))).all()
    assert set(sent) <= {"roles/named_elsewhere", "roles/supervisor_apart"}, sent

    # A supervisor answers to the representatives, who may recall them: the recall's
    # look-up offers them, and its button carries the office.
    await member.say("/newmatter")
    await member.say("罢免居务监督委员会成员")
    await member.say("说明")
    await member.press("完成")
    await member.press("罢免")
    offered = (await member.say(str(WATCHER)))[-1]
    assert MatterRecallPick(watcher_id, Role.supervisor).pack() in str(offered["reply_markup"])
    assert f"居民{WATCHER}（居务监督委员会成员）" in str(offered["reply_markup"]), offered
