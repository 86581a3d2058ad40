"""Proposal rules on the database, and the stage machine as a property."""

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from bot.app import Database
from bot.playground import run_job
from chat.render import Renderer
from models.audit import AuditEntry
from models.board.disclosures import DisclosureEntry
from models.community import all_communities
from models.outcomes import Done, Refused
from models.people import persons as people
from models.people.persons import Person
from models.people.role_changes import add_role
from models.people.roles import Role
from models.proposals import actions as proposal_actions
from models.proposals import deliberation, proposals
from models.proposals.proposals import Proposal
from models.proposals.stages import FINAL, TRANSITIONS, Stage, may_move
from tests.factories import residents


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    def __call__(self, recipient: Person, template: str, /, *, buttons: Any = None,
                 **params: Any) -> None:
        self.sent.append((recipient.telegram_id, template))


@given(st.lists(st.sampled_from(list(Stage)), max_size=12))
def test_only_listed_transitions_are_possible(path: list[Stage]) -> None:
    stage = Stage.collecting
    for target in path:
        allowed = target in TRANSITIONS.get(stage, frozenset())
        assert may_move(stage, target) == allowed
        if allowed:
            stage = target
    assert stage in Stage
    if stage in FINAL:
        assert not any(may_move(stage, s) for s in Stage)


def test_every_stage_is_reachable_and_every_path_ends() -> None:
    reachable, frontier = {Stage.collecting}, [Stage.collecting]
    while frontier:
        for nxt in TRANSITIONS.get(frontier.pop(), frozenset()):
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert reachable == set(Stage)
    assert Stage.collecting not in {s for targets in TRANSITIONS.values() for s in targets}


async def person(session, tg_id: int) -> Person:  # type: ignore[no-untyped-def]
    found = await people.by_telegram_id(session, tg_id)
    assert found is not None
    return found


async def propose(db: Database, author_tg: int, **kwargs: Any) -> Proposal:
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        outcome = await proposal_actions.submit(
            session, author=await person(session, author_tg), community=community,
            title=kwargs.get("title", "增设电动车充电桩"), description="东区车棚没有充电桩。",
            topic=kwargs.get("topic", "environment"), attachments=[], notify=Recorder(),
            now=db.clock.now())
        assert isinstance(outcome, Done)
        return outcome.value


async def support(db: Database, tg_id: int, proposal_id: int, notify: Recorder | None = None):  # type: ignore[no-untyped-def]
    async with db.sessionmaker() as session, session.begin():
        return await proposal_actions.support(session, person=await person(session, tg_id),
                                              proposal_id=proposal_id,
                                              notify=notify or Recorder(), now=db.clock.now())


async def test_supports_reach_review_once_and_tell_the_committee(db: Database) -> None:
    author, *others = await residents(db, 12)
    proposal = await propose(db, author)
    assert proposal.needed == 10 and not proposal.by_representative
    notify = Recorder()
    for supporter in others[:10]:
        assert isinstance(await support(db, supporter, proposal.id, notify), Done)
    assert sorted(t for _, t in notify.sent) == [
        "proposals/for_review", "proposals/for_review", "proposals/reached_review"]
    late = await support(db, others[10], proposal.id)
    assert isinstance(late, Refused) and late.template == "proposals/not_open"


async def test_supporting_twice_or_ones_own_is_refused(db: Database) -> None:
    author, fan = await residents(db, 2)
    proposal = await propose(db, author)
    assert await support(db, author, proposal.id) == Refused("proposals/own_proposal")
    assert isinstance(await support(db, fan, proposal.id), Done)
    again = await support(db, fan, proposal.id)
    assert isinstance(again, Refused) and again.template == "proposals/already_supported"
    async with db.sessionmaker() as session:
        assert await proposals.support_count(session, proposal) == 1


