"""The evaluation's use cases on the database: who may post a report and who may rate
whom, each refused role tried; once only; nothing outside the period; and the ratings
stored so that no row joins a voter to a grade."""

import pytest
import sqlalchemy as sa
from sqlmodel import select

from bot.app import Database
from models.audit import AuditEntry
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.outcomes import Done, Refused
from models.people.roles import Role
from models.supervision import evaluation_ratings, evaluation_reports
from models.supervision.evaluation import EvaluationGrade, EvaluationRater, Grade
from tests.evaluation_kit import AFTER, BEFORE, CHAIR, DURING, MEMBER, enable, grant, people
from tests.meetings_kit import act


async def post(db: Database, tg: int, text: str = "一年来的工作") -> object:
    return await act(db, evaluation_reports.post, who="member", tg=tg, community=True,
                     text=text, title=f"述职报告 {tg}")


async def rate(db: Database, tg: int, member_tg: int, grade: Grade = Grade.satisfied,
               comment: str | None = None) -> object:
    member = await act(db, _person, tg=member_tg)
    return await act(db, evaluation_ratings.rate, who="voter", tg=tg, community=True,
                     member_id=member.id, grade=grade, comment=comment)


async def _person(session: object, *, person: object) -> object:
    return person


def refused(outcome: object, template: str) -> None:
    assert isinstance(outcome, Refused), outcome
    assert outcome.template == f"supervision/{template}", outcome


async def test_off_without_settings_and_closed_outside_the_period(db: Database) -> None:
    db.clock.set(DURING)
    refused(await post(db, CHAIR), "evaluation_off")
    await enable(db)
    for moment in (BEFORE, AFTER):
        db.clock.set(moment)
        outcome = await post(db, CHAIR)
        refused(outcome, "evaluation_closed")
        assert isinstance(outcome, Refused) and outcome.params["opens_at"] > moment
    async with db.sessionmaker() as session:
        assert (await session.exec(select(DisclosureEntry))).all() == []


@pytest.mark.parametrize("role", [Role.resident, Role.representative, Role.supervisor,
                                  Role.handler, Role.admin])
async def test_only_committee_members_post_reports(db: Database, role: Role) -> None:
    await enable(db)
    db.clock.set(DURING)
    (tg,) = await people(db, role, first_id=51000)
    refused(await post(db, tg), "evaluation_committee_only")
    refused(await act(db, evaluation_reports.may_post, who="member", tg=tg, community=True),
            "evaluation_committee_only")


async def test_a_member_reports_once_and_it_is_on_the_board(db: Database) -> None:
    await enable(db)
    db.clock.set(DURING)
    refused(await post(db, CHAIR, "  "), "evaluation_bad_report")
    done = await post(db, CHAIR)
    assert isinstance(done, Done)
    refused(await post(db, CHAIR, "再来一份"), "evaluation_report_exists")
    async with db.sessionmaker() as session:
        entries = (await session.exec(select(DisclosureEntry))).all()
    assert [(e.kind, e.body) for e in entries] == [(DisclosureKind.work_report, "一年来的工作")]


@pytest.mark.parametrize("role", [Role.committee, Role.supervisor, Role.handler, Role.admin,
                                  Role.resident])
async def test_only_representatives_rate(db: Database, role: Role) -> None:
    await enable(db)
    db.clock.set(DURING)
    assert isinstance(await post(db, CHAIR), Done)
    (tg,) = await people(db, role, first_id=52000)
    refused(await rate(db, tg, CHAIR), "evaluation_voters_only")
    refused(await act(db, evaluation_ratings.offers, who="voter", tg=tg, community=True),
            "evaluation_voters_only")
    await _nothing_rated(db)


async def test_residents_rate_where_the_file_says_so(db: Database) -> None:
    await enable(db, residents_rate=True)
    db.clock.set(DURING)
    assert isinstance(await post(db, CHAIR), Done)
    (resident,) = await people(db, Role.resident, first_id=53000)
    assert isinstance(await rate(db, resident, CHAIR), Done)


async def test_one_rating_per_voter_and_member_never_oneself(db: Database) -> None:
    await enable(db)
    db.clock.set(DURING)
    (rep,) = await people(db, Role.representative, first_id=54000)
    refused(await rate(db, rep, CHAIR), "evaluation_no_report")  # no report yet
    assert isinstance(await post(db, CHAIR), Done)
    assert isinstance(await post(db, MEMBER), Done)
    await grant(db, MEMBER, Role.representative)  # a member who is also a representative
    refused(await rate(db, MEMBER, MEMBER), "evaluation_not_self")
    refused(await rate(db, rep, CHAIR, comment="长" * 501), "evaluation_bad_comment")
    assert isinstance(await rate(db, rep, CHAIR, Grade.dissatisfied, "回复太慢"), Done)
    refused(await rate(db, rep, CHAIR, Grade.satisfied), "evaluation_rated_already")
    assert isinstance(await rate(db, MEMBER, CHAIR, Grade.basically), Done)
    offers = await act(db, evaluation_ratings.offers, who="voter", tg=MEMBER, community=True)
    assert isinstance(offers, Done)  # the member sees the chair's report, not their own
    assert [(o.member.telegram_id, o.rated) for o in offers.value] == [(CHAIR, True)]
    db.clock.set(AFTER)
    refused(await rate(db, rep, MEMBER), "evaluation_closed")

    async with db.sessionmaker() as session:
        grades = (await session.exec(select(EvaluationGrade))).all()
        raters = (await session.exec(select(EvaluationRater))).all()
        audit = (await session.exec(select(AuditEntry).where(
            AuditEntry.action == "evaluation.rated"))).all()
    assert sorted((g.grade, g.comment) for g in grades) == [
        (Grade.basically, None), (Grade.dissatisfied, "回复太慢")]
    assert len(raters) == 2
    # Secret: a grade row has no voter and no time; the audit names neither member nor grade.
    assert set(EvaluationGrade.__table__.columns.keys()) == {  # type: ignore[attr-defined]
        "key", "round_id", "member_id", "grade", "comment"}
    assert [a.details for a in audit] == [{}, {}]


async def _nothing_rated(db: Database) -> None:
    async with db.sessionmaker() as session:
        for table in (EvaluationGrade, EvaluationRater):
            count = (await session.exec(select(sa.func.count()).select_from(table))).one()
            assert count == 0
