"""The rows of the board's CSV downloads: counts of closed votes and the figures of
published hotline reports. Values stay codes, numbers and moments here; the web
layer puts them in the community's words and zone (bot/board_csv.py, through
models/csv_tables.py). Nothing here reads people, tickets or ballots."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.community import Community
from models.hotline.reports import month_bounds
from models.hotline.stats import hotline_stats
from models.voting.matters import Matter, MatterState
from models.voting.tally import MatterKind


@dataclass(frozen=True)
class VoteRow:
    number: str
    title: str
    kind: MatterKind
    secret: bool
    opens_at: datetime
    closes_at: datetime
    electorate: int | None
    cast: int | None
    quorum_met: bool | None
    passed: bool | None
    option: str  # its code: "for", "against" … or "0", "1" … for a choice's options
    choice: str | None  # the option's own words, for a choice or a poll
    count: int


async def vote_rows(session: AsyncSession, community_id: int) -> list[VoteRow]:
    """One row per option of every closed vote: counts only, never who voted what."""
    closed = (await session.exec(select(Matter).where(
        Matter.community_id == community_id, Matter.state == MatterState.closed)
        .order_by(col(Matter.id)))).all()
    rows: list[VoteRow] = []
    for matter in closed:
        result = matter.result or {}
        for index, option in enumerate(matter.options):
            rows.append(VoteRow(
                matter.number, matter.title, matter.kind, matter.secret, matter.opens_at,
                matter.closes_at, result.get("electorate"), result.get("cast"),
                result.get("quorum_met"), result.get("passed"), option,
                matter.choices[index] if matter.choices else None,
                result.get("counts", {}).get(option, 0)))
    return rows


async def hotline_rows(session: AsyncSession, community: Community, *,
                       now: datetime) -> list[list[str | int | float | None]]:
    """The hotline's figures per department for every month whose report is published:
    counts and rates only, never a complainant or a handler."""
    keys = (await session.exec(select(DisclosureEntry.report_key).where(
        DisclosureEntry.community_id == community.id,
        DisclosureEntry.kind == DisclosureKind.hotline_report,
        col(DisclosureEntry.published_at) <= now,
        col(DisclosureEntry.report_key).is_not(None)))).all()
    zone = community.config.zone
    rows: list[list[str | int | float | None]] = []
    for month in sorted(k.split(":", 1)[1] for k in keys if k):
        year, number = (int(part) for part in month.split("-"))
        start, end = month_bounds(datetime(year, number, 15, tzinfo=zone), zone)
        stats = await hotline_stats(session, community_id=community.id or 0, start=start,
                                    end=end, now=now)
        for code, figures in stats.by_department:
            department = community.config.department(code)
            rows.append([month, department.name if department else code,
                         figures.received, figures.accepted_on_time,
                         _pct(figures.response_rate), figures.resolved,
                         figures.resolved_on_time, _pct(figures.resolution_rate),
                         _pct(figures.satisfaction_rate), figures.overdue,
                         figures.escalations,
                         None if figures.median_hours is None
                         else round(figures.median_hours, 1)])
    return rows


def _pct(rate: float | None) -> str | None:
    # "87.5%" is what the reports show, and a spreadsheet reads it as a number.
    return None if rate is None else f"{rate * 100:.1f}%"
