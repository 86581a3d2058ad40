"""Granting and revoking roles, with the audit trail the committee answers for."""

from datetime import datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community
from models.community_file import Community as CommunityFile
from models.messages import Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, RegistrationStatus, RoleGrant, roles_of
from models.people.roles import APART_FROM_SUPERVISION, NAMED_ELSEWHERE, Role, may_grant


async def add_role(
    session: AsyncSession, *, person: Person, role: Role, granted_by: Person | None,
    now: datetime, department: str | None = None,
) -> bool:
    """Attach a role unless already held; audited. Returns whether anything changed."""
    existing = (await session.exec(select(RoleGrant).where(
        RoleGrant.person_id == person.id, RoleGrant.role == role))).first()
    if existing is not None and existing.department == department:
        return False
    if existing is None:
        existing = RoleGrant(person_id=person.id or 0, role=role, created_at=now)
        session.add(existing)
    existing.department = department
    existing.granted_by_id = granted_by.id if granted_by else None
    await session.flush()
    await audit.record(
        session, action="role.granted", subject_type="person", subject_id=person.id,
        actor_id=granted_by.id if granted_by else None,
        details={"role": role.value, "department": department},
        community_id=person.community_id, now=now,
    )
    return True


async def grant(
    session: AsyncSession, *, granter: Person, person: Person, role: Role,
    department: str | None, notify: Notifier, now: datetime,
) -> Outcome[Role]:
    """A committee member or admin gives someone a role in their own community."""
    refusal = await _check(session, granter, person, role)
    if refusal:
        return refusal
    if role in APART_FROM_SUPERVISION and Role.supervisor in await roles_of(
            session, person.id or 0):
        return Refused("roles/supervisor_apart", {"role": role.value})
    if role == Role.handler:
        config = await _config(session, granter)
        if department is None or config is None or config.department(department) is None:
            return Refused("roles/department_needed")
    elif department is not None:
        return Refused("roles/department_only_for_handler")
    if not await add_role(session, person=person, role=role, granted_by=granter,
                          department=department, now=now):
        return Refused("roles/already_held", {"role": role.value})
    notify(person, "roles/granted_to_you", role=role.value)
    return Done(role)


async def revoke(
    session: AsyncSession, *, granter: Person, person: Person, role: Role, notify: Notifier,
    now: datetime,
) -> Outcome[Role]:
    refusal = await _check(session, granter, person, role)
    if refusal:
        return refusal
    existing = (await session.exec(select(RoleGrant).where(
        RoleGrant.person_id == person.id, RoleGrant.role == role))).first()
    if existing is None:
        return Refused("roles/not_held", {"role": role.value})
    await session.delete(existing)
    await audit.record(
        session, action="role.revoked", subject_type="person", subject_id=person.id,
        actor_id=granter.id, details={"role": role.value},
        community_id=person.community_id, now=now,
    )
    notify(person, "roles/revoked_from_you", role=role.value)
    return Done(role)


async def _check(session: AsyncSession, granter: Person, person: Person,
                 role: Role) -> Refused | None:
    if role in NAMED_ELSEWHERE:
        return Refused("roles/named_elsewhere", {"role": role.value})
    if not may_grant(await roles_of(session, granter.id or 0), role):
        return Refused("roles/may_not_grant", {"role": role.value})
    if person.community_id != granter.community_id:
        return Refused("roles/person_not_found")
    if person.status != RegistrationStatus.approved and role != Role.admin:
        return Refused("roles/not_registered")
    return None


async def _config(session: AsyncSession, person: Person) -> CommunityFile | None:
    community = await session.get(Community, person.community_id or 0)
    return community.config if community else None
