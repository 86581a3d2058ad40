"""The world a vote storm starts from: a migrated database with thousands of approved
representatives and one decision matter due to open, and the same people as users of
the emulator. The bot's scheduler opens the matter when it starts and sends the ballots."""

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import col, func, select

from bench.delivery_setup import CHAIR, COMMUNITY_FILE, insert_residents
from bench.load import BenchError
from bench.throughput import wipe_postgres
from bot.app import Database, open_database
from emulator.state import User
from emulator.world import World
from models.community import all_communities
from models.outbox import Delivery, DeliveryState
from models.outcomes import Done
from models.people import persons as people
from models.people.roles import Role
from models.voting import setup as matter_actions
from models.voting.setup import Draft
from models.voting.tally import MatterKind

FIRST_VOTER = 50_000
DB_POLL = 0.25  # seconds between "is the outbox empty yet?" queries


@dataclass(frozen=True)
class Seeded:
    database: Database
    voters: dict[int, int]  # telegram id -> person id
    matter_id: int


async def seed_world(database_url: str, world: World, count: int) -> Seeded:
    """Representatives in the database and in the emulator, and a matter opening now."""
    if database_url.startswith("postgresql"):
        await wipe_postgres(database_url)
    database = await open_database(database_url, community_file=COMMUNITY_FILE)
    ids = list(range(FIRST_VOTER, FIRST_VOTER + count))
    voters = await insert_residents(database, ids, role=Role.representative, name="代表")
    for telegram_id in ids:
        # In-process: thousands of users over the control API would take longer than the run.
        world.state.add_user(User(id=telegram_id, first_name=f"V{telegram_id}",
                                  language_code="zh"))
    return Seeded(database, voters, await create_matter(database))


async def create_matter(database: Database) -> int:
    """A decision matter opening now, as /newmatter would create it; closes in a week."""
    async with database.sessionmaker() as session, session.begin():
        chair = await people.by_telegram_id(session, CHAIR)
        if chair is None:
            raise BenchError(f"{COMMUNITY_FILE.name} has no member {CHAIR} to open a matter")
        community = (await all_communities(session))[0]
        now = database.clock.now()
        draft = Draft(title="小区东门改造方案", body="拟将东门改为人车分流，预算 12 万元。",
                      kind=MatterKind.decision, closes_at=now + timedelta(days=7))
        outcome = await matter_actions.create(session, author=chair, community=community,
                                              draft=draft, now=now)
        if not isinstance(outcome, Done):
            raise BenchError(f"the matter was refused: {outcome}")
        return outcome.value.id or 0


async def outbox_empty(database: Database) -> None:
    """Returns once no delivery is pending or sending: the ballots are all out and marked,
    so the storm does not share the database with the sender's bookkeeping."""
    open_rows = select(func.count()).select_from(Delivery).where(
        col(Delivery.state).in_((DeliveryState.pending, DeliveryState.sending)))
    while True:
        async with database.sessionmaker() as session:
            if not (await session.exec(open_rows)).one():
                return
        await asyncio.sleep(DB_POLL)
