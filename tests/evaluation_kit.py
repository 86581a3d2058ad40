"""Helpers for the evaluation of committee members' tests: the evaluation switched on
in the example community, people with roles, and the instants of its period."""

from datetime import UTC, datetime

from bot.app import Database
from models.community import all_communities
from models.people.persons import RoleGrant, by_telegram_id
from models.people.roles import Role
from tests.factories import residents

CHAIR = 1001  # committee (and admin) in the example community
MEMBER = 1002  # committee
# Opens 12-01 in Shanghai: 2026-11-30 16:00 UTC; closes 14 days later.
DURING = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
BEFORE = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
AFTER = datetime(2026, 12, 14, 16, 0, tzinfo=UTC)


async def enable(db: Database, *, residents_rate: bool = False, flag_below: float = 0.6,
                 ) -> None:
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        community.source_text += (
            f"\nevaluation: {{opens: \"12-01\", days: 14, "
            f"residents: {str(residents_rate).lower()}, flag_below: {flag_below}}}\n")


async def people(db: Database, role: Role, count: int = 1, *, first_id: int) -> list[int]:
    return await residents(db, count, first_id=first_id, role=role)


async def grant(db: Database, tg: int, role: Role) -> None:
    async with db.sessionmaker() as session, session.begin():
        person = await by_telegram_id(session, tg)
        assert person is not None
        session.add(RoleGrant(person_id=person.id or 0, role=role, created_at=db.clock.now()))
