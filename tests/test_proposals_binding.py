"""A major matter is decided only by a vote (重大事项票决制): a proposal on a major topic,
or one the committee marked major, refuses a typed resolution; the close of the vote
put on it moves it, passed to decided with the vote's outcome as its resolution,
failed or invalid to not adopted. A matter that is not major may still be decided by
a typed resolution, and its record says it was not voted on."""

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from bot.app import Database
from chat.render import Renderer
from models.community import all_communities
from models.outcomes import Done, Refused
from models.people.persons import Person, by_telegram_id
from models.people.roles import Role
from models.proposals import actions as proposal_actions
from models.proposals import binding, deliberation
from models.proposals.proposals import Proposal, ProposalEvent
from models.proposals.stages import Stage
from models.voting import ballots as ballot_actions
from models.voting import closing as matter_closing
from models.voting import setup as matter_actions
from models.voting.matters import Matter
from models.voting.setup import Draft
from models.voting.tally import MatterKind, Result
from tests.factories import residents
from tests.test_proposals_rules import Recorder, propose, support

CHAIR = 1001  # a committee member of the example community


async def accepted(db: Database, topic: str) -> Proposal:
    """Accepted, with the required deliberations of the example path recorded."""
    proposal = await accepted_only(db, topic)
    await deliberate(db, proposal, "party_proposal", "committee")
    return proposal


async def accepted_only(db: Database, topic: str) -> Proposal:
    author, *fans = await residents(db, 11)
    proposal = await propose(db, author, topic=topic)
    for fan in fans:
        await support(db, fan, proposal.id or 0)
    async with db.sessionmaker() as session, session.begin():
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        outcome = await proposal_actions.review(
            session, reviewer=chair, proposal_id=proposal.id or 0, target=Stage.accepted,
            reason=None, notify=Recorder(), now=db.clock.now())
    assert isinstance(outcome, Done)
    return outcome.value


async def deliberate(db: Database, proposal: Proposal, *kinds: str) -> list[object]:
    """Record deliberations of the path (四议) in the order given; their outcomes."""
    outcomes: list[object] = []
    async with db.sessionmaker() as session, session.begin():
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        for kind in kinds:
            outcomes.append(await deliberation.deliberate(
                session, reviewer=chair, proposal_id=proposal.id or 0, kind=kind,
                note="同意", held_on=db.clock.now().date(), now=db.clock.now()))
    return outcomes


async def decide(db: Database, proposal_id: int, by: int = CHAIR) -> Done[Proposal] | Refused:
    async with db.sessionmaker() as session, session.begin():
        reviewer = await by_telegram_id(session, by)
        assert reviewer is not None
        return await proposal_actions.decide(session, reviewer=reviewer,
                                             proposal_id=proposal_id, text="同意实施",
                                             notify=Recorder(), now=db.clock.now())


async def stage_of(db: Database, proposal_id: int) -> Proposal:
    async with db.sessionmaker() as session:
        found = await session.get(Proposal, proposal_id)
    assert found is not None
    return found


async def vote_on(db: Database, renderer: Renderer, proposal: Proposal,
                  options: list[int]) -> Recorder:
    """Put the proposal to a vote of len(options) representatives, cast those ballots
    (0 for, 1 against, 2 abstain) and close it; what was sent at the close."""
    voters = await residents(db, len(options), first_id=41000, role=Role.representative)
    now = db.clock.now()
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        created = await matter_actions.create(
            session, author=chair, community=community, now=now,
            draft=Draft(title=proposal.title, body="说明", kind=MatterKind.decision,
                        closes_at=now + timedelta(days=1), proposal_id=proposal.id))
        assert isinstance(created, Done)
        matter = created.value
        await matter_actions.open_matter(session, matter.id or 0, notify=Recorder(),
                                         buttons=lambda m, b: [], now=now)
        people = (await session.exec(select(Person).where(
            col(Person.telegram_id).in_(voters)))).all()
        for voter, option in zip(people, options, strict=True):
            await ballot_actions.cast(session, voter=voter, matter_id=matter.id or 0,
                                      option=option, now=now)

    async def chart(matter: Matter, result: Result) -> bytes:
        return b"png"

    sent = Recorder()
    async with db.sessionmaker() as session, session.begin():
        closed = await matter_closing.close_matter(
            session, matter.id or 0, now=matter.closes_at, notify=sent, chart=chart,
            render=lambda name, params: renderer.render("zh", name, community=community,
                                                        zone=community.config.timezone,
                                                        **params))
    assert closed is not None
    return sent


