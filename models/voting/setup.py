"""Use cases that set up a vote on a major matter: check and create the committee's
draft, then open it at its time, freezing the electorate and sending the ballots. Each
runs in the caller's transaction and returns Done or Refused; nothing here renders."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.community import Community
from models.community_file import Community as CommunityFile
from models.meetings import roster
from models.meetings.meetings import Meeting
from models.messages import Button, Media, Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, roles_of
from models.people.roles import Role
from models.proposals import path
from models.proposals.proposals import Proposal
from models.voting import appoint, matters, recall, receipts
from models.voting import electorate as electorates
from models.voting.electorate import Electorate, Voters
from models.voting.matters import (
    BODY_MAX,
    OPTION_MAX,
    TITLE_MAX,
    Ballot,
    Matter,
    MatterState,
    MatterVoter,
)
from models.voting.tally import CHOICE_MAX, CHOICE_MIN, MatterKind, PassRule

# Building blocks of the ballot message's buttons, filled in by the handler layer: the
# payload classes live with the handlers, so use cases receive them ready-made.
BallotButtons = Callable[[Matter, Ballot | None], list[list[Button]]]


@dataclass
class Draft:
    """What the committee member entered in /newmatter."""

    title: str
    body: str
    kind: MatterKind
    closes_at: datetime
    opens_at: datetime | None = None  # None: now
    choices: list[str] = field(default_factory=list)
    recall_target: str | None = None
    recall_person_id: int | None = None
    recall_role: Role | None = None
    voters: Voters = Voters.representatives
    area: str | None = None  # the scope: codes from the community file, None for all
    building: str | None = None
    unit: str | None = None
    secret: bool = False
    pass_rule: PassRule | None = None  # None: the community's default for the kind
    attachments: list[dict[str, Any]] = field(default_factory=list)
    proposal_id: int | None = None
    meeting_id: int | None = None  # a vote of those present at a meeting


def check_title(text: str) -> Refused | None:
    if not text.strip() or len(text.strip()) > TITLE_MAX:
        return Refused("voting/bad_title", {"limit": TITLE_MAX})
    return None


def check_body(text: str) -> Refused | None:
    if not text.strip() or len(text.strip()) > BODY_MAX:
        return Refused("voting/bad_body", {"limit": BODY_MAX})
    return None


def parse_choices(text: str) -> list[str] | Refused:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not CHOICE_MIN <= len(lines) <= CHOICE_MAX or any(len(x) > OPTION_MAX for x in lines) \
            or len(set(lines)) != len(lines):
        return Refused("voting/bad_choices", {"least": CHOICE_MIN, "most": CHOICE_MAX,
                                              "limit": OPTION_MAX})
    return lines


def default_rule(config: CommunityFile, kind: MatterKind) -> PassRule:
    votes = config.votes
    # Offices are named and removed under one rule (models/voting/appoint.py).
    office = kind in (MatterKind.recall, MatterKind.appoint)
    return PassRule(votes.recall_pass_rule if office else votes.pass_rule)


def check_times(opens_at: datetime, closes_at: datetime, now: datetime) -> Refused | None:
    if closes_at <= now:
        return Refused("voting/in_the_past")
    if opens_at < now - timedelta(minutes=1):
        return Refused("voting/in_the_past")
    if closes_at <= opens_at + timedelta(minutes=30):
        return Refused("voting/too_short")
    return None


async def create(session: AsyncSession, *, author: Person, community: Community, draft: Draft,
                 now: datetime) -> Outcome[Matter]:
    """A committee member's new matter, scheduled to open at its time (now by default)."""
    if Role.committee not in await roles_of(session, author.id or 0):
        return Refused("common/not_allowed")
    opens_at = draft.opens_at or now
    if refusal := check_times(opens_at, draft.closes_at, now):
        return refusal
    if refusal := electorates.check(community.config, Electorate(
            draft.voters, draft.area, draft.building, draft.unit)):
        return refusal
    if draft.proposal_id is not None and (refusal := await _path_refusal(
            session, community, draft.proposal_id)):
        return refusal
    if draft.kind == MatterKind.recall and (
            draft.recall_person_id is None or draft.recall_role is None
            or not await recall.holds(session, draft.recall_person_id, draft.recall_role,
                                      community.id or 0)):
        return Refused("voting/holder_gone")
    if draft.kind == MatterKind.appoint and (refusal := await appoint.draft_refusal(
            session, community.id or 0, person_id=draft.recall_person_id,
            role=draft.recall_role, pass_rule=draft.pass_rule, electorate=Electorate(
                draft.voters, draft.area, draft.building, draft.unit))):
        return refusal
    if draft.kind == MatterKind.poll and draft.proposal_id is not None:
        return Refused("voting/poll_decides_nothing")  # a proposal needs a vote that decides
    return Done(await insert(session, author_id=author.id or 0, community=community,
                             draft=draft, opens_at=opens_at, now=now))


