"""Convening a representatives' meeting (/newmeeting): by a committee member, or by the
representatives of a petition that reached its share. The meeting starts as a draft
whose agenda its organisers prepare; the notice (models/meetings/notices.py) sends it."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community
from models.meetings import agenda, invitees, petitions
from models.meetings.meetings import (
    DOCUMENTS_MAX,
    OBSERVERS_MAX,
    PLACE_MAX,
    TITLE_MAX,
    Meeting,
    MeetingPetition,
    PetitionState,
)
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, roles_of
from models.people.roles import Role
from models.proposals.proposals import Proposal

DURATION_MAX = 24 * 60


@dataclass(frozen=True)
class FreeItem:
    """A matter drafted for the meeting, not a proposal."""

    title: str
    body: str = ""


@dataclass(frozen=True)
class Plan:
    """What the convener entered in /newmeeting."""

    title: str
    place: str
    starts_at: datetime
    duration_minutes: int | None = None  # None: the community's default
    proposal_ids: list[int] = field(default_factory=list)  # accepted proposals, in order
    items: list[FreeItem] = field(default_factory=list)  # after the proposals
    observer_ids: list[int] = field(default_factory=list)  # 列席, invited without a vote
    chair_id: int | None = None  # None: the convener chairs
    recorder_id: int | None = None  # who may record the minutes besides the chair
    petition_id: int | None = None  # the petition that convenes it
    documents: list[dict[str, Any]] = field(default_factory=list)  # Media.as_dict() of each


async def convene(session: AsyncSession, *, author: Person, community: Community, plan: Plan,
                  now: datetime) -> Outcome[Meeting]:
    """A draft meeting with its agenda. Refused, nothing changes."""
    petition = await _may_convene(session, author, plan.petition_id)
    if isinstance(petition, Refused):
        return petition
    if refusal := _check_plan(plan, now):
        return refusal
    proposals: list[Proposal] = []
    for proposal_id in dict.fromkeys(plan.proposal_ids):  # each once, in the order given
        found = await agenda.accepted_proposal(session, community.id or 0, proposal_id)
        if isinstance(found, Refused):
            return found
        proposals.append(found)
    people = [plan.chair_id, plan.recorder_id, *plan.observer_ids]
    if refusal := await _check_people(session, community, [p for p in people if p]):
        return refusal
    rules = community.config.meetings
    meeting = Meeting(
        community_id=community.id or 0, title=plan.title.strip(), place=plan.place.strip(),
        starts_at=plan.starts_at, duration_minutes=plan.duration_minutes
        or rules.duration_minutes, chair_id=plan.chair_id or author.id or 0,
        recorder_id=plan.recorder_id, quorum=rules.quorum,
        reminder_hours=sorted(set(rules.reminder_hours), reverse=True),
        observer_ids=sorted(set(plan.observer_ids)), documents=plan.documents,
        petition_id=plan.petition_id, created_by_id=author.id or 0, created_at=now,
        updated_at=now)
    session.add(meeting)
    await session.flush()
    position = 0
    for proposal in proposals:
        position += 1
        session.add(agenda.new_item(meeting, position, title="", body="", proposal=proposal,
                                    now=now))
    for free in plan.items:
        position += 1
        session.add(agenda.new_item(meeting, position, title=free.title, body=free.body,
                                    now=now))
    if petition is not None:
        petition.state = PetitionState.convened
    await session.flush()
    await audit.record(session, action="meeting.convened", subject_type="meeting",
                       subject_id=meeting.id, actor_id=author.id,
                       details={"starts_at": meeting.starts_at.isoformat(),
                                "chair": meeting.chair_id, "petition": meeting.petition_id,
                                "items": position, "observers": meeting.observer_ids},
                       community_id=meeting.community_id, now=now)
    return Done(meeting)


async def petition_for(session: AsyncSession, author: Person) -> MeetingPetition | None | Refused:
    """What the author's /newmeeting convenes on: the oldest petition they signed that
    reached its share, else an ordinary meeting (None) if they are a committee member."""
    petition = await petitions.reached_signed_by(session, author)
    if petition is not None:
        return petition
    if Role.committee in await roles_of(session, author.id or 0):
        return None
    return Refused("meetings/petition_convene_only")


async def may_convene_on(session: AsyncSession, author: Person,
                         petition_id: int) -> MeetingPetition | Refused:
    """The petition, if the author may convene a meeting on it now."""
    petition = await _may_convene(session, author, petition_id, lock=False)
    assert petition is not None  # a petition was named
    return petition


async def _may_convene(session: AsyncSession, author: Person, petition_id: int | None, *,
                       lock: bool = True) -> MeetingPetition | None | Refused:
    """A committee member may; with a petition that reached its share, so may any of its
    signers. The petition, locked, when there is one."""
    committee = Role.committee in await roles_of(session, author.id or 0)
    if petition_id is None:
        return None if committee else Refused("common/not_allowed")
    petition = await session.get(MeetingPetition, petition_id, with_for_update=lock)
    if petition is None or petition.community_id != author.community_id:
        return Refused("meetings/petition_not_found")
    signers = await petitions.signer_ids(session, petition.id or 0)
    if not committee and (author.id or 0) not in signers:
        return Refused("common/not_allowed")
    if petition.state == PetitionState.collecting:
        return Refused("meetings/petition_not_reached", {"petition": petition})
    if petition.state == PetitionState.convened:
        return Refused("meetings/petition_closed", {"petition": petition})
    return petition


def _check_plan(plan: Plan, now: datetime) -> Refused | None:
    if not plan.title.strip() or len(plan.title.strip()) > TITLE_MAX:
        return Refused("meetings/bad_title", {"limit": TITLE_MAX})
    if not plan.place.strip() or len(plan.place.strip()) > PLACE_MAX:
        return Refused("meetings/bad_place", {"limit": PLACE_MAX})
    if plan.starts_at <= now:
        return Refused("meetings/time_in_past")
    if plan.duration_minutes is not None and not 0 < plan.duration_minutes <= DURATION_MAX:
        return Refused("meetings/bad_duration", {"most": DURATION_MAX})
    if len(set(plan.observer_ids)) > OBSERVERS_MAX:
        return Refused("meetings/too_many_observers", {"limit": OBSERVERS_MAX})
    if len(plan.documents) > DOCUMENTS_MAX:
        return Refused("meetings/too_many_files", {"limit": DOCUMENTS_MAX})
    for free in plan.items:
        if refusal := agenda.check_item(free.title, free.body):
            return refusal
    return None


async def _check_people(session: AsyncSession, community: Community,
                        person_ids: list[int]) -> Refused | None:
    for person_id in person_ids:
        if await invitees.invitable(session, community.id or 0, person_id) is None:
            return Refused("meetings/unknown_person")
    return None
