"""An inquiry the committee did not answer on time shows on the public web board as
overdue, and no longer once it is answered (its question and answer then are an entry)."""

from datetime import timedelta

from aiohttp.test_utils import TestClient, TestServer

from bot.app import Database
from bot.board_web import board_app
from chat.render import Renderer
from models.outcomes import Done
from models.people.roles import Role
from models.supervision.inquiries import Inquiry
from tests.factories import residents
from tests.meetings_kit import CHAIR, fetch
from tests.test_supervision_rules import answer, raised


async def test_the_web_board_shows_an_overdue_inquiry_until_it_is_answered(
        db: Database, renderer: Renderer) -> None:
    watcher, = await residents(db, 1, first_id=39200, role=Role.supervisor)
    inquiry = await raised(db, watcher)
    due = (await fetch(db, Inquiry, inquiry.id)).due_at
    app = board_app(db.sessionmaker, renderer, db.clock, public_url="https://board.example/")
    async with TestClient(TestServer(app)) as client:
        page = await (await client.get("/c/xingfuli/")).text()
        assert "逾期未答复的质询" not in page
        db.clock.set(due + timedelta(minutes=1))
        page = await (await client.get("/c/xingfuli/")).text()
        assert "逾期未答复的质询" in page and "IQ0001" in page
        assert isinstance(await answer(db, CHAIR, inquiry, renderer), Done)
        page = await (await client.get("/c/xingfuli/")).text()
        assert "逾期未答复的质询" not in page and "质询 IQ0001 及居委会答复" in page
