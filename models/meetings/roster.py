"""Who sits, who came: the community's sitting representatives, a meeting's attendance
and whether it is quorate. Read by the meeting's use cases and by the vote of an item,
whose electorate is those present."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.meetings import rules
from models.meetings.meetings import Meeting, MeetingAttendance, Presence
from models.outcomes import Refused
from models.people.persons import Person, RegistrationStatus, RoleGrant
from models.people.roles import Role
from models.voting.matters import Matter
from models.voting.tally import share


def _sitting_query(community_id: int) -> Any:
    return (select(Person).join(RoleGrant, col(RoleGrant.person_id) == col(Person.id))
            .where(RoleGrant.role == Role.representative,
                   Person.community_id == community_id,
                   Person.status == RegistrationStatus.approved))


async def sitting(session: AsyncSession, community_id: int) -> list[Person]:
    """The community's approved representatives."""
    query = _sitting_query(community_id).order_by(col(Person.id))
    return list((await session.exec(query)).all())


async def is_sitting(session: AsyncSession, person: Person) -> bool:
    if person.community_id is None:
        return False
    query = _sitting_query(person.community_id).where(col(Person.id) == person.id)
    return (await session.exec(query)).first() is not None


async def attendance_of(session: AsyncSession, meeting_id: int,
                        person_id: int) -> MeetingAttendance | None:
    query = select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting_id,
                                            MeetingAttendance.person_id == person_id)
    return (await session.exec(query)).first()


async def present(session: AsyncSession, meeting: Meeting) -> list[Person]:
    """Sitting representatives checked in (or marked present by the chair)."""
    query = (_sitting_query(meeting.community_id)
             .join(MeetingAttendance, col(MeetingAttendance.person_id) == col(Person.id))
             .where(MeetingAttendance.meeting_id == meeting.id,
                    MeetingAttendance.status == Presence.present)
             .order_by(col(Person.id)))
    return list((await session.exec(query)).all())


async def not_on_the_roll(session: AsyncSession, matter: Matter,
                         person_id: int) -> Refused:
    """Why someone is not among the voters of an item's vote: not checked in, or checked
    in after it opened. A late arrival votes from the next item on: the voters of an
    item are fixed when its vote opens, so that no one joins a vote half counted."""
    row = await attendance_of(session, matter.meeting_id or 0, person_id)
    if row is not None and row.status == Presence.present and row.at >= matter.opens_at:
        return Refused("meetings/checked_in_late", {"matter": matter, "at": row.at})
    return Refused("meetings/not_checked_in", {"matter": matter})


@dataclass(frozen=True)
class Attendee:
    person: Person
    at: datetime  # when checked in, or when the apologies came
    entered_by_id: int | None = None  # the chair, who marked them present in person
    reason: str | None = None  # of their apologies


@dataclass(frozen=True)
class Summary:
    """The live attendance the chair sees, and the minutes record."""

    present: list[Attendee]
    apologies: list[Attendee]
    absent: list[Person]  # sitting, neither present nor excused
    sitting: int
    needed: int  # the fewest present that make it quorate
    quorate: bool


async def summary(session: AsyncSession, meeting: Meeting) -> Summary:
    people = await sitting(session, meeting.community_id)
    rows = {r.person_id: r for r in (await session.exec(select(MeetingAttendance).where(
        MeetingAttendance.meeting_id == meeting.id))).all()}
    here, excused, absent = [], [], []
    for person in people:
        row = rows.get(person.id or 0)
        if row is None:
            absent.append(person)
        elif row.status == Presence.present:
            here.append(Attendee(person, row.at, entered_by_id=row.entered_by_id))
        else:
            excused.append(Attendee(person, row.at, reason=row.reason))
    quorum = share(meeting.quorum)
    return Summary(here, excused, absent, len(people),
                   rules.needed_for_quorum(len(people), quorum),
                   rules.quorate(len(here), len(people), quorum))


async def is_quorate(session: AsyncSession, meeting: Meeting) -> bool:
    people = await sitting(session, meeting.community_id)
    return rules.quorate(len(await present(session, meeting)), len(people),
                         share(meeting.quorum))
