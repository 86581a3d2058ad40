"""Raising an inquiry (质询): a sitting representative raises it and other representatives
co-sign it with a button, like a petition for a meeting; a supervisor raises one alone.
With its co-signers it is put to the committee, which must answer by its due moment."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community
from models.meetings import roster
from models.messages import Markup, Media, Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, roles_of, with_role
from models.people.roles import Role
from models.supervision import rules
from models.supervision.inquiries import (
    DOCUMENTS_MAX,
    TEXT_MAX,
    Inquiry,
    InquirySignature,
    InquiryState,
)

# Buttons the handlers own: the sign button for representatives, the answer button for
# the committee.
InquiryButtons = Callable[[Inquiry], Markup]


@dataclass(frozen=True)
class Tally:
    inquiry: Inquiry
    signatures: int  # co-signers so far, the inquirer not counted


def check_text(typed: str) -> Refused | None:
    text = typed.strip()
    return Refused("supervision/inquiry_bad_text", {"limit": TEXT_MAX, "length": len(text)}) \
        if not text or len(text) > TEXT_MAX else None


async def may_raise(session: AsyncSession, person: Person) -> bool:
    """A supervisor, or a representative sitting now."""
    return (Role.supervisor in await roles_of(session, person.id or 0)
            or await roster.is_sitting(session, person))


async def raise_inquiry(session: AsyncSession, *, person: Person, community: Community,
                        text: str, documents: list[dict[str, Any]], now: datetime,
                        notify: Notifier, sign: InquiryButtons | None = None,
                        answer: InquiryButtons | None = None) -> Outcome[Tally]:
    """Raised by a representative, the other representatives are asked to co-sign; by a
    supervisor (or when the community asks for no co-signers), it is put at once."""
    supervisor = Role.supervisor in await roles_of(session, person.id or 0)
    if not supervisor and not await roster.is_sitting(session, person):
        return Refused("supervision/inquiry_not_allowed")
    if refusal := check_text(text):
        return refusal
    if len(documents) > DOCUMENTS_MAX:
        return Refused("supervision/too_many_files", {"limit": DOCUMENTS_MAX})
    needed = 0 if supervisor else community.config.supervision.inquiry_cosigners
    others = [p for p in await roster.sitting(session, community.id or 0) if p.id != person.id]
    if len(others) < needed:  # it could never be put: say so rather than let it wait
        return Refused("supervision/inquiry_too_few_cosigners",
                       {"needed": needed, "others": len(others)})
    inquiry = Inquiry(community_id=community.id or 0, raised_by_id=person.id or 0,
                      text=text.strip(), documents=documents, needed=needed, created_at=now)
    session.add(inquiry)
    await session.flush()
    await audit.record(session, action="inquiry.raised", subject_type="inquiry",
                       subject_id=inquiry.id, actor_id=person.id,
                       details={"needed": needed, "supervisor": supervisor},
                       community_id=community.id, now=now)
    if needed == 0:
        await put(session, inquiry, community, now=now, notify=notify, answer=answer)
        return Done(Tally(inquiry, 0))
    for other in others:
        notify(other, "supervision/inquiry_to_sign", inquiry=inquiry, inquirer=person,
               signatures=0, buttons=sign(inquiry) if sign else None,
               media=documents_of(inquiry))
    return Done(Tally(inquiry, 0))


async def signer_ids(session: AsyncSession, inquiry_id: int) -> list[int]:
    query = (select(InquirySignature.person_id)
             .where(InquirySignature.inquiry_id == inquiry_id)
             .order_by(col(InquirySignature.id)))
    return list((await session.exec(query)).all())


async def sign_inquiry(session: AsyncSession, *, person: Person, inquiry_id: int,
                       now: datetime, notify: Notifier,
                       answer: InquiryButtons | None = None) -> Outcome[Tally]:
    """Once per sitting representative other than the inquirer, while it collects."""
    inquiry = await session.get(Inquiry, inquiry_id, with_for_update=True)
    if inquiry is None or inquiry.community_id != person.community_id:
        return Refused("supervision/inquiry_not_found")
    if not await roster.is_sitting(session, person):
        return Refused("supervision/inquiry_representatives_only")
    if inquiry.raised_by_id == person.id:
        return Refused("supervision/inquiry_own", {"inquiry": inquiry})
    if inquiry.state != InquiryState.collecting:
        return Refused("supervision/inquiry_signing_closed", {"inquiry": inquiry})
    if (person.id or 0) in await signer_ids(session, inquiry_id):
        return Refused("supervision/inquiry_already_signed", {"inquiry": inquiry})
    try:
        async with session.begin_nested():
            session.add(InquirySignature(inquiry_id=inquiry_id, person_id=person.id or 0,
                                         signed_at=now))
    except IntegrityError:  # a simultaneous press signed first
        return Refused("supervision/inquiry_already_signed", {"inquiry": inquiry})
    await audit.record(session, action="inquiry.signed", subject_type="inquiry",
                       subject_id=inquiry_id, actor_id=person.id,
                       community_id=inquiry.community_id, now=now)
    signed = len(await signer_ids(session, inquiry_id))
    if signed >= inquiry.needed:
        community = await session.get(Community, inquiry.community_id)
        assert community is not None
        await put(session, inquiry, community, now=now, notify=notify, answer=answer)
        inquirer = await session.get(Person, inquiry.raised_by_id)
        if inquirer is not None:
            notify(inquirer, "supervision/inquiry_sent", inquiry=inquiry, signatures=signed)
    return Done(Tally(inquiry, signed))


async def put(session: AsyncSession, inquiry: Inquiry, community: Community, *,
              now: datetime, notify: Notifier, answer: InquiryButtons | None) -> None:
    """collecting -> awaiting: the due moment is set and every committee member told."""
    settings = community.config.supervision
    inquiry.state, inquiry.put_at = InquiryState.awaiting, now
    inquiry.due_at = rules.answer_due(now, settings.inquiry_answer_days,
                                      community.config.zone)
    inquiry.reminder_hours = sorted(set(settings.inquiry_reminder_hours), reverse=True)
    await audit.record(session, action="inquiry.put", subject_type="inquiry",
                       subject_id=inquiry.id, details={"due_at": inquiry.due_at.isoformat()},
                       community_id=inquiry.community_id, now=now)
    inquirer = await session.get(Person, inquiry.raised_by_id)
    for member in await with_role(session, inquiry.community_id, Role.committee):
        notify(member, "supervision/inquiry_put", inquiry=inquiry, inquirer=inquirer,
               buttons=answer(inquiry) if answer else None, media=documents_of(inquiry))


def documents_of(inquiry: Inquiry) -> list[Media] | None:
    return [Media.from_dict(d) for d in inquiry.documents] or None


async def unanswered(session: AsyncSession, community_id: int) -> list[Inquiry]:
    """The community's inquiries gathering co-signers or awaiting the answer, the
    soonest due first (those still collecting after them, the oldest first)."""
    query = (select(Inquiry).where(Inquiry.community_id == community_id,
                                   Inquiry.state != InquiryState.answered)
             .order_by(col(Inquiry.due_at).is_(None), col(Inquiry.due_at), col(Inquiry.id)))
    return list((await session.exec(query)).all())
