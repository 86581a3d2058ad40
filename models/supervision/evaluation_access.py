"""The year's evaluation round and who may take part in it: the round is found (or
begun) only while its period runs; committee members report, representatives (and
residents, where the file says so) rate."""

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.community import Community
from models.outcomes import Refused
from models.people.roles import Role
from models.supervision import evaluation_rules
from models.supervision.evaluation import EvaluationRound
from models.supervision.evaluation_rules import EvaluationRules, Period


def _closed(rules: EvaluationRules, community: Community, now: datetime) -> Refused:
    zone = community.config.zone
    year = now.astimezone(zone).year
    coming = evaluation_rules.period_of(rules, zone, year)
    if coming.opens_at <= now:
        coming = evaluation_rules.period_of(rules, zone, year + 1)
    return Refused("supervision/evaluation_closed", {"opens_at": coming.opens_at})


async def begin(session: AsyncSession, community: Community, period: Period,
                rules: EvaluationRules) -> tuple[EvaluationRound, bool]:
    """The period's round, made if it is not there yet; true when made now. Two made
    at once meet the (community, year) key and the second takes the first's."""
    query = select(EvaluationRound).where(EvaluationRound.community_id == community.id,
                                          EvaluationRound.year == period.year)
    found = (await session.exec(query)).first()
    if found is not None:
        return found, False
    made = EvaluationRound(community_id=community.id or 0, year=period.year,
                           opens_at=period.opens_at, closes_at=period.closes_at,
                           residents=rules.residents, flag_below=rules.flag_below)
    try:
        async with session.begin_nested():
            session.add(made)
    except IntegrityError:
        return (await session.exec(query)).one(), False
    return made, True


async def running(session: AsyncSession, community: Community,
                  now: datetime) -> EvaluationRound | Refused:
    """The round whose period runs now, or why there is none."""
    rules = community.config.evaluation
    if rules is None:
        return Refused("supervision/evaluation_off")
    period = evaluation_rules.current(rules, community.config.zone, now)
    if period is None:
        return _closed(rules, community, now)
    found, _ = await begin(session, community, period, rules)
    if found.closed_at is not None or not found.opens_at <= now < found.closes_at:
        return _closed(rules, community, now)
    return found


def may_report(roles: frozenset[Role]) -> Refused | None:
    if Role.committee not in roles:
        return Refused("supervision/evaluation_committee_only")
    return None


def may_rate(roles: frozenset[Role], found: EvaluationRound) -> Refused | None:
    if Role.representative in roles or (found.residents and Role.resident in roles):
        return None
    return Refused("supervision/evaluation_voters_only", {"residents": found.residents})
