"""The evaluation's periodic work on the database: committee members are told when a
period opens, once; when it ends the results are published once, with a chart and
without any voter's name, a member below the line is flagged and the supervisors told."""

from sqlmodel import col, select

from bot.app import Database
from bot.playground import run_job
from chat.render import Renderer
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.outbox import Delivery
from models.people.roles import Role
from models.supervision import evaluation_ratings
from models.supervision.evaluation import EvaluationRound, Grade
from models.supervision.evaluation_closing import FLAGGED, OPENED
from tests.evaluation_kit import AFTER, CHAIR, DURING, MEMBER, enable, people
from tests.meetings_kit import act
from tests.test_evaluation_access import post, rate


async def sent(db: Database, template: str) -> list[int]:
    async with db.sessionmaker() as session:
        return sorted((await session.exec(select(Delivery.chat_id).where(
            col(Delivery.template) == template))).all())


async def test_members_are_told_once_when_the_period_opens(db: Database,
                                                           renderer: Renderer) -> None:
    await enable(db)
    db.clock.set(DURING)
    (rep,) = await people(db, Role.representative, first_id=54500)
    # A representative's /evaluate begins the round before the sweep comes by.
    await act(db, evaluation_ratings.offers, who="voter", tg=rep, community=True)
    assert await run_job(db, "evaluation", renderer, now=DURING) == 2
    assert await run_job(db, "evaluation", renderer, now=DURING) == 0
    assert await sent(db, OPENED) == [CHAIR, MEMBER]


async def test_results_are_published_once_and_a_low_score_is_flagged(
        db: Database, renderer: Renderer) -> None:
    await enable(db, flag_below=0.6)
    db.clock.set(DURING)
    (watcher,) = await people(db, Role.supervisor, first_id=55000)
    reps = await people(db, Role.representative, 3, first_id=56000)
    for tg in (CHAIR, MEMBER):
        await post(db, tg)
    for tg in reps:
        await rate(db, tg, CHAIR, Grade.satisfied)
    await rate(db, reps[0], MEMBER, Grade.dissatisfied, "回复太慢")
    await rate(db, reps[1], MEMBER, Grade.dissatisfied)
    await rate(db, reps[2], MEMBER, Grade.basically, "希望多来楼里看看")
    (silent,) = await people(db, Role.committee, first_id=57000)  # posted no report

    # Not ended yet: only the committee members are told it opened (three of them now).
    assert await run_job(db, "evaluation", renderer, now=DURING) == 3
    assert await run_job(db, "evaluation", renderer, now=AFTER) == 1
    assert await run_job(db, "evaluation", renderer, now=AFTER) == 0

    async with db.sessionmaker() as session:
        entry = (await session.exec(select(DisclosureEntry).where(
            DisclosureEntry.kind == DisclosureKind.evaluation))).one()
        found = (await session.exec(select(EvaluationRound))).one()
    assert found.disclosure_id == entry.id and found.closed_at == AFTER
    assert [(r["name"], r["satisfied"], r["basically"], r["dissatisfied"], r["flagged"])
            for r in found.results] == [("李委员", 0, 1, 2, True), ("王主任", 3, 0, 0, False)]
    body = entry.body
    assert "满意 3 · 基本满意 0 · 不满意 0，共 3 人" in body and "满意率：100.0%" in body
    assert "满意 0 · 基本满意 1 · 不满意 2，共 3 人" in body and "满意率：33.3%" in body
    assert "⚠️ 满意率低于 60%" in body and f"未提交述职报告：居民{silent}" in body
    assert "• 回复太慢\n• 希望多来楼里看看" in body
    assert not any(f"居民{tg}" in body or str(tg) in body for tg in reps)
    assert [m["kind"] for m in entry.media] == ["photo"]  # the chart
    assert await sent(db, FLAGGED) == [watcher]


async def test_nobody_is_flagged_when_everyone_is_content(db: Database,
                                                          renderer: Renderer) -> None:
    await enable(db)
    db.clock.set(DURING)
    await people(db, Role.supervisor, first_id=58000)
    (rep,) = await people(db, Role.representative, first_id=58100)
    await post(db, CHAIR)
    await rate(db, rep, CHAIR, Grade.basically)
    assert await run_job(db, "evaluation", renderer, now=AFTER) == 1
    assert await sent(db, FLAGGED) == []
