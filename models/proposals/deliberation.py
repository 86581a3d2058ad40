"""Recording a deliberation of an accepted proposal (四议), in its path's order
(models/proposals/path.py)."""

from datetime import UTC, date, datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from models.community import Community
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person
from models.proposals.actions import REASON_MAX, add_event, for_committee
from models.proposals.path import name_of, recorded, step_refusal
from models.proposals.proposals import Proposal
from models.proposals.stages import Stage


async def deliberate(session: AsyncSession, *, reviewer: Person, proposal_id: int, kind: str,
                     note: str, held_on: date, now: datetime) -> Outcome[Proposal]:
    """Record one deliberation of an accepted proposal, in the path's order, held on a
    day of the community's calendar: no later than its tomorrow."""
    proposal, refusal = await for_committee(session, reviewer, proposal_id)
    if refusal:
        return refusal
    assert proposal is not None
    community = await session.get(Community, proposal.community_id)
    if proposal.stage != Stage.accepted or community is None:
        return Refused("proposals/wrong_stage", {"proposal": proposal})
    if not note.strip() or len(note) > REASON_MAX:
        return Refused("proposals/bad_note", {"limit": REASON_MAX})
    rules = community.config.proposals
    if refusal := step_refusal(rules, await recorded(session, proposal.id or 0), kind):
        return refusal
    if held_on > now.astimezone(community.config.zone or UTC).date() + timedelta(days=1):
        return Refused("proposals/date_in_future")
    await add_event(session, proposal, reviewer, "deliberation", note.strip(),
                    {"step": kind, "name": name_of(rules, kind), "held_on": held_on.isoformat()},
                    now=now)
    return Done(proposal)
