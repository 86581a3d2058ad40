"""Tables of a vote on a major matter (重大事项票决制) and the queries that read them.

The electorate is frozen into matter_voter when the matter opens. Every press of a
confirm button appends a ballot with the next version for that voter; the unique
(matter, voter, version) key is what makes two simultaneous presses one ballot."""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import UTCDateTime, enum_column, json_column, timestamp
from models.voting.electorate import HOUSEHOLD_MAX, Electorate, Voters
from models.voting.tally import Cast, MatterKind, PassRule, option_codes

TITLE_MAX = 100
BODY_MAX = 3000
OPTION_MAX = 60
ATTACHMENTS_MAX = 5


class MatterState(StrEnum):
    scheduled = "scheduled"  # created; opens at opens_at
    open = "open"
    closed = "closed"


class Matter(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_matter_due", "state", "opens_at", "closes_at"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    title: str
    body: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    kind: MatterKind = enum_column(MatterKind)
    choices: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON(),
                                                                         nullable=False))
    recall_target: str | None = None  # the office holder a recall is about, as shown
    # Who is recalled from which office: chosen from the holders (models/voting/recall.py).
    recall_person_id: int | None = Field(default=None, foreign_key="person.id")
    recall_role: str | None = Field(default=None, max_length=32)
    attachments: list[dict[str, Any]] = Field(default_factory=list,
                                              sa_column=sa.Column(sa.JSON(), nullable=False))
    # The electorate (models/voting/electorate.py): who votes, within which area,
    # building and unit; None: the whole community (or the whole area, building).
    voters: Voters = enum_column(Voters, Voters.representatives)
    area: str | None = None
    building: str | None = None
    unit: str | None = None
    secret: bool = False
    may_change: bool = True  # a voter may cast again until the close
    quorum: float = 0.5
    pass_rule: PassRule = enum_column(PassRule)
    reminder_hours: list[int] = Field(default_factory=list,
                                      sa_column=sa.Column(sa.JSON(), nullable=False))
    opens_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    closes_at: datetime = Field(sa_column=sa.Column(UTCDateTime(), nullable=False))
    state: MatterState = enum_column(MatterState, MatterState.scheduled)
    salt: str  # secret: receipts are derived with it, so they cannot be forged or linked
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id", index=True)
    # A vote at a representatives' meeting: its electorate is those present there.
    # use_alter: the link closes a cycle (meeting -> its minutes' disclosure -> matter), so
    # the constraint is added once both tables exist.
    meeting_id: int | None = Field(default=None, sa_column=sa.Column(
        sa.Integer(), sa.ForeignKey("meeting.id", use_alter=True), nullable=True, index=True))
    created_by_id: int = Field(foreign_key="person.id")
    result: dict[str, Any] | None = json_column(nullable=True)
    created_at: datetime = timestamp()
    closed_at: datetime | None = timestamp(nullable=True)

    @property
    def number(self) -> str:
        return f"M{self.id:04d}"

    @property
    def electorate(self) -> Electorate:
        return Electorate(self.voters, self.area, self.building, self.unit)

    @property
    def options(self) -> tuple[str, ...]:
        return option_codes(self.kind, len(self.choices))


