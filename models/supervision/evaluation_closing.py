"""The scheduler's work on the evaluation (述职评议): a round begins when its period
opens (committee members are told to report) and, once it has ended, its results are
published on the board exactly once, with a chart; members below the line are flagged
and the supervisors told. Each step is guarded by the round's state."""

from datetime import datetime

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit, charts, files
from models.board import disclosures
from models.board.disclosures import DisclosureKind
from models.community import Community, all_communities
from models.messages import Media
from models.people.persons import with_role
from models.people.roles import Role
from models.periodic import Work
from models.supervision import evaluation_access, evaluation_reports, evaluation_rules
from models.supervision.evaluation import EvaluationGrade, EvaluationRound, Grade
from models.supervision.evaluation_results import MemberResult, summarise

OPENED = "supervision/evaluation_opened"
FLAGGED = "supervision/evaluation_flagged"


async def sweep(work: Work) -> int:
    """Begin the rounds whose period has opened and close those that have ended."""
    done = 0
    async with work.sessionmaker() as session:
        communities = [c for c in await all_communities(session) if c.config.evaluation]
        ending = (await session.exec(select(EvaluationRound.id).where(
            col(EvaluationRound.closed_at).is_(None),
            col(EvaluationRound.closes_at) <= work.now))).all()
    for community in communities:
        done += await _begin(work, community)
    for round_id in ending:
        done += await close(work, round_id or 0)
    return done


async def _begin(work: Work, community: Community) -> int:
    """Begin the running period's round if no one has, and tell the committee members
    once (a round begun by someone's /evaluate has not told them yet)."""
    rules = community.config.evaluation
    assert rules is not None
    period = evaluation_rules.current(rules, community.config.zone, work.now)
    if period is None:
        return 0
    async with work.sessionmaker() as session, session.begin():
        found, _ = await evaluation_access.begin(session, community, period, rules)
        told = await session.exec(
            update(EvaluationRound).where(col(EvaluationRound.id) == found.id,
                                          col(EvaluationRound.told_at).is_(None))
            .values(told_at=work.now).execution_options(synchronize_session=False))
        if told.rowcount != 1:
            return 0
        notify = work.notifier(session, community)
        members = await with_role(session, community.id or 0, Role.committee)
        for member in members:
            notify(member, OPENED, round=found)
    return len(members)


async def _claim(session: AsyncSession, round_id: int, now: datetime) -> EvaluationRound | None:
    claimed = await session.exec(
        update(EvaluationRound).where(col(EvaluationRound.id) == round_id,
                                      col(EvaluationRound.closed_at).is_(None),
                                      col(EvaluationRound.closes_at) <= now)
        .values(closed_at=now).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        return None
    return await session.get(EvaluationRound, round_id, populate_existing=True)


async def results_of(session: AsyncSession, found: EvaluationRound) -> list[MemberResult]:
    reports = await evaluation_reports.reported(session, found.id or 0)
    grades = (await session.exec(select(EvaluationGrade.member_id, EvaluationGrade.grade)
                                 .where(EvaluationGrade.round_id == found.id))).all()
    return summarise([(p.id or 0, p.name or p.display_name) for _, p in reports],
                     [(member_id, Grade(grade)) for member_id, grade in grades],
                     flag_below=found.flag_below)


async def comments_of(session: AsyncSession, round_id: int) -> dict[int, list[str]]:
    """Per member, the comments in text order: the order they came in could be set
    against other traces of who rated when."""
    rows = (await session.exec(select(EvaluationGrade.member_id, EvaluationGrade.comment)
                               .where(EvaluationGrade.round_id == round_id))).all()
    found: dict[int, list[str]] = {}
    for member_id, comment in rows:
        if comment:
            found.setdefault(member_id, []).append(comment)
    return {m: sorted(texts) for m, texts in found.items()}


async def close(work: Work, round_id: int) -> int:
    """Publish the round's results once; returns 1 when this call published them."""
    async with work.sessionmaker() as session, session.begin():
        found = await _claim(session, round_id, work.now)
        community = await session.get(Community, found.community_id) if found else None
        if found is None or community is None:
            return 0
        results = await results_of(session, found)
        reported = {r.member_id for r in results}
        silent = [p.name or p.display_name for p in
                  await with_role(session, community.id or 0, Role.committee)
                  if p.id not in reported]
        language = community.config.default_language
        params = {"round": found, "results": results, "silent": silent,
                  "comments": await comments_of(session, round_id),
                  "community": community, "zone": community.config.timezone}
        media = await _chart(work, session, found, results, language)
        entry = await disclosures.publish(
            session, community_id=community.id or 0, author=None,
            kind=DisclosureKind.evaluation,
            title=work.texts.render(language, "supervision/evaluation_results_title",
                                    **params),
            body=work.texts.render(language, "supervision/evaluation_results", **params),
            media=media, report_key=f"evaluation:{found.year}", now=work.now)
        found.results = [r.as_dict() for r in results]
        found.disclosure_id = entry.id
        flagged = [r for r in results if r.flagged]
        await audit.record(session, action="evaluation.closed", subject_type="evaluation_round",
                           subject_id=found.id, details={
                               "disclosure": entry.id, "results": found.results},
                               community_id=found.community_id, now=work.now)
        if flagged:
            notify = work.notifier(session, community)
            for supervisor in await with_role(session, community.id or 0, Role.supervisor):
                notify(supervisor, FLAGGED, round=found, flagged=flagged, entry=entry)
    return 1


async def _chart(work: Work, session: AsyncSession, found: EvaluationRound,
                 results: list[MemberResult], language: str) -> list[Media]:
    """Each member's satisfaction share, in percent; none when nobody was rated."""
    rated = [r for r in results if r.share is not None]
    if not rated:
        return []
    title = work.texts.label(language, "supervision/evaluation.chart_title", year=found.year)
    image = await charts.draw(charts.bar_chart, title, [r.name for r in rated],
                              [round((r.share or 0) * 100, 1) for r in rated])
    stored = await files.store(session, name=f"evaluation-{found.year}.png",
                               content_type="image/png", data=image, now=work.now)
    return [Media("photo", stored_file_id=stored.id)]
