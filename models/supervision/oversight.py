"""What the supervisors (居务监督委员会) read of the committee's work, and that they only
read it (决策、监督、执行三分离): every proposal at every stage with its record, every
matter with its record, the delivery reports of notices. Nothing here changes a row;
every use case that changes one still asks for the committee (or the voter, or the
author), and a supervisor is never one of the committee (models/people/roles.py)."""

from sqlmodel.ext.asyncio.session import AsyncSession

from models.outcomes import Refused
from models.people.persons import Person, roles_of
from models.people.roles import Role

OVERSEERS = frozenset({Role.supervisor})


async def oversight_refusal(session: AsyncSession, person: Person) -> Refused | None:
    """None for a supervisor of a community; why not for anyone else."""
    if person.community_id is None or not OVERSEERS & await roles_of(session, person.id or 0):
        return Refused("supervision/oversight_only")
    return None