class MatterVoter(SQLModel, table=True):
    """The electorate, frozen when the matter opens; the ballot message sent to each."""

    __tablename__ = "matter_voter"

    matter_id: int = Field(foreign_key="matter.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True, index=True)
    # One ballot per household: the household the voter belonged to when voting opened.
    household: str | None = Field(default=None, max_length=HOUSEHOLD_MAX)


VERSION_ONE = sa.text("version = 1")


class Ballot(SQLModel, table=True):
    # A household's first ballot takes its key: a second member's first ballot, however
    # simultaneous, collides with it. The same voter's changes (version 2, ...) may follow.
    __table_args__ = (sa.UniqueConstraint("matter_id", "voter_id", "version"),
                      sa.Index("ux_ballot_household", "matter_id", "household", unique=True,
                               sqlite_where=VERSION_ONE, postgresql_where=VERSION_ONE))

    id: int | None = Field(default=None, primary_key=True)
    matter_id: int = Field(foreign_key="matter.id", index=True)
    voter_id: int = Field(foreign_key="person.id")
    version: int  # 1 for the first ballot, +1 for each change; the highest counts
    option: str = Field(max_length=32)
    receipt: str = Field(max_length=32, index=True)
    household: str | None = Field(default=None, max_length=HOUSEHOLD_MAX)
    cast_at: datetime = timestamp()


class MatterReminder(SQLModel, table=True):
    """A reminder sent: its key stops a second worker or a restart sending it again."""

    __tablename__ = "matter_reminder"

    matter_id: int = Field(foreign_key="matter.id", primary_key=True)
    hours_before: int = Field(sa_column=sa.Column(sa.Integer(), primary_key=True,
                                                  autoincrement=False))
    sent_at: datetime = timestamp()


async def ballots(session: AsyncSession, matter_id: int) -> list[Ballot]:
    query = select(Ballot).where(Ballot.matter_id == matter_id).order_by(col(Ballot.id))
    return list((await session.exec(query)).all())


def casts(rows: list[Ballot]) -> list[Cast]:
    return [Cast(b.voter_id, b.version, b.option) for b in rows]


async def latest_ballot(session: AsyncSession, matter_id: int, voter_id: int) -> Ballot | None:
    query = (select(Ballot).where(Ballot.matter_id == matter_id, Ballot.voter_id == voter_id)
             .order_by(col(Ballot.version).desc()).limit(1))
    return (await session.exec(query)).first()


async def is_voter(session: AsyncSession, matter_id: int, person_id: int) -> bool:
    return await session.get(MatterVoter, (matter_id, person_id)) is not None


async def voter_ids(session: AsyncSession, matter_id: int) -> list[int]:
    query = select(MatterVoter.person_id).where(MatterVoter.matter_id == matter_id)
    return list((await session.exec(query)).all())


async def electorate_size(session: AsyncSession, matter: Matter) -> int:
    """How many ballots the matter expects: its voters, or its households."""
    column = col(MatterVoter.household if matter.voters == Voters.households
                 else MatterVoter.person_id)
    query = (select(sa.func.count(sa.distinct(column)))
             .where(MatterVoter.matter_id == matter.id))
    return int((await session.exec(query)).one())


async def waiting_ids(session: AsyncSession, matter: Matter) -> list[int]:
    """Voters who have not voted, nor (one per household) anyone of their household."""
    voted = select(Ballot.voter_id).where(Ballot.matter_id == matter.id)
    query = select(MatterVoter.person_id).where(
        MatterVoter.matter_id == matter.id, col(MatterVoter.person_id).not_in(voted))
    if matter.voters == Voters.households:
        done = select(Ballot.household).where(Ballot.matter_id == matter.id,
                                               col(Ballot.household).is_not(None))
        query = query.where(col(MatterVoter.household).not_in(done))
    return list((await session.exec(query.order_by(col(MatterVoter.person_id)))).all())


async def household_ballot(session: AsyncSession, matter_id: int,
                           household: str) -> Ballot | None:
    """The ballot that speaks for a household: its first, by whichever member cast it."""
    query = select(Ballot).where(Ballot.matter_id == matter_id, Ballot.household == household,
                                 Ballot.version == 1)
    return (await session.exec(query)).first()


async def open_for(session: AsyncSession, person_id: int) -> list[Matter]:
    query = (select(Matter).join(MatterVoter, col(MatterVoter.matter_id) == col(Matter.id))
             .where(MatterVoter.person_id == person_id, Matter.state == MatterState.open)
             .order_by(col(Matter.closes_at)))
    return list((await session.exec(query)).all())


async def by_receipt(session: AsyncSession, receipt: str) -> Ballot | None:
    return (await session.exec(select(Ballot).where(Ballot.receipt == receipt))).first()


async def move_state(session: AsyncSession, matter: Matter, before: MatterState,
                     after: MatterState, **values: Any) -> bool:
    """The guarded transition: true for exactly one caller, however many try at once."""
    moved = await session.exec(
        update(Matter).where(col(Matter.id) == matter.id, col(Matter.state) == before)
        .values(state=after, **values).execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        return False
    await session.refresh(matter)
    return True
