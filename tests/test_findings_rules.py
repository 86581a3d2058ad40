"""Who may publish and correct the supervisors' findings (监督意见), straight on the
database: a supervisor publishes and corrects them; the committee, an admin and a
resident are refused both, and nothing is written; the committee still corrects its
own entries, which a supervisor may not."""

from sqlmodel import col, select

from bot.app import Database
from models.audit import AuditEntry
from models.board import authorship, disclosures
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.outcomes import Done, Refused
from models.people.persons import Person, by_telegram_id
from models.people.roles import Role
from tests.factories import residents
from tests.test_registration_flow import CHAIR

MEMBER = 1002  # a committee member only; CHAIR is an admin and a committee member
WATCHER, PLAIN = 48100, 48110
THEIRS = Refused("board/findings_theirs")


async def load(db: Database, telegram_id: int) -> Person:
    async with db.sessionmaker() as session:
        found = await by_telegram_id(session, telegram_id)
    assert found is not None
    return found


async def written(db: Database) -> tuple[list[int | None], list[str]]:
    async with db.sessionmaker() as session:
        ids = list((await session.exec(select(DisclosureEntry.id)
                                       .order_by(col(DisclosureEntry.id)))).all())
        actions = list((await session.exec(select(AuditEntry.action)
                                           .order_by(col(AuditEntry.seq)))).all())
    return ids, actions


async def by_hand(db: Database, author: Person, kind: DisclosureKind = DisclosureKind.finding,
                  corrects_id: int | None = None) -> Done[DisclosureEntry] | Refused:
    async with db.sessionmaker() as session, session.begin():
        return await authorship.publish_by_hand(
            session, author=author, kind=kind, title="标题", body="正文",
            corrects_id=corrects_id, now=db.clock.now())


async def test_only_supervisors_publish_and_correct_findings(db: Database) -> None:
    await residents(db, 1, first_id=WATCHER, role=Role.supervisor)
    await residents(db, 1, first_id=PLAIN)
    watcher = await load(db, WATCHER)
    finding = await by_hand(db, watcher)
    assert isinstance(finding, Done) and finding.value.kind == DisclosureKind.finding
    finding_id = finding.value.id
    before = await written(db)

    for telegram_id in (CHAIR, MEMBER, PLAIN):
        someone = await load(db, telegram_id)
        assert await by_hand(db, someone) == THEIRS
        assert await by_hand(db, someone, DisclosureKind.other, finding_id) == THEIRS
        async with db.sessionmaker() as session:
            assert await authorship.may_correct(session, someone, finding_id or 0,
                                                now=db.clock.now()) == THEIRS
    assert await written(db) == before

    correction = await by_hand(db, watcher, DisclosureKind.other, finding_id)
    assert isinstance(correction, Done)  # a correction keeps the kind it corrects
    assert (correction.value.kind, correction.value.corrects_id) == (
        DisclosureKind.finding, finding_id)


async def test_the_committee_keeps_its_own_entries(db: Database) -> None:
    await residents(db, 1, first_id=WATCHER, role=Role.supervisor)
    member, watcher = await load(db, MEMBER), await load(db, WATCHER)
    own = await by_hand(db, member, DisclosureKind.financial)
    assert isinstance(own, Done)
    assert await by_hand(db, watcher, DisclosureKind.financial) == Refused("common/not_allowed")
    assert await by_hand(db, watcher, corrects_id=own.value.id) == Refused("common/not_allowed")
    assert isinstance(await by_hand(db, member, corrects_id=own.value.id), Done)
    assert await by_hand(db, member, corrects_id=999) == Refused("board/not_found")
    async with db.sessionmaker() as session:
        shown, _ = await disclosures.page(session, watcher.community_id or 0,
                                          now=db.clock.now(), kind=DisclosureKind.financial)
    assert [e.corrects_id for e in shown] == [own.value.id, None]
