"""Naming a supervisor (居务监督委员会成员) by the representatives' vote.

The nominee is a registered resident chosen from those the look-up offers, never a
typed name, one per matter (kept in the recall's holder columns, the role being
`supervisor`). Decision and supervision are kept apart (决策、监督、执行三分离): one
who already supervises, or who sits on the committee or administers the bot, is
refused when the matter is drafted and again at the close, since either may have
changed while the vote was open. A vote that passes gives the role, the audit entry
pointing at the vote; nobody else can give it (models/people/role_changes.py)."""

from datetime import datetime

from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.messages import Notifier
from models.outcomes import Refused
from models.people.persons import Person, RegistrationStatus, RoleGrant, roles_of, with_role
from models.people.roles import APART_FROM_SUPERVISION, Role
from models.voting.electorate import Electorate, Voters
from models.voting.matters import Matter
from models.voting.tally import PassRule

OFFICE = Role.supervisor
# Who decides may not also supervise: an admin may do all a committee member may, so an
# admin is barred like one (models/people/roles.py).
BARRED = APART_FROM_SUPERVISION
SHOWN = 8  # nominees offered for one typed name
# The whole body of representatives names a supervisor, under the rule the community
# file sets for offices (votes.recall_pass_rule): neither is the committee's to choose.
ELECTORATE = Electorate(Voters.representatives)


async def nominees_named(session: AsyncSession, community_id: int, text: str) -> list[Person]:
    """Registered residents whose name contains what was typed and who may be named:
    neither supervisors already nor committee members or admins."""
    typed = text.strip()
    if not typed:
        return []
    taken = select(RoleGrant.person_id).where(col(RoleGrant.role).in_([OFFICE, *BARRED]))
    query = (select(Person)
             .where(Person.community_id == community_id,
                    Person.status == RegistrationStatus.approved,
                    col(Person.id).not_in(taken),
                    or_(col(Person.name).contains(typed),
                        col(Person.display_name).contains(typed)))
             .order_by(col(Person.id)).limit(SHOWN))
    return list((await session.exec(query)).all())


async def refusal(session: AsyncSession, community_id: int,
                  person_id: int | None) -> Refused | None:
    """Why this person may not be named a supervisor now, or None when they may."""
    person = await session.get(Person, person_id) if person_id else None
    if person is None or person.community_id != community_id \
            or person.status != RegistrationStatus.approved:
        return Refused("voting/appoint_not_resident")
    name = person.name or person.display_name
    held = await roles_of(session, person.id or 0)
    if OFFICE in held:
        return Refused("voting/appoint_already", {"name": name})
    if held & BARRED:
        return Refused("voting/appoint_committee", {"name": name})
    return None


async def draft_refusal(session: AsyncSession, community_id: int, *, person_id: int | None,
                        role: Role | None, electorate: Electorate,
                        pass_rule: PassRule | None) -> Refused | None:
    """A matter naming a supervisor goes to every representative under the community
    file's rule, about a nominee who may be named."""
    if role != OFFICE or electorate != ELECTORATE or pass_rule is not None:
        return Refused("voting/appoint_fixed")
    return await refusal(session, community_id, person_id)


async def carry_out(session: AsyncSession, matter: Matter, *, notify: Notifier,
                    now: datetime) -> bool:
    """The vote passed: the nominee becomes a supervisor and is told, and so is the
    committee. If the nominee may no longer be named (they joined the committee, were
    named meanwhile or left), nobody is: the audit says why and the committee is told."""
    committee = await with_role(session, matter.community_id, Role.committee)
    refused = await refusal(session, matter.community_id, matter.recall_person_id)
    person = await session.get(Person, matter.recall_person_id or 0)
    if refused is not None or person is None:
        reason = refused.template if refused else "voting/appoint_not_resident"
        await audit.record(session, action="matter.appointment_refused", subject_type="matter",
                           subject_id=matter.id,
                           details={"person": matter.recall_person_id, "reason": reason},
                           community_id=matter.community_id, now=now)
        for member in committee:
            notify(member, "voting/appoint_void", matter=matter, reason=reason.split("_")[-1])
        return False
    session.add(RoleGrant(person_id=person.id or 0, role=OFFICE, created_at=now))
    await session.flush()
    await audit.record(session, action="role.appointed", subject_type="person",
                       subject_id=person.id, details={"role": OFFICE.value, "matter": matter.id},
                       community_id=matter.community_id, now=now)
    notify(person, "voting/appointed", matter=matter)
    for member in committee:
        notify(member, "voting/appoint_carried", matter=matter, person=person)
    return True
