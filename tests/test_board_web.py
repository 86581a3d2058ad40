"""The public board on the web, over HTTP: it shows what is published and nothing else.
The last test walks every link from the front page and looks for anything private."""

import codecs
import csv
import io
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import select

from bot.app import Database
from bot.board_web import board_app
from bot.config import Settings
from bot.playground import close_vote
from chat.render import Renderer
from models import files
from models.board import disclosures
from models.board.disclosures import DisclosureKind
from models.community import all_communities
from models.messages import Media
from models.outcomes import Done
from models.people.persons import Person, by_telegram_id
from models.people.roles import Role
from models.voting import ballots as ballot_actions
from models.voting import setup as matter_actions
from models.voting.setup import Draft
from models.voting.tally import MatterKind
from tests.factories import residents
from tests.headless import browser, find_browser

SECRET_WORDS = ("13800138000", "代表40000", "居民40001")
PUBLIC = "https://board.xingfuli.example"
HUGE = "99999999999999999999999"  # beyond 64 bits


@dataclass
class Board:
    client: TestClient
    matter_number: str
    chart_id: int
    private_file_id: int


def quiet(*args: object, **kwargs: object) -> None:
    """Notifications are not what these tests look at."""


async def make_board(db: Database, renderer: Renderer) -> tuple[str, int, int]:
    voters = await residents(db, 3, first_id=40000, role=Role.representative)
    async with db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        chair = await by_telegram_id(session, 1001)
        assert chair is not None
        someone = await by_telegram_id(session, voters[0])
        assert someone is not None
        someone.phone = "13800138000"
        now = db.clock.now()
        created = await matter_actions.create(
            session, author=chair, community=community, now=now,
            draft=Draft(title="电梯加装方案", body="东区 1 号楼加装电梯。", secret=True,
                        kind=MatterKind.decision, closes_at=now + timedelta(days=1)))
        assert isinstance(created, Done)
        matter = created.value
        await matter_actions.open_matter(session, matter.id or 0, notify=quiet,
                                         buttons=lambda m, b: [], now=now)
        for index, telegram_id in enumerate(voters):
            voter = await by_telegram_id(session, telegram_id)
            assert voter is not None
            await ballot_actions.cast(session, voter=voter, matter_id=matter.id or 0,
                                      option=0 if index < 2 else 1, now=now)
        private = await files.store(session, name="hearing.ics", content_type="text/calendar",
                                    data=b"BEGIN:VCALENDAR", now=now)
        await disclosures.publish(session, community_id=community.id or 0, author=chair,
                                  kind=DisclosureKind.financial, title="下季度预算",
                                  body="尚未公开", at=now + timedelta(days=3), now=now)
        first = await disclosures.publish(
            session, community_id=community.id or 0, author=chair, kind=DisclosureKind.other,
            title="停车位分配 <第一批>", body="a & b <script>x</script>", now=now)
        await disclosures.publish(session, community_id=community.id or 0, author=chair,
                                  kind=DisclosureKind.other, title="更正：停车位分配",
                                  body="名单有误，已更正。", corrects_id=first.id,
                                  media=[Media("photo", file_id="telegram-only")], now=now)
    db.clock.set(matter.closes_at)  # the result is published when the vote closes
    await close_vote(db, matter.id or 0, renderer, now=matter.closes_at)
    async with db.sessionmaker() as session:
        entry = (await disclosures.page(session, community.id or 0, now=db.clock.now(),
                                        kind=DisclosureKind.vote_result))[0][0]
    return matter.number, entry.media[0]["stored_file_id"], private.id or 0


@pytest.fixture
async def board(db: Database) -> AsyncIterator[Board]:
    renderer = Renderer(strict=True)
    number, chart_id, private_id = await make_board(db, renderer)
    app = board_app(db.sessionmaker, renderer, db.clock, public_url=PUBLIC + "/")
    async with TestClient(TestServer(app)) as client:
        yield Board(client, number, chart_id, private_id)


async def test_the_board_lists_what_is_published_newest_first(board: Board) -> None:
    page = await (await board.client.get("/", allow_redirects=True)).text()
    assert "居务监督委员会" not in page  # no supervisors named yet
    assert "幸福里社区" in page and "居务公开" in page
    titles = re.findall(r'<a href="d/\d+">(.*?)</a>', page)
    assert len(titles) == 3 and board.matter_number in titles[0]  # the newest first
    assert "停车位分配 &lt;第一批&gt;" in page  # escaped, never markup
    assert "下季度预算" not in page  # scheduled for later
    only_votes = await (await board.client.get("/c/xingfuli/?kind=vote_result")).text()
    assert board.matter_number in only_votes and "停车位分配" not in only_votes


