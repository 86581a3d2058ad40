"""Entries of the public disclosure board (居务公开). Once published an entry is never
changed; a correction is a new entry that points at the one it corrects."""

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.base import enum_column, timestamp
from models.messages import Media
from models.people.persons import Person


class DisclosureKind(StrEnum):
    resolution = "resolution"
    implementation = "implementation"
    vote_result = "vote_result"
    poll_result = "poll_result"  # of an opinion poll (征求意见): counts and comments
    hearing_minutes = "hearing_minutes"
    meeting_minutes = "meeting_minutes"  # of a representatives' meeting, once approved
    inquiry = "inquiry"  # a formal inquiry (质询) to the committee and its answer
    hotline_report = "hotline_report"
    quarterly_report = "quarterly_report"
    work_report = "work_report"  # a committee member's annual report (述职报告)
    evaluation = "evaluation"  # the results of the members' evaluation (述职评议)
    finding = "finding"  # the supervisors' own (监督意见): theirs alone to publish or correct
    financial = "financial"
    other = "other"


class DisclosureEntry(SQLModel, table=True):
    __tablename__ = "disclosure_entry"
    # A periodic report is published once per period ("quarterly:2026Q3").
    __table_args__ = (sa.UniqueConstraint("community_id", "report_key"),)

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
    # Visible from this time on; a later time schedules the publication.
    published_at: datetime = timestamp(index=True)
    # When it was posted to the channel and sent to subscribers; None: not yet.
    announced_at: datetime | None = timestamp(nullable=True, index=True)
    report_key: str | None = Field(default=None, max_length=64)

    @property
    def number(self) -> str:
        return f"D{self.id:04d}"


class Subscription(SQLModel, table=True):
    """A resident who asked (/subscribe) to receive every publication of the board."""

    __tablename__ = "disclosure_subscription"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    created_at: datetime = timestamp()


TITLE_MAX = 100
BODY_MAX = 3500  # leaves room in a 4096-character message for the heading and links
PAGE = 5


async def publish(
    session: AsyncSession, *, community_id: int, author: Person | None, kind: DisclosureKind,
    title: str, body: str, proposal_id: int | None = None, matter_id: int | None = None,
    media: Sequence[Media] = (), now: datetime, at: datetime | None = None,
    corrects_id: int | None = None, report_key: str | None = None,
) -> DisclosureEntry:
    """Publish now (or later, at `at`), in the caller's transaction, and audit it. The
    board's sweep then posts it to the channel and the subscribers, once."""
    entry = DisclosureEntry(community_id=community_id, kind=kind, title=title, body=body,
                            proposal_id=proposal_id, matter_id=matter_id,
                            media=[m.as_dict() for m in media], corrects_id=corrects_id,
                            report_key=report_key,
                            author_id=author.id if author else None,
                            published_at=at or now)
    session.add(entry)
    await session.flush()
    await audit.record(session, action="disclosure.published", subject_type="disclosure",
                       subject_id=entry.id, actor_id=entry.author_id,
                       details={"kind": kind.value, "proposal": proposal_id,
                                "matter": matter_id, "corrects": corrects_id,
                                "at": entry.published_at.isoformat()},
                                community_id=community_id, now=now)
    return entry


def _visible(community_id: int, now: datetime) -> Any:
    return sa.and_(col(DisclosureEntry.community_id) == community_id,
                   col(DisclosureEntry.published_at) <= now)


async def page(session: AsyncSession, community_id: int, *, now: datetime,
               kind: DisclosureKind | None = None, number: int = 0,
               size: int = PAGE) -> tuple[list[DisclosureEntry], int]:
    """Published entries, newest first, and how many there are in all."""
    where = _visible(community_id, now)
    if kind is not None:
        where = sa.and_(where, col(DisclosureEntry.kind) == kind)
    total = (await session.exec(select(sa.func.count()).select_from(DisclosureEntry)
                                .where(where))).one()
    query = (select(DisclosureEntry).where(where)
             .order_by(col(DisclosureEntry.published_at).desc(), col(DisclosureEntry.id).desc())
             .offset(number * size).limit(size))
    return list((await session.exec(query)).all()), int(total)


async def published(session: AsyncSession, community_id: int, entry_id: int, *,
                    now: datetime) -> DisclosureEntry | None:
    """The entry if it is public: of this community and its time has come."""
    query = select(DisclosureEntry).where(_visible(community_id, now),
                                          col(DisclosureEntry.id) == entry_id)
    return (await session.exec(query)).first()


async def corrections_of(session: AsyncSession, entry_id: int, *,
                         now: datetime) -> list[DisclosureEntry]:
    query = (select(DisclosureEntry).where(DisclosureEntry.corrects_id == entry_id,
                                           col(DisclosureEntry.published_at) <= now)
             .order_by(col(DisclosureEntry.id)))
    return list((await session.exec(query)).all())


async def scheduled(session: AsyncSession, community_id: int, *,
                    now: datetime) -> list[DisclosureEntry]:
    query = (select(DisclosureEntry).where(DisclosureEntry.community_id == community_id,
                                           col(DisclosureEntry.published_at) > now)
             .order_by(col(DisclosureEntry.published_at)))
    return list((await session.exec(query)).all())


async def due_announcements(session: AsyncSession, now: datetime) -> list[int]:
    query = (select(DisclosureEntry.id).where(col(DisclosureEntry.announced_at).is_(None),
                                              col(DisclosureEntry.published_at) <= now)
             .order_by(col(DisclosureEntry.published_at)))
    return [i for i in (await session.exec(query)).all() if i is not None]


async def claim_announcement(session: AsyncSession, entry_id: int,
                             now: datetime) -> DisclosureEntry | None:
    """Mark the entry announced; None if another worker did, or it is not due yet."""
    claimed = await session.exec(
        update(DisclosureEntry).where(col(DisclosureEntry.id) == entry_id,
                                      col(DisclosureEntry.announced_at).is_(None),
                                      col(DisclosureEntry.published_at) <= now)
        .values(announced_at=now).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        return None
    return await session.get(DisclosureEntry, entry_id)


async def subscribers(session: AsyncSession, community_id: int) -> list[Person]:
    query = (select(Person).join(Subscription, col(Subscription.person_id) == col(Person.id))
             .where(Subscription.community_id == community_id)
             .order_by(col(Person.id)))
    return list((await session.exec(query)).all())


async def toggle_subscription(session: AsyncSession, person: Person, *, now: datetime) -> bool:
    """Subscribe, or unsubscribe if already subscribed; true when now subscribed."""
    found = await session.get(Subscription, person.id)
    if found is not None:
        await session.delete(found)
        return False
    session.add(Subscription(person_id=person.id or 0, community_id=person.community_id or 0,
                             created_at=now))
    return True
