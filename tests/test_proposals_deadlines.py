"""两公开 on time: a decision owes its resolution's disclosure within the community's
days, then its implementation result within as many days of the implementation's due
date; the committee is reminded once before each, and a late one is shown as overdue
in chat and on the web board until it is disclosed."""

from datetime import UTC, datetime, timedelta

from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given
from hypothesis import strategies as st

from bot.app import Database
from bot.board_web import board_app
from chat.render import Renderer
from models.community import all_communities
from models.community_file import ProposalRules
from models.outcomes import Done
from models.people.persons import by_telegram_id
from models.proposals import actions as proposal_actions
from models.proposals import deadlines
from models.proposals.proposals import Proposal
from models.proposals.stages import Stage
from tests.test_proposals_binding import CHAIR, accepted
from tests.test_proposals_rules import Recorder

DAY = timedelta(days=1)


@given(decided=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1),
                            timezones=st.just(UTC)),
       resolution=st.integers(1, 365), implementation=st.integers(1, 3650),
       after=st.integers(1, 365))
def test_each_disclosure_is_owed_by_its_days(decided: datetime, resolution: int,
                                             implementation: int, after: int) -> None:
    rules = ProposalRules(resolution_disclosure_days=resolution,
                          implementation_days=implementation,
                          implementation_disclosure_days=after)
    proposal = Proposal(community_id=1, author_id=1, title="t", description="d",
                        support_deadline=decided, created_at=decided, updated_at=decided,
                        stage=Stage.decided, disclosure_reminded=True)
    deadlines.follow(proposal, rules, decided)
    assert proposal.disclosure_due_at == decided + resolution * DAY
    assert proposal.implementation_due_at == decided + implementation * DAY
    assert not proposal.disclosure_reminded
    # Disclosed whenever: the result is owed from the implementation's own due date.
    proposal.stage = Stage.resolution_disclosed
    deadlines.follow(proposal, rules, decided + 3 * DAY)
    assert proposal.disclosure_due_at == decided + (implementation + after) * DAY
    proposal.stage = Stage.implemented
    deadlines.follow(proposal, rules, decided + 4 * DAY)
    assert proposal.disclosure_due_at == decided + (implementation + after) * DAY
    proposal.stage = Stage.closed
    deadlines.follow(proposal, rules, decided + 5 * DAY)
    assert proposal.disclosure_due_at is None


async def remind(db: Database, at: datetime) -> Recorder:
    sent = Recorder()
    async with db.sessionmaker() as session, session.begin():
        await deadlines.remind_due(session, now=at, notifier=lambda session, community: sent)
    return sent


async def overdue_numbers(db: Database, at: datetime) -> list[str]:
    async with db.sessionmaker() as session:
        community = (await all_communities(session))[0]
        return [p.number for p in await deadlines.overdue(session, community.id or 0, now=at)]


async def web_board(db: Database, renderer: Renderer) -> str:
    app = board_app(db.sessionmaker, renderer, db.clock, public_url="https://board.example/")
    async with TestClient(TestServer(app)) as client:
        return await (await client.get("/c/xingfuli/")).text()


async def test_a_late_disclosure_is_reminded_once_flagged_and_cleared(
        db: Database, renderer: Renderer) -> None:
    proposal = await accepted(db, "environment")
    decided_at = db.clock.now()
    async with db.sessionmaker() as session, session.begin():
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        outcome = await proposal_actions.decide(session, reviewer=chair,
                                                proposal_id=proposal.id or 0, text="同意",
                                                notify=Recorder(), now=decided_at)
    assert isinstance(outcome, Done)
    due = decided_at + 7 * DAY  # the example community's resolution_disclosure_days

    assert (await remind(db, due - 2 * DAY - timedelta(minutes=1))).sent == []
    reminded = await remind(db, due - 2 * DAY)
    assert [t for _, t in reminded.sent] == ["proposals/disclosure_due"] * len(reminded.sent)
    assert reminded.sent and (await remind(db, due + DAY)).sent == []  # once

    assert await overdue_numbers(db, due) == []
    assert await overdue_numbers(db, due + timedelta(minutes=1)) == [proposal.number]
    db.clock.set(due + DAY)
    page = await web_board(db, renderer)
    assert "逾期未公开" in page and proposal.number in page

    async with db.sessionmaker() as session, session.begin():
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        disclosed = await proposal_actions.disclose(session, reviewer=chair,
                                                    proposal_id=proposal.id or 0,
                                                    notify=Recorder(), now=due + DAY)
    assert isinstance(disclosed, Done)
    assert await overdue_numbers(db, due + DAY) == []
    assert "逾期未公开" not in await web_board(db, renderer)
    # Now the implementation result is owed: 90 days to carry it out, 15 to disclose.
    owed = decided_at + (90 + 15) * DAY
    assert disclosed.value.disclosure_due_at == owed
    assert await overdue_numbers(db, owed + timedelta(minutes=1)) == [proposal.number]


def test_the_board_page_in_chat_lists_what_is_overdue(renderer: Renderer) -> None:
    late = Proposal(id=3, community_id=1, author_id=1, title="健身器材更新", description="d",
                    stage=Stage.decided, support_deadline=datetime(2027, 1, 1, tzinfo=UTC),
                    created_at=datetime(2027, 1, 1, tzinfo=UTC),
                    updated_at=datetime(2027, 1, 1, tzinfo=UTC),
                    disclosure_due_at=datetime(2027, 1, 8, 4, tzinfo=UTC))

    class Config:
        timezone = "Asia/Shanghai"

    class Community:
        config = Config()

    for language, heading in (("zh", "逾期未公开"), ("en", "Overdue disclosures")):
        text = renderer.render(language, "board/page", entries=[], total=0, page=0, kind="*",
                               overdue=[late], inquiries=[], community=Community(),
                               zone="Asia/Shanghai")
        lines = text.splitlines()
        assert heading in lines[1] and "P0003 健身器材更新" in lines[2]
        assert "2027-01-08 12:00" in lines[2]
