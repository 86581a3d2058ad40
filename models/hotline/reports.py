"""The monthly hotline report: one row per community and month, inserted before the
report is sent, so however many workers run the sweep the report goes out once."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import timestamp
from models.board import disclosures
from models.board.disclosures import DisclosureKind
from models.community import Community, all_communities
from models.hotline.chart import received_chart
from models.hotline.stats import hotline_stats, year_stats
from models.hotline.tickets import Ticket
from models.people.persons import Person, with_role
from models.people.roles import Role
from models.periodic import Work

REPORT_HOUR = 8  # on the 1st, not before this local hour: nobody wants it at midnight


class HotlineReport(SQLModel, table=True):
    __tablename__ = "hotline_report"
    __table_args__ = (sa.UniqueConstraint("community_id", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id")
    month: str = Field(sa_column=sa.Column(sa.String(7), nullable=False))  # "2026-10"
    sent_at: datetime = timestamp()


def month_bounds(moment: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The calendar month (in the community's time zone) that contains `moment`."""
    local = moment.astimezone(zone)
    start = datetime(local.year, local.month, 1, tzinfo=zone)
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


def previous_month(now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start, _ = month_bounds(now, zone)
    return month_bounds(start - timedelta(days=1), zone)


@dataclass(frozen=True)
class DueReport:
    community: Community
    month: str
    start: datetime
    end: datetime
    recipients: list[Person]


async def claim_due(session: AsyncSession, community: Community,
                    now: datetime) -> DueReport | None:
    """Last month's report of a community, unless it was already claimed. Nothing is
    claimed for a month before the community's first ticket (nothing to report yet, and
    a claim then would keep the month's report from ever being sent)."""
    local = now.astimezone(community.config.zone)
    if local.day == 1 and local.hour < REPORT_HOUR:
        return None
    start, end = previous_month(now, community.config.zone)
    first = (await session.exec(select(Ticket.id).where(
        Ticket.community_id == community.id, Ticket.created_at < end).limit(1))).first()
    if first is None:
        return None
    month = start.strftime("%Y-%m")
    try:
        async with session.begin_nested():
            session.add(HotlineReport(community_id=community.id or 0, month=month, sent_at=now))
            await session.flush()
    except IntegrityError:
        return None
    people = {p.id: p for role in (Role.committee, Role.supervisor)
              for p in await with_role(session, community.id or 0, role)}
    return DueReport(community, month, start, end, list(people.values()))


async def send_monthly(work: Work) -> int:
    """From the 1st of a month, last month's figures to the committee and supervisors,
    and their public version on the board, once per community and month."""
    sent = 0
    async with work.sessionmaker() as session, session.begin():
        for community in await all_communities(session):
            due = await claim_due(session, community, work.now)
            if due is not None:
                sent += await _send(work, session, due)
    return sent


async def _send(work: Work, session: AsyncSession, due: DueReport) -> int:
    community, language = due.community, due.community.config.default_language
    stats = await hotline_stats(session, community_id=community.id or 0, start=due.start,
                                end=due.end, now=work.now)
    media = await received_chart(
        session, config=community.config, stats=stats, name=f"hotline-{due.month}.png",
        title=work.texts.render(language, "hotline/chart_title", month=due.month),
        now=work.now)
    notify = work.notifier(session, community)
    # The supervised tickets' figures for the supervisors; the committee sees their count.
    watchers = {p.id for p in await with_role(session, community.id or 0, Role.supervisor)}
    for person in due.recipients:
        notify(person, "hotline/report", stats=stats, month=due.month, media=media,
               full=person.id in watchers)
    # The public version: departments only, no handler names, no complainants.
    await disclosures.publish(
        session, community_id=community.id or 0, author=None,
        kind=DisclosureKind.hotline_report, report_key=f"hotline:{due.month}",
        title=work.texts.render(language, "board/hotline_report_title", month=due.month),
        body=work.texts.render(language, "board/hotline_report", stats=stats,
                               month=due.month, community=community),
        media=media or (), now=work.now)
    if due.month.endswith("-12"):  # in January the board carries the year's summary too
        await _publish_year(work, session, community, due.start.year)
    return len(due.recipients)


async def _publish_year(work: Work, session: AsyncSession, community: Community,
                        year: int) -> None:
    language = community.config.default_language
    figures = await year_stats(session, community_id=community.id or 0, year=year,
                               zone=community.config.zone, now=work.now)
    await disclosures.publish(
        session, community_id=community.id or 0, author=None,
        kind=DisclosureKind.hotline_report, report_key=f"hotline:{year}",
        title=work.texts.render(language, "board/hotline_year_title", year=year),
        body=work.texts.render(language, "hotline/stats_year", year=figures,
                               community=community),
        now=work.now)
