"""Loading a community file into the database: the community and its bootstrap people."""

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community, by_code
from models.community_reading import parse_community
from models.people.persons import Person, RegistrationStatus, by_telegram_id
from models.people.role_changes import add_role
from models.people.roles import Role


async def seed(session: AsyncSession, text: str, *, source: str, now: datetime) -> Community:
    """Create or update the community described by `text` (validated first) and give
    its bootstrap people their roles. Running it twice changes nothing the second time."""
    config = parse_community(text, source=source)
    community = await by_code(session, config.code)
    created = community is None
    if community is None:
        community = Community(code=config.code, name=config.name, join_code=config.join_code,
                              updated_at=now)
        session.add(community)
    community.name, community.join_code = config.name, config.join_code
    community.timezone, community.source_text = config.timezone, text
    await session.flush()
    if created:
        await audit.record(session, action="community.created", subject_type="community",
                           subject_id=community.code, community_id=community.id, now=now)
    for entry in config.bootstrap:
        person = await by_telegram_id(session, entry.telegram_id)
        if person is None:
            person = Person(telegram_id=entry.telegram_id, display_name=entry.name,
                            created_at=now)
            session.add(person)
        person.community_id, person.name = community.id, entry.name
        person.status = RegistrationStatus.approved
        await session.flush()
        for role in {Role.resident, *(Role(r) for r in entry.roles)}:
            department = entry.department if role == Role.handler else None
            await add_role(session, person=person, role=role, granted_by=None,
                           department=department, now=now)
    return community
