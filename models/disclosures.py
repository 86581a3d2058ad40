"""Entries of the public disclosure board (居务公开). Once published an entry is never
changed; a correction is a new entry that points at the one it corrects."""

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.base import enum_column, timestamp, utcnow
from models.notices import Media
from models.people import Person


class DisclosureKind(StrEnum):
    resolution = "resolution"
    implementation = "implementation"
    vote_result = "vote_result"
    hearing_minutes = "hearing_minutes"
    hotline_report = "hotline_report"
    financial = "financial"
    other = "other"


class DisclosureEntry(SQLModel, table=True):
    __tablename__ = "disclosure_entry"

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    kind: DisclosureKind = enum_column(DisclosureKind)
    title: str
    body: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id", index=True)
    matter_id: int | None = Field(default=None, foreign_key="matter.id", index=True)
    # Charts and documents: Media.as_dict() of each.
    media: list[dict[str, Any]] = Field(default_factory=list,
                                        sa_column=sa.Column(sa.JSON(), nullable=False))
    corrects_id: int | None = Field(default=None, foreign_key="disclosure_entry.id")
    author_id: int | None = Field(default=None, foreign_key="person.id")
    published_at: datetime = timestamp(index=True)


async def publish(
    session: AsyncSession, *, community_id: int, author: Person | None, kind: DisclosureKind,
    title: str, body: str, proposal_id: int | None = None, matter_id: int | None = None,
    media: Sequence[Media] = (),
) -> DisclosureEntry:
    """Publish now, in the caller's transaction, and audit it."""
    entry = DisclosureEntry(community_id=community_id, kind=kind, title=title, body=body,
                            proposal_id=proposal_id, matter_id=matter_id,
                            media=[m.as_dict() for m in media],
                            author_id=author.id if author else None, published_at=utcnow())
    session.add(entry)
    await session.flush()
    await audit.record(session, action="disclosure.published", subject_type="disclosure",
                       subject_id=entry.id, actor_id=entry.author_id,
                       details={"kind": kind.value, "proposal": proposal_id,
                                "matter": matter_id})
    return entry


async def of_proposal(session: AsyncSession, proposal_id: int) -> list[DisclosureEntry]:
    query = (select(DisclosureEntry).where(DisclosureEntry.proposal_id == proposal_id)
             .order_by(col(DisclosureEntry.id)))
    return list((await session.exec(query)).all())
