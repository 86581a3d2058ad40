"""Periodic reports for the disclosure board: the quarterly summary of proposals and
decisions. Periods are calendar quarters in the community's time zone."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.board.disclosures import DisclosureEntry
from models.proposals.proposals import Proposal, ProposalEvent
from models.voting.matters import Matter, MatterState

# Proposal events counted in the summary, in the order they are shown.
COUNTED = ("submitted", "threshold_reached", "accepted", "merged", "returned", "rejected",
           "lapsed", "decided", "implemented")


@dataclass(frozen=True)
class Quarter:
    start: datetime  # aware, in the community's zone
    end: datetime  # exclusive

    @property
    def key(self) -> str:
        return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"

    @property
    def first_day(self) -> str:
        return self.start.date().isoformat()

    @property
    def last_day(self) -> str:
        return (self.end - timedelta(days=1)).date().isoformat()

    @property
    def months(self) -> list[datetime]:
        return [self.start.replace(month=self.start.month + i) for i in range(3)]


def quarter_before(moment: datetime, zone: ZoneInfo) -> Quarter:
    """The last full calendar quarter before `moment`, in `zone`."""
    local = moment.astimezone(zone)
    this_start = local.replace(month=(local.month - 1) // 3 * 3 + 1, day=1, hour=0, minute=0,
                               second=0, microsecond=0)
    before = (this_start - timedelta(days=1)).replace(day=1)
    start = before.replace(month=(before.month - 1) // 3 * 3 + 1)
    return Quarter(start, this_start)


@dataclass(frozen=True)
class QuarterSummary:
    quarter: Quarter
    events: dict[str, int]  # proposal event kind -> how many in the quarter
    submitted_by_month: list[int]
    decided_by_month: list[int]
    votes_closed: int
    votes_passed: int

    @property
    def rows(self) -> list[tuple[str, int]]:
        return list(self.events.items())


async def quarter_summary(session: AsyncSession, community_id: int,
                          quarter: Quarter) -> QuarterSummary:
    rows = (await session.exec(
        select(ProposalEvent.kind, ProposalEvent.at)
        .join(Proposal, col(Proposal.id) == col(ProposalEvent.proposal_id))
        .where(Proposal.community_id == community_id,
               col(ProposalEvent.at) >= quarter.start, col(ProposalEvent.at) < quarter.end,
               col(ProposalEvent.kind).in_(COUNTED)))).all()
    events = dict.fromkeys(COUNTED, 0)
    by_month = {kind: [0, 0, 0] for kind in ("submitted", "decided")}
    for kind, at in rows:
        events[kind] += 1
        if kind in by_month:
            month = at.astimezone(quarter.start.tzinfo).month - quarter.start.month
            by_month[kind][month] += 1
    closed = (await session.exec(select(Matter.result).where(
        Matter.community_id == community_id, Matter.state == MatterState.closed,
        col(Matter.closed_at) >= quarter.start, col(Matter.closed_at) < quarter.end))).all()
    passed = sum(1 for result in closed if result and result.get("passed"))
    return QuarterSummary(quarter, events, by_month["submitted"], by_month["decided"],
                          len(closed), passed)


async def already_published(session: AsyncSession, community_id: int, key: str) -> bool:
    query = select(sa.func.count()).select_from(DisclosureEntry).where(
        DisclosureEntry.community_id == community_id, DisclosureEntry.report_key == key)
    return bool((await session.exec(query)).one())
