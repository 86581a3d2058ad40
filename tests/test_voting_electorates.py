"""Electorates against the database: representatives, residents or households of the
community, an area, a building or a unit; one ballot per household, also when two
members press at the same instant from two transactions."""

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.app import Database
from models.community import all_communities
from models.community_reading import load_community
from models.outcomes import Done, Refused
from models.people.persons import Person, RegistrationStatus, RoleGrant, by_telegram_id
from models.people.roles import Role
from models.voting import ballots as ballot_actions
from models.voting import closing, matters
from models.voting import electorate as electorates
from models.voting import setup as matter_actions
from models.voting.electorate import Electorate, Scope, Voters
from models.voting.matters import Ballot, Matter
from models.voting.setup import Draft
from models.voting.tally import MatterKind, Result
from tests.test_community_file import EXAMPLE

# (telegram id, area, building, unit, door, representative)
HOMES = [
    (50001, "east", "1", "1", "101", False),
    (50002, "east", "1", "1", "101", False),  # same unit and door as 50001
    (50003, "east", "1", "1", "102", True),  # same unit, another door
    (50004, "east", "1", "2", "201", False),
    (50005, "east", "2", "1", "101", True),
    (50006, "west", "5", "1", "101", False),
]


def quiet(*args: object, **kwargs: object) -> None:
    """A notifier that sends nothing: these tests look at the database only."""


async def chart(matter: Matter, result: Result) -> bytes:
    return b"png"


def render(template: str, params: dict[str, object]) -> str:
    return template


async def people(db: Database, *, door: bool = False) -> dict[int, int]:
    """The residents of HOMES; with `door`, households go by door number."""
    now = db.clock.now()
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        if door:
            community.source_text = community.source_text.replace(
                "households: {by: unit}", "households: {by: door}")
        rows = [Person(telegram_id=t, display_name=str(t), name=f"居民{t}",
                       community_id=community.id, status=RegistrationStatus.approved,
                       area=a, building=b, unit=u, door=d, created_at=now)
                for t, a, b, u, d, _ in HOMES]
        session.add_all(rows)
        await session.flush()
        for row, home in zip(rows, HOMES, strict=True):
            roles = [Role.resident] + ([Role.representative] if home[5] else [])
            session.add_all(RoleGrant(person_id=row.id or 0, role=r, created_at=now)
                            for r in roles)
    return {row.telegram_id: row.id or 0 for row in rows}


async def open_matter(db: Database, electorate: Electorate, *, may_change: bool = True) -> int:
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        chair = await by_telegram_id(session, 1001)
        assert chair is not None
        now = db.clock.now()
        draft = Draft(title="电梯加装", body="说明", kind=MatterKind.decision,
                      closes_at=now + timedelta(days=1), voters=electorate.voters,
                      area=electorate.area, building=electorate.building, unit=electorate.unit)
        created = await matter_actions.create(session, author=chair, community=community,
                                              draft=draft, now=now)
        assert isinstance(created, Done), created
        created.value.may_change = may_change
        await matter_actions.open_matter(session, created.value.id or 0, notify=quiet,
                                         buttons=lambda m, b: [], now=now)
        return created.value.id or 0


async def press(db: Database, matter_id: int, voter_id: int, option: int) -> object:
    async with db.sessionmaker() as session, session.begin():
        voter = await session.get(Person, voter_id)
        assert voter is not None
        return await ballot_actions.cast(session, voter=voter, matter_id=matter_id,
                                         option=option, now=db.clock.now())


@pytest.mark.parametrize(("electorate", "expected"), [
    (Electorate(Voters.representatives), {50003, 50005}),
    (Electorate(Voters.representatives, "east", "1"), {50003}),
    (Electorate(Voters.residents), {50001, 50002, 50003, 50004, 50005, 50006}),
    (Electorate(Voters.residents, "east"), {50001, 50002, 50003, 50004, 50005}),
    (Electorate(Voters.residents, "east", "1"), {50001, 50002, 50003, 50004}),
    (Electorate(Voters.households, "east", "1", "1"), {50001, 50002, 50003}),
])
async def test_each_kind_and_scope_names_its_voters(db: Database, electorate: Electorate,
                                                     expected: set[int]) -> None:
    await people(db)
    matter_id = await open_matter(db, electorate)
    async with db.sessionmaker() as session:
        ids = await matters.voter_ids(session, matter_id)
        voters = (await session.exec(select(Person.telegram_id).where(
            Person.id.in_(ids)))).all()  # type: ignore[union-attr]
    assert set(voters) - {1001} == expected


