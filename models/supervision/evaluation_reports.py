"""Committee members' work reports (述职报告): one each per round, posted while the
period runs and published on the disclosure board at once."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.board import disclosures
from models.board.disclosures import BODY_MAX, DisclosureEntry, DisclosureKind
from models.community import Community
from models.messages import Media
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, roles_of
from models.supervision import evaluation_access
from models.supervision.evaluation import EvaluationReport, EvaluationRound

REPORT_MAX = BODY_MAX  # the report is the body of its board entry


@dataclass(frozen=True)
class Posted:
    report: EvaluationReport
    entry: DisclosureEntry


async def may_post(session: AsyncSession, *, member: Person, community: Community,
                   now: datetime) -> EvaluationRound | Refused:
    """May this person post a work report now? A committee member, during the period,
    once."""
    if refused := evaluation_access.may_report(await roles_of(session, member.id or 0)):
        return refused
    found = await evaluation_access.running(session, community, now)
    if isinstance(found, Refused):
        return found
    if await session.get(EvaluationReport, (found.id, member.id)) is not None:
        return Refused("supervision/evaluation_report_exists", {"year": found.year})
    return found


def check_text(typed: str) -> Refused | None:
    text = typed.strip()
    if not text or len(text) > REPORT_MAX:
        return Refused("supervision/evaluation_bad_report",
                       {"limit": REPORT_MAX, "length": len(text)})
    return None


async def post(session: AsyncSession, *, member: Person, community: Community, text: str,
               title: str, media: Sequence[Media] = (), now: datetime) -> Outcome[Posted]:
    """Post the report, checked again (the period may have ended while it was
    written), and publish it on the board under `title`."""
    found = await may_post(session, member=member, community=community, now=now)
    if isinstance(found, Refused):
        return found
    if refused := check_text(text):
        return refused
    try:
        # In one savepoint: a report refused by the key leaves no entry on the board.
        async with session.begin_nested():
            entry = await disclosures.publish(
                session, community_id=community.id or 0, author=member,
                kind=DisclosureKind.work_report, title=title, body=text.strip(), media=media,
                now=now)
            report = EvaluationReport(round_id=found.id or 0, member_id=member.id or 0,
                                      text=text.strip(), disclosure_id=entry.id or 0,
                                      created_at=now)
            session.add(report)
    except IntegrityError:  # the same member's report sent twice at once
        return Refused("supervision/evaluation_report_exists", {"year": found.year})
    await audit.record(session, action="evaluation.reported", subject_type="evaluation_round",
                       subject_id=found.id, actor_id=member.id,
                       details={"disclosure": entry.id}, community_id=member.community_id, now=now)
    return Done(Posted(report, entry))


async def reported(session: AsyncSession,
                   round_id: int) -> list[tuple[EvaluationReport, Person]]:
    """The round's reports with their authors, by name."""
    query = (select(EvaluationReport, Person)
             .join(Person, col(Person.id) == col(EvaluationReport.member_id))
             .where(EvaluationReport.round_id == round_id))
    rows = [(r, p) for r, p in (await session.exec(query)).all()]
    return sorted(rows, key=lambda row: (row[1].name or row[1].display_name, row[1].id or 0))
