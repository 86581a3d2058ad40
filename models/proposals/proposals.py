"""Proposal tables and the queries that read them."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import enum_column, json_column, timestamp
from models.proposals.stages import Stage

TITLE_MAX = 100
DESCRIPTION_MAX = 3000
ATTACHMENTS_MAX = 5


class Proposal(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_proposal_due", "stage", "support_deadline"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    author_id: int = Field(foreign_key="person.id", index=True)
    by_representative: bool = False
    title: str
    description: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    topic: str | None = None
    attachments: list[dict[str, Any]] = Field(default_factory=list,
                                              sa_column=sa.Column(sa.JSON(), nullable=False))
    stage: Stage = enum_column(Stage, Stage.collecting)
    # A major matter (重大事项) is decided only by a passed vote, never by a typed resolution.
    major: bool = False
    needed: int = 0  # supports or co-signatures to reach the committee
    support_deadline: datetime = timestamp()
    merged_into_id: int | None = Field(default=None, foreign_key="proposal.id")
    resolution: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    # The next disclosure owed (两公开): the resolution's once decided, the implementation
    # result's once the resolution is out; None when nothing is owed.
    disclosure_due_at: datetime | None = timestamp(nullable=True, index=True)
    disclosure_reminded: bool = False  # the committee was reminded of that one
    implementation_due_at: datetime | None = timestamp(nullable=True)
    implementation: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp()

    @property
    def number(self) -> str:
        return f"P{self.id:04d}"


class Support(SQLModel, table=True):
    # One person supports a proposal once: the database enforces it.
    __table_args__ = (sa.UniqueConstraint("proposal_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    as_representative: bool = False
    created_at: datetime = timestamp()


class ProposalEvent(SQLModel, table=True):
    """The proposal's history as its author sees it: every decision with its reason,
    and the deliberation steps with their dates."""

    __tablename__ = "proposal_event"

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True)
    at: datetime = timestamp()
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    kind: str
    note: str | None = Field(default=None, sa_column=sa.Column(sa.Text()))
    details: dict[str, Any] = json_column()


async def support_count(session: AsyncSession, proposal: Proposal) -> int:
    """Supports that count: co-signing representatives for a representative's proposal,
    any registered resident's support otherwise."""
    query = select(sa.func.count()).select_from(Support).where(
        Support.proposal_id == proposal.id)
    if proposal.by_representative:
        query = query.where(col(Support.as_representative).is_(True))
    return int((await session.exec(query)).one())


async def supporters(session: AsyncSession, proposal_id: int) -> list[int]:
    query = select(Support.person_id).where(Support.proposal_id == proposal_id)
    return list((await session.exec(query)).all())


async def open_page(session: AsyncSession, community_id: int, *, page: int,
                    size: int) -> tuple[list[Proposal], int]:
    where = (col(Proposal.community_id) == community_id,
             col(Proposal.stage) == Stage.collecting)
    total = (await session.exec(select(sa.func.count()).select_from(Proposal)
                                .where(*where))).one()
    query = (select(Proposal).where(*where).order_by(col(Proposal.id).desc())
             .offset(page * size).limit(size))
    return list((await session.exec(query)).all()), int(total)


async def by_author(session: AsyncSession, author_id: int) -> list[Proposal]:
    query = (select(Proposal).where(Proposal.author_id == author_id)
             .order_by(col(Proposal.id).desc()).limit(20))
    return list((await session.exec(query)).all())


async def in_stages(session: AsyncSession, community_id: int,
                    stages: frozenset[Stage]) -> list[Proposal]:
    query = (select(Proposal).where(Proposal.community_id == community_id,
                                    col(Proposal.stage).in_(stages))
             .order_by(col(Proposal.id)))
    return list((await session.exec(query)).all())


async def history(session: AsyncSession, proposal_id: int) -> list[ProposalEvent]:
    query = (select(ProposalEvent).where(ProposalEvent.proposal_id == proposal_id)
             .order_by(col(ProposalEvent.id)))
    return list((await session.exec(query)).all())
