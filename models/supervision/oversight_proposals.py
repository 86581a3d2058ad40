"""Every proposal of the community, at every stage, for the supervisors to read: those a
resident never sees (returned, rejected, merged, lapsed) included, each with its whole
record (the author's text, the supports, every decision with the reviewer's reason or
note, the deliberations and where it stands on its path). Read-only."""

from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.community import Community
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person
from models.proposals import path
from models.proposals.path import Standing
from models.proposals.proposals import Proposal, ProposalEvent, history, support_count
from models.supervision.oversight import Page, community_page, oversight_refusal


@dataclass(frozen=True)
class ProposalRecord:
    proposal: Proposal
    supports: int
    events: list[ProposalEvent]
    actors: dict[int, str]  # who recorded each decision and note, by person id
    path: Standing | None


async def proposals_page(session: AsyncSession, *, person: Person, page: int,
                         size: int = 8) -> Outcome[Page[Proposal]]:
    """The community's proposals, newest first, whatever their stage."""
    if refusal := await oversight_refusal(session, person):
        return refusal
    return Done(await community_page(session, Proposal, person.community_id, page=page,
                                     size=size))


async def proposal_record(session: AsyncSession, *, person: Person,
                          proposal_id: int) -> Outcome[ProposalRecord]:
    """One proposal with everything recorded about it."""
    if refusal := await oversight_refusal(session, person):
        return refusal
    proposal = await session.get(Proposal, proposal_id)
    if proposal is None or proposal.community_id != person.community_id:
        return Refused("proposals/not_found")
    events = await history(session, proposal_id)
    ids = {e.actor_id for e in events if e.actor_id is not None}
    people = (await session.exec(select(Person).where(col(Person.id).in_(ids)))).all()
    community = await session.get(Community, proposal.community_id)
    standing = path.standing(community.config.proposals,
                             await path.recorded(session, proposal_id)) if community else None
    return Done(ProposalRecord(proposal, await support_count(session, proposal), events,
                               {p.id or 0: p.name or p.display_name for p in people},
                               standing))
