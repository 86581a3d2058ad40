"""The supervisors read every proposal, matter and delivery report of their community,
and only read: straight on the database, as a supervisor, as the committee and as
residents."""

from datetime import timedelta
from typing import Any

from bot.app import Database
from models.community import all_communities
from models.notices import broadcasts, reports
from models.outcomes import Done, Refused
from models.people.persons import Person, by_telegram_id, roles_of
from models.people.roles import Role
from models.proposals import actions as proposal_actions
from models.proposals import binding, deliberation
from models.proposals.stages import Stage
from models.supervision import oversight_matters, oversight_proposals
from models.voting import ballots as ballot_actions
from models.voting import setup as matter_actions
from models.voting.matters import MatterState
from models.voting.tally import MatterKind
from tests import oversight_kit as kit
from tests.meetings_kit import CHAIR, Recorder
from tests.test_hotline_rules import MONDAY_10, staff
from tests.test_proposals_rules import propose

WATCHER = 9100
RESIDENT = 21000  # the rejected proposal's author


async def as_(db: Database, telegram_id: int, use_case: Any, **kwargs: Any) -> Any:
    async with db.sessionmaker() as session, session.begin():
        person = await by_telegram_id(session, telegram_id)
        assert person is not None
        return await use_case(session, person=person, **kwargs)


async def test_a_supervisor_reads_every_proposal_with_its_record(db: Database) -> None:
    db.clock.set(MONDAY_10)
    await staff(db, WATCHER, Role.supervisor, name="赵监督")
    rejected = await kit.rejected_proposal(db)
    await propose(db, RESIDENT + 1, title="楼道加装照明")
    page = await as_(db, WATCHER, oversight_proposals.proposals_page, page=0)
    assert isinstance(page, Done)
    assert [p.stage for p in page.value.items] == [Stage.collecting, Stage.rejected]
    record = await as_(db, WATCHER, oversight_proposals.proposal_record,
                       proposal_id=rejected.id)
    assert isinstance(record, Done)
    notes = [(e.kind, e.note) for e in record.value.events]
    assert ("rejected", kit.REASON) in notes and notes[0][0] == "submitted"
    rejecter = next(e.actor_id for e in record.value.events if e.kind == "rejected")
    assert rejecter in record.value.actors  # who wrote the reason
    for someone in (RESIDENT, RESIDENT + 1, CHAIR):  # its author, a supporter, the committee
        assert await as_(db, someone, oversight_proposals.proposals_page, page=0) == Refused(
            "supervision/oversight_only")
        assert isinstance(await as_(db, someone, oversight_proposals.proposal_record,
                                    proposal_id=rejected.id), Refused)


async def test_names_of_an_open_ballot_once_closed_and_never_of_a_secret_one(
        db: Database) -> None:
    db.clock.set(MONDAY_10)
    await staff(db, WATCHER, Role.supervisor, name="赵监督")
    await kit.voters(db)
    named = await kit.matter(db, secret=False, title="东门改造")
    secret = await kit.matter(db, secret=True, title="物业选聘")
    for row in (named, secret):  # while the vote runs: how many voted, nothing more
        running = await as_(db, WATCHER, oversight_matters.matter_record, matter_id=row.id)
        assert isinstance(running, Done)
        assert running.value.matter.state == MatterState.open
        assert (running.value.voted, running.value.electorate) == (3, 3)
        assert running.value.counts is None and running.value.roll_call == []
    await kit.close(db, named)
    await kit.close(db, secret)
    shown = await as_(db, WATCHER, oversight_matters.matter_record, matter_id=named.id)
    assert isinstance(shown, Done)
    assert shown.value.roll_call == [(f"居民{kit.VOTERS}", "for"),
                                     (f"居民{kit.VOTERS + 1}", "for"),
                                     (f"居民{kit.VOTERS + 2}", "against")]
    assert shown.value.counts == [("for", 2), ("against", 1), ("abstain", 0)]
    assert shown.value.quorum_met and shown.value.passed
    hidden = await as_(db, WATCHER, oversight_matters.matter_record, matter_id=secret.id)
    assert isinstance(hidden, Done)
    assert hidden.value.counts == [("for", 2), ("against", 1), ("abstain", 0)]
    assert hidden.value.roll_call == [] and hidden.value.passed
    listed = await as_(db, WATCHER, oversight_matters.matters_page, page=0)
    assert isinstance(listed, Done) and listed.value.total == 2
    for someone in (kit.VOTERS, CHAIR):  # a voter, the committee
        assert isinstance(await as_(db, someone, oversight_matters.matter_record,
                                    matter_id=named.id), Refused)
        assert isinstance(await as_(db, someone, oversight_matters.matters_page, page=0),
                          Refused)


