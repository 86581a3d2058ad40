"""Naming a supervisor (居务监督委员会) by the representatives' vote, straight on the
database: who may be nominated, what the draft may not change, the close that names
the nominee (and, should they meanwhile have joined the committee, names nobody), a
failed vote that names nobody, and a recall that removes a supervisor."""

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import Database
from models.audit import AuditEntry
from models.community import Community, all_communities
from models.outcomes import Done, Refused
from models.people.persons import Person, RegistrationStatus, by_telegram_id, roles_of
from models.people.role_changes import add_role
from models.people.roles import Role
from models.voting import appoint, closing, recall
from models.voting import ballots as ballot_actions
from models.voting import setup as matter_actions
from models.voting.electorate import Voters
from models.voting.matters import Matter
from models.voting.setup import Draft
from models.voting.tally import MatterKind, PassRule
from tests.factories import residents

CHAIR, MEMBER = 1001, 1002  # the example file's admin and committee member, and member
FOR, AGAINST = 0, 1


class Sent:
    def __init__(self) -> None:
        self.sent: list[tuple[int | None, str, dict[str, Any]]] = []

    def __call__(self, recipient: Person, template: str, /, **params: Any) -> None:
        self.sent.append((recipient.telegram_id, template, params))

    def to(self, telegram_id: int) -> list[str]:
        return [t for who, t, _ in self.sent if who == telegram_id]


async def person(session: AsyncSession, telegram_id: int) -> Person:
    found = await by_telegram_id(session, telegram_id)
    assert found is not None
    return found


def draft(nominee: int | None, now: datetime, **changes: Any) -> Draft:
    values: dict[str, Any] = {
        "title": "推选居务监督委员会成员", "body": "提名一位居民担任居务监督委员会成员。",
        "kind": MatterKind.appoint, "closes_at": now + timedelta(days=1),
        "recall_person_id": nominee, "recall_role": Role.supervisor, **changes}
    return Draft(**values)


async def create(session: AsyncSession, community: Community, nominee: int | None,
                 now: datetime, **changes: Any) -> Done[Matter] | Refused:
    return await matter_actions.create(session, author=await person(session, CHAIR),
                                       community=community, now=now,
                                       draft=draft(nominee, now, **changes))


async def test_only_registered_residents_who_may_be_named_are_offered(db: Database) -> None:
    (plain,) = await residents(db, 1, first_id=45000)
    (rep,) = await residents(db, 1, first_id=45010, role=Role.representative)
    (watcher,) = await residents(db, 1, first_id=45020, role=Role.supervisor)
    (waiting,) = await residents(db, 1, first_id=45030)
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        (await person(session, waiting)).status = RegistrationStatus.pending
        found = await appoint.nominees_named(session, community.id or 0, "居民450")
        assert [p.telegram_id for p in found] == [plain, rep]
        # The committee's members and the admin are never offered, by any spelling.
        for name in ("王主任", "李委员", "主任", " "):
            assert await appoint.nominees_named(session, community.id or 0, name) == []
        assert watcher not in [p.telegram_id for p in found]


async def test_a_draft_naming_someone_who_may_not_be_named_is_refused(db: Database) -> None:
    (plain,) = await residents(db, 1, first_id=45100)
    (watcher,) = await residents(db, 1, first_id=45110, role=Role.supervisor)
    (waiting,) = await residents(db, 1, first_id=45120)
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        now = db.clock.now()
        (await person(session, waiting)).status = RegistrationStatus.pending
        ids = {t: (await person(session, t)).id for t in (plain, watcher, waiting, CHAIR, MEMBER)}
        refusals = {
            "voting/appoint_already": [await create(session, community, ids[watcher], now)],
            "voting/appoint_committee": [await create(session, community, ids[t], now)
                                         for t in (CHAIR, MEMBER)],
            "voting/appoint_not_resident": [
                await create(session, community, ids[waiting], now),
                await create(session, community, None, now),
                await create(session, community, 999999, now)],
            # The voters, the scope and the rule are not the committee's to choose.
            "voting/appoint_fixed": [
                await create(session, community, ids[plain], now, voters=Voters.residents),
                await create(session, community, ids[plain], now, area="east"),
                await create(session, community, ids[plain], now,
                             pass_rule=PassRule.cast_majority),
                await create(session, community, ids[plain], now,
                             recall_role=Role.representative)],
        }
        for template, outcomes in refusals.items():
            for outcome in outcomes:
                assert isinstance(outcome, Refused) and outcome.template == template, outcome
        assert (await session.exec(select(Matter))).all() == []
        created = await create(session, community, ids[plain], now)
        assert isinstance(created, Done)
        matter = created.value
    assert matter.voters == Voters.representatives and matter.area is None
    assert matter.pass_rule == PassRule.electorate_majority  # the file's rule for offices
    assert matter.recall_role == "supervisor"