async def events(db: Database, proposal_id: int) -> list[tuple[str, dict[str, Any]]]:
    async with db.sessionmaker() as session:
        rows = (await session.exec(select(ProposalEvent).where(
            ProposalEvent.proposal_id == proposal_id).order_by(col(ProposalEvent.id)))).all()
    return [(e.kind, e.details) for e in rows]


async def test_a_major_topic_is_decided_only_by_its_vote(db: Database,
                                                         renderer: Renderer) -> None:
    proposal = await accepted(db, "facilities")  # major in the example community file
    assert proposal.major

    refused = await decide(db, proposal.id or 0)
    assert isinstance(refused, Refused) and refused.template == "proposals/major_needs_vote"
    assert (await stage_of(db, proposal.id or 0)).stage == Stage.accepted

    sent = await vote_on(db, renderer, proposal, [0, 0, 1])
    decided = await stage_of(db, proposal.id or 0)
    assert decided.stage == Stage.decided
    assert decided.resolution is not None and "通过" in decided.resolution
    assert "赞成 2，反对 1，弃权 0" in decided.resolution
    kind, details = (await events(db, proposal.id or 0))[-1]
    assert kind == "decided" and details["by_vote"] is True and details["matter"]
    assert "proposals/decided" in [t for _, t in sent.sent]


# Against, or one abstention of the only voter: valid votes that do not pass.
@pytest.mark.parametrize("options", [[1, 1, 0], []], ids=["failed", "abstained"])
async def test_a_failed_or_invalid_vote_leaves_it_not_adopted(
        db: Database, renderer: Renderer, options: list[int]) -> None:
    proposal = await accepted(db, "facilities")
    sent = await vote_on(db, renderer, proposal, options or [2])
    after = await stage_of(db, proposal.id or 0)
    assert after.stage == Stage.not_adopted and after.resolution is None
    assert "proposals/not_adopted" in [t for _, t in sent.sent]
    assert isinstance(await decide(db, proposal.id or 0), Refused)


async def test_a_matter_that_is_not_major_may_be_decided_by_typing_and_says_so(
        db: Database) -> None:
    proposal = await accepted(db, "environment")
    assert not proposal.major
    assert isinstance(await decide(db, proposal.id or 0), Done)
    kind, details = (await events(db, proposal.id or 0))[-1]
    assert kind == "decided" and details == {"by_vote": False}


async def test_the_committee_marks_a_matter_major_and_only_the_committee(
        db: Database) -> None:
    proposal = await accepted(db, "environment")
    (resident,) = await residents(db, 1, first_id=42000)
    async with db.sessionmaker() as session, session.begin():
        someone = await by_telegram_id(session, resident)
        chair = await by_telegram_id(session, CHAIR)
        assert someone is not None and chair is not None
        refused = await binding.mark_major(session, reviewer=someone,
                                           proposal_id=proposal.id or 0, now=db.clock.now())
        assert isinstance(refused, Refused) and refused.template == "common/not_allowed"
        for _ in range(2):  # twice: one mark, one event
            marked = await binding.mark_major(session, reviewer=chair,
                                              proposal_id=proposal.id or 0, now=db.clock.now())
            assert isinstance(marked, Done) and marked.value.major
    refused = await decide(db, proposal.id or 0)
    assert isinstance(refused, Refused) and refused.template == "proposals/major_needs_vote"
    assert [k for k, _ in await events(db, proposal.id or 0)].count("marked_major") == 1


async def test_a_vote_whose_proposal_was_decided_meanwhile_moves_nothing(
        db: Database, renderer: Renderer) -> None:
    proposal = await accepted(db, "environment")
    assert isinstance(await decide(db, proposal.id or 0), Done)
    await vote_on(db, renderer, proposal, [1, 1, 1])
    assert (await stage_of(db, proposal.id or 0)).stage == Stage.decided
