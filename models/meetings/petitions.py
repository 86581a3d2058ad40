"""A petition of representatives to convene a meeting (联名提议召开): one starts it,
others sign it with a button like a proposal's co-signature. When the signatures reach
the community's share of the sitting representatives, the committee is told and the
petitioners may convene the meeting themselves."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community
from models.meetings import roster, rules
from models.meetings.meetings import (
    PETITION_MAX,
    MeetingPetition,
    MeetingPetitionSignature,
    PetitionState,
)
from models.messages import Markup, Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, with_role
from models.people.roles import Role

# The sign button under the news of a petition: a payload the handlers own.
PetitionButtons = Callable[[MeetingPetition], Markup]


@dataclass(frozen=True)
class Tally:
    petition: MeetingPetition
    signatures: int
    needed: int  # of the representatives sitting now

    @property
    def reached(self) -> bool:
        return self.signatures >= self.needed


async def signer_ids(session: AsyncSession, petition_id: int) -> list[int]:
    query = (select(MeetingPetitionSignature.person_id)
             .where(MeetingPetitionSignature.petition_id == petition_id)
             .order_by(col(MeetingPetitionSignature.id)))
    return list((await session.exec(query)).all())


def check_reason(reason: str) -> Refused | None:
    """Why a meeting is needed: some text, within the limit."""
    size = len(reason.strip())
    if not 0 < size <= PETITION_MAX:
        return Refused("meetings/bad_petition", {"limit": PETITION_MAX, "size": size})
    return None


async def may_petition(session: AsyncSession, person: Person,
                       community: Community) -> Refused | None:
    """Petitions are open in the community file, and only to sitting representatives."""
    if community.config.meetings.petition_share is None:
        return Refused("meetings/no_petitions")
    if not await roster.is_sitting(session, person):
        return Refused("meetings/petition_representatives_only")
    return None


async def start_petition(session: AsyncSession, *, person: Person, community: Community,
                         reason: str, now: datetime, notify: Notifier,
                         buttons: PetitionButtons | None = None,
                         convene: PetitionButtons | None = None) -> Outcome[Tally]:
    """A representative asks for a meeting, signing first; the others are told, with
    the sign `buttons`. `convene`: the button under the news that the share is reached."""
    if refusal := await may_petition(session, person, community) or check_reason(reason):
        return refusal
    petition = MeetingPetition(community_id=community.id or 0, started_by_id=person.id or 0,
                               reason=reason.strip(), created_at=now)
    session.add(petition)
    await session.flush()
    session.add(MeetingPetitionSignature(petition_id=petition.id or 0,
                                         person_id=person.id or 0, signed_at=now))
    await audit.record(session, action="meeting_petition.started",
                       subject_type="meeting_petition", subject_id=petition.id,
                       actor_id=person.id,
                       details={"share": community.config.meetings.petition_share},
                       community_id=petition.community_id, now=now)
    tally = await _count(session, petition, community, notify, now, convene)
    for other in await roster.sitting(session, community.id or 0):
        if other.id != person.id:
            notify(other, "meetings/petition_started", petition=petition,
                   signatures=tally.signatures, needed=tally.needed,
                   buttons=buttons(petition) if buttons else None)
    return Done(tally)


async def sign_petition(session: AsyncSession, *, person: Person, petition_id: int,
                        now: datetime, notify: Notifier,
                        convene: PetitionButtons | None = None) -> Outcome[Tally]:
    """Once per representative, while the petition has not been used for a meeting."""
    petition = await session.get(MeetingPetition, petition_id, with_for_update=True)
    if petition is None or petition.community_id != person.community_id:
        return Refused("meetings/petition_not_found")
    community = await session.get(Community, petition.community_id)
    assert community is not None
    if refusal := await may_petition(session, person, community):
        return refusal
    if petition.state == PetitionState.convened:
        return Refused("meetings/petition_closed", {"petition": petition})
    if (person.id or 0) in await signer_ids(session, petition_id):
        return Refused("meetings/already_signed", {"petition": petition})
    try:
        async with session.begin_nested():
            session.add(MeetingPetitionSignature(petition_id=petition_id,
                                                 person_id=person.id or 0, signed_at=now))
    except IntegrityError:  # a simultaneous press signed first
        return Refused("meetings/already_signed", {"petition": petition})
    await audit.record(session, action="meeting_petition.signed",
                       subject_type="meeting_petition", subject_id=petition_id,
                       actor_id=person.id, community_id=petition.community_id, now=now)
    return Done(await _count(session, petition, community, notify, now, convene))


async def reached_signed_by(session: AsyncSession, person: Person) -> MeetingPetition | None:
    """The oldest petition the person signed that reached its share and convened no
    meeting yet: the one their /newmeeting convenes on."""
    query = (select(MeetingPetition)
             .join(MeetingPetitionSignature,
                   col(MeetingPetitionSignature.petition_id) == col(MeetingPetition.id))
             .where(MeetingPetitionSignature.person_id == person.id,
                    MeetingPetition.community_id == person.community_id,
                    MeetingPetition.state == PetitionState.reached)
             .order_by(col(MeetingPetition.reached_at), col(MeetingPetition.id)))
    return (await session.exec(query)).first()


async def _count(session: AsyncSession, petition: MeetingPetition, community: Community,
                 notify: Notifier, now: datetime,
                 convene: PetitionButtons | None = None) -> Tally:
    """The signatures so far; the first time they reach the share, the committee and the
    petitioners are told."""
    signed = await signer_ids(session, petition.id or 0)
    share = community.config.meetings.petition_share or 1.0
    needed = rules.petition_needed(share, len(await roster.sitting(session,
                                                                    petition.community_id)))
    if petition.state == PetitionState.collecting and len(signed) >= needed:
        petition.state, petition.reached_at = PetitionState.reached, now
        await audit.record(session, action="meeting_petition.reached",
                           subject_type="meeting_petition", subject_id=petition.id,
                           details={"signatures": len(signed), "needed": needed},
                           community_id=petition.community_id, now=now)
        for member in await with_role(session, petition.community_id, Role.committee):
            notify(member, "meetings/petition_for_committee", petition=petition,
                   signatures=len(signed), buttons=convene(petition) if convene else None)
        people = (await session.exec(select(Person).where(col(Person.id).in_(signed)))).all()
        for signer in people:
            notify(signer, "meetings/petition_reached", petition=petition,
                   signatures=len(signed), buttons=convene(petition) if convene else None)
    return Tally(petition, len(signed), needed)