async def vote_and_close(db: Database, nominee: int, options: list[int], *,
                         meanwhile: Role | None = None, first_rep: int = 45500,
                         ) -> tuple[Matter, Sent]:
    """An appointment put to three representatives who vote `options`, closed; the
    nominee given the `meanwhile` role while the vote was open."""
    reps = await residents(db, 3, first_id=first_rep, role=Role.representative)
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        now = db.clock.now()
        target = await person(session, nominee)
        created = await create(session, community, target.id, now)
        assert isinstance(created, Done)
        matter = created.value
        await matter_actions.open_matter(session, matter.id or 0, notify=Sent(),
                                         buttons=lambda m, b: [], now=now)
        for telegram_id, option in zip(reps, options, strict=False):
            cast = await ballot_actions.cast(session, voter=await person(session, telegram_id),
                                             matter_id=matter.id or 0, option=option, now=now)
            assert isinstance(cast, Done)
        if meanwhile is not None:
            await add_role(session, person=target, role=meanwhile, granted_by=None, now=now)
    sent = Sent()
    async with db.sessionmaker() as session, session.begin():
        closed = await closing.close_matter(
            session, matter.id or 0, now=matter.closes_at, notify=sent,
            chart=lambda m, r: _png(), render=lambda name, params: name)
        assert closed is not None
    return closed.matter, sent


async def _png() -> bytes:
    return b"\x89PNG"


async def appointments(db: Database) -> list[dict[str, Any]]:
    async with db.sessionmaker() as session:
        return [a.details for a in (await session.exec(select(AuditEntry).where(
            col(AuditEntry.action).in_(["role.appointed", "matter.appointment_refused"]))
            .order_by(col(AuditEntry.seq)))).all()]


async def roles(db: Database, telegram_id: int) -> frozenset[Role]:
    async with db.sessionmaker() as session:
        return await roles_of(session, (await person(session, telegram_id)).id or 0)


async def test_a_passed_vote_names_the_supervisor_with_the_vote_in_the_audit(
        db: Database) -> None:
    (nominee,) = await residents(db, 1, first_id=45201)
    matter, sent = await vote_and_close(db, nominee, [FOR, FOR, AGAINST])
    assert matter.result and matter.result["passed"]
    assert Role.supervisor in await roles(db, nominee)
    assert await appointments(db) == [{"role": "supervisor", "matter": matter.id}]
    assert "voting/appointed" in sent.to(nominee)
    assert "voting/appoint_carried" in sent.to(MEMBER)
    async with db.sessionmaker() as session, session.begin():
        # Carried out once: a second attempt finds a supervisor already and names nobody.
        assert not await appoint.carry_out(session, matter, notify=Sent(), now=matter.closes_at)


async def test_a_failed_vote_names_nobody(db: Database) -> None:
    (nominee,) = await residents(db, 1, first_id=45202)
    matter, sent = await vote_and_close(db, nominee, [FOR, AGAINST, AGAINST])
    assert matter.result and not matter.result["passed"]
    assert Role.supervisor not in await roles(db, nominee)
    assert await appointments(db) == []
    assert not [t for t in sent.to(nominee) if t.startswith("voting/appoint")]
    # Too few ballots: one of six, under the file's majority of the electorate.
    matter, _ = await vote_and_close(db, nominee, [FOR], first_rep=45510)
    assert matter.result and not matter.result["passed"]
    assert Role.supervisor not in await roles(db, nominee)


async def test_a_nominee_who_joined_the_committee_meanwhile_is_refused_at_the_close(
        db: Database) -> None:
    (nominee,) = await residents(db, 1, first_id=45203)
    matter, sent = await vote_and_close(db, nominee, [FOR, FOR, FOR], meanwhile=Role.committee)
    assert matter.result and matter.result["passed"]
    assert Role.supervisor not in await roles(db, nominee)
    assert await appointments(db) == [{"person": matter.recall_person_id,
                                       "reason": "voting/appoint_committee"}]
    told = [p for who, t, p in sent.sent if t == "voting/appoint_void" and who == MEMBER]
    assert told == [{"matter": matter, "reason": "committee"}]


async def test_a_recall_can_remove_a_supervisor(db: Database) -> None:
    (watcher,) = await residents(db, 1, first_id=45300, role=Role.supervisor)
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        now = db.clock.now()
        found = await recall.holders_named(session, community.id or 0, str(watcher))
        assert [(p.telegram_id, role) for p, role in found] == [(watcher, Role.supervisor)]
        created = await matter_actions.create(
            session, author=await person(session, CHAIR), community=community, now=now,
            draft=Draft(title="罢免", body="说明", kind=MatterKind.recall,
                        closes_at=now + timedelta(days=1), recall_person_id=found[0][0].id,
                        recall_role=Role.supervisor))
        assert isinstance(created, Done)
        sent = Sent()
        assert await recall.carry_out(session, created.value, notify=sent, now=now)
        assert Role.supervisor not in await roles_of(session, found[0][0].id or 0)
        assert sent.to(watcher) == ["roles/recalled"]
        audit = (await session.exec(select(AuditEntry).where(
            AuditEntry.action == "role.recalled"))).one()
    assert audit.details == {"role": "supervisor", "matter": created.value.id}