async def test_representatives_need_co_signing_representatives(db: Database) -> None:
    author, resident, rep1, rep2 = await residents(db, 4)
    async with db.sessionmaker() as session, session.begin():
        for tg in (author, rep1, rep2):
            await add_role(session, person=await person(session, tg),
                           role=Role.representative, granted_by=None, now=db.clock.now())
    proposal = await propose(db, author)
    assert proposal.by_representative and proposal.needed == 2
    await support(db, resident, proposal.id)  # a resident's support does not co-sign
    await support(db, rep1, proposal.id)
    async with db.sessionmaker() as session:
        assert (await session.get(Proposal, proposal.id)).stage == Stage.collecting
    await support(db, rep2, proposal.id)
    async with db.sessionmaker() as session:
        assert (await session.get(Proposal, proposal.id)).stage == Stage.under_review


async def test_lapse_sweep_runs_once_even_when_run_twice_at_once(db: Database) -> None:
    [author] = await residents(db, 1)
    proposal = await propose(db, author)
    renderer = Renderer(strict=True)
    assert await run_job(db, "proposals", renderer) == 0  # not yet due
    later = db.clock.now() + timedelta(days=15)
    counts = await asyncio.gather(*(run_job(db, "proposals", renderer, now=later)
                                    for _ in range(3)))
    assert sum(counts) == 1
    async with db.sessionmaker() as session:
        assert (await session.get(Proposal, proposal.id)).stage == Stage.lapsed
        told = (await session.exec(select(proposals.ProposalEvent.kind).where(
            proposals.ProposalEvent.proposal_id == proposal.id))).all()
    assert told.count("lapsed") == 1


async def under_review(db: Database, author: int, supporters: list[int]) -> Proposal:
    proposal = await propose(db, author)
    for tg in supporters:
        await support(db, tg, proposal.id)
    return proposal


async def test_the_whole_path_to_both_disclosures(db: Database) -> None:
    author, *fans = await residents(db, 11)
    proposal = await under_review(db, author, fans)
    notify = Recorder()
    async with db.sessionmaker() as session, session.begin():
        chair = await person(session, 1001)
        steps = [
            proposal_actions.review(session, reviewer=chair, proposal_id=proposal.id,
                                    target=Stage.accepted, reason=None, notify=notify,
                                    now=db.clock.now()),
            *(deliberation.deliberate(session, reviewer=chair, proposal_id=proposal.id,
                                      kind=kind, note="同意", held_on=db.clock.now().date(),
                                      now=db.clock.now())
              for kind in ("party_proposal", "committee")),
            proposal_actions.decide(session, reviewer=chair, proposal_id=proposal.id,
                                    text="安装 10 个充电桩", notify=notify, now=db.clock.now()),
            proposal_actions.disclose(session, reviewer=chair, proposal_id=proposal.id,
                                      notify=notify, now=db.clock.now()),
            proposal_actions.record_implementation(session, reviewer=chair,
                                                   proposal_id=proposal.id,
                                                   text="已安装完毕", notify=notify,
                                                   now=db.clock.now()),
            proposal_actions.disclose(session, reviewer=chair, proposal_id=proposal.id,
                                      notify=notify, now=db.clock.now()),
        ]
        for step in steps:
            assert isinstance(await step, Done)
        final = await session.get(Proposal, proposal.id)
        entries = (await session.exec(select(DisclosureEntry))).all()
        actions = (await session.exec(select(AuditEntry.action))).all()
    assert final.stage == Stage.closed
    assert [e.kind for e in entries] == ["resolution", "implementation"]
    assert entries[0].body == "安装 10 个充电桩"
    assert {"proposal.accepted", "proposal.decided", "proposal.closed"} <= set(actions)


