"""Who votes on a matter: representatives, every registered resident, or one ballot per
household (一户一票), of the whole community, an area, a building or a unit (一院一策:
a building decides on its lift). Pure rules and the query that lists the voters; the
matter stores the rule and models/voting/setup.py freezes its voters when it opens."""

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.community_file import Community as CommunityFile
from models.outcomes import Refused
from models.people.persons import Person, RegistrationStatus, RoleGrant
from models.people.roles import Role

HOUSEHOLD_MAX = 160  # area, building and unit codes (32 each) and a door number


class Voters(StrEnum):
    representatives = "representatives"
    residents = "residents"  # every registered resident, one ballot each
    households = "households"  # one ballot per household, the first confirmed one


class Scope(StrEnum):
    community = "community"
    area = "area"
    building = "building"
    unit = "unit"


@dataclass(frozen=True)
class Electorate:
    """The rule; codes from the community file, each level given only with the one above."""

    voters: Voters = Voters.representatives
    area: str | None = None
    building: str | None = None
    unit: str | None = None

    @property
    def scope(self) -> Scope:
        if self.unit is not None:
            return Scope.unit
        if self.building is not None:
            return Scope.building
        return Scope.area if self.area is not None else Scope.community

    def codes(self) -> list[str]:
        """The scope's codes from the area down: [] for the whole community."""
        return [c for c in (self.area, self.building, self.unit) if c is not None]


def place_names(config: CommunityFile, electorate: Electorate) -> list[str] | None:
    """The names of the scope's area, building and unit as the file gives them; None
    when a code is not in the file (a stale button, an edited file) or a level is skipped."""
    e = electorate
    if e.area is None:
        return [] if e.building is None and e.unit is None else None
    area = next((a for a in config.areas if a.code == e.area), None)
    if area is None or (e.building is None and e.unit is not None):
        return None
    if e.building is None:
        return [area.name]
    building = next((b for b in area.buildings if b.code == e.building), None)
    if building is None:
        return None
    if e.unit is None:
        return [area.name, building.name]
    unit = next((u for u in building.units if u.code == e.unit), None)
    return None if unit is None else [area.name, building.name, unit.name]


def check(config: CommunityFile, electorate: Electorate) -> Refused | None:
    if place_names(config, electorate) is None:
        return Refused("voting/unknown_scope")
    return None


def household_key(config: CommunityFile, person: Person) -> str | None:
    """The household a person votes for: their unit, or their unit and door number when
    the community file says households are told apart by door. Someone registered before
    door numbers were asked is a household of their own, so nobody loses their vote."""
    if not (person.area and person.building and person.unit):
        return None
    unit = f"{person.area}/{person.building}/{person.unit}"
    if config.households.by == "unit":
        return unit
    return f"{unit}/{person.door}" if person.door else f"{unit}/#{person.id}"


async def members(session: AsyncSession, community_id: int,
                  electorate: Electorate) -> list[Person]:
    """The approved people the rule names: representatives (by their role) or registered
    residents (everyone approved with an address), within the scope."""
    query = select(Person).where(Person.community_id == community_id,
                                 Person.status == RegistrationStatus.approved)
    if electorate.voters == Voters.representatives:
        query = (query.join(RoleGrant, col(RoleGrant.person_id) == col(Person.id))
                 .where(RoleGrant.role == Role.representative).distinct())
    else:
        query = query.where(col(Person.area).is_not(None))
    for column, code in ((Person.area, electorate.area), (Person.building, electorate.building),
                         (Person.unit, electorate.unit)):
        if code is not None:
            query = query.where(column == code)
    return list((await session.exec(query.order_by(col(Person.id)))).all())