def test_a_scope_must_exist_in_the_community_file() -> None:
    example_config = load_community(EXAMPLE)
    assert electorates.check(example_config, Electorate(Voters.households, "east", "1")) is None
    assert electorates.place_names(example_config, Electorate(
        Voters.residents, "east", "1", "2")) == ["东区", "1号楼", "2单元"]
    for stale in (Electorate(area="north"), Electorate(area="east", building="9"),
                  Electorate(area="east", building="1", unit="9"),
                  Electorate(building="1"), Electorate(area="east", unit="1")):
        refusal = electorates.check(example_config, stale)
        assert isinstance(refusal, Refused) and refusal.template == "voting/unknown_scope"
    assert Electorate(area="east", building="1").scope == Scope.building


async def test_a_household_is_a_unit_or_a_door_as_the_file_says(db: Database) -> None:
    ids = await people(db, door=True)
    matter_id = await open_matter(db, Electorate(Voters.households, "east", "1", "1"))
    assert isinstance(await press(db, matter_id, ids[50001], 0), Done)
    # 50002 shares 50001's door: refused, and nothing recorded for them.
    refused = await press(db, matter_id, ids[50002], 1)
    assert isinstance(refused, Refused) and refused.template == "voting/household_voted"
    # 50003 lives behind another door of the same unit: a household of its own.
    assert isinstance(await press(db, matter_id, ids[50003], 1), Done)
    async with db.sessionmaker() as session:
        matter = await session.get(Matter, matter_id)
        assert matter is not None
        assert await matters.electorate_size(session, matter) == 2
        assert await matters.waiting_ids(session, matter) == []  # both households voted
        rows = await matters.ballots(session, matter_id)
    assert [(r.voter_id, r.option) for r in rows] == [(ids[50001], "for"),
                                                      (ids[50003], "against")]


async def test_the_voter_of_a_household_may_change_their_ballot(db: Database) -> None:
    ids = await people(db)
    matter_id = await open_matter(db, Electorate(Voters.households, "east", "1"))
    await press(db, matter_id, ids[50002], 0)
    changed = await press(db, matter_id, ids[50002], 1)
    assert isinstance(changed, Done) and changed.value.changed  # type: ignore[attr-defined]
    assert isinstance(await press(db, matter_id, ids[50001], 0), Refused)
    async with db.sessionmaker() as session:
        matter = await session.get(Matter, matter_id)
        assert matter is not None
        # Unit 2 has not voted yet: only its member is reminded.
        assert await matters.waiting_ids(session, matter) == [ids[50004]]
        matter.closes_at = db.clock.now()
        await session.commit()
    async with db.sessionmaker() as session, session.begin():
        closed = await closing.close_matter(session, matter_id, now=db.clock.now(),
                                            notify=quiet, chart=chart, render=render)
    assert closed is not None
    # Two households (units 1 and 2 of building 1), one ballot counted: its last version.
    assert (closed.result.electorate, closed.result.cast) == (2, 1)
    assert closed.result.counts["against"] == 1


async def test_two_members_pressing_at_once_make_one_household_ballot(db: Database) -> None:
    ids = await people(db)
    matter_id = await open_matter(db, Electorate(Voters.households, "east", "1", "1"))
    members = [ids[50001], ids[50002], ids[50003]]
    outcomes = await asyncio.gather(*(press(db, matter_id, m, 0) for m in members))
    assert sum(isinstance(o, Done) for o in outcomes) == 1, outcomes
    assert all(o.template == "voting/household_voted"  # type: ignore[union-attr]
               for o in outcomes if isinstance(o, Refused))
    async with db.sessionmaker() as session:
        rows = (await session.exec(select(Ballot))).all()
    assert len(rows) == 1 and rows[0].household == "east/1/1"