@pytest.mark.parametrize("target", [Stage.returned, Stage.rejected])
async def test_returning_or_rejecting_needs_a_reason(db: Database, target: Stage) -> None:
    author, *fans = await residents(db, 11)
    proposal = await under_review(db, author, fans)
    notify = Recorder()
    async with db.sessionmaker() as session, session.begin():
        chair = await person(session, 1001)
        assert await proposal_actions.review(
            session, reviewer=chair, proposal_id=proposal.id, target=target, reason=" ",
            notify=notify, now=db.clock.now()) == Refused("proposals/reason_needed")
        done = await proposal_actions.review(session, reviewer=chair, proposal_id=proposal.id,
                                             target=target, reason="与规划不符", notify=notify,
                                             now=db.clock.now())
    assert isinstance(done, Done) and done.value.stage == target
    assert notify.sent == [(author, f"proposals/{target.value}")]


async def test_merging_carries_supporters_over(db: Database) -> None:
    a, b, *fans = await residents(db, 13)
    first = await under_review(db, a, fans[:10])
    second = await propose(db, b, title="充电桩")
    await support(db, fans[10], second.id)
    async with db.sessionmaker() as session, session.begin():
        chair = await person(session, 1001)
        done = await proposal_actions.review(
            session, reviewer=chair, proposal_id=first.id, target=Stage.merged, reason=None,
            notify=Recorder(), merge_into=second.id, now=db.clock.now())
        assert isinstance(done, Done)
        carried = set(await proposals.supporters(session, second.id))
    # a's ten supporters and a, plus the one second already had
    assert len(carried) == 12


async def test_only_the_committee_reviews(db: Database) -> None:
    author, *fans = await residents(db, 11)
    proposal = await under_review(db, author, fans)
    async with db.sessionmaker() as session, session.begin():
        outsider = await person(session, fans[0])
        refused = await proposal_actions.review(
            session, reviewer=outsider, proposal_id=proposal.id, target=Stage.accepted,
            reason=None, notify=Recorder(), now=db.clock.now())
        assert refused == Refused("common/not_allowed")
        assert (await session.get(Proposal, proposal.id)).stage == Stage.under_review


async def test_steps_out_of_order_are_refused(db: Database) -> None:
    [author] = await residents(db, 1)
    proposal = await propose(db, author)
    async with db.sessionmaker() as session, session.begin():
        chair = await person(session, 1001)
        refused = await proposal_actions.disclose(session, reviewer=chair,
                                                  proposal_id=proposal.id, notify=Recorder(),
                                                  now=db.clock.now())
        assert isinstance(refused, Refused) and refused.template == "proposals/wrong_stage"
        refused = await proposal_actions.decide(session, reviewer=chair,
                                                proposal_id=proposal.id, text="x",
                                                notify=Recorder(), now=db.clock.now())
        assert isinstance(refused, Refused)
        assert (await session.get(Proposal, proposal.id)).stage == Stage.collecting


SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(("local_now", "held_on", "accepted"), [
    # Just after midnight in Shanghai it is still yesterday in UTC: the community's
    # tomorrow is two UTC days ahead, and still allowed.
    (datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI), date(2027, 1, 2), True),
    (datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI), date(2027, 1, 3), False),
    (datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI), date(2027, 1, 1), True),
    (datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI), date(2027, 1, 2), False),
])
async def test_a_deliberation_date_is_a_day_of_the_communitys_calendar(
        db: Database, local_now: datetime, held_on: date, accepted: bool) -> None:
    author, *fans = await residents(db, 11)
    proposal = await under_review(db, author, fans)
    now = local_now.astimezone(UTC)
    async with db.sessionmaker() as session, session.begin():
        chair = await person(session, 1001)
        await proposal_actions.review(session, reviewer=chair, proposal_id=proposal.id,
                                      target=Stage.accepted, reason=None, notify=Recorder(),
                                      now=now)
        outcome = await deliberation.deliberate(
            session, reviewer=chair, proposal_id=proposal.id, kind="party_proposal",
            note="同意", held_on=held_on, now=now)
    assert isinstance(outcome, Done) == accepted
    if not accepted:
        assert outcome == Refused("proposals/date_in_future")
