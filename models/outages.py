"""Outages told to the committee, once each.

The sender gives a message up when Telegram failed it through all its bounded retries
(`Delivery.given_up_at`). A broadcast's author sees those in its final report, with a
button that sends them again; a spell that long is also told to the committee, once.
The spell counts as over when nothing was given up for QUIET and Telegram has taken a
message since the last give-up. Each community's give-ups then become one report row
and one message to each of its committee members, and are linked to that row, so no
later sweep counts them again."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import timestamp
from models.community import Community
from models.notices.broadcasts import Broadcast
from models.outbox import Delivery
from models.people.persons import Person, with_role
from models.people.roles import Role
from models.periodic import Work

# A spell's give-ups come in a trickle, each message at the end of its own tries:
# waiting this long after the last one gathers them into one report, not one a sweep.
QUIET = timedelta(minutes=5)
TEMPLATE = "common/outage_report"
CHUNK = 1000  # ids in one statement: well under either database's limit of parameters


class OutageReport(SQLModel, table=True):
    __tablename__ = "outage_report"

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    started_at: datetime = timestamp()  # the first give-up it counts
    ended_at: datetime = timestamp()  # the last one
    given_up: int
    reported_at: datetime = timestamp()


@dataclass(frozen=True)
class GivenUp:
    delivery_id: int
    community_id: int
    at: datetime
    broadcast: bool  # a broadcast's message: its final report's button sends it again


class _Counted(Exception):
    """Another sweep linked some of these give-ups to its report first."""


async def unreported(session: AsyncSession) -> list[GivenUp]:
    """Give-ups no report has counted yet, each with its community: its recipient's,
    else its broadcast's.

    Left out for good: the reports' own messages (one given up in a later outage would
    make a report about a report, and so on), and messages with no community (a post to
    a public channel, an answer to someone not registered): no committee is theirs to
    tell, and a guessed one could be another community's."""
    community = sa.func.coalesce(col(Person.community_id), col(Broadcast.community_id))
    query = (sa.select(col(Delivery.id), community, col(Delivery.given_up_at),
                       col(Delivery.broadcast_id))
             .outerjoin(Person, col(Person.id) == col(Delivery.person_id))
             .outerjoin(Broadcast, col(Broadcast.id) == col(Delivery.broadcast_id))
             .where(col(Delivery.outage_report_id).is_(None),
                    col(Delivery.given_up_at).is_not(None),
                    col(Delivery.template) != TEMPLATE, community.is_not(None)))
    rows = (await session.exec(query)).all()  # type: ignore[call-overload]
    return [GivenUp(id_, community_id, at, broadcast_id is not None)
            for id_, community_id, at, broadcast_id in rows]


async def over(session: AsyncSession, last: datetime, now: datetime) -> bool:
    """Whether the spell whose last give-up was at `last` is over: nothing given up
    for QUIET since, and Telegram took a message after it (a quiet outbox alone may be
    a spell still on, with nothing left to try)."""
    if now - last < QUIET:
        return False
    query = select(Delivery.id).where(col(Delivery.sent_at) > last).limit(1)
    return (await session.exec(query)).first() is not None


async def report_outages(work: Work) -> int:
    """The scheduler's part: once a spell of give-ups is over, one report per community
    to its committee members. Returns the messages queued."""
    async with work.sessionmaker() as session:
        found = await unreported(session)
        if not found or not await over(session, max(g.at for g in found), work.now):
            return 0
    by_community: dict[int, list[GivenUp]] = defaultdict(list)
    for one in found:
        by_community[one.community_id].append(one)
    queued = 0
    for community_id, given_up in sorted(by_community.items()):
        try:
            async with work.sessionmaker() as session, session.begin():
                queued += await report(session, community_id, given_up, work)
        except _Counted:
            continue  # rolled back: the other sweep's report tells the committee
    return queued


async def report(session: AsyncSession, community_id: int, given_up: Sequence[GivenUp],
                 work: Work) -> int:
    """One community's report: the row, its give-ups linked to it, and a message to
    each committee member. Raises _Counted if some were linked meanwhile."""
    row = OutageReport(community_id=community_id, started_at=min(g.at for g in given_up),
                       ended_at=max(g.at for g in given_up), given_up=len(given_up),
                       reported_at=work.now)
    session.add(row)
    await session.flush()
    if await _link(session, row.id or 0, [g.delivery_id for g in given_up]) != len(given_up):
        raise _Counted
    notify = work.notifier(session, await session.get(Community, community_id))
    committee = await with_role(session, community_id, Role.committee)
    for person in committee:
        notify(person, TEMPLATE, report=row,
               broadcast_messages=sum(g.broadcast for g in given_up))
    return len(committee)


async def _link(session: AsyncSession, report_id: int, delivery_ids: list[int]) -> int:
    """Links the give-ups still unreported (and still given up: not sent again by a
    broadcast's button meanwhile) to the report; returns how many."""
    linked = 0
    for start in range(0, len(delivery_ids), CHUNK):
        result = await session.exec(
            update(Delivery)
            .where(col(Delivery.id).in_(delivery_ids[start:start + CHUNK]),
                   col(Delivery.outage_report_id).is_(None),
                   col(Delivery.given_up_at).is_not(None))
            .values(outage_report_id=report_id).execution_options(synchronize_session=False))
        linked += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return linked