async def test_an_entry_shows_its_chart_and_its_correction(board: Board) -> None:
    page = await (await board.client.get("/c/xingfuli/")).text()
    vote_link = re.search(r'<a href="(d/\d+)">[^<]*' + board.matter_number, page)
    assert vote_link is not None
    entry = await (await board.client.get(f"/c/xingfuli/{vote_link.group(1)}")).text()
    assert f'<img src="../files/{board.chart_id}"' in entry
    assert "<b>" in entry or "赞成：2" in entry
    chart = await board.client.get(f"/c/xingfuli/files/{board.chart_id}")
    assert chart.status == 200 and chart.content_type == "image/png"
    assert (await chart.read()).startswith(b"\x89PNG")

    original = re.search(r'<a href="(d/\d+)">[^<]*停车位分配 &lt;第一批', page)
    assert original is not None
    text = await (await board.client.get(f"/c/xingfuli/{original.group(1)}")).text()
    assert "a &amp; b &lt;script&gt;" in text and "<script>" not in text
    assert "更正" in text


async def test_unpublished_foreign_and_private_things_are_not_found(board: Board) -> None:
    for path in ("/c/xingfuli/d/1", "/c/nowhere/", "/c/nowhere/d/2",
                 f"/c/xingfuli/files/{board.private_file_id}", "/c/xingfuli/files/999",
                 "/c/xingfuli/d/999"):
        response = await board.client.get(path)
        assert response.status == 404, path
    scheduled = await (await board.client.get("/c/xingfuli/d/1")).text()
    assert "尚未公开" not in scheduled


async def test_the_feed_and_the_csv(board: Board) -> None:
    feed = await board.client.get("/c/xingfuli/feed.atom")
    assert feed.content_type == "application/atom+xml"
    root = ET.fromstring(await feed.read())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert len(titles) == 3 and "下季度预算" not in " ".join(t or "" for t in titles)
    contents = [e.findtext("a:content", namespaces=ns) or "" for e in root.findall("a:entry", ns)]
    assert any("&lt;script&gt;" in c for c in contents)  # escaped inside the HTML content

    votes = await board.client.get("/c/xingfuli/votes.csv")
    body = await votes.read()
    assert body.startswith(codecs.BOM_UTF8)  # Excel in Chinese reads UTF-8 by it
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [(r["选项"], r["票数"]) for r in rows] == [("赞成", "2"), ("反对", "1"),
                                                    ("弃权", "0")]
    assert {r["通过"] for r in rows} == {"是"} and {r["无记名投票"] for r in rows} == {"是"}
    assert {r["类型"] for r in rows} == {"决定事项（赞成/反对/弃权）"}
    # local time to the minute: no UTC offset, no seconds
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", r["截止时间"]) for r in rows)


