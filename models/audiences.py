"""Who a notice or a hearing is for: everyone, some areas, buildings or units, or the
holders of a role. Stored as JSON {"kind": ..., "codes": [...]} on the notice; a
building is "area/building" and a unit "area/building/unit", since codes are only
unique among their siblings."""

from typing import Any, Literal, get_args

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.community_file import Community as CommunityFile
from models.people.persons import Person, RegistrationStatus, RoleGrant
from models.people.roles import Role

AudienceKind = Literal["everyone", "areas", "buildings", "units", "role"]
KINDS: tuple[AudienceKind, ...] = get_args(AudienceKind)
EVERYONE: dict[str, Any] = {"kind": "everyone", "codes": []}


def make(kind: str, codes: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    return {"kind": kind, "codes": sorted(set(codes))}


def options(config: CommunityFile, kind: str) -> list[tuple[str, list[str]]]:
    """What can be picked for a kind: (code, names) pairs, names to show from the grid."""
    if kind == "areas":
        return [(a.code, [a.name]) for a in config.areas]
    if kind == "buildings":
        return [(f"{a.code}/{b.code}", [a.name, b.name]) for a in config.areas
                for b in a.buildings]
    if kind == "units":
        return [(f"{a.code}/{b.code}/{u.code}", [a.name, b.name, u.name]) for a in config.areas
                for b in a.buildings for u in b.units]
    if kind == "role":
        return [(r.value, []) for r in Role if r != Role.admin]
    return []


def is_valid(config: CommunityFile, audience: dict[str, Any]) -> bool:
    kind, codes = audience.get("kind"), audience.get("codes") or []
    if kind == "everyone":
        return True
    known = {code for code, _ in options(config, str(kind))}
    return kind in KINDS and bool(codes) and set(codes) <= known


def includes(audience: dict[str, Any], person: Person, roles: frozenset[Role]) -> bool:
    """Whether one person belongs to the audience (the same rule as `members`)."""
    kind, codes = audience.get("kind"), set(audience.get("codes") or [])
    if kind in ("everyone", "residents"):
        return True
    if kind == "role":
        return any(role.value in codes for role in roles)
    place = [person.area or "", person.building or "", person.unit or ""]
    depth = {"areas": 1, "buildings": 2, "units": 3}.get(str(kind))
    return depth is not None and "/".join(place[:depth]) in codes


def _where(audience: dict[str, Any]) -> Any:
    kind, codes = audience.get("kind"), list(audience.get("codes") or [])
    if kind in ("everyone", "residents"):
        return sa.true()
    if kind == "role":
        holders = select(RoleGrant.person_id).where(col(RoleGrant.role).in_(codes))
        return col(Person.id).in_(holders)
    columns = [col(Person.area), col(Person.building), col(Person.unit)]
    depth = {"areas": 1, "buildings": 2, "units": 3}.get(str(kind))
    if depth is None or not codes:
        return sa.false()
    return sa.or_(*(sa.and_(*(c == part for c, part in zip(columns, code.split("/"),
                                                              strict=False)))
                    for code in codes if len(code.split("/")) == depth))


def _query(community_id: int, audience: dict[str, Any]) -> Any:
    return select(Person).where(Person.community_id == community_id,
                                Person.status == RegistrationStatus.approved,
                                col(Person.unreachable).is_(False), _where(audience))


async def members(session: AsyncSession, community_id: int,
                  audience: dict[str, Any]) -> list[Person]:
    """Registered people of the audience, minus those known to have blocked the bot."""
    query = _query(community_id, audience).order_by(col(Person.id))
    return list((await session.exec(query)).all())


async def count(session: AsyncSession, community_id: int, audience: dict[str, Any]) -> int:
    query = select(sa.func.count()).select_from(_query(community_id, audience).subquery())
    return int((await session.exec(query)).one())
