"""The hotline's figures, computed from the records (never typed in): per department
and per handler, for the tickets received in a period. `/stats`, the monthly report and
the disclosure board all call `hotline_stats`.

Definitions, for the tickets filed in [start, end) and as they stand at `now`:
- received: filed, not counting duplicates merged into another ticket;
- accepted on time: first accepted no later than the accept deadline (response rate);
- resolved / resolved on time: a resolution was given / no later than its deadline;
- satisfaction: "satisfied" or "basically satisfied" among the rated;
- overdue: missed a deadline, or is still open past one at `now`;
- escalations: 催办 sent in [start, end), counted against the department (and handler)
  that held the ticket then;
- median time to resolve: filing to resolution, in hours of elapsed time.
Supervised tickets (about the committee) are counted apart, in `supervision`.
A ticket counts for the department and handler that hold it at `now`."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from statistics import median

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.hotline.deadlines import escalations
from models.hotline.tickets import Rating, Ticket, TicketState
from models.people.persons import Person

SATISFIED = (Rating.satisfied, Rating.basic)


@dataclass
class Figures:
    received: int = 0
    accepted_on_time: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    overdue: int = 0
    escalations: int = 0
    hours_to_resolve: list[float] = field(default_factory=list)

    @property
    def response_rate(self) -> float | None:
        return _share(self.accepted_on_time, self.received)

    @property
    def resolution_rate(self) -> float | None:
        return _share(self.resolved, self.received)

    @property
    def on_time_rate(self) -> float | None:
        return _share(self.resolved_on_time, self.received)

    @property
    def satisfaction_rate(self) -> float | None:
        return _share(self.satisfied, self.rated)

    @property
    def median_hours(self) -> float | None:
        return median(self.hours_to_resolve) if self.hours_to_resolve else None

    def count(self, ticket: Ticket, now: datetime) -> None:
        self.received += 1
        if ticket.accepted_at is not None and ticket.accepted_at <= ticket.accept_due:
            self.accepted_on_time += 1
        resolved = ticket.resolved_at is not None and ticket.state in (
            TicketState.resolved, TicketState.closed)
        if resolved and ticket.resolved_at is not None:
            self.resolved += 1
            self.resolved_on_time += ticket.resolved_at <= ticket.resolve_due
            self.hours_to_resolve.append(
                (ticket.resolved_at - ticket.created_at).total_seconds() / 3600)
        if ticket.rating is not None:
            self.rated += 1
            self.satisfied += ticket.rating in SATISFIED
        if (ticket.accepted_at or now) > ticket.accept_due or \
                ((ticket.resolved_at if resolved else None) or now) > ticket.resolve_due:
            self.overdue += 1


@dataclass
class HotlineStats:
    start: datetime
    end: datetime
    total: Figures
    departments: dict[str, Figures]
    handlers: dict[int | None, Figures]  # None: not yet owned by anyone
    handler_names: dict[int, str]
    # The supervised tickets (about the committee), apart: outside the supervisory
    # committee they are shown only as a count.
    supervision: Figures = field(default_factory=Figures)

    @property
    def by_department(self) -> list[tuple[str, Figures]]:
        return list(self.departments.items())

    @property
    def ranked(self) -> list[tuple[str, Figures]]:
        """Departments the way 12345 ranks them: by resolution rate, then satisfaction,
        then response; a rate with nothing behind it ranks last."""
        def key(item: tuple[str, Figures]) -> tuple[float, float, float]:
            f = item[1]
            return (-(f.resolution_rate or -1), -(f.satisfaction_rate or -1),
                    -(f.response_rate or -1))
        return sorted(self.departments.items(), key=key)

    @property
    def by_handler(self) -> list[tuple[str | None, Figures]]:
        """(name, figures); the name is None for tickets nobody owns yet."""
        return [(self.handler_names.get(i) if i else None, f) for i, f in self.handlers.items()]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


async def hotline_stats(session: AsyncSession, *, community_id: int, start: datetime,
                        end: datetime, now: datetime) -> HotlineStats:
    """The figures of the tickets a community received in [start, end), as at `now`."""
    query = select(Ticket).where(Ticket.community_id == community_id,
                                 col(Ticket.created_at) >= start, col(Ticket.created_at) < end,
                                 Ticket.state != TicketState.merged)
    total = Figures()
    departments: dict[str, Figures] = defaultdict(Figures)
    handlers: dict[int | None, Figures] = defaultdict(Figures)
    supervision = Figures()
    for ticket in (await session.exec(query.order_by(col(Ticket.id)))).all():
        if ticket.supervised:
            supervision.count(ticket, now)
            continue
        for figures in (total, departments[ticket.department], handlers[ticket.handler_id]):
            figures.count(ticket, now)
    for details in await escalations(session, community_id, start, end):
        total.escalations += 1
        departments[details.get("department") or ""].escalations += 1
        handlers[details.get("handler")].escalations += 1
    supervision.escalations = len(await escalations(session, community_id, start, end,
                                                    supervised=True))
    ids = [i for i in handlers if i is not None]
    people = await session.exec(select(Person).where(col(Person.id).in_(ids)))
    names = {p.id or 0: p.name or p.display_name for p in people.all()}
    return HotlineStats(start, end, total, dict(sorted(departments.items())),
                        dict(sorted(handlers.items(), key=lambda kv: kv[0] or 0)), names,
                        supervision)


@dataclass(frozen=True)
class YearStats:
    """A year's figures (年终汇总) and each month's (按月统计)."""

    year: int
    whole: HotlineStats
    months: list[tuple[str, Figures]]  # ("2026-01", figures), January first


async def year_stats(session: AsyncSession, *, community_id: int, year: int, zone: tzinfo,
                     now: datetime) -> YearStats:
    """The year's figures in the community's calendar, as at `now`."""
    starts = [datetime(year, month, 1, tzinfo=zone) for month in range(1, 13)]
    bounds = list(zip(starts, [*starts[1:], datetime(year + 1, 1, 1, tzinfo=zone)], strict=True))
    months = [(start.strftime("%Y-%m"), (await hotline_stats(
        session, community_id=community_id, start=start, end=end, now=now)).total)
        for start, end in bounds if start <= now]
    whole = await hotline_stats(session, community_id=community_id, start=bounds[0][0],
                                end=bounds[-1][1], now=now)
    return YearStats(year, whole, months)
