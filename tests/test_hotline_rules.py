"""Hotline rules straight on the database: numbering under concurrency, routing and
round-robin, first-contact ownership, deadline warnings and escalations each sent once,
reopening, privacy."""

import asyncio
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.app import Database
from bot.playground import run_job
from chat.render import Renderer
from models.community import Community, all_communities
from models.hotline import actions as ticket_actions
from models.hotline.access import reach
from models.hotline.filing import Place, file_ticket, supervisors_for
from models.hotline.tickets import Rating, Ticket, TicketState
from models.outbox import Delivery
from models.outcomes import Done, Refused
from models.people.persons import Person, RegistrationStatus, RoleGrant
from models.people.roles import Role
from tests.factories import residents

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2026, 11, 23, 10, tzinfo=SHANGHAI)


class Recorder:
    """A notifier that keeps what it was asked to send."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, dict[str, Any]]] = []

    def __call__(self, recipient: Person, template: str, /, **params: Any) -> None:
        self.sent.append((recipient.telegram_id, template, params))

    def to(self, telegram_id: int) -> list[str]:
        return [t for who, t, _ in self.sent if who == telegram_id]


async def staff(db: Database, telegram_id: int, role: Role, department: str | None = None,
                name: str = "") -> int:
    """A registered person with a back-office role; returns their person id."""
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        person = Person(telegram_id=telegram_id, display_name=name or str(telegram_id),
                        name=name or f"职员{telegram_id}", community_id=community.id,
                        status=RegistrationStatus.approved, telegram_language="zh",
                        created_at=MONDAY_10)
        session.add(person)
        await session.flush()
        session.add(RoleGrant(person_id=person.id or 0, role=role, department=department,
                              created_at=MONDAY_10))
        return person.id or 0


async def load(session: Any, telegram_id: int) -> Person:
    person = (await session.exec(select(Person).where(Person.telegram_id == telegram_id))).one()
    return person  # type: ignore[no-any-return]


async def file(db: Database, reporter: int, category: str = "noise", *,
               now: datetime = MONDAY_10, building: str | None = "1",
               area: str = "east", anonymous: bool = False) -> Ticket:
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        outcome = await file_ticket(
            session, reporter=await load(session, reporter), community=community,
            category=category, description="楼下夜里施工，噪音很大", photos=[],
            place=Place(area=area, building=building, unit="1" if building else None),
            anonymous=anonymous, now=now)
        assert isinstance(outcome, Done), outcome
        return outcome.value.ticket


async def get(db: Database, ticket_id: int | None) -> Ticket:
    async with db.sessionmaker() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        return ticket


async def test_tracking_numbers_are_unique_and_sequential_under_concurrency(
        db: Database) -> None:
    reporters = await residents(db, 8)
    await staff(db, 9001, Role.handler, "city")
    filed = await asyncio.gather(*(file(db, r) for r in reporters))
    numbers = sorted(t.number for t in filed)
    assert numbers == [f"T2611-{i:04d}" for i in range(1, 9)]
    next_month = await file(db, reporters[0], now=datetime(2026, 12, 1, 9, tzinfo=SHANGHAI))
    assert next_month.number == "T2612-0001"
    with pytest.raises(IntegrityError):  # the database itself refuses a second T2611-0001
        async with db.sessionmaker() as session, session.begin():
            clone = await session.get(Ticket, filed[0].id)
            assert clone is not None
            session.expunge(clone)
            sa.orm.make_transient(clone)
            clone.id = None
            session.add(clone)


async def test_routing_by_category_and_area_and_round_robin(db: Database) -> None:
    [resident] = await residents(db, 1)
    first = await staff(db, 9001, Role.handler, "property")
    second = await staff(db, 9002, Role.handler, "property")
    service = await staff(db, 9003, Role.handler, "service")
    owners = [(await file(db, resident, "repair")).handler_id for _ in range(3)]
    assert owners == [first, second, first]
    # sanitation belongs to property, except in the south area (by_area in the file)
    south = await file(db, resident, "sanitation", area="south", building="8")
    assert (south.department, south.handler_id) == ("service", service)
    # a department nobody staffs yet: the ticket waits unowned in its queue
    lonely = await file(db, resident, "assistance")
    assert (lonely.department, lonely.handler_id) == ("civil_affairs", None)


async def test_the_first_handler_owns_the_ticket_until_a_transfer_with_reason(
        db: Database) -> None:
    [resident] = await residents(db, 1)
    await staff(db, 9001, Role.handler, "city")
    await staff(db, 9002, Role.handler, "city")
    property_handler = await staff(db, 9003, Role.handler, "property")
    ticket = await file(db, resident)
    notify = Recorder()
    async with db.sessionmaker() as session, session.begin():
        colleague = await load(session, 9002)
        refused = await ticket_actions.accept(session, handler=colleague, ticket_id=ticket.id or 0,
                                              notify=notify, now=MONDAY_10)
        assert isinstance(refused, Refused) and refused.template == "hotline/not_yours"
        owner = await load(session, 9001)
        community = await session.get(Community, ticket.community_id)
        assert community is not None
        no_reason = await ticket_actions.transfer(
            session, handler=owner, community=community, ticket_id=ticket.id or 0,
            reason="  ", notify=notify, department="property", now=MONDAY_10)
        assert isinstance(no_reason, Refused) and no_reason.template == "hotline/reason_needed"
        moved = await ticket_actions.transfer(
            session, handler=owner, community=community, ticket_id=ticket.id or 0,
            reason="属于物业管辖", notify=notify, department="property", now=MONDAY_10)
        assert isinstance(moved, Done)
        assert [p.id for p in moved.value.recipients] == [property_handler]
    after = await get(db, ticket.id)
    assert (after.department, after.handler_id) == ("property", property_handler)
    assert notify.to(resident) == ["hotline/transferred"]


async def deliveries(db: Database, template: str) -> list[int]:
    async with db.sessionmaker() as session:
        rows = await session.exec(select(Delivery.chat_id).where(Delivery.template == template)
                                  .order_by(col(Delivery.id)))
        return list(rows.all())


async def test_warning_at_80_percent_and_escalation_once_each(db: Database,
                                                              renderer: Renderer) -> None:
    [resident] = await residents(db, 1)
    await staff(db, 9001, Role.handler, "city")
    await staff(db, 9100, Role.supervisor)
    ticket = await file(db, resident)  # noise: accept within 12 working hours
    # Monday 10:00 + 12 working hours: 8 on Monday, 4 on Tuesday -> Tuesday 13:00;
    # 80% (9.6 hours) -> Tuesday 10:36
    assert ticket.accept_due == datetime(2026, 11, 24, 13, tzinfo=SHANGHAI)
    assert ticket.accept_warn_at == datetime(2026, 11, 24, 10, 36, tzinfo=SHANGHAI)

    async def run(at: datetime) -> int:
        return await run_job(db, "hotline_deadlines", renderer, now=at)

    assert await run(datetime(2026, 11, 24, 10, 35, tzinfo=SHANGHAI)) == 0
    assert await run(datetime(2026, 11, 24, 10, 36, tzinfo=SHANGHAI)) == 1
    assert await run(datetime(2026, 11, 24, 11, tzinfo=SHANGHAI)) == 0
    assert await deliveries(db, "hotline/warning") == [9001]
    # two workers sweep at the same moment past the deadline: one escalation
    past = datetime(2026, 11, 24, 13, 1, tzinfo=SHANGHAI)
    counts = await asyncio.gather(run(past), run(past))
    assert sorted(counts) == [0, 2]  # the supervisor and the handler, once
    assert await run(past + timedelta(hours=1)) == 0
    assert await deliveries(db, "hotline/escalation") == [9100]
    assert await deliveries(db, "hotline/escalated_yours") == [9001]
    after = await get(db, ticket.id)
    assert after.accept_warned_at is not None and after.accept_escalated_at is not None


async def test_no_warning_for_an_accepted_ticket_and_resolve_deadline_in_days(
        db: Database, renderer: Renderer) -> None:
    [resident] = await residents(db, 1)
    await staff(db, 9001, Role.handler, "city")
    ticket = await file(db, resident)
    async with db.sessionmaker() as session, session.begin():
        await ticket_actions.accept(session, handler=await load(session, 9001),
                                    ticket_id=ticket.id or 0, notify=Recorder(), now=MONDAY_10)
    # accepted: the accept deadline no longer matters; resolve in 3 working days
    assert ticket.resolve_due == datetime(2026, 11, 26, 10, tzinfo=SHANGHAI)
    before = datetime(2026, 11, 24, 14, tzinfo=SHANGHAI)
    assert await run_job(db, "hotline_deadlines", renderer, now=before) == 0
    at_80 = datetime(2026, 11, 25, 15, tzinfo=SHANGHAI)
    warned = await run_job(db, "hotline_deadlines", renderer, now=at_80)
    assert warned == 1 and await deliveries(db, "hotline/warning") == [9001]


async def test_dissatisfied_reopens_once_then_closes(db: Database) -> None:
    [resident] = await residents(db, 1)
    await staff(db, 9001, Role.handler, "city")
    await staff(db, 9100, Role.supervisor)
    ticket = await file(db, resident)
    notify = Recorder()

    async def handle_and_rate(rating: Rating) -> Ticket:
        async with db.sessionmaker() as session, session.begin():
            handler, reporter = await load(session, 9001), await load(session, resident)
            community = await session.get(Community, ticket.community_id)
            assert community is not None
            await ticket_actions.accept(session, handler=handler, ticket_id=ticket.id or 0,
                                        notify=notify, now=MONDAY_10)
            done = await ticket_actions.resolve(session, handler=handler,
                                                ticket_id=ticket.id or 0, text="已处理",
                                                now=MONDAY_10)
            assert isinstance(done, Done)
            rated = await ticket_actions.rate(session, person=reporter, community=community,
                                              ticket_id=ticket.id or 0, rating=rating,
                                              notify=notify, now=MONDAY_10)
            assert isinstance(rated, Done)
            return rated.value

    reopened = await handle_and_rate(Rating.dissatisfied)
    assert reopened.state == TicketState.accepted and reopened.reopened
    assert notify.to(9100) == ["hotline/reopened"]
    async with db.sessionmaker() as session, session.begin():  # resolve again, rate again
        handler, reporter = await load(session, 9001), await load(session, resident)
        community = await session.get(Community, ticket.community_id)
        assert community is not None
        assert isinstance(await ticket_actions.resolve(
            session, handler=handler, ticket_id=ticket.id or 0, text="已彻底处理",
            now=MONDAY_10), Done)
        closed = await ticket_actions.rate(session, person=reporter, community=community,
                                           ticket_id=ticket.id or 0,
                                           rating=Rating.dissatisfied, notify=notify, now=MONDAY_10)
    assert isinstance(closed, Done) and closed.value.state == TicketState.closed
    assert notify.to(9100) == ["hotline/reopened", "hotline/dissatisfied"]


async def test_only_reporters_and_those_who_handle_it_may_see_a_ticket(db: Database) -> None:
    reporter, other = await residents(db, 2)
    await staff(db, 9001, Role.handler, "city")
    await staff(db, 9002, Role.handler, "property")
    await staff(db, 9100, Role.supervisor)
    ticket = await file(db, reporter)
    async with db.sessionmaker() as session:
        seen = {who: isinstance(await reach(session, await load(session, who), ticket), Done)
                for who in (reporter, other, 9001, 9002, 9100)}
    assert seen == {reporter: True, other: False, 9001: True, 9002: False, 9100: True}


async def test_the_handler_on_duty_and_the_departments_own_supervisor(db: Database) -> None:
    [resident] = await residents(db, 1)
    await staff(db, 9001, Role.handler, "city")
    await staff(db, 9002, Role.handler, "city")
    await staff(db, 9100, Role.supervisor)
    await staff(db, 9101, Role.supervisor)
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        community.source_text = community.source_text.replace(
            "    name: 城管\n", "    name: 城管\n    on_duty: 9002\n    supervisor: 9101\n")
    on_duty = await file(db, resident)
    again = await file(db, resident)
    async with db.sessionmaker() as session:
        expected = (await load(session, 9002)).id
        community = (await all_communities(session))[0]
        supervisors = await supervisors_for(session, community, "city")
        everyone = await supervisors_for(session, community, "property")
    assert on_duty.handler_id == again.handler_id == expected  # no rotation while on duty
    assert [p.telegram_id for p in supervisors] == [9101]
    assert sorted(p.telegram_id for p in everyone) == [9100, 9101]