async def insert(session: AsyncSession, *, author_id: int, community: Community, draft: Draft,
                 opens_at: datetime, now: datetime) -> Matter:
    """The matter as drafted, checked by the caller (`create`, or the meeting that puts
    an item to the vote), with the community's rules, and its audit entry."""
    config = community.config
    matter = Matter(
        community_id=community.id or 0, title=draft.title.strip(), body=draft.body.strip(),
        kind=draft.kind, choices=draft.choices, recall_target=draft.recall_target,
        recall_person_id=draft.recall_person_id,
        recall_role=draft.recall_role.value if draft.recall_role else None,
        attachments=draft.attachments, voters=draft.voters, area=draft.area,
        building=draft.building, unit=draft.unit, secret=draft.secret,
        may_change=config.votes.allow_change, quorum=config.votes.quorum,
        pass_rule=draft.pass_rule or default_rule(config, draft.kind),
        # A vote in a meeting lasts minutes: nobody is reminded of it.
        reminder_hours=[] if draft.meeting_id else sorted(config.votes.reminder_hours,
                                                          reverse=True),
        opens_at=opens_at, closes_at=draft.closes_at, salt=receipts.new_salt(),
        proposal_id=draft.proposal_id, meeting_id=draft.meeting_id, created_by_id=author_id,
        created_at=now)
    session.add(matter)
    await session.flush()
    await audit.record(session, action="matter.created", subject_type="matter",
                       subject_id=matter.id, actor_id=author_id,
                       details={"kind": matter.kind.value, "secret": matter.secret,
                                "opens_at": opens_at.isoformat(),
                                "closes_at": matter.closes_at.isoformat(),
                                "pass_rule": matter.pass_rule.value, "quorum": matter.quorum,
                                "voters": matter.voters.value,
                                "scope": matter.electorate.codes(), "proposal": matter.proposal_id,
                                "meeting": matter.meeting_id},
                       community_id=matter.community_id, now=now)
    return matter


async def _path_refusal(session: AsyncSession, community: Community,
                        proposal_id: int) -> Refused | None:
    """A proposal goes to the vote once its required deliberations are recorded (四议)."""
    proposal = await session.get(Proposal, proposal_id)
    if proposal is None or proposal.community_id != community.id:
        return Refused("voting/not_found")
    return await path.decision_refusal(session, community.config.proposals, proposal)


async def electorate(session: AsyncSession, matter: Matter) -> list[Person]:
    """Those the matter's rule names (models/voting/electorate.py); for a vote at a
    meeting, the representatives present there."""
    if matter.meeting_id is not None:
        meeting = await session.get(Meeting, matter.meeting_id)
        return await roster.present(session, meeting) if meeting else []
    return await electorates.members(session, matter.community_id, matter.electorate)


async def _households(session: AsyncSession, matter: Matter,
                      voters: list[Person]) -> dict[int | None, str | None]:
    """Each voter's household, frozen with the electorate; none unless one votes per
    household."""
    community = await session.get(Community, matter.community_id)
    if matter.voters != Voters.households or community is None:
        return {}
    return {p.id: electorates.household_key(community.config, p) for p in voters}


async def due_to_open(session: AsyncSession, now: datetime) -> list[int]:
    query = (select(Matter.id).where(Matter.state == MatterState.scheduled,
                                     Matter.opens_at <= now).order_by(col(Matter.id)))
    return [i for i in (await session.exec(query)).all() if i is not None]


async def open_matter(session: AsyncSession, matter_id: int, *, notify: Notifier,
                      buttons: BallotButtons, now: datetime) -> Matter | None:
    """scheduled -> open: freeze the electorate and send each voter a ballot. None when
    another worker opened it first."""
    matter = await session.get(Matter, matter_id)
    if matter is None or not await matters.move_state(session, matter, MatterState.scheduled,
                                         MatterState.open):
        return None
    voters = await electorate(session, matter)
    if voters:
        households = await _households(session, matter, voters)
        await session.exec(sa.insert(MatterVoter).values(  # type: ignore[call-overload]
            [{"matter_id": matter.id, "person_id": p.id, "household": households.get(p.id)}
             for p in voters]))
    await audit.record(session, action="matter.opened", subject_type="matter",
                       subject_id=matter.id, details={"electorate": len(voters)},
                       community_id=matter.community_id, now=now)
    media = [Media.from_dict(a) for a in matter.attachments]
    for voter in voters:
        notify(voter, "voting/ballot", matter=matter, ballot=None,
               buttons=buttons(matter, None), media=media or None)
    return matter
