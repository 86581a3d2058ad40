"""The world a delivery benchmark starts from: a migrated database with many registered
residents and one due broadcast, and the same people as users of the emulator."""

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import col, select

from bench.load import BenchError
from bot.app import Database, open_database
from emulator.state import User
from emulator.world import World
from models.community import all_communities
from models.notices import broadcasts
from models.outcomes import Done
from models.people import persons as people
from models.people.persons import Person, RegistrationStatus, RoleGrant
from models.people.roles import Role

ROOT = Path(__file__).resolve().parent.parent
COMMUNITY_FILE = ROOT / "community.example.yaml"
CHAIR = 1001  # the example community's committee chair, who sends the broadcast
FIRST_RESIDENT = 20_000
CHUNK = 1_000  # rows per INSERT: ~16 values a row stays far below SQLite's variable cap
# Every notice carries it, so a message is known as the broadcast's, not a reply.
MARKER = "delivery-bench notice"


@dataclass(frozen=True)
class Seeded:
    database: Database
    residents: list[int]  # telegram ids of the residents created for the run
    targets: list[int]  # everyone the broadcast goes to: residents and seeded staff
    broadcast_id: int


async def seed_world(database_url: str, world: World, count: int) -> Seeded:
    """Residents in the database and in the emulator, and a broadcast due now."""
    database = await open_database(database_url, community_file=COMMUNITY_FILE)
    residents = list(range(FIRST_RESIDENT, FIRST_RESIDENT + count))
    await insert_residents(database, residents)
    targets = await approved_people(database)
    for telegram_id in targets:
        # In-process: 10,000 users over the control API would take longer than the run.
        world.state.add_user(User(id=telegram_id, first_name=f"R{telegram_id}",
                                  language_code="zh"))
    broadcast_id = await create_broadcast(database)
    return Seeded(database, residents, targets, broadcast_id)


async def insert_residents(database: Database, ids: list[int], *, role: Role = Role.resident,
                           name: str = "居民") -> dict[int, int]:
    """Registered people with one role, in a few multi-row INSERTs (ORM adds take a minute
    for 10,000); returns their person ids by Telegram id."""
    now = database.clock.now()
    async with database.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        rows = [{"telegram_id": i, "username": None, "display_name": f"R{i}",
                 "telegram_language": "zh", "language": None, "community_id": community.id,
                 "name": f"{name}{i}", "area": "east", "building": "1", "unit": "1",
                 "phone": None, "status": RegistrationStatus.approved, "status_reason": None,
                 "unreachable": False, "created_at": now, "registered_at": now} for i in ids]
        for start in range(0, len(rows), CHUNK):
            await session.exec(sa.insert(Person).values(rows[start:start + CHUNK]))  # type: ignore[call-overload]
        found = (await session.exec(select(Person.telegram_id, Person.id).where(
            col(Person.telegram_id).in_(ids)))).all()
        people_ids = {telegram_id: person_id or 0 for telegram_id, person_id in found}
        grants = [{"person_id": pid, "role": role, "department": None,
                   "granted_by_id": None, "created_at": now} for pid in people_ids.values()]
        for start in range(0, len(grants), CHUNK):
            await session.exec(sa.insert(RoleGrant).values(grants[start:start + CHUNK]))  # type: ignore[call-overload]
    return people_ids


async def approved_people(database: Database) -> list[int]:
    """The broadcast's audience, as models.broadcasts.recipients will find it."""
    async with database.sessionmaker() as session:
        query = select(Person.telegram_id).where(
            Person.status == RegistrationStatus.approved)
        return sorted((await session.exec(query)).all())


async def create_broadcast(database: Database) -> int:
    async with database.sessionmaker() as session, session.begin():
        chair = await people.by_telegram_id(session, CHAIR)
        if chair is None:
            raise BenchError(f"{COMMUNITY_FILE.name} has no member {CHAIR} to broadcast")
        outcome = await broadcasts.create(session, author=chair,
                                          body=f"{MARKER}: water is off tomorrow 9-12.",
                                          now=database.clock.now())
        if not isinstance(outcome, Done):
            raise BenchError(f"the broadcast was refused: {outcome}")
        return outcome.value.id or 0
