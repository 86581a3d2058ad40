"""Registration: a person names themself and their home; a committee member approves."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community
from models.messages import Markup, Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, RegistrationStatus, roles_of, with_role
from models.people.receipts import SUBMITTED, next_receipt
from models.people.role_changes import add_role
from models.people.roles import Role

NAME_MAX = 40
DOOR_MAX = 16


@dataclass(frozen=True)
class Address:
    area: str
    building: str
    unit: str
    door: str | None = None  # the household within the unit, when the file goes by door


def clean_name(text: str) -> str | None:
    name = " ".join(text.split())
    return name if 0 < len(name) <= NAME_MAX else None


def clean_door(text: str) -> str | None:
    """A door number as typed ("1202", "3-101"): one word, short."""
    door = text.strip()
    return door if 0 < len(door) <= DOOR_MAX and not any(c.isspace() for c in door) else None


def may_start(person: Person) -> Refused | None:
    if person.status == RegistrationStatus.approved:
        return Refused("registration/already_registered")
    if person.status == RegistrationStatus.pending:
        return Refused("registration/already_pending")
    return None


async def submit(
    session: AsyncSession, *, person: Person, community: Community, name: str,
    address: Address, phone: str | None, notify: Notifier, review_buttons: Markup,
    now: datetime,
) -> Outcome[Person]:
    """File a registration for approval and tell the committee."""
    if refusal := may_start(person):
        return refusal
    clean = clean_name(name)
    if clean is None:
        return Refused("registration/bad_name", {"limit": NAME_MAX})
    if community.config.find_unit(address.area, address.building, address.unit) is None:
        return Refused("registration/unknown_address")
    by_door = community.config.households.by == "door"
    if by_door and (address.door is None or clean_door(address.door) is None):
        return Refused("registration/bad_door", {"limit": DOOR_MAX})
    person.community_id = community.id
    person.name, person.phone = clean, phone
    person.area, person.building, person.unit = address.area, address.building, address.unit
    person.door = address.door if by_door else None
    person.status, person.status_reason = RegistrationStatus.pending, None
    await session.flush()
    await audit.record(
        session, action=SUBMITTED, subject_type="person",
        subject_id=person.id, actor_id=person.id,
        details={"community": community.code, "address": [address.area, address.building,
                                                          address.unit, person.door],
                 "receipt": await next_receipt(session, community, now)},
        community_id=community.id, now=now,
    )
    for member in await with_role(session, community.id or 0, Role.committee):
        notify(member, "registration/new_for_committee", buttons=review_buttons,
               applicant=person,
               address=address_label(community, person))
    return Done(person)


async def decide(
    session: AsyncSession, *, reviewer: Person, person_id: int, approve: bool,
    notify: Notifier, now: datetime,
) -> Outcome[Person]:
    """Approve or reject a pending registration. The applicant becomes a resident."""
    applicant = await session.get(Person, person_id, with_for_update=True)
    if applicant is None or applicant.community_id != reviewer.community_id:
        return Refused("registration/not_found")
    if applicant.status != RegistrationStatus.pending:
        return Refused("registration/already_decided", {"applicant": applicant})
    if Role.committee not in await roles_of(session, reviewer.id or 0):
        return Refused("common/not_allowed")
    applicant.status = RegistrationStatus.approved if approve else RegistrationStatus.rejected
    if approve:
        await add_role(session, person=applicant, role=Role.resident, granted_by=reviewer,
                       now=now)
    await audit.record(
        session, action="registration.approved" if approve else "registration.rejected",
        subject_type="person", subject_id=applicant.id, actor_id=reviewer.id,
        community_id=applicant.community_id, now=now,
    )
    notify(applicant, "registration/approved" if approve else "registration/rejected")
    return Done(applicant)


async def pending_in(session: AsyncSession, community_id: int) -> list[Person]:
    query = (
        select(Person)
        .where(Person.community_id == community_id,
               Person.status == RegistrationStatus.pending)
        .order_by(col(Person.id))
    )
    return list((await session.exec(query)).all())


def address_label(community: Community, person: Person) -> str:
    if not (person.area and person.building and person.unit):
        return ""
    return community.config.address_label(person.area, person.building, person.unit)
