"""The supervisors' view of the audit log: their community's entries only, newest
first, filtered by kind and person, the chain's state, the CSV export, and who may
look at all."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import Database
from models import audit, audit_view
from models.audit import AuditEntry
from models.audit_view import PAGE_SIZE, Filter
from models.community import all_communities
from models.files import StoredFile
from models.outcomes import Done, Refused
from models.people import role_changes
from models.people.persons import Person
from models.people.roles import Role
from tests.test_hotline_rules import load, staff

AT = datetime(2026, 12, 3, 1, 30, 15, tzinfo=UTC)  # 09:30 in Shanghai
SUPERVISING = frozenset({Role.supervisor, Role.resident})
HEADERS = ["序号", "时间", "操作人", "类别", "操作", "对象", "详情", "哈希"]


async def community_id(session: AsyncSession) -> int:
    return (await all_communities(session))[0].id or 0


async def seeded(db: Database) -> int:
    """The entries seeding wrote into the community (its creation, its bootstrap)."""
    async with db.sessionmaker() as session:
        cid = await community_id(session)
        return (await session.exec(sa.select(sa.func.count()).where(
            AuditEntry.community_id == cid))).scalar_one()  # type: ignore[call-overload]


async def log(db: Database) -> tuple[int, int, int]:
    """Twelve ticket entries by one person, three role entries about another, and
    entries of another community and of none; returns (community, actor, subject)."""
    actor = await staff(db, 7001, Role.handler, "city", name="=张承办")
    subject = await staff(db, 7002, Role.resident, name="李居民")
    async with db.sessionmaker() as session, session.begin():
        cid = await community_id(session)
        for i in range(12):
            await audit.record(session, action="ticket.noted", subject_type="ticket",
                               subject_id=f"2612-{i:04}", actor_id=actor, community_id=cid,
                               details={"note": i}, now=AT + timedelta(minutes=i))
        for role in ("representative", "handler", "committee"):
            await audit.record(session, action="role.granted", subject_type="person",
                               subject_id=subject, details={"role": role}, community_id=cid,
                               now=AT + timedelta(hours=1))
        await audit.record(session, action="ticket.filed", subject_type="ticket",
                           subject_id="elsewhere", community_id=cid + 1000, now=AT)
        await audit.record(session, action="community.created", subject_type="community",
                           subject_id="old", community_id=None, now=AT)
    return cid, actor, subject


async def test_pages_show_the_community_newest_first(db: Database) -> None:
    before = await seeded(db)
    assert before > 0  # seeding is a use case that names the community too
    cid, _, _ = await log(db)
    async with db.sessionmaker() as session:
        first = await audit_view.page(session, roles=SUPERVISING, community_id=cid,
                                      chosen=Filter(), number=0)
        last = await audit_view.page(session, roles=SUPERVISING, community_id=cid,
                                     chosen=Filter(), number=99)
    assert isinstance(first, Done) and isinstance(last, Done)
    seqs = [line.entry.seq for line in first.value.lines]
    assert len(seqs) == PAGE_SIZE and seqs == sorted(seqs, reverse=True)
    total = before + 15
    assert first.value.total == total and first.value.pages == -(-total // PAGE_SIZE)
    assert not first.value.has_newer and first.value.has_older
    assert last.value.page == first.value.pages - 1  # past the end: the last page
    assert len(last.value.lines) == total - PAGE_SIZE * last.value.page
    shown = {line.entry.subject_id for p in (first, last) for line in p.value.lines}
    assert "elsewhere" not in shown and "old" not in shown
    assert first.value.chain.ok and first.value.chain.entries == total + 2


async def test_filters_by_kind_and_by_person(db: Database) -> None:
    cid, actor, subject = await log(db)
    async with db.sessionmaker() as session:
        async def shown(chosen: Filter) -> list[str]:
            outcome = await audit_view.page(session, roles=SUPERVISING, community_id=cid,
                                            chosen=chosen, number=0)
            assert isinstance(outcome, Done)
            return [line.entry.action for line in outcome.value.lines]

        assert set(await shown(Filter(kind="ticket"))) == {"ticket.noted"}
        assert len(await shown(Filter(kind="ticket"))) == PAGE_SIZE
        assert await shown(Filter(kind="tick")) == []  # a prefix is a whole kind
        assert await shown(Filter(person_id=subject)) == ["role.granted"] * 3
        assert set(await shown(Filter(person_id=actor))) == {"ticket.noted"}
        assert await shown(Filter(kind="role", person_id=actor)) == []
        assert {"role", "ticket"} <= set(await audit_view.kinds(session, cid))
        named = await audit_view.people_named(session, cid, "李居")
        assert [p.id for p in named] == [subject]
        assert await audit_view.people_named(session, cid, "  ") == []
        named_here = await audit_view.page(session, roles=SUPERVISING, community_id=cid,
                                           chosen=Filter(person_id=subject), number=0)
        elsewhere = await audit_view.page(session, roles=SUPERVISING, community_id=cid + 1,
                                          chosen=Filter(person_id=subject), number=0)
        assert isinstance(named_here, Done) and named_here.value.person == "李居民"
        assert isinstance(elsewhere, Done) and elsewhere.value.person is None
        assert elsewhere.value.lines == []


@pytest.mark.parametrize("role", [Role.resident, Role.representative, Role.committee,
                                  Role.handler])
async def test_everyone_but_supervisors_and_admins_is_refused(db: Database,
                                                              role: Role) -> None:
    cid, _, _ = await log(db)
    async with db.sessionmaker() as session:
        for roles, allowed in ((frozenset({role, Role.resident}), False),
                               (frozenset({role, Role.supervisor}), True),
                               (frozenset({role, Role.admin}), True)):
            seen = await audit_view.page(session, roles=roles, community_id=cid,
                                         chosen=Filter(), number=0)
            taken = await audit_view.export(
                session, roles=roles, community_id=cid, chosen=Filter(), headers=HEADERS,
                kind_name=str, zone=UTC, name="a.csv", now=AT)
            for outcome in (seen, taken):
                assert isinstance(outcome, Done) is allowed
                if not allowed:
                    assert outcome == Refused("supervision/watchers_only")


async def test_a_broken_chain_is_reported_at_its_first_bad_entry(db: Database) -> None:
    cid, _, _ = await log(db)
    async with db.sessionmaker() as session, session.begin():
        await session.exec(sa.update(AuditEntry).where(AuditEntry.seq == 5)
                           .values(details={"note": 99}))
    async with db.sessionmaker() as session:
        outcome = await audit_view.page(session, roles=SUPERVISING, community_id=cid,
                                        chosen=Filter(), number=0)
    assert isinstance(outcome, Done)
    assert not outcome.value.chain.ok and outcome.value.chain.first_broken == 5


async def test_the_export_is_a_csv_excel_reads_in_local_time(db: Database) -> None:
    cid, actor, _ = await log(db)
    async with db.sessionmaker() as session, session.begin():
        outcome = await audit_view.export(
            session, roles=SUPERVISING, community_id=cid, chosen=Filter(kind="ticket"),
            headers=HEADERS, kind_name={"ticket": "诉求"}.get,  # type: ignore[arg-type]
            zone=(await all_communities(session))[0].config.zone, name="audit.csv", now=AT)
        assert isinstance(outcome, Done)
        stored = await session.get(StoredFile, outcome.value.id)
        assert stored is not None
    assert stored.data.startswith(b"\xef\xbb\xbf") and stored.content_type == "text/csv"
    rows = list(csv.reader(io.StringIO(stored.data.decode("utf-8-sig"))))
    assert rows[0] == HEADERS and len(rows) == 13
    first = rows[1]
    assert first[1] == "2026-12-03 09:30"  # Shanghai, to the minute
    assert first[2] == "'=张承办"  # a name typed as a formula stays text
    assert first[3:6] == ["诉求", "ticket.noted", "ticket 2612-0000"]
    assert first[6] == '{"note":0}'
    assert [int(r[0]) for r in rows[1:]] == sorted(int(r[0]) for r in rows[1:])


async def test_use_cases_write_the_community_into_their_entries(db: Database) -> None:
    person = await staff(db, 7003, Role.resident, name="王居民")
    committee = await staff(db, 7004, Role.committee, name="钱委员")
    async with db.sessionmaker() as session, session.begin():
        cid = await community_id(session)
        granter = await load(session, 7004)
        target = await session.get(Person, person)
        assert target is not None and granter.id == committee
        await role_changes.add_role(session, person=target, role=Role.representative,
                                    granted_by=granter, now=AT)
    async with db.sessionmaker() as session:
        outcome = await audit_view.page(session, roles=SUPERVISING, community_id=cid,
                                        chosen=Filter(kind="role", person_id=person),
                                        number=0)
    assert isinstance(outcome, Done)
    assert [line.entry.action for line in outcome.value.lines] == ["role.granted"]
    assert outcome.value.lines[0].actor == "钱委员"
