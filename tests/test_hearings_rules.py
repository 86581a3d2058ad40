"""Hearing rules on the database: capacity under concurrent presses, the waiting list,
reminders sent once and audiences (the .ics file: tests/test_calendar_files.py)."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select, update

from bot.app import Database
from models import audiences
from models.community import all_communities
from models.hearings import actions as hearings_actions
from models.hearings import seats as hearings_seats
from models.hearings.actions import Plan
from models.hearings.hearings import Attendance, Hearing, HearingState, Seat, reminder_times, seated
from models.outcomes import Done, Refused
from models.people.persons import Person, by_telegram_id, roles_of
from tests.factories import residents
from tests.test_registration_flow import CHAIR


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    def __call__(self, recipient: Person, template: str, /, *, buttons: Any = None,
                 **params: Any) -> None:
        self.sent.append((recipient.telegram_id, template))


async def new_hearing(db: Database, *, capacity: int, starts_in: timedelta = timedelta(days=2),
                      audience: dict[str, Any] | None = None,
                      notify: Recorder | None = None) -> Hearing:
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        plan = Plan(topic="车棚改造", place="活动室", starts_at=db.clock.now() + starts_in,
                    capacity=capacity, audience=audience or audiences.EVERYONE)
        outcome = await hearings_actions.schedule(
            session, author=chair, community=community, plan=plan, now=db.clock.now(),
            notify=notify or Recorder(), buttons=lambda h: None)  # type: ignore[arg-type,return-value]
        assert isinstance(outcome, Done), outcome
        return outcome.value


async def register(db: Database, tg_id: int, hearing_id: int, *,
                   attendance: Attendance = Attendance.attend, summary: str | None = None,
                   now: datetime | None = None) -> Any:
    async with db.sessionmaker() as session, session.begin():
        person = await by_telegram_id(session, tg_id)
        assert person is not None
        outcome = await hearings_seats.register(
            session, person=person, hearing_id=hearing_id, attendance=attendance,
            summary=summary, now=now or db.clock.now())
    return outcome.value.seat if isinstance(outcome, Done) else outcome


async def withdraw(db: Database, tg_id: int, hearing_id: int, notify: Recorder) -> Any:
    async with db.sessionmaker() as session, session.begin():
        person = await by_telegram_id(session, tg_id)
        assert person is not None
        return await hearings_seats.withdraw(session, person=person, hearing_id=hearing_id,
                                               now=db.clock.now(), notify=notify)


async def test_two_presses_at_once_for_the_last_seat(db: Database) -> None:
    hearing = await new_hearing(db, capacity=1)
    a, b = await residents(db, 2)
    seats = await asyncio.gather(register(db, a, hearing.id or 0),
                                 register(db, b, hearing.id or 0))
    assert sorted(seats) == [Seat.confirmed, Seat.waiting]
    async with db.sessionmaker() as session:
        stored = await session.get(Hearing, hearing.id)
    assert stored is not None and stored.confirmed == 1


async def test_many_concurrent_presses_never_overbook(db: Database) -> None:
    hearing = await new_hearing(db, capacity=3)
    ids = await residents(db, 10)
    seats = await asyncio.gather(*(register(db, i, hearing.id or 0) for i in ids))
    assert seats.count(Seat.confirmed) == 3 and seats.count(Seat.waiting) == 7
    async with db.sessionmaker() as session:
        confirmed = await seated(session, hearing.id or 0)
    assert len(confirmed) == 3


async def test_the_database_refuses_a_seat_beyond_capacity(db: Database) -> None:
    await new_hearing(db, capacity=1)
    with pytest.raises(IntegrityError):
        async with db.sessionmaker() as session, session.begin():
            await session.exec(update(Hearing).values(confirmed=2))  # type: ignore[call-overload]


async def test_the_waiting_list_moves_up_in_order_and_people_are_told(db: Database) -> None:
    hearing = await new_hearing(db, capacity=1)
    first, second, third = await residents(db, 3)
    for person in (first, second, third):
        await register(db, person, hearing.id or 0)
    told = Recorder()
    await withdraw(db, first, hearing.id or 0, told)
    assert told.sent == [(second, "hearings/moved_up")]
    await withdraw(db, third, hearing.id or 0, told)  # a waiting place frees no seat
    assert len(told.sent) == 1
    assert await register(db, first, hearing.id or 0) == Seat.waiting  # back at the end
    await withdraw(db, second, hearing.id or 0, told)
    assert told.sent[-1] == (first, "hearings/moved_up")


async def test_registration_rules(db: Database) -> None:
    east = await residents(db, 2)
    west = await residents(db, 1, first_id=21000)
    async with db.sessionmaker() as session, session.begin():
        await session.exec(update(Person).where(col(Person.telegram_id).in_(west))  # type: ignore[call-overload]
                           .values(area="west", building="5"))
    hearing = await new_hearing(db, capacity=5, audience=audiences.make("buildings", ["east/1"]))
    hid = hearing.id or 0
    refused = await register(db, west[0], hid)
    assert isinstance(refused, Refused) and refused.template == "hearings/not_in_audience"
    no_point = await register(db, east[0], hid, attendance=Attendance.speak, summary=" ")
    assert isinstance(no_point, Refused) and no_point.template == "hearings/bad_summary"
    assert await register(db, east[0], hid, attendance=Attendance.speak,
                          summary="保留车位") == Seat.confirmed
    again = await register(db, east[0], hid)
    assert isinstance(again, Refused) and again.template == "hearings/already_registered"
    late = await register(db, east[1], hid, now=hearing.registration_deadline)
    assert isinstance(late, Refused) and late.template == "hearings/registration_closed"


async def test_each_reminder_is_sent_once_even_by_two_sweeps_at_once(db: Database) -> None:
    hearing = await new_hearing(db, capacity=5, starts_in=timedelta(days=2))
    [person] = await residents(db, 1)
    await register(db, person, hearing.id or 0)
    told = Recorder()

    async def sweep(now: datetime) -> int:
        async with db.sessionmaker() as session, session.begin():
            return await hearings_actions.remind_due(session, now=now, notify=told)

    day_before = hearing.starts_at - timedelta(hours=24)
    assert await sweep(day_before - timedelta(seconds=1)) == 0
    assert sum(await asyncio.gather(sweep(day_before), sweep(day_before))) == 1
    assert await sweep(hearing.starts_at - timedelta(hours=2)) == 0
    assert sum(await asyncio.gather(*(sweep(hearing.starts_at - timedelta(minutes=30))
                                      for _ in range(3)))) == 1
    assert told.sent == [(person, "hearings/reminder")] * 2


async def test_a_reminder_missed_while_the_bot_was_down_is_not_sent_late(db: Database) -> None:
    hearing = await new_hearing(db, capacity=5)
    [person] = await residents(db, 1)
    await register(db, person, hearing.id or 0)
    told = Recorder()
    async with db.sessionmaker() as session, session.begin():
        sent = await hearings_actions.remind_due(
            session, now=hearing.starts_at + timedelta(minutes=5), notify=told)
    assert sent == 0 and told.sent == []


async def test_cancellation_tells_the_registered_and_the_audience_once(db: Database) -> None:
    ids = await residents(db, 3)
    hearing = await new_hearing(db, capacity=1, audience=audiences.make("areas", ["east"]))
    for i in ids[:2]:
        await register(db, i, hearing.id or 0)
    told = Recorder()
    async with db.sessionmaker() as session, session.begin():
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        outcome = await hearings_actions.cancel(session, actor=chair, hearing_id=hearing.id or 0,
                                                now=db.clock.now(), notify=told)
    assert isinstance(outcome, Done) and outcome.value.state == HearingState.cancelled
    assert sorted(told.sent) == [(i, "hearings/cancelled") for i in ids]
    late = await register(db, ids[2], hearing.id or 0)
    assert isinstance(late, Refused)


async def test_members_and_includes_agree(db: Database) -> None:
    ids = await residents(db, 6)
    places = [("east", "1", "1"), ("east", "1", "2"), ("east", "2", "1"), ("west", "5", "1"),
              ("west", "6", "3"), ("south", "8", "2")]
    async with db.sessionmaker() as session, session.begin():
        for tg_id, (area, building, unit) in zip(ids, places, strict=True):
            await session.exec(update(Person).where(col(Person.telegram_id) == tg_id)  # type: ignore[call-overload]
                               .values(area=area, building=building, unit=unit))
    cases = [audiences.EVERYONE, audiences.make("areas", ["east", "south"]),
             audiences.make("buildings", ["east/1", "west/6"]),
             audiences.make("units", ["east/1/2", "west/5/1"]),
             audiences.make("role", ["committee"])]
    async with db.sessionmaker() as session:
        community = (await all_communities(session))[0]
        people = (await session.exec(select(Person))).all()
        for audience in cases:
            members = {p.id for p in await audiences.members(session, community.id or 0,
                                                             audience)}
            expected = {p.id for p in people
                        if audiences.includes(audience, p, await roles_of(session, p.id or 0))}
            assert members == expected, audience
            assert await audiences.count(session, community.id or 0, audience) == len(members)
    assert len(members) == 2  # the two bootstrap committee members


@given(starts=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 1, 1),
                           timezones=st.just(UTC)),
       hours=st.lists(st.integers(min_value=-3, max_value=24 * 14), max_size=6),
       lead=st.integers(min_value=0, max_value=24 * 60 * 20))
def test_reminder_times(starts: datetime, hours: list[int], lead: int) -> None:
    now = starts - timedelta(minutes=lead)
    due = reminder_times(starts, hours, now=now)
    assert set(due) <= {h for h in hours if h > 0}
    for h, at in due.items():
        assert at == starts - timedelta(hours=h) and now < at < starts
    for h in {h for h in hours if h > 0} - set(due):
        assert starts - timedelta(hours=h) <= now  # dropped only when already past


async def test_nothing_counts_twice(db: Database) -> None:
    hearing = await new_hearing(db, capacity=2)
    ids = await residents(db, 4)
    told = Recorder()
    for i in ids:
        await register(db, i, hearing.id or 0)
    await withdraw(db, ids[0], hearing.id or 0, told)
    await withdraw(db, ids[1], hearing.id or 0, told)
    async with db.sessionmaker() as session:
        stored = await session.get(Hearing, hearing.id)
        counted = await session.scalar(sa.text(
            "SELECT count(*) FROM hearing_registration WHERE seat = 'confirmed'"))
    assert stored is not None and stored.confirmed == counted == 2


PEOPLE = list(range(20000, 20006))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(capacity=st.integers(min_value=1, max_value=3),
       steps=st.lists(st.tuples(st.booleans(), st.sampled_from(PEOPLE)), max_size=20))
async def test_seats_follow_a_fair_queue(db: Database, capacity: int,
                                         steps: list[tuple[bool, int]]) -> None:
    """Against a plain model: seats never exceed capacity, the waiting list moves up in
    the order people joined it, and exactly those who move up are told."""
    async with db.sessionmaker() as session:
        known = await by_telegram_id(session, PEOPLE[0])
    if known is None:
        await residents(db, len(PEOPLE), first_id=PEOPLE[0])
    hearing = await new_hearing(db, capacity=capacity)
    seats: list[int] = []
    queue: list[int] = []
    told = Recorder()
    moved: list[int] = []
    for joining, person in steps:
        if joining:
            outcome = await register(db, person, hearing.id or 0)
            if person in seats or person in queue:
                assert isinstance(outcome, Refused)
                continue
            (seats if len(seats) < capacity else queue).append(person)
            assert outcome == (Seat.confirmed if person in seats else Seat.waiting)
        else:
            outcome = await withdraw(db, person, hearing.id or 0, told)
            if person not in seats and person not in queue:
                assert isinstance(outcome, Refused)
                continue
            if person in queue:
                queue.remove(person)
            else:
                seats.remove(person)
                if queue:
                    moved.append(queue[0])
                    seats.append(queue.pop(0))
    assert [tg for tg, _ in told.sent] == moved
    async with db.sessionmaker() as session:
        stored = await session.get(Hearing, hearing.id)
        confirmed = [p.telegram_id for _, p in await seated(session, hearing.id or 0)]
        waiting = [p.telegram_id for _, p in await seated(session, hearing.id or 0,
                                                          (Seat.waiting,))]
    assert stored is not None and stored.confirmed == len(seats) <= capacity
    assert sorted(confirmed) == sorted(seats) and waiting == queue
