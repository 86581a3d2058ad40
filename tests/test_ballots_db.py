"""Ballot rules against the database: the same press twice at the same instant, from
two transactions, makes one ballot; the electorate is frozen when the matter opens;
closing and reminding happen once however many sweeps run."""

import asyncio
from datetime import timedelta
from typing import Any

from sqlmodel import select

from bot.app import Database
from models.community import all_communities
from models.outcomes import Done
from models.people.persons import Person, by_telegram_id
from models.people.roles import Role
from models.voting import ballots as ballot_actions
from models.voting import closing as matter_closing
from models.voting import matters
from models.voting import setup as matter_actions
from models.voting.matters import Ballot, Matter
from models.voting.setup import Draft
from models.voting.tally import MatterKind, Result
from tests.factories import residents


def quiet(*args: Any, **kwargs: Any) -> None:
    """A notifier that sends nothing: these tests look at the database only."""


async def chart(matter: Matter, result: Result) -> bytes:
    return b"png"


async def open_matter(db: Database, voters: int) -> tuple[int, list[int]]:
    ids = await residents(db, voters, first_id=40000, role=Role.representative)
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        chair = await by_telegram_id(session, 1001)
        assert chair is not None
        now = db.clock.now()
        draft = Draft(title="议题", body="说明", kind=MatterKind.decision,
                      closes_at=now + timedelta(days=1))
        created = await matter_actions.create(session, author=chair, community=community,
                                              draft=draft, now=now)
        assert isinstance(created, Done)
        matter_id = created.value.id or 0
        await matter_actions.open_matter(session, matter_id, notify=quiet,
                                         buttons=lambda m, b: [], now=now)
        people = (await session.exec(select(Person.id).where(
            Person.telegram_id.in_(ids)))).all()  # type: ignore[attr-defined]
    return matter_id, [p for p in people if p is not None]


async def press(db: Database, matter_id: int, voter_id: int, option: int) -> object:
    async with db.sessionmaker() as session, session.begin():
        voter = await session.get(Person, voter_id)
        assert voter is not None
        return await ballot_actions.cast(session, voter=voter, matter_id=matter_id,
                                         option=option, now=db.clock.now())


async def test_simultaneous_presses_from_two_transactions_make_one_ballot(db: Database) -> None:
    matter_id, (voter,) = await open_matter(db, 1)
    outcomes = await asyncio.gather(*(press(db, matter_id, voter, 1) for _ in range(4)))
    assert all(isinstance(o, Done) for o in outcomes)
    async with db.sessionmaker() as session:
        ballots = (await session.exec(select(Ballot))).all()
    assert [(b.version, b.option) for b in ballots] == [(1, "against")]
    assert sum(o.value.changed for o in outcomes) == 1  # type: ignore[union-attr]


async def test_close_and_reminders_happen_once_however_many_sweeps(db: Database) -> None:
    matter_id, voters = await open_matter(db, 3)
    await press(db, matter_id, voters[0], 0)
    async with db.sessionmaker() as session:
        matter = await session.get(Matter, matter_id)
    assert matter is not None
    sent: list[str] = []

    def count(person: Person, template: str, **params: Any) -> None:
        sent.append(template)

    async def remind() -> int:
        async with db.sessionmaker() as session, session.begin():
            return await matter_closing.remind(session, matter_id, now=matter.closes_at -
                                               timedelta(hours=1), notify=count,
                                               buttons=lambda m, b: [])

    reminded = await asyncio.gather(remind(), remind(), remind())
    # Both offsets (24 h and 2 h) are due at once: one reminder, to the two non-voters.
    assert sorted(reminded) == [0, 0, 2] and sent == ["voting/reminder"] * 2

    async def close() -> object:
        async with db.sessionmaker() as session, session.begin():
            return await matter_closing.close_matter(
                session, matter_id, now=matter.closes_at, notify=count, chart=chart,
                render=lambda name, params: name)

    closed = [c for c in await asyncio.gather(close(), close(), close()) if c is not None]
    assert len(closed) == 1
    async with db.sessionmaker() as session:
        final = await session.get(Matter, matter_id)
        voters_now = await matters.voter_ids(session, matter_id)
    assert final is not None and final.result is not None
    assert final.result["counts"] == {"for": 1, "against": 0, "abstain": 0}
    assert final.result["electorate"] == len(voters_now) == 3
