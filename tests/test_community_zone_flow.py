"""A community is shown in its own time zone and greets in its own language: the example
community moved to New York sees a hearing's start and a vote's closing time on New
York's clocks, in chat and on the web board; one whose default language is English
answers a person whose app speaks neither language in English."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.board_web import board_app
from bot.playground import Harness, close_vote
from chat.render import Renderer
from models.community import all_communities
from models.outcomes import Done
from models.people.persons import by_telegram_id
from models.people.roles import Role
from models.seeding import seed
from models.voting import setup as matter_actions
from models.voting.setup import Draft
from models.voting.tally import MatterKind
from tests.factories import residents
from tests.test_registration_flow import CHAIR

EXAMPLE = Path(__file__).resolve().parent.parent / "community.example.yaml"
# 23:00 on the 6th in New York, already 12:00 on the 7th in Shanghai
NOW = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


async def reseed(harness: Harness, **changes: str) -> None:
    """The example community file with some of its top-level settings changed."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for key, value in changes.items():
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
    async with harness.db.sessionmaker() as session, session.begin():
        await seed(session, text, source="test", now=harness.clock.now())


async def test_a_hearing_in_new_york_is_shown_on_new_york_s_clock(harness: Harness) -> None:
    await reseed(harness, timezone="America/New_York")
    harness.clock.set(NOW)
    [resident_id] = await residents(harness.db, 1, client=harness.client)
    chair = await harness.player(CHAIR, "王主任")
    resident = await harness.player(resident_id, "居民")

    await chair.say("/newhearing")
    await chair.say("东区车棚改造")
    await chair.say("12月20日 19:00")  # read in New York: 2026-12-21 00:00 UTC
    await chair.say("社区活动室")
    await chair.say("2")
    await chair.press("东区 1号楼")
    preview = await chair.say("明天 18:00")  # the registration deadline
    assert any("2026-12-20 19:00" in m["text"] for m in preview), preview
    await chair.press("📢 发布听证会")
    await harness.settle()

    notice = [m.get("text") or "" for m in await harness.client.bot_messages(resident_id)]
    assert any("2026-12-20 19:00" in t and "2026-12-07 18:00" in t for t in notice), notice
    listed = (await resident.say("/hearings"))[-1]["text"]
    assert "2026-12-20 19:00" in listed and "2026-12-21 08:00" not in listed


async def test_a_vote_in_new_york_closes_on_new_york_s_clock_in_chat_and_on_the_board(
        harness: Harness) -> None:
    await reseed(harness, timezone="America/New_York")
    harness.clock.set(NOW)
    voters = await residents(harness.db, 2, first_id=40000, client=harness.client,
                             role=Role.representative)
    closes_at = datetime(2026, 12, 15, 23, 0, tzinfo=UTC)  # 18:00 in New York
    async with harness.db.sessionmaker() as session, session.begin():
        community = (await all_communities(session))[0]
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        created = await matter_actions.create(
            session, author=chair, community=community, now=NOW,
            draft=Draft(title="电梯加装方案", body="东区 1 号楼加装电梯。",
                        kind=MatterKind.decision, closes_at=closes_at))
        assert isinstance(created, Done)
    await harness.run("matters", at=NOW + timedelta(minutes=1))
    await harness.settle()
    ballot = [m.get("text") or "" for m in await harness.client.bot_messages(voters[0])]
    assert any("2026-12-15 18:00" in t for t in ballot), ballot
    representative = await harness.player(voters[0], "代表")
    assert "2026-12-15 18:00" in (await representative.say("/vote"))[-1]["text"]

    renderer = Renderer(strict=True)
    harness.clock.set(closes_at)
    assert await close_vote(harness.db, created.value.id or 0, renderer, now=closes_at)
    app = board_app(harness.db.sessionmaker, renderer, harness.db.clock,
                    public_url="https://board.example/")
    async with TestClient(TestServer(app)) as client:
        page = await (await client.get("/c/xingfuli/")).text()
        link = re.search(r'<a href="(d/\d+)">[^<]*' + created.value.number, page)
        # published as the vote closed: 18:00 on the 15th in New York
        assert link is not None and re.search(r"2026-12-15 18:0\d", page), page
        entry = await (await client.get(f"/c/xingfuli/{link.group(1)}")).text()
    assert "2026-12-15 18:00" in entry and "2026-12-16 07:00" not in entry


async def test_a_community_speaking_english_answers_a_stranger_in_english(
        harness: Harness) -> None:
    await reseed(harness, default_language="en")
    stranger = await harness.player(50000, "Jean", language="fr")
    greeting = (await stranger.say("/start"))[-1]["text"]
    assert "Hello, Jean" in greeting and "议事" not in greeting