async def reports_for(db: Database, telegram_id: int) -> Any:
    async with db.sessionmaker() as session:
        person = await by_telegram_id(session, telegram_id)
        assert person is not None
        return await reports.delivery_reports(session, person=person,
                                              roles=await roles_of(session, person.id or 0))


async def test_delivery_reports_for_the_committee_and_the_supervisors_only(
        db: Database) -> None:
    db.clock.set(MONDAY_10)
    await staff(db, WATCHER, Role.supervisor, name="赵监督")
    notice = await kit.delivered_notice(db)
    read = await reports_for(db, WATCHER)
    assert isinstance(read, Done) and [r.broadcast.id for r in read.value] == [notice.id]
    assert read.value[0].progress.failed == 2 and not read.value[0].may_retry
    sent = await reports_for(db, CHAIR)
    assert isinstance(sent, Done) and sent.value[0].may_retry
    await kit.voters(db)
    for someone in (kit.VOTERS,):
        assert await reports_for(db, someone) == Refused("broadcasts/readers_only")


async def person(session: Any) -> Person:
    found = await by_telegram_id(session, WATCHER)
    assert found is not None
    return found


async def test_every_change_is_refused_to_a_supervisor(db: Database) -> None:
    db.clock.set(MONDAY_10)
    await staff(db, WATCHER, Role.supervisor, name="赵监督")
    await kit.voters(db)
    proposal = await kit.rejected_proposal(db)
    matter = await kit.matter(db, secret=False, title="东门改造")
    notice = await kit.delivered_notice(db)
    before = await kit.snapshot(db)
    pid, now, quiet = proposal.id or 0, db.clock.now(), Recorder()
    async with db.sessionmaker() as session:
        community = (await all_communities(session))[0]
    changes = [
        lambda s, p: proposal_actions.review(s, reviewer=p, proposal_id=pid,
                                             target=Stage.accepted, reason=None,
                                             notify=quiet, now=now),
        lambda s, p: proposal_actions.decide(s, reviewer=p, proposal_id=pid, text="同意",
                                             notify=quiet, now=now),
        lambda s, p: proposal_actions.record_implementation(
            s, reviewer=p, proposal_id=pid, text="已落实", notify=quiet, now=now),
        lambda s, p: proposal_actions.disclose(s, reviewer=p, proposal_id=pid,
                                               notify=quiet, now=now),
        lambda s, p: binding.mark_major(s, reviewer=p, proposal_id=pid, now=now),
        lambda s, p: deliberation.deliberate(s, reviewer=p, proposal_id=pid,
                                             kind="committee", note="同意",
                                             held_on=now.date(), now=now),
        lambda s, p: matter_actions.create(
            s, author=p, community=community, now=now, draft=matter_actions.Draft(
                title="监督者开启", body="不应开启", kind=MatterKind.decision,
                closes_at=now + timedelta(days=3))),
        lambda s, p: ballot_actions.cast(s, voter=p, matter_id=matter.id or 0, option=1,
                                         now=now),
        lambda s, p: broadcasts.retry_failed(s, actor=p, roles=frozenset({Role.supervisor}),
                                             broadcast_id=notice.id or 0, now=now),
    ]
    for change in changes:
        async with db.sessionmaker() as session, session.begin():
            assert isinstance(await change(session, await person(session)), Refused)
    assert await kit.snapshot(db) == before
