"""The departments' ranking as a CSV file: the table the monthly report ranks, for a
spreadsheet in Chinese (BOM, the community's headers, local times to the minute); on
the web board once the month's report is published, and in chat under /stats for the
committee and the supervisors only."""

import csv
import io
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import Database
from bot.board_web import board_app
from bot.playground import Harness, run_job
from chat.render import Renderer
from handlers.hotline.buttons import RankingCsv
from models.community import all_communities
from models.hotline import ranking
from models.outcomes import Done, Refused
from models.people.roles import Role
from tests.factories import residents
from tests.test_hotline_flow import complain, people
from tests.test_hotline_stats import NOW, november

HEADERS = ["名次", "部门", "受理量", "办结量", "办结率"]


def read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel in Chinese reads UTF-8 only with it
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


async def test_the_table_ranks_as_the_report_does(db: Database) -> None:
    await november(db)
    async with db.sessionmaker() as session:
        community = (await all_communities(session))[0]
        stats = await ranking.month_stats(session, community, "2026-11", now=NOW)
        assert stats is not None
        assert await ranking.month_stats(session, community, "2026-13", now=NOW) is None
        rows = read(ranking.table(stats, community, HEADERS, month="2026-11", now=NOW))
    assert rows[0] == HEADERS
    names = {d.code: d.name for d in community.config.departments}
    assert [(r[0], r[1]) for r in rows[1:]] == [
        (str(i), names[code]) for i, (code, _) in enumerate(stats.ranked, start=1)]
    city = next(r for r in rows if r[1] == names["city"])
    figures = stats.departments["city"]
    assert city[2:5] == [str(figures.received), str(figures.resolved),
                         f"{(figures.resolution_rate or 0) * 100:.1f}%"]
    assert city[-2:] == ["2026-11", "2026-12-01 09:00"]  # NOW in Shanghai, to the minute


@pytest.mark.parametrize("role", [Role.resident, Role.representative, Role.handler])
async def test_only_the_committee_and_supervisors_download_it_in_chat(db: Database,
                                                                      role: Role) -> None:
    await november(db)
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        for roles, allowed in ((frozenset({role}), False),
                               (frozenset({role, Role.supervisor}), True),
                               (frozenset({role, Role.committee}), True)):
            outcome = await ranking.for_oversight(session, roles=roles, community=community,
                                                  month="2026-11", headers=HEADERS, now=NOW)
            assert isinstance(outcome, Done) is allowed, roles
        wrong = await ranking.for_oversight(session, roles=frozenset({Role.supervisor}),
                                            community=community, month="2026-1",
                                            headers=HEADERS, now=NOW)
    assert wrong == Refused("hotline/stats_usage")


async def test_the_web_board_links_the_ranking_of_a_published_report(
        db: Database, renderer: Renderer) -> None:
    await november(db)
    app = board_app(db.sessionmaker, renderer, db.clock, public_url="http://127.0.0.1")
    async with TestClient(TestServer(app)) as web:
        assert (await web.get("/c/xingfuli/hotline/2026-11.csv")).status == 404  # not yet
        await run_job(db, "hotline_reports", renderer, now=NOW)
        db.clock.set(NOW + timedelta(minutes=5))  # type: ignore[attr-defined]
        board = await (await web.get("/c/xingfuli/")).text()
        link = board.split("2026-11 诉求办理情况")[0].rsplit('href="', 1)[1].split('"')[0]
        report = await (await web.get(f"/c/xingfuli/{link}")).text()
        assert 'href="../hotline/2026-11.csv"' in report
        got = await web.get("/c/xingfuli/hotline/2026-11.csv")
        assert got.status == 200 and got.content_type == "text/csv"
        assert "xingfuli-ranking-2026-11.csv" in got.headers["Content-Disposition"]
        rows = read(await got.read())
        assert rows[0][:3] == ["名次", "部门", "受理量"] and len(rows) == 3
        assert rows[1][-1].startswith("2026-12-01 09:0")  # the clock runs on from 09:05
        for missing in ("2026-09", "2026-13", "9999-99"):  # no report, no month
            assert (await web.get(f"/c/xingfuli/hotline/{missing}.csv")).status == 404


async def test_stats_offers_the_ranking_as_a_file(harness: Harness) -> None:
    [resident_id] = await residents(harness.db, 1, client=harness.client)
    resident = await harness.player(resident_id, "林小梅")
    await people(harness, (9001, "city", "张承办"))
    await complain(resident)
    chair = await harness.player(1001, "王主任")
    await chair.say("/stats")
    await chair.press("⬇️ 部门排名 CSV")
    [document] = [m for m in await chair.messages() if m["kind"] == "document"]
    name, data = await harness.client.upload(document["document"]["file_id"])
    rows = read(data)
    assert name.endswith(".csv") and rows[0][:2] == ["名次", "部门"]
    assert rows[1][:3] == ["1", "城管", "1"], rows

    handler = await harness.player(9001, "张承办")
    own = (await handler.say("/queue"))[-1]["message_id"]
    await handler.press_data(own, RankingCsv(rows[1][-2]).pack())
    assert any("没有权限" in a for a in await handler.alerts())
    assert not [m for m in await handler.messages() if m["kind"] == "document"]
