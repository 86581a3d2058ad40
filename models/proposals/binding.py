"""A major matter is decided only by a vote (重大事项票决制). The close of a vote put on
an accepted proposal moves it: passed, to decided with the vote's outcome as its
resolution; failed or invalid, to not adopted (the vote's result is on the board
already). The committee may mark a proposal major, and never unmark it."""

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.messages import Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person
from models.proposals.actions import add_event, for_committee, move_stage, tell_author
from models.proposals.proposals import Proposal
from models.proposals.stages import Stage

MARKABLE = frozenset({Stage.collecting, Stage.under_review, Stage.accepted})


async def conclude_vote(session: AsyncSession, *, proposal_id: int, matter_id: int,
                        passed: bool, outcome: str, notify: Notifier,
                        now: datetime) -> Proposal | None:
    """Bind the proposal to its vote's result. None when it is no longer waiting for
    one (a matter that is not major was decided by a typed resolution meanwhile)."""
    proposal = await session.get(Proposal, proposal_id, with_for_update=True)
    if proposal is None or proposal.stage != Stage.accepted:
        return None
    target = Stage.decided if passed else Stage.not_adopted
    await move_stage(session, proposal, target, None, target.value, outcome,
                     {"matter": matter_id, "by_vote": True}, now=now)
    if passed:
        proposal.resolution = outcome
    await tell_author(session, proposal, notify, f"proposals/{target.value}", reason=outcome)
    return proposal


async def mark_major(session: AsyncSession, *, reviewer: Person, proposal_id: int,
                     now: datetime) -> Outcome[Proposal]:
    """From now on only a vote decides it. Marking twice changes nothing."""
    proposal, refusal = await for_committee(session, reviewer, proposal_id)
    if refusal:
        return refusal
    assert proposal is not None
    if proposal.stage not in MARKABLE:
        return Refused("proposals/wrong_stage", {"proposal": proposal})
    if not proposal.major:
        proposal.major, proposal.updated_at = True, now
        await add_event(session, proposal, reviewer, "marked_major", now=now)
        await audit.record(session, action="proposal.marked_major", subject_type="proposal",
                           subject_id=proposal.id, actor_id=reviewer.id, details={},
                           community_id=proposal.community_id, now=now)
    return Done(proposal)
