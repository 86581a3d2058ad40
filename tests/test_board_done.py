"""What the board is for, end to end: a vote result, hearing minutes and the monthly
hotline report appear on the public channel, in /disclosures and on the web page when
their time comes and not before (time injected into the sweeps)."""

from datetime import timedelta

from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import update

from bot.board_web import board_app
from bot.playground import Harness
from models.hearings.hearings import Hearing
from tests.test_board_flow import CHANNEL, channel_posts
from tests.test_hearings_flow import schedule
from tests.test_hotline_stats import NOW, november
from tests.test_registration_flow import CHAIR
from tests.test_voting_flow import open_vote, representatives, vote


async def settle(harness: Harness) -> None:
    await harness.run("disclosures")
    harness.runtime.sender.wake()
    await harness.settle()


async def test_a_vote_result_minutes_and_a_monthly_report_reach_channel_chat_and_web(
        harness: Harness) -> None:
    await harness.client.add_chat(CHANNEL, "幸福里居务公开", type="channel",
                                  username="xingfuli_gongkai")
    renderer = harness.runtime.renderer
    harness.clock.set(NOW - timedelta(days=1))  # the last day of November
    reps = await representatives(harness, 2)
    chair = await harness.player(CHAIR, "王主任")
    matter = await open_vote(chair)
    await vote(reps[0], "赞成")
    await november(harness.db)
    await schedule(chair, harness.clock.now() + timedelta(days=3), audience="全社区")

    # October's report (it had one ticket) is due in November; November's is not.
    assert await harness.run("hotline_reports") == 3
    await settle(harness)
    [october] = await channel_posts(harness)
    assert "2026-10 诉求办理情况" in october

    # Not before: the vote is still open, and it is not yet the 1st of the month.
    await harness.run("matters")
    assert await harness.run("hotline_reports") == 0
    await settle(harness)
    assert await channel_posts(harness) == [october]
    page = (await reps[1].say("/disclosures"))[-1]["text"]
    assert "共 1 条" in page and "2026-10 诉求办理情况" in page
    await chair.say("/hearings")
    assert "记录会议纪要" not in str(await chair.messages())  # not before the hearing

    # The hearing has been held: its minutes are recorded and published.
    async with harness.db.sessionmaker() as session, session.begin():
        await session.exec(update(Hearing).values(  # type: ignore[call-overload]
            starts_at=harness.clock.now() - timedelta(hours=2), ends_at=harness.clock.now()))
    await chair.say("/hearings")
    await chair.press("📝 记录会议纪要")
    await chair.say("与会居民同意车棚改造方案，保留 20 个自行车位。")
    await chair.press("📢 公开纪要")

    # Their time comes.
    assert await harness.run("hotline_reports", at=NOW) > 0
    await harness.run("matters", at=matter.closes_at + timedelta(seconds=1))
    await settle(harness)
    posts = (await channel_posts(harness))[1:]
    assert len(posts) == 3
    assert any(matter.number in p and "【居务公开】" in p for p in posts)
    assert any("2026-11 诉求办理情况" in p for p in posts)
    assert any("自行车位" in p for p in posts)
    page = (await reps[1].say("/disclosures"))[-1]["text"]
    assert matter.number in page and "2026-11 诉求办理情况" in page and "听证" in page

    app = board_app(harness.db.sessionmaker, renderer, harness.clock,
                    public_url="http://127.0.0.1:8088")
    async with TestClient(TestServer(app)) as web:
        board = await (await web.get("/c/xingfuli/")).text()
        assert matter.number in board and "2026-11 诉求办理情况" in board
        assert "听证纪要" in board
        report_link = board.split("2026-11 诉求办理情况")[0].rsplit('href="', 1)[1].split('"')[0]
        report = await (await web.get(f"/c/xingfuli/{report_link}")).text()
        assert "城管" in report and "张承办" not in report  # departments, no handler names
        assert "<img" in report  # the chart
        body = await (await web.get("/c/xingfuli/hotline.csv")).read()
        rows = body.decode("utf-8-sig").splitlines()
        assert rows[0].startswith("月份,部门,受理量")
        assert [r[:7] for r in rows[1:]] == ["2026-10", "2026-11", "2026-11"]
