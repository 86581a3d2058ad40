"""Seats at a hearing: registering to attend or to speak, withdrawing, and the waiting
list that moves up. Capacity is the database's to enforce: a seat is taken by one
conditional UPDATE, and a check constraint refuses anything beyond capacity."""

from datetime import datetime

from sqlmodel import col, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audiences, audit
from models.hearings.hearings import (
    Attendance,
    Hearing,
    HearingRegistration,
    HearingState,
    Seat,
    registration_of,
    seated,
)
from models.hearings.rules import check_summary
from models.messages import Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, roles_of


async def register(session: AsyncSession, *, person: Person, hearing_id: int,
                   attendance: Attendance, summary: str | None, now: datetime,
                   ) -> Outcome[HearingRegistration]:
    """Take a seat if one is free, else a place on the waiting list."""
    hearing = await session.get(Hearing, hearing_id)
    if hearing is None or hearing.community_id != person.community_id:
        return Refused("hearings/not_found")
    if hearing.state != HearingState.scheduled or now >= hearing.registration_deadline:
        return Refused("hearings/registration_closed", {"hearing": hearing})
    roles = await roles_of(session, person.id or 0)
    if not audiences.includes(hearing.audience, person, roles):
        return Refused("hearings/not_in_audience", {"hearing": hearing})
    if attendance == Attendance.speak:
        checked = check_summary(summary or "")
        if isinstance(checked, Refused):
            return checked
        summary = checked
    registration = await registration_of(session, hearing_id, person.id or 0)
    if registration is not None and registration.seat != Seat.withdrawn:
        return Refused("hearings/already_registered", {"hearing": hearing,
                                                        "registration": registration})
    if registration is None:
        registration = HearingRegistration(hearing_id=hearing_id, person_id=person.id or 0,
                                           created_at=now)
        session.add(registration)
    registration.attendance = attendance
    registration.summary = summary if attendance == Attendance.speak else None
    registration.queued_at = now
    registration.seat = Seat.confirmed if await _take_seat(session, hearing_id) \
        else Seat.waiting
    await session.flush()
    await audit.record(session, action="hearing.registered", subject_type="hearing",
                       subject_id=hearing_id, actor_id=person.id,
                       details={"seat": registration.seat.value,
                                "attendance": attendance.value},
                                community_id=hearing.community_id, now=now)
    return Done(registration)


async def _take_seat(session: AsyncSession, hearing_id: int) -> bool:
    """One seat, if any is left. A single conditional UPDATE: two presses at the same
    moment cannot both see the last free seat."""
    result = await session.exec(
        update(Hearing).where(col(Hearing.id) == hearing_id,
                              col(Hearing.confirmed) < col(Hearing.capacity))
        .values(confirmed=col(Hearing.confirmed) + 1)
        .execution_options(synchronize_session=False))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def withdraw(session: AsyncSession, *, person: Person, hearing_id: int, now: datetime,
                   notify: Notifier) -> Outcome[HearingRegistration]:
    """Give up a seat or a waiting place; the first on the waiting list moves up."""
    registration = await registration_of(session, hearing_id, person.id or 0)
    hearing = await session.get(Hearing, hearing_id)
    if registration is None or hearing is None or registration.seat == Seat.withdrawn:
        return Refused("hearings/not_registered")
    if hearing.state != HearingState.scheduled or now >= hearing.starts_at:
        return Refused("hearings/registration_closed", {"hearing": hearing})
    was = registration.seat
    result = await session.exec(
        update(HearingRegistration)
        .where(col(HearingRegistration.id) == registration.id,
               col(HearingRegistration.seat) == was)
        .values(seat=Seat.withdrawn).execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return Refused("hearings/not_registered")
    await session.refresh(registration)
    if was == Seat.confirmed:
        await session.exec(update(Hearing).where(col(Hearing.id) == hearing_id,
                                                 col(Hearing.confirmed) > 0)
                           .values(confirmed=col(Hearing.confirmed) - 1)
                           .execution_options(synchronize_session=False))
        await _move_up(session, hearing, notify, now)
    await audit.record(session, action="hearing.withdrawn", subject_type="hearing",
                       subject_id=hearing_id, actor_id=person.id, details={"seat": was.value},
                       community_id=hearing.community_id, now=now)
    return Done(registration)


async def _move_up(session: AsyncSession, hearing: Hearing, notify: Notifier,
                   now: datetime) -> None:
    """Seats freed go to the waiting list in the order people joined it; each is told."""
    for registration, person in await seated(session, hearing.id or 0, (Seat.waiting,)):
        if not await _take_seat(session, hearing.id or 0):
            return
        registration.seat = Seat.confirmed
        await session.flush()
        await audit.record(session, action="hearing.moved_up", subject_type="hearing",
                           subject_id=hearing.id, actor_id=person.id,
                           community_id=hearing.community_id, now=now)
        notify(person, "hearings/moved_up", hearing=hearing)
