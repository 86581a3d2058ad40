"""The community's calendar on the web board, read back with icalendar: its announced
hearings and meetings with stable UIDs, links from the public address, no person's
name, recent events kept and old ones gone; the board's page links to it."""

from datetime import timedelta

from aiohttp.test_utils import TestClient, TestServer
from icalendar import Calendar
from sqlmodel import select

from bot.app import Database
from bot.board_web import board_app
from chat.render import Renderer
from models.people.persons import Person
from tests.meetings_kit import Recorder, convene, convened
from tests.test_hearings_rules import new_hearing

PUBLIC = "https://board.xingfuli.example"


async def fetch_calendar(client: TestClient) -> tuple[Calendar, str]:
    response = await client.get("/c/xingfuli/calendar.ics", headers={"Host": "evil.example"})
    assert response.status == 200 and response.content_type == "text/calendar"
    body = await response.read()
    return Calendar.from_ical(body), body.decode()


async def test_the_calendar_lists_announced_hearings_and_meetings(db: Database) -> None:
    start = db.clock.now()
    hearing = await new_hearing(db, capacity=20)
    later = await new_hearing(db, capacity=20, starts_in=timedelta(days=5))
    meeting = await convened(db, Recorder())
    await convene(db, title="尚未通知的会议")  # a draft: no notice sent, not listed
    app = board_app(db.sessionmaker, Renderer(strict=True), db.clock, public_url=PUBLIC + "/")
    async with TestClient(TestServer(app)) as client:
        calendar, text = await fetch_calendar(client)
        again, _ = await fetch_calendar(client)
        page = await (await client.get("/c/xingfuli/")).text()
        assert (await client.get("/c/nowhere/calendar.ics")).status == 404
        db.clock.set(start + timedelta(days=10))  # held, and still shown
        recent, _ = await fetch_calendar(client)
        db.clock.set(start + timedelta(days=70))  # past the recent ones kept
        old, _ = await fetch_calendar(client)

    assert str(calendar["X-WR-CALNAME"]) == "幸福里社区 · 听证会与居民代表会议"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        f"hearing-{hearing.id}@xingfuli.yishi", f"meeting-{meeting.id}@xingfuli.yishi",
        f"hearing-{later.id}@xingfuli.yishi"]  # by start; the same UIDs as the notices'
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in events]
    by_uid = {str(e["UID"]): e for e in events}
    first = by_uid[f"hearing-{hearing.id}@xingfuli.yishi"]
    assert str(first["SUMMARY"]) == "车棚改造" and str(first["LOCATION"]) == "活动室"
    assert first.decoded("DTSTART") == hearing.starts_at.replace(microsecond=0)
    assert str(first["DESCRIPTION"]) == f"{hearing.number} 车棚改造"
    sitting = by_uid[f"meeting-{meeting.id}@xingfuli.yishi"]
    assert str(sitting["SUMMARY"]) == "第三季度居民代表会议"
    assert "审议社区公约修订" not in text  # the agenda stays in the representatives' chat
    assert all(str(e["URL"]) == f"{PUBLIC}/c/xingfuli/" for e in events)
    assert all(e.walk("VALARM") for e in events) and "evil.example" not in text
    assert 'href="calendar.ics"' in page
    assert len(recent.walk("VEVENT")) == 3 and old.walk("VEVENT") == []

    async with db.sessionmaker() as session:
        people = (await session.exec(select(Person))).all()
    named = [p.name for p in people if p.name and p.name in text]
    assert named == []
