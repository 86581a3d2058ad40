"""The departments' ranking of a month (部门排名), the table the monthly report shows,
as a CSV file to download: from the web board once the month's report is published,
and in chat with /stats. Departments and figures only, like the report: no
complainant and no handler."""

import re
from collections.abc import Sequence
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from models import csv_tables, files
from models.community import Community
from models.hotline.reports import month_bounds
from models.hotline.stats import HotlineStats, hotline_stats
from models.outcomes import Done, Outcome, Refused
from models.people.roles import Role

MONTH = re.compile(r"(20\d\d)-(0[1-9]|1[0-2])")  # "2026-11"
# Who may download a month's ranking in chat, before or after it is published.
OVERSIGHT = frozenset({Role.committee, Role.supervisor})


def month_start(month: str, community: Community) -> datetime | None:
    """The first moment of a month named "2026-11", in the community's zone."""
    found = MONTH.fullmatch(month)
    if found is None:
        return None
    return datetime(int(found[1]), int(found[2]), 1, tzinfo=community.config.zone)


async def month_stats(session: AsyncSession, community: Community, month: str, *,
                      now: datetime) -> HotlineStats | None:
    start = month_start(month, community)
    if start is None:
        return None
    start, end = month_bounds(start, community.config.zone)
    return await hotline_stats(session, community_id=community.id or 0, start=start,
                               end=end, now=now)


def table(stats: HotlineStats, community: Community, headers: Sequence[str], *,
          month: str, now: datetime) -> bytes:
    """The ranking in the order the report gives it, with the month and the moment the
    figures stand at, in the community's zone."""
    config, zone = community.config, community.config.zone
    rows: list[list[csv_tables.Cell]] = []
    for rank, (code, f) in enumerate(stats.ranked, start=1):
        department = config.department(code)
        rows.append([rank, department.name if department else code, f.received, f.resolved,
                     _pct(f.resolution_rate), f.satisfied, f.rated, _pct(f.satisfaction_rate),
                     f.accepted_on_time, _pct(f.response_rate), f.overdue, f.escalations,
                     None if f.median_hours is None else round(f.median_hours, 1),
                     month, csv_tables.minute(now, zone)])
    return csv_tables.table(headers, rows)


async def for_oversight(session: AsyncSession, *, roles: frozenset[Role],
                        community: Community, month: str, headers: Sequence[str],
                        now: datetime) -> Outcome[files.StoredFile]:
    """A month's ranking for the committee and the supervisors, published or not."""
    if not roles & OVERSIGHT:
        return Refused("common/not_allowed")
    stats = await month_stats(session, community, month, now=now)
    if stats is None:
        return Refused("hotline/stats_usage")
    data = table(stats, community, headers, month=month, now=now)
    return Done(await files.store(session, name=file_name(community, month),
                                  content_type="text/csv", data=data, now=now))


def file_name(community: Community, month: str) -> str:
    return f"{community.code}-ranking-{month}.csv"


def _pct(rate: float | None) -> str | None:
    # "87.5%" is what the report shows, and a spreadsheet reads it as a number.
    return None if rate is None else f"{rate * 100:.1f}%"
