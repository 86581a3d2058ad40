"""A recall (罢免) names an office holder chosen from those who hold the office, never a
typed name; a recall that passes takes the office away, the audit entry pointing at
the vote, and tells the committee whether a by-election is now due."""

from datetime import datetime

from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community
from models.messages import Notifier
from models.people.persons import Person, RegistrationStatus, RoleGrant, with_role
from models.people.roles import Role
from models.voting.matters import Matter

# The offices residents elect, and the supervisors their representatives name.
RECALLABLE = (Role.representative, Role.committee, Role.supervisor)
SHOWN = 8  # holders offered for one typed name


async def holders_named(session: AsyncSession, community_id: int, text: str
                        ) -> list[tuple[Person, Role]]:
    """Holders of a recallable office whose name contains what was typed."""
    typed = text.strip()
    if not typed:
        return []
    query = (select(Person, RoleGrant.role)
             .join(RoleGrant, col(RoleGrant.person_id) == col(Person.id))
             .where(Person.community_id == community_id,
                    Person.status == RegistrationStatus.approved,
                    col(RoleGrant.role).in_(RECALLABLE),
                    or_(col(Person.name).contains(typed),
                        col(Person.display_name).contains(typed)))
             .order_by(col(Person.id), col(RoleGrant.role)).limit(SHOWN))
    return [(person, Role(role)) for person, role in (await session.exec(query)).all()]


async def holds(session: AsyncSession, person_id: int, role: Role, community_id: int) -> bool:
    query = (select(RoleGrant.id).join(Person, col(Person.id) == col(RoleGrant.person_id))
             .where(RoleGrant.person_id == person_id, RoleGrant.role == role,
                    col(RoleGrant.role).in_(RECALLABLE), Person.community_id == community_id))
    return (await session.exec(query)).first() is not None


async def carry_out(session: AsyncSession, matter: Matter, *, notify: Notifier,
                    now: datetime) -> bool:
    """The recall passed: the office goes. False when it was no longer held."""
    if matter.recall_person_id is None or matter.recall_role is None:
        return False
    role = Role(matter.recall_role)
    grant = (await session.exec(select(RoleGrant).where(
        RoleGrant.person_id == matter.recall_person_id, RoleGrant.role == role))).first()
    person = await session.get(Person, matter.recall_person_id)
    if grant is None or person is None:
        return False
    await session.delete(grant)
    await audit.record(session, action="role.recalled", subject_type="person",
                       subject_id=person.id, details={"role": role.value, "matter": matter.id},
                       community_id=matter.community_id, now=now)
    notify(person, "roles/recalled", role=role.value, matter=matter)
    community = await session.get(Community, matter.community_id)
    by_election = bool(community and community.config.votes.by_election_after_recall)
    for member in await with_role(session, matter.community_id, Role.committee):
        if member.id != person.id:
            notify(member, "voting/recall_carried", matter=matter, person=person,
                   role=role.value, by_election=by_election)
    return True
