"""Notice rules on the database: urgent deliveries before other bulk traffic but after
replies, and scheduled notices changed only while they still wait."""

from datetime import timedelta

from sqlmodel import col, select

from bot.app import Database
from bot.playground import run_job
from chat.render import Renderer
from models import audiences, outbox
from models.notices import broadcasts
from models.notices import schedule as broadcast_schedule
from models.notices.broadcasts import BroadcastState
from models.outbox import Delivery, Lane
from models.outcomes import Done, Refused
from models.people.persons import by_telegram_id
from tests.factories import residents
from tests.test_registration_flow import CHAIR


async def test_urgent_bulk_goes_before_other_bulk_and_after_replies(db: Database) -> None:
    async with db.sessionmaker() as session, session.begin():
        await outbox.enqueue_many(session, [
            {"chat_id": 100 + i, "template": "t", "text": "routine", "markup": None}
            for i in range(5)], now=db.clock.now())
        await outbox.enqueue_many(session, [
            {"chat_id": 200 + i, "template": "t", "text": "water cut", "markup": None,
             "urgent": True} for i in range(3)], now=db.clock.now())
        outbox.enqueue(session, lane=Lane.interactive, chat_id=300, template="t", text="reply",
                       now=db.clock.now())
    async with db.sessionmaker() as session, session.begin():
        first = await outbox.claim(session, limit=4, lease=timedelta(seconds=60),
                                   now=db.clock.now())
        second = await outbox.claim(session, limit=4, lease=timedelta(seconds=60),
                                    now=db.clock.now())
    assert [d.text for d in first] == ["reply", "water cut", "water cut", "water cut"]
    assert [d.text for d in second] == ["routine"] * 4


async def test_an_urgent_broadcast_writes_urgent_deliveries(db: Database) -> None:
    await residents(db, 3)
    async with db.sessionmaker() as session, session.begin():
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        await broadcasts.create(session, author=chair, body="停水", urgent=True,
                                audience=audiences.make("areas", ["east"]), now=db.clock.now())
    await run_job(db, "broadcasts", Renderer(strict=True))
    async with db.sessionmaker() as session:
        rows = (await session.exec(select(Delivery).where(col(Delivery.broadcast_id) == 1))).all()
    assert len(rows) == 3 and all(d.urgent for d in rows)


async def test_a_notice_changes_only_while_it_waits(db: Database) -> None:
    await residents(db, 2)
    due = db.clock.now() + timedelta(hours=1)
    async with db.sessionmaker() as session, session.begin():
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        created = await broadcasts.create(session, author=chair, body="原文", due_at=due,
                                          now=db.clock.now())
        past = await broadcasts.create(session, author=chair, body="x",
                                       due_at=db.clock.now() - timedelta(hours=1),
                                       now=db.clock.now())
    assert isinstance(created, Done) and isinstance(past, Refused)
    bid = created.value.id or 0
    async with db.sessionmaker() as session, session.begin():
        chair = await by_telegram_id(session, CHAIR)
        assert chair is not None
        edited = await broadcast_schedule.edit(session, actor=chair, broadcast_id=bid,
                                               now=db.clock.now(), body="更正")
        too_early = await broadcast_schedule.edit(session, actor=chair, broadcast_id=bid,
                                                  now=db.clock.now(),
                                                  due_at=db.clock.now() - timedelta(hours=2))
    assert isinstance(edited, Done) and edited.value.body == "更正"
    assert isinstance(too_early, Refused) and too_early.template == "broadcasts/in_the_past"
    assert await run_job(db, "broadcasts", Renderer(strict=True), now=due) == 1
    async with db.sessionmaker() as session, session.begin():
        chair = await by_telegram_id(session, CHAIR)
        resident = await by_telegram_id(session, 20000)
        assert chair is not None and resident is not None
        late = await broadcast_schedule.cancel(session, actor=chair, broadcast_id=bid,
                                               now=db.clock.now())
        not_committee = await broadcast_schedule.edit(session, actor=resident,
                                                      broadcast_id=bid, now=db.clock.now(),
                                                      body="y")
        stored = await session.get(broadcasts.Broadcast, bid)
    assert isinstance(late, Refused) and late.template == "broadcasts/already_sent"
    assert isinstance(not_committee, Refused) and not_committee.template == "common/not_allowed"
    assert stored is not None and stored.state == BroadcastState.sending
