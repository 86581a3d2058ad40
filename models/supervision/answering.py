"""The committee's answer to an inquiry, published on the disclosure board with the
question, and what the inquirer makes of it: satisfactory or not, and an unsatisfactory
answer put to the representatives' meeting."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.board import disclosures
from models.board.disclosures import TITLE_MAX, DisclosureKind
from models.meetings.meetings import Meeting
from models.messages import Markup, Media, Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, roles_of, with_role
from models.people.roles import Role
from models.supervision.inquiries import DOCUMENTS_MAX, TEXT_MAX, Inquiry, InquiryState
from models.supervision.raising import signer_ids
from models.voting.closing import Render

# The inquirer's rating buttons under the answer: a payload the handlers own.
RateButtons = Callable[[Inquiry], Markup]


def check_answer(typed: str) -> Refused | None:
    text = typed.strip()
    return Refused("supervision/inquiry_bad_answer", {"limit": TEXT_MAX, "length": len(text)}) \
        if not text or len(text) > TEXT_MAX else None


async def inquiry_for(session: AsyncSession, person: Person, inquiry_id: int, *,
                      lock: bool = False) -> Inquiry | Refused:
    inquiry = await session.get(Inquiry, inquiry_id, with_for_update=lock)
    if inquiry is None or inquiry.community_id != person.community_id:
        return Refused("supervision/inquiry_not_found")
    return inquiry


async def may_answer(session: AsyncSession, person: Person, inquiry_id: int, *,
                     lock: bool = False) -> Inquiry | Refused:
    """A committee member, of an inquiry put to the committee and not answered yet,
    that they did not raise themselves."""
    if Role.committee not in await roles_of(session, person.id or 0):
        return Refused("supervision/inquiry_committee_only")
    inquiry = await inquiry_for(session, person, inquiry_id, lock=lock)
    if isinstance(inquiry, Refused):
        return inquiry
    if inquiry.raised_by_id == person.id:
        return Refused("supervision/inquiry_own", {"inquiry": inquiry})
    if inquiry.state == InquiryState.collecting:
        return Refused("supervision/inquiry_not_put", {"inquiry": inquiry})
    if inquiry.state == InquiryState.answered:
        return Refused("supervision/inquiry_already_answered", {"inquiry": inquiry})
    return inquiry


async def answer_inquiry(session: AsyncSession, *, person: Person, inquiry_id: int,
                         text: str, documents: list[dict[str, Any]], now: datetime,
                         notify: Notifier, render: Render,
                         rate: RateButtons | None = None) -> Outcome[Inquiry]:
    """A committee member answers once; the question and the answer are published on
    the board, rendered by `render` in the community's language, and the inquirer is
    asked to rate the answer."""
    inquiry = await may_answer(session, person, inquiry_id, lock=True)
    if isinstance(inquiry, Refused):
        return inquiry
    if refusal := check_answer(text):
        return refusal
    if len(documents) > DOCUMENTS_MAX:
        return Refused("supervision/too_many_files", {"limit": DOCUMENTS_MAX})
    inquiry.state, inquiry.answer, inquiry.answer_documents = \
        InquiryState.answered, text.strip(), documents
    inquiry.answered_by_id, inquiry.answered_at = person.id, now
    signers = await _people(session, await signer_ids(session, inquiry_id))
    inquirer = await session.get(Person, inquiry.raised_by_id)
    params = {"inquiry": inquiry, "inquirer": inquirer, "signers": signers}
    entry = await disclosures.publish(
        session, community_id=inquiry.community_id, author=person, kind=DisclosureKind.inquiry,
        title=render("supervision/inquiry_title", params)[:TITLE_MAX],
        body=render("supervision/inquiry_disclosure", params),
        media=[Media.from_dict(d) for d in inquiry.documents + documents], now=now)
    inquiry.entry_id = entry.id
    await audit.record(session, action="inquiry.answered", subject_type="inquiry",
                       subject_id=inquiry_id, actor_id=person.id,
                       details={"disclosure": entry.id, "late": inquiry.late},
                       community_id=inquiry.community_id, now=now)
    if inquirer is not None:
        notify(inquirer, "supervision/inquiry_answered", inquiry=inquiry, entry=entry,
               buttons=rate(inquiry) if rate else None)
    for signer in signers:
        notify(signer, "supervision/inquiry_answered_signer", inquiry=inquiry, entry=entry)
    if inquiry.escalated_at is not None:
        for supervisor in await with_role(session, inquiry.community_id, Role.supervisor):
            notify(supervisor, "supervision/inquiry_answered_signer", inquiry=inquiry,
                   entry=entry)
    return Done(inquiry)


async def rate_answer(session: AsyncSession, *, person: Person, inquiry_id: int,
                      satisfied: bool, now: datetime, notify: Notifier) -> Outcome[Inquiry]:
    """The inquirer, once, after the answer; the committee is told."""
    inquiry = await _inquirers(session, person, inquiry_id)
    if isinstance(inquiry, Refused):
        return inquiry
    if inquiry.state != InquiryState.answered:
        return Refused("supervision/inquiry_not_answered", {"inquiry": inquiry})
    if inquiry.rated_at is not None:
        return Refused("supervision/inquiry_already_rated", {"inquiry": inquiry})
    inquiry.satisfied, inquiry.rated_at = satisfied, now
    await audit.record(session, action="inquiry.rated", subject_type="inquiry",
                       subject_id=inquiry_id, actor_id=person.id,
                       details={"satisfied": satisfied}, community_id=inquiry.community_id, now=now)
    for member in await with_role(session, inquiry.community_id, Role.committee):
        notify(member, "supervision/inquiry_rating", inquiry=inquiry)
    return Done(inquiry)


async def put_to_meeting(session: AsyncSession, *, person: Person, inquiry_id: int,
                         now: datetime, notify: Notifier) -> Outcome[Inquiry]:
    """The inquirer puts an unsatisfactory answer to the representatives' meeting: it is
    pending for the next one, and the committee and the supervisors are told."""
    inquiry = await _inquirers(session, person, inquiry_id)
    if isinstance(inquiry, Refused):
        return inquiry
    if inquiry.satisfied is not False:
        return Refused("supervision/inquiry_not_unsatisfied", {"inquiry": inquiry})
    if inquiry.to_meeting_at is not None:
        return Refused("supervision/inquiry_already_to_meeting", {"inquiry": inquiry})
    inquiry.to_meeting_at = now
    await audit.record(session, action="inquiry.to_meeting", subject_type="inquiry",
                       subject_id=inquiry_id, actor_id=person.id,
                       community_id=inquiry.community_id, now=now)
    for role in (Role.committee, Role.supervisor):
        for member in await with_role(session, inquiry.community_id, role):
            notify(member, "supervision/inquiry_to_meeting", inquiry=inquiry, inquirer=person)
    return Done(inquiry)


async def pending_for_meeting(session: AsyncSession, community_id: int) -> list[Inquiry]:
    """Answers put to the meeting since the community last convened one: shown to the
    committee as it drafts the next meeting's agenda."""
    latest = (await session.exec(select(sa.func.max(Meeting.created_at)).where(
        Meeting.community_id == community_id))).one()
    query = select(Inquiry).where(Inquiry.community_id == community_id,
                                  col(Inquiry.to_meeting_at).is_not(None))
    if latest is not None:
        query = query.where(col(Inquiry.to_meeting_at) > latest)
    return list((await session.exec(query.order_by(col(Inquiry.to_meeting_at)))).all())


async def _inquirers(session: AsyncSession, person: Person,
                     inquiry_id: int) -> Inquiry | Refused:
    inquiry = await inquiry_for(session, person, inquiry_id, lock=True)
    if isinstance(inquiry, Refused):
        return inquiry
    if inquiry.raised_by_id != person.id:
        return Refused("supervision/inquiry_inquirer_only", {"inquiry": inquiry})
    return inquiry


async def _people(session: AsyncSession, ids: list[int]) -> list[Person]:
    if not ids:
        return []
    found = (await session.exec(select(Person).where(col(Person.id).in_(ids)))).all()
    return sorted(found, key=lambda p: ids.index(p.id or 0))
