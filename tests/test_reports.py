"""The quarterly report: its period, its figures against hand-counted events, and one
publication per quarter however often the job runs."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from bot.app import Database
from bot.playground import run_job
from chat.render import Renderer
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.board.quarterly import quarter_before, quarter_summary
from models.community import all_communities
from models.people.persons import by_telegram_id
from models.proposals.proposals import Proposal, ProposalEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                    timezones=st.just(UTC)))
def test_the_quarter_before_is_the_last_full_calendar_quarter(moment: datetime) -> None:
    quarter = quarter_before(moment, SHANGHAI)
    local = moment.astimezone(SHANGHAI)
    assert quarter.start.month in (1, 4, 7, 10) and quarter.start.day == 1
    assert quarter.start.hour == quarter.start.minute == 0
    assert quarter.end <= local < quarter.end + timedelta(days=92)
    assert 89 <= (quarter.end - quarter.start).days <= 92
    assert [m.month for m in quarter.months] == [quarter.start.month + i for i in range(3)]


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


async def test_the_report_counts_by_hand_and_is_published_once(db: Database) -> None:
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        author = await by_telegram_id(session, 1001)
        assert author is not None
        start = db.clock.now()
        proposal = Proposal(community_id=community.id or 0, author_id=author.id or 0,
                            title="t", description="d", support_deadline=start,
                            created_at=start, updated_at=start)
        session.add(proposal)
        await session.flush()
        # Q3 2026: July 1 to September 30, Shanghai time.
        for kind, at in [("submitted", local(2026, 7, 1, 0, 0)),  # the first minute counts
                         ("submitted", local(2026, 7, 20, 10)),
                         ("submitted", local(2026, 9, 30, 23, 59)),
                         ("submitted", local(2026, 6, 30, 23, 59)),  # Q2: not counted
                         ("submitted", local(2026, 10, 1, 0, 0)),  # Q4: not counted
                         ("accepted", local(2026, 8, 3, 9)),
                         ("decided", local(2026, 8, 15, 9)),
                         ("decided", local(2026, 9, 1, 9)),
                         ("rejected", local(2026, 9, 2, 9)),
                         ("deliberation", local(2026, 8, 5, 9))]:  # not a counted kind
            session.add(ProposalEvent(proposal_id=proposal.id or 0, kind=kind, at=at,
                                      details={}))
    renderer = Renderer(strict=True)
    now = local(2026, 10, 1, 9).astimezone(UTC)
    async with db.sessionmaker() as session:
        summary = await quarter_summary(session, community.id or 0,
                                        quarter_before(now, SHANGHAI))
    assert summary.submitted_by_month == [2, 0, 1] and summary.decided_by_month == [0, 1, 1]
    assert await run_job(db, "quarterly_report", renderer, now=now) == 1
    assert await run_job(db, "quarterly_report", renderer, now=now + timedelta(hours=1)) == 0
    async with db.sessionmaker() as session:
        entries = (await session.exec(select(DisclosureEntry))).all()
    assert len(entries) == 1
    report = entries[0]
    assert report.kind == DisclosureKind.quarterly_report and report.report_key == \
        "quarterly:2026Q3"
    assert "2026Q3" in report.title and "2026-07-01 至 2026-09-30" in report.body
    assert "提出：3" in report.body and "列入议程：1" in report.body
    assert "形成决议：2" in report.body and "未采纳：1" in report.body
    assert "完成表决 0 项" in report.body
    assert [m["kind"] for m in report.media] == ["photo", "photo"]