async def test_no_route_reachable_from_the_board_shows_anything_private(board: Board,
                                                                         db: Database) -> None:
    async with db.sessionmaker() as session:
        people = (await session.exec(select(Person))).all()
    private = {*SECRET_WORDS, *(p.name for p in people if p.name and "王" not in p.name),
               *(str(p.telegram_id) for p in people)}
    seen, queue = set(), ["/"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = await board.client.get(path)
        body = await response.read()
        if response.content_type.startswith("image/"):
            continue
        text = body.decode()
        leaked = [word for word in private if word in text]
        assert not leaked, (path, leaked)
        final = response.url.path  # after a redirect
        base = final if final.endswith("/") else final.rsplit("/", 1)[0] + "/"
        for link in re.findall(r'(?:href|src)="([^"#?]+)', text):
            if link.startswith(("http://", "https://")):
                continue
            target = link if link.startswith("/") else _join(base, link)
            queue.append(target)
    assert len(seen) >= 8  # front page, board, three entries, chart, feed, CSV


def _join(base: str, link: str) -> str:
    parts = [p for p in base.split("/") if p]
    for piece in link.split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/" + "/".join(parts) + ("/" if link.endswith("/") else "")


async def test_a_real_browser_opens_the_board_and_an_entry_with_its_chart(
        board: Board) -> None:
    executable = find_browser()
    if executable is None:
        pytest.skip("no Chromium here: `make test` installs Debian's chromium package")
    base = str(board.client.make_url("/"))
    async with browser(executable) as page:
        await page.open(base)
        assert await page.evaluate("document.title") == "幸福里社区 · 居务公开"
        links = await page.evaluate(
            "[...document.querySelectorAll('.entry a')].map(a => a.textContent)")
        assert len(links) == 3 and board.matter_number in links[0]
        await page.open(await page.evaluate("document.querySelector('.entry a').href"))
        heading = await page.evaluate("document.querySelector('h1').textContent")
        assert board.matter_number in heading
        loaded = await page.evaluate(
            "new Promise(done => { const img = document.querySelector('figure img');"
            " if (img.complete) done([img.naturalWidth, img.naturalHeight]);"
            " else { img.onload = () => done([img.naturalWidth, img.naturalHeight]);"
            " img.onerror = () => done([0, 0]); } })")
        assert loaded == [768, 432]  # the chart's PNG, decoded by the browser


async def test_ids_and_page_numbers_no_row_can_have_are_not_found(board: Board) -> None:
    for path in (f"/c/xingfuli/d/{HUGE}", f"/c/xingfuli/files/{HUGE}",
                 f"/c/xingfuli/d/{2 ** 63}", f"/c/xingfuli/d/{2 ** 31}",
                 f"/c/xingfuli/files/{2 ** 31}", f"/c/xingfuli/?page={HUGE}",
                 f"/c/xingfuli/?page={2 ** 63 // 20}", "/c/xingfuli/?page=-1",
                 "/c/xingfuli/?page=x", "/c/xingfuli/?page=1"):  # one page of three entries
        assert (await board.client.get(path)).status == 404, path
    assert (await board.client.get("/c/xingfuli/?page=0")).status == 200


async def test_the_feed_links_to_the_public_address_whatever_the_host_header(
        board: Board) -> None:
    feed = await board.client.get("/c/xingfuli/feed.atom", headers={"Host": "evil.example"})
    root = ET.fromstring(await feed.read())
    links = [link.get("href") or "" for link in root.iter("{http://www.w3.org/2005/Atom}link")]
    assert len(links) == 6 and all(link.startswith(f"{PUBLIC}/c/xingfuli/") for link in links)
    assert "evil.example" not in await feed.text()


async def test_an_empty_feed_bears_one_date_whatever_the_machine_s_zone(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    app = board_app(db.sessionmaker, Renderer(strict=True), db.clock, public_url=PUBLIC)
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        async with TestClient(TestServer(app)) as client:
            feed = await (await client.get("/c/xingfuli/feed.atom")).text()
    finally:
        monkeypatch.undo()
        time.tzset()
    root = ET.fromstring(feed)
    assert root.find("{http://www.w3.org/2005/Atom}entry") is None
    assert root.findtext("{http://www.w3.org/2005/Atom}updated") == "2026-01-01T00:00:00+00:00"


async def test_every_answer_forbids_scripts_sniffing_and_foreign_referrers(
        board: Board) -> None:
    for path in ("/", "/c/xingfuli/", "/c/xingfuli/d/2", "/c/xingfuli/d/999",
                 f"/c/xingfuli/files/{board.chart_id}", "/c/xingfuli/feed.atom",
                 "/c/xingfuli/votes.csv", f"/c/xingfuli/d/{HUGE}"):
        response = await board.client.get(path, allow_redirects=False)
        policy = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'none'" in policy and "script-src" not in policy, path
        assert "frame-ancestors 'none'" in policy, path
        assert response.headers.get("X-Content-Type-Options") == "nosniff", path
        assert response.headers.get("Referrer-Policy") == "same-origin", path


def test_the_public_address_defaults_to_where_the_board_is_served() -> None:
    served = Settings(_env_file=None, board_host="10.0.0.5", board_port=9000,  # type: ignore[call-arg]
                      board_public_url="")
    assert served.board_url == "http://10.0.0.5:9000"
    proxied = Settings(_env_file=None, board_public_url=PUBLIC)  # type: ignore[call-arg]
    assert proxied.board_url == PUBLIC


async def test_the_board_names_the_supervisory_committee(db: Database) -> None:
    (watcher,) = await residents(db, 1, first_id=44000, role=Role.supervisor)
    app = board_app(db.sessionmaker, Renderer(strict=True), db.clock, public_url=PUBLIC + "/")
    async with TestClient(TestServer(app)) as client:
        page = await (await client.get("/c/xingfuli/")).text()
    assert f"居务监督委员会：居民{watcher}" in page
