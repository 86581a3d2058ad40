"""Ratings of committee members (评议): each voter rates each member who reported,
once, never themself, while the period runs.

A second rating is refused rather than taken as a change: the grade row does not know
its voter (models/supervision/evaluation.py), so there is nothing to replace."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, roles_of
from models.supervision import evaluation_access, evaluation_reports
from models.supervision.evaluation import (
    EvaluationGrade,
    EvaluationRater,
    EvaluationReport,
    EvaluationRound,
    Grade,
)

COMMENT_MAX = 500


@dataclass(frozen=True)
class Offer:
    member: Person
    report: EvaluationReport
    rated: bool  # by the voter asking


@dataclass(frozen=True)
class Rateable:
    round: EvaluationRound
    member: Person
    report: EvaluationReport


async def _voting(session: AsyncSession, voter: Person, community: Community,
                  now: datetime) -> EvaluationRound | Refused:
    found = await evaluation_access.running(session, community, now)
    if isinstance(found, Refused):
        return found
    return evaluation_access.may_rate(await roles_of(session, voter.id or 0), found) or found


async def offers(session: AsyncSession, *, voter: Person, community: Community,
                 now: datetime) -> Outcome[list[Offer]]:
    """The members the voter may rate, with their reports and whether already rated."""
    found = await _voting(session, voter, community, now)
    if isinstance(found, Refused):
        return found
    done = set((await session.exec(select(EvaluationRater.member_id).where(
        EvaluationRater.round_id == found.id, EvaluationRater.voter_id == voter.id))).all())
    return Done([Offer(member, report, member.id in done)
                 for report, member in await evaluation_reports.reported(session, found.id or 0)
                 if member.id != voter.id])


async def check(session: AsyncSession, *, voter: Person, community: Community, member_id: int,
                now: datetime) -> Rateable | Refused:
    """May this voter rate this member now?"""
    found = await _voting(session, voter, community, now)
    if isinstance(found, Refused):
        return found
    if member_id == voter.id:
        return Refused("supervision/evaluation_not_self")
    report = await session.get(EvaluationReport, (found.id, member_id))
    member = await session.get(Person, member_id)
    if report is None or member is None:
        return Refused("supervision/evaluation_no_report")
    if await session.get(EvaluationRater, (found.id, member_id, voter.id)) is not None:
        return Refused("supervision/evaluation_rated_already", {"member": member})
    return Rateable(found, member, report)


async def rate(session: AsyncSession, *, voter: Person, community: Community, member_id: int,
               grade: Grade, comment: str | None, now: datetime) -> Outcome[Person]:
    """Record the rating, checked again; returns the member rated."""
    checked = await check(session, voter=voter, community=community, member_id=member_id,
                          now=now)
    if isinstance(checked, Refused):
        return checked
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > COMMENT_MAX:
        return Refused("supervision/evaluation_bad_comment", {"limit": COMMENT_MAX})
    round_id = checked.round.id or 0
    try:
        async with session.begin_nested():
            session.add(EvaluationRater(round_id=round_id, member_id=member_id,
                                        voter_id=voter.id or 0))
            session.add(EvaluationGrade(key=secrets.token_hex(16), round_id=round_id,
                                        member_id=member_id, grade=grade, comment=comment))
    except IntegrityError:  # the same voter's rating of the same member sent at once
        return Refused("supervision/evaluation_rated_already", {"member": checked.member})
    # Neither the member nor the grade: the audit log is read by many.
    await audit.record(session, action="evaluation.rated", subject_type="evaluation_round",
                       subject_id=round_id, actor_id=voter.id, details={},
                       community_id=voter.community_id, now=now)
    return Done(checked.member)
