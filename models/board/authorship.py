"""Who may put an entry on the board by hand, or correct one (居务公开). The committee
publishes and corrects the committee's entries; a supervisors' finding (监督意见) is the
supervisory committee's alone: the committee and the admins can neither publish one
nor correct it (决策、监督、执行三分离), on whatever route they try. The roles are read
from the database, not from what a route was told."""

from collections.abc import Sequence
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from models.board import disclosures
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.messages import Media
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, roles_of
from models.people.roles import APART_FROM_SUPERVISION, Role

SUPERVISORS_ONLY = frozenset({DisclosureKind.finding})


async def may_correct(session: AsyncSession, person: Person, entry_id: int, *,
                      now: datetime) -> Outcome[DisclosureEntry]:
    """The published entry the person may correct, or why not."""
    entry = await disclosures.published(session, person.community_id or 0, entry_id, now=now)
    if entry is None:
        return Refused("board/not_found")
    refusal = await _refusal(session, person, entry.kind)
    return refusal or Done(entry)


async def publish_by_hand(
    session: AsyncSession, *, author: Person, kind: DisclosureKind, title: str, body: str,
    media: Sequence[Media] = (), corrects_id: int | None = None, at: datetime | None = None,
    now: datetime,
) -> Outcome[DisclosureEntry]:
    """Publish an entry someone wrote (a correction keeps the kind of what it corrects),
    after checking again who they are: a draft may outlive the role it was begun with."""
    if corrects_id is not None:
        corrected = await may_correct(session, author, corrects_id, now=now)
        if isinstance(corrected, Refused):
            return corrected
        kind = corrected.value.kind
    elif (refusal := await _refusal(session, author, kind)) is not None:
        return refusal
    entry = await disclosures.publish(
        session, community_id=author.community_id or 0, author=author, kind=kind,
        title=title, body=body, media=media, at=at, corrects_id=corrects_id, now=now)
    return Done(entry)


async def _refusal(session: AsyncSession, person: Person,
                   kind: DisclosureKind) -> Refused | None:
    roles = await roles_of(session, person.id or 0)
    if kind in SUPERVISORS_ONLY:
        # Roles are kept apart when granted; checked again so that no mistake there
        # ever lets the watched write the watchers' findings.
        theirs = Role.supervisor in roles and not roles & APART_FROM_SUPERVISION
        return None if theirs else Refused("board/findings_theirs")
    return None if Role.committee in roles else Refused("common/not_allowed")
