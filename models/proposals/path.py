"""四议 in order. The community file names the deliberations a proposal goes through
before the representatives decide it (for example 党组织提议 → 两委会商议 → 党员大会审议,
then the decision itself), in order, and which are required. A deliberation is refused
when a required one before it is missing or a later one is already recorded; the
decision, typed or put to the vote, is refused until every required one is recorded.
A hearing (听证会) may be held at any point: it is recorded, and is no step of the path."""

from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.community_file import PathStep, ProposalRules
from models.outcomes import Refused
from models.proposals.proposals import Proposal, ProposalEvent

HEARING = "hearing"


@dataclass(frozen=True)
class Standing:
    """Where a proposal stands on its path: each step and whether it was recorded."""

    steps: list[tuple[PathStep, bool]]

    @property
    def complete(self) -> bool:
        return all(done or not step.required for step, done in self.steps)


async def recorded(session: AsyncSession, proposal_id: int) -> list[str]:
    """The deliberations recorded for a proposal, in the order they were."""
    query = (select(ProposalEvent.details).where(ProposalEvent.proposal_id == proposal_id,
                                                 ProposalEvent.kind == "deliberation")
             .order_by(col(ProposalEvent.id)))
    return [d.get("step", "") for d in (await session.exec(query)).all()]


def standing(rules: ProposalRules, done: list[str]) -> Standing:
    return Standing([(step, step.code in done) for step in rules.path])


def step_refusal(rules: ProposalRules, done: list[str], code: str) -> Refused | None:
    """Why this deliberation may not be recorded now, if it may not."""
    if code == HEARING:
        return None
    codes = [step.code for step in rules.path]
    if code not in codes:
        return Refused("proposals/unknown_step")
    at = codes.index(code)
    if any(c in done for c in codes[at:]):
        return Refused("proposals/step_out_of_order", {"step": rules.path[at].name})
    missing = [s for s in rules.path[:at] if s.required and s.code not in done]
    if missing:
        return Refused("proposals/step_skipped", {"step": rules.path[at].name,
                                                  "missing": missing[0].name})
    return None


async def decision_refusal(session: AsyncSession, rules: ProposalRules,
                           proposal: Proposal) -> Refused | None:
    """Why the proposal may not be decided yet: a required deliberation is missing."""
    found = standing(rules, await recorded(session, proposal.id or 0))
    missing = [step.name for step, done in found.steps if step.required and not done]
    if missing:
        return Refused("proposals/path_incomplete", {"proposal": proposal,
                                                     "missing": missing})
    return None


def name_of(rules: ProposalRules, code: str) -> str | None:
    return next((s.name for s in rules.path if s.code == code), None)

