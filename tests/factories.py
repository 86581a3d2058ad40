"""Quick ways to populate a community for tests that need many people."""

from datetime import datetime

from bot.app import Database
from emulator.client import EmulatorClient
from models.community import all_communities
from models.people.persons import Person, RegistrationStatus, RoleGrant
from models.people.roles import Role


async def residents(db: Database, count: int, *, first_id: int = 20000,
                    client: EmulatorClient | None = None, language: str = "zh",
                    role: Role = Role.resident, area: str = "east",
                    now: datetime | None = None) -> list[int]:
    """Registered residents straight in the database (and as emulator users if given)."""
    ids, now = list(range(first_id, first_id + count)), now or db.clock.now()
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        people = [Person(telegram_id=i, display_name=f"R{i}", name=f"居民{i}",
                         community_id=community.id, status=RegistrationStatus.approved,
                         telegram_language=language, area=area, building="1", unit="1",
                         created_at=now)
                  for i in ids]
        session.add_all(people)
        await session.flush()
        session.add_all(RoleGrant(person_id=p.id or 0, role=role, created_at=now) for p in people)
    if client is not None:
        for i in ids:
            await client.add_user(i, f"R{i}", language_code=language)
    return ids
