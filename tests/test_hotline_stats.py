"""The hotline's figures and the monthly report, checked against values worked out by
hand from a small month of tickets."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.app import Database
from bot.playground import run_job
from chat.render import Renderer
from models.board.disclosures import DisclosureEntry
from models.community import all_communities
from models.hotline.reports import month_bounds
from models.hotline.stats import hotline_stats, year_stats
from models.hotline.tickets import Rating, Ticket, TicketEvent, TicketState
from models.outbox import Delivery
from models.people.persons import Person
from models.people.roles import Role
from tests.factories import residents
from tests.test_hotline_rules import staff

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 9, tzinfo=TZ)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


async def november(db: Database) -> tuple[int, int]:
    """Seven tickets; five of them count for November (see the table in each row)."""
    [reporter] = await residents(db, 1)
    a = await staff(db, 9001, Role.handler, "city", name="张承办")
    b = await staff(db, 9002, Role.handler, "property", name="李承办")
    await staff(db, 9100, Role.supervisor, name="赵督办")
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        person = (await session.exec(select(Person).where(Person.telegram_id == reporter))).one()

        def ticket(seq: int, department: str, handler: int | None, created: datetime,
                   accept_due: datetime, resolve_due: datetime, state: TicketState, *,
                   accepted: datetime | None = None, resolved: datetime | None = None,
                   rating: Rating | None = None, period: str = "2611") -> Ticket:
            row = Ticket(community_id=community.id or 0, period=period, sequence=seq,
                         reporter_id=person.id or 0, category="noise", department=department,
                         handler_id=handler, description="x", state=state,
                         created_at=created, accept_warn_at=accept_due, accept_due=accept_due,
                         resolve_warn_at=resolve_due, resolve_due=resolve_due,
                         accepted_at=accepted, resolved_at=resolved, rating=rating,
                         updated_at=resolved or accepted or created)
            session.add(row)
            return row

        # t1 city/A: accepted on time, resolved on time after 48 h, satisfied
        ticket(1, "city", a, at(11, 2, 10), at(11, 2, 22), at(11, 5, 10), TicketState.closed,
               accepted=at(11, 2, 11), resolved=at(11, 4, 10), rating=Rating.satisfied)
        # t2 city/A: accepted late, resolved late after 96 h, dissatisfied: overdue
        t2 = ticket(2, "city", a, at(11, 3, 10), at(11, 3, 12), at(11, 6, 10),
                    TicketState.closed, accepted=at(11, 3, 14), resolved=at(11, 7, 10),
                    rating=Rating.dissatisfied)
        # t3 city/A: never accepted, past both deadlines at NOW: overdue
        t3 = ticket(3, "city", a, at(11, 10, 10), at(11, 10, 12), at(11, 13, 10),
                    TicketState.assigned)
        # t4 property/B: on time, resolved after 6 h, basically satisfied
        ticket(4, "property", b, at(11, 5, 10), at(11, 5, 12), at(11, 10, 10),
               TicketState.closed, accepted=at(11, 5, 11), resolved=at(11, 5, 16),
               rating=Rating.basic)
        # t5 property/B: accepted on time, still open, resolve deadline after NOW
        ticket(5, "property", b, at(11, 20, 10), at(11, 20, 12), at(12, 5, 10),
               TicketState.accepted, accepted=at(11, 20, 11))
        # not counted: a merged duplicate, one filed in October, one in December
        ticket(6, "property", b, at(11, 21, 10), at(11, 21, 12), at(11, 26, 10),
               TicketState.merged)
        ticket(9, "city", a, at(10, 31, 23), at(11, 2, 10), at(11, 5, 10), TicketState.closed,
               period="2610", accepted=at(11, 2, 9), resolved=at(11, 2, 10))
        ticket(1, "city", a, at(12, 1, 0, 30), at(12, 1, 11), at(12, 3, 18),
               TicketState.assigned, period="2612")
        await session.flush()
        for row, when in ((t2, at(11, 3, 12)), (t3, at(11, 10, 12))):
            session.add(TicketEvent(ticket_id=row.id or 0, at=when, kind="escalated",
                                    public=False, details={"deadline": "accept",
                                                           "department": "city", "handler": a}))
        return a, b


async def test_figures_match_the_hand_computed_values(db: Database) -> None:
    a, b = await november(db)
    start, end = month_bounds(at(11, 15, 12), TZ)
    async with db.sessionmaker() as session:
        community = (await all_communities(session))[0]
        stats = await hotline_stats(session, community_id=community.id or 0, start=start,
                                    end=end, now=NOW)

    def row(f: object) -> tuple[object, ...]:
        return tuple(getattr(f, name) for name in (
            "received", "accepted_on_time", "resolved", "resolved_on_time", "rated",
            "satisfied", "overdue", "escalations", "median_hours"))

    assert row(stats.total) == (5, 3, 3, 2, 3, 2, 2, 2, 48.0)
    assert (stats.total.response_rate, stats.total.resolution_rate) == (0.6, 0.6)
    assert stats.total.satisfaction_rate == 2 / 3
    assert row(stats.departments["city"]) == (3, 1, 2, 1, 2, 1, 2, 2, 72.0)
    assert row(stats.departments["property"]) == (2, 2, 1, 1, 1, 1, 0, 0, 6.0)
    assert stats.handlers.keys() == {a, b}
    assert row(stats.handlers[a]) == row(stats.departments["city"])
    assert row(stats.handlers[b]) == row(stats.departments["property"])
    assert stats.by_handler[0][0] == "张承办"


async def texts(db: Database, template: str) -> dict[int, str]:
    async with db.sessionmaker() as session:
        rows = await session.exec(select(Delivery).where(Delivery.template == template)
                                  .order_by(col(Delivery.id)))
        return {d.chat_id: d.text for d in rows.all()}


async def test_the_monthly_report_goes_out_once_on_the_first(db: Database,
                                                             renderer: Renderer) -> None:
    await november(db)
    # a first start in November reports October (one ticket, filed on the 31st)
    assert await run_job(db, "hotline_reports", renderer, now=at(11, 30, 23)) == 3
    first = await texts(db, "hotline/report")
    assert "2026-10" in first[9100] and "受理 1 件" in first[9100]
    assert await run_job(db, "hotline_reports", renderer, now=at(12, 1, 7)) == 0
    sent = await run_job(db, "hotline_reports", renderer, now=NOW)
    assert sent == 3  # the two committee members of the file, and the supervisor
    assert await run_job(db, "hotline_reports", renderer, now=at(12, 1, 10)) == 0
    report = (await texts(db, "hotline/report"))[9100]
    assert "2026-11" in report
    assert ("全部：受理 5 件，按时受理率 60%，按时办结 2 件，办结率 60%，满意率 67%，"
            "超时 2 件，催办 2 次，办结用时中位数 48.0 小时") in report
    assert ("城管：受理 3 件，按时受理率 33%，按时办结 1 件，办结率 67%，满意率 50%，"
            "超时 2 件，催办 2 次，办结用时中位数 72.0 小时") in report
    assert "李承办：受理 2 件，按时受理率 100%" in report
    async with db.sessionmaker() as session:
        media = (await session.exec(select(Delivery.media).where(
            Delivery.template == "hotline/report", Delivery.chat_id == 9100))).all()
    assert all(m and m[0]["kind"] == "photo" for m in media)  # with the chart


async def test_the_year_sums_its_months_in_the_communitys_calendar(db: Database) -> None:
    """October's ticket filed at 23:00 on the 31st, November's five and December's one
    filed at 00:30 on the 1st (still 30 November in UTC) fall in their local months."""
    await november(db)
    async with db.sessionmaker() as session:
        community = (await all_communities(session))[0]
        year = await year_stats(session, community_id=community.id or 0, year=2026, zone=TZ,
                                now=NOW)
    by_month = dict(year.months)
    assert [m for m, _ in year.months] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert (by_month["2026-10"].received, by_month["2026-11"].received,
            by_month["2026-12"].received) == (1, 5, 1)
    assert year.whole.total.received == sum(f.received for f in by_month.values()) == 7
    # Ranked by resolution rate: property resolved 1 of 2 (50%) but city 3 of 5 (60%).
    assert [code for code, _ in year.whole.ranked] == ["city", "property"]


async def test_the_board_carries_the_year_in_january(db: Database, renderer: Renderer) -> None:
    await november(db)
    january = datetime(2027, 1, 1, 9, tzinfo=TZ)
    await run_job(db, "hotline_reports", renderer, now=NOW)  # November's, on 1 December
    await run_job(db, "hotline_reports", renderer, now=january)  # December's, and the year
    await run_job(db, "hotline_reports", renderer, now=january.replace(hour=10))
    async with db.sessionmaker() as session:
        titles = (await session.exec(select(DisclosureEntry.title).order_by(
            col(DisclosureEntry.id)))).all()
    assert titles == ["2026-11 诉求办理情况", "2026-12 诉求办理情况",
                      "2026 年诉求办理情况（年终汇总）"]
