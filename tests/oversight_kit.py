"""Records for the supervisors to read: a rejected proposal, votes closed on an open and
on a secret ballot, a notice delivered with failures; and a snapshot of every row a
refused change must leave as it was."""

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from bot.app import Database
from bot.playground import close_vote
from chat.render import Renderer
from emulator.client import EmulatorClient
from models.audit import AuditEntry
from models.community import all_communities
from models.notices import broadcasts
from models.notices.broadcasts import Broadcast, BroadcastState
from models.outbox import Delivery, DeliveryState, Lane
from models.outcomes import Done
from models.people.persons import by_telegram_id
from models.people.roles import Role
from models.proposals import actions as proposal_actions
from models.proposals.proposals import Proposal, ProposalEvent
from models.proposals.stages import Stage
from models.voting import ballots as ballot_actions
from models.voting import setup as matter_actions
from models.voting.matters import Ballot, Matter
from models.voting.tally import MatterKind
from tests.factories import residents
from tests.meetings_kit import CHAIR, Recorder
from tests.test_proposals_rules import under_review

REASON = "预算不足，建议明年再议"
VOTERS = 31000


async def rejected_proposal(db: Database) -> Proposal:
    author, *others = await residents(db, 11, first_id=21000)
    proposal = await under_review(db, author, others)
    async with db.sessionmaker() as session, session.begin():
        outcome = await proposal_actions.review(
            session, reviewer=await by_telegram_id(session, CHAIR),  # type: ignore[arg-type]
            proposal_id=proposal.id or 0, target=Stage.rejected, reason=REASON,
            notify=Recorder(), now=db.clock.now())
    assert isinstance(outcome, Done), outcome
    return outcome.value


async def voters(db: Database, client: EmulatorClient | None = None) -> list[int]:
    return await residents(db, 3, first_id=VOTERS, role=Role.representative, client=client)


async def matter(db: Database, *, secret: bool, title: str) -> Matter:
    """A decision opened now for the representatives, two for and one against."""
    now = db.clock.now()
    async with db.sessionmaker() as session, session.begin():
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        created = await matter_actions.create(
            session, author=chair, community=(await all_communities(session))[0],
            draft=matter_actions.Draft(title=title, body="拟将东门改为人车分流。",
                                       kind=MatterKind.decision, secret=secret,
                                       closes_at=now + timedelta(days=7)), now=now)
        assert isinstance(created, Done), created
        row = created.value
        await matter_actions.open_matter(session, row.id or 0, notify=Recorder(),
                                         buttons=lambda m, b: [], now=now)
        for index in range(3):
            voter = await by_telegram_id(session, VOTERS + index)
            assert voter is not None
            cast = await ballot_actions.cast(session, voter=voter, matter_id=row.id or 0,
                                             option=0 if index < 2 else 1, now=now)
            assert isinstance(cast, Done), cast
        return row


async def close(db: Database, row: Matter) -> None:
    assert await close_vote(db, row.id or 0, Renderer(), now=row.closes_at)


async def delivered_notice(db: Database, body: str = "本周六上午停水，请提前储水。") -> Broadcast:
    """A notice to three people: one message sent, two given up."""
    now = db.clock.now()
    async with db.sessionmaker() as session, session.begin():
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        created = await broadcasts.create(session, author=chair, body=body, now=now)
        assert isinstance(created, Done), created
        notice = created.value
        notice.state, notice.total, notice.finished_at = BroadcastState.done, 3, now
        for index, state in enumerate((DeliveryState.sent, DeliveryState.failed,
                                       DeliveryState.failed)):
            session.add(Delivery(lane=Lane.bulk, chat_id=40000 + index, template="notice",
                                 broadcast_id=notice.id, text=body, state=state,
                                 not_before=now, created_at=now))
        return notice


async def snapshot(db: Database) -> dict[str, Any]:
    """Every row a supervisor's refused change could have touched."""
    async with db.sessionmaker() as session:
        def rows(table: Any) -> Any:
            return select(table).order_by(col(table.id))

        async def dump(table: Any) -> list[dict[str, Any]]:
            return [r.model_dump() for r in (await session.exec(rows(table))).all()]

        count = (await session.exec(select(sa.func.count()).select_from(AuditEntry))).one()
        return {"audit": count, "proposals": await dump(Proposal),
                "events": await dump(ProposalEvent), "matters": await dump(Matter),
                "ballots": await dump(Ballot), "notices": await dump(Broadcast),
                "deliveries": [d for d in await dump(Delivery) if d["broadcast_id"]]}
