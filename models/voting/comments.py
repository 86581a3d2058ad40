"""A poll's comments (征求意见): after casting a ballot a voter may add one short comment,
published with the result and never with a name, even when the ballot was open.

A voter's first comment is kept: the (matter, voter) key makes a second one, or two sent
at once, a refusal rather than a silent replacement of what was already said."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.base import timestamp
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person
from models.voting import matters
from models.voting.matters import Matter, MatterState
from models.voting.tally import MatterKind

COMMENT_MAX = 500


class MatterComment(SQLModel, table=True):
    __tablename__ = "matter_comment"

    matter_id: int = Field(foreign_key="matter.id", primary_key=True)
    # Who wrote it: kept to allow one comment per voter, never published.
    voter_id: int = Field(foreign_key="person.id", primary_key=True)
    text: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    created_at: datetime = timestamp()


async def check(session: AsyncSession, *, voter: Person, matter_id: int,
                now: datetime) -> Matter | Refused:
    """May this person comment on this poll now? Only one who has cast a ballot in it,
    before its close, and only once."""
    matter = await session.get(Matter, matter_id)
    if matter is None or matter.community_id != voter.community_id \
            or matter.kind != MatterKind.poll:
        return Refused("voting/not_found")
    if await matters.latest_ballot(session, matter_id, voter.id or 0) is None:
        return Refused("voting/comment_not_voted", {"matter": matter})
    if matter.state != MatterState.open or now >= matter.closes_at:
        return Refused("voting/comments_closed", {"matter": matter})
    if await session.get(MatterComment, (matter_id, voter.id)) is not None:
        return Refused("voting/comment_exists", {"matter": matter})
    return matter


async def add(session: AsyncSession, *, voter: Person, matter_id: int, text: str,
              now: datetime) -> Outcome[Matter]:
    """Store the voter's comment, checked again: the poll may have closed meanwhile."""
    checked = await check(session, voter=voter, matter_id=matter_id, now=now)
    if isinstance(checked, Refused):
        return checked
    if not text.strip() or len(text.strip()) > COMMENT_MAX:
        return Refused("voting/bad_comment", {"limit": COMMENT_MAX})
    try:
        async with session.begin_nested():
            session.add(MatterComment(matter_id=matter_id, voter_id=voter.id or 0,
                                      text=text.strip(), created_at=now))
    except IntegrityError:  # the same voter's comment sent at the same instant
        return Refused("voting/comment_exists", {"matter": checked})
    # The audit entry names the commenter but not the text: the text is published
    # anonymously, and the two together would sign it.
    await audit.record(session, action="poll.commented", subject_type="matter",
                       subject_id=matter_id, actor_id=voter.id, details={},
                       community_id=checked.community_id, now=now)
    return Done(checked)


async def published(session: AsyncSession, matter_id: int) -> list[str]:
    """The comments as published: in text order, since the order they came in, set
    against the ballots' times, could tell who wrote which."""
    query = select(MatterComment.text).where(MatterComment.matter_id == matter_id)
    return sorted((await session.exec(query)).all())
