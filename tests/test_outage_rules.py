"""Outages told to the committee, on the database: messages the sender gave up after
its bounded retries are reported once the spell is over, once per community, never
twice, and a refusal is no outage."""

import asyncio
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import col, select

from bot.app import Database
from bot.playground import run_job
from bot.sender import MAX_ATTEMPTS
from bot.transport import BadRequest, TransportError
from chat.render import Renderer
from models import outbox
from models.notices import broadcasts
from models.outages import TEMPLATE, OutageReport
from models.outbox import Delivery, DeliveryState, Lane
from models.people import persons as people
from models.people.roles import Role
from models.seeding import seed
from tests.factories import residents
from tests.test_delivery_rules import FakeTelegram, create_broadcast, drain, sender_for

EXAMPLE = Path(__file__).resolve().parent.parent / "community.example.yaml"
# 12:00 in Shanghai, 23:00 the day before in New York
NOW = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
CHAIR, MEMBER = 1001, 1002  # the example community's committee
# The second community's committee, who read English on New York's clock.
FAR_CHAIR, FAR_MEMBER = 3001, 3002


async def second_community(db: Database) -> int:
    """Another community, with a committee and one resident of its own."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for key, value in {"code": "anning", "join_code": "anning", "timezone": "America/New_York",
                       "default_language": "en"}.items():
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
    text = text.replace("telegram_id: 1001", f"telegram_id: {FAR_CHAIR}")
    text = text.replace("telegram_id: 1002", f"telegram_id: {FAR_MEMBER}")
    async with db.sessionmaker() as session, session.begin():
        community = await seed(session, text, source="test", now=db.clock.now())
        person = people.Person(telegram_id=4001, display_name="far", community_id=community.id,
                               created_at=db.clock.now())
        session.add(person)
    return 4001


async def on_last_try(db: Database, chat_ids: list[int], **columns: object) -> None:
    """A message to each of these people, about to be tried for the last time."""
    async with db.sessionmaker() as session, session.begin():
        for chat_id in chat_ids:
            person = await people.by_telegram_id(session, chat_id)
            delivery = outbox.enqueue(session, lane=Lane.bulk, chat_id=chat_id, template="t",
                                      text="通知", person_id=person.id if person else None,
                                      now=db.clock.now())
            delivery.attempts = MAX_ATTEMPTS - 1
            for name, value in columns.items():
                setattr(delivery, name, value)


async def failing(db: Database, chat_ids: list[int],
                  error: Exception | None = None) -> None:
    """Telegram fails every message due to these chats, once each: the sender gives
    up those on their last try."""
    telegram = FakeTelegram()
    telegram.errors = {chat: [error or TransportError("Bad Gateway")] for chat in chat_ids}
    await drain(sender_for(db, telegram))


async def give_up(db: Database, chat_ids: list[int]) -> None:
    await on_last_try(db, chat_ids)
    await failing(db, chat_ids)


async def telegram_answers(db: Database) -> None:
    """A message sent: Telegram takes messages again."""
    await on_last_try(db, [CHAIR], attempts=0)
    await drain(sender_for(db, FakeTelegram()))


async def sweep(db: Database) -> int:
    return await run_job(db, "outages", Renderer(strict=True))


async def reports_sent(db: Database) -> dict[int, list[str]]:
    """Each recipient's outage reports."""
    async with db.sessionmaker() as session:
        rows = (await session.exec(select(Delivery.chat_id, Delivery.text).where(
            Delivery.template == TEMPLATE).order_by(col(Delivery.id)))).all()
    sent: dict[int, list[str]] = {}
    for chat_id, text in rows:
        sent.setdefault(chat_id, []).append(text)
    return sent


def minute(moment: datetime) -> datetime:
    """The test's clock runs on from the time it was set: a moment to its minute."""
    return moment.replace(second=0, microsecond=0)


async def report_rows(db: Database) -> list[OutageReport]:
    async with db.sessionmaker() as session:
        return list((await session.exec(select(OutageReport)
                                        .order_by(col(OutageReport.id)))).all())


async def test_no_report_while_the_outage_lasts(db: Database) -> None:
    db.clock.set(NOW)
    ids = await residents(db, 3)
    await give_up(db, ids[:2])
    db.clock.advance(timedelta(minutes=1))
    await telegram_answers(db)
    assert await sweep(db) == 0  # given up a minute ago: more may follow
    db.clock.advance(timedelta(minutes=3))
    await give_up(db, ids[2:])  # they did
    db.clock.advance(timedelta(minutes=10))
    assert await sweep(db) == 0  # quiet, but Telegram has taken nothing since
    assert await report_rows(db) == []

    await telegram_answers(db)
    assert await sweep(db) == 2
    [report] = await report_rows(db)
    assert (report.given_up, minute(report.started_at), minute(report.ended_at)) == (
        3, NOW, NOW + timedelta(minutes=4))
    sent = await reports_sent(db)
    assert sorted(sent) == [CHAIR, MEMBER]
    assert "12:00 至 2026-12-07 12:04 之间，有 3 条消息" in sent[CHAIR][0]
    assert "通知" not in sent[CHAIR][0] and "不会再发" in sent[CHAIR][0]


async def test_nothing_is_reported_twice(db: Database) -> None:
    db.clock.set(NOW)
    ids = await residents(db, 2)
    await give_up(db, ids)
    db.clock.advance(timedelta(minutes=6))
    await telegram_answers(db)
    assert await sweep(db) == 2
    db.clock.advance(timedelta(minutes=6))
    await telegram_answers(db)
    assert await sweep(db) == 0
    assert len(await report_rows(db)) == 1
    assert {chat: len(texts) for chat, texts in (await reports_sent(db)).items()} == {
        CHAIR: 1, MEMBER: 1}


async def test_two_sweeps_at_once_report_once(db: Database) -> None:
    db.clock.set(NOW)
    await give_up(db, await residents(db, 2))
    db.clock.advance(timedelta(minutes=6))
    await telegram_answers(db)
    assert sum(await asyncio.gather(sweep(db), sweep(db))) == 2
    assert len(await report_rows(db)) == 1


async def test_each_community_hears_of_its_own_give_ups(db: Database) -> None:
    db.clock.set(NOW)
    ids = await residents(db, 3)
    far = await second_community(db)
    await create_broadcast(db)
    await run_job(db, "broadcasts", Renderer(strict=True))  # the notice to everyone at home
    await give_up_notice(db, ids[:2])  # two of its messages given up; the rest sent
    await give_up(db, [ids[2], far])  # and a message in each community
    db.clock.advance(timedelta(minutes=6))
    await telegram_answers(db)

    assert await sweep(db) == 4
    home, away = await report_rows(db)
    assert (home.given_up, away.given_up) == (3, 1)
    sent = await reports_sent(db)
    assert sorted(sent) == [CHAIR, MEMBER, FAR_CHAIR, FAR_MEMBER]
    assert "有 3 条消息" in sent[CHAIR][0] and "其中 2 条是通知" in sent[CHAIR][0]
    # In the other community's language and on its clock.
    assert "between 2026-12-06 23:00 and 2026-12-06 23:00, 1 message was" in sent[FAR_CHAIR][0]
    assert "notices" not in sent[FAR_CHAIR][0]


async def test_a_later_outage_has_its_own_report_and_never_reports_a_report(
        db: Database) -> None:
    db.clock.set(NOW)
    ids = await residents(db, 3)
    await give_up(db, ids[:1])
    db.clock.advance(timedelta(minutes=6))
    await telegram_answers(db)  # the report to the committee is not sent yet
    assert await sweep(db) == 2

    db.clock.advance(timedelta(hours=2))
    async with db.sessionmaker() as session, session.begin():
        await session.exec(sa.update(Delivery).where(col(Delivery.template) == TEMPLATE)
                           .values(attempts=MAX_ATTEMPTS - 1))
    await on_last_try(db, ids[1:])
    await failing(db, [CHAIR, MEMBER, *ids[1:]])  # the second outage takes the report too
    db.clock.advance(timedelta(minutes=6))
    await telegram_answers(db)
    assert await sweep(db) == 2

    first, second = await report_rows(db)
    assert (first.given_up, minute(first.started_at)) == (1, NOW)
    assert (second.given_up, minute(second.started_at)) == (2, NOW + timedelta(minutes=126))
    assert [len(texts) for texts in (await reports_sent(db)).values()] == [2, 2]


async def test_a_refusal_is_no_outage(db: Database) -> None:
    db.clock.set(NOW)
    ids = await residents(db, 2)
    await on_last_try(db, ids, attempts=0)
    await failing(db, ids, BadRequest("can't parse entities"))
    db.clock.advance(timedelta(minutes=6))
    await telegram_answers(db)
    assert await sweep(db) == 0
    async with db.sessionmaker() as session:
        states = (await session.exec(select(Delivery.state).where(
            col(Delivery.chat_id).in_(ids)))).all()
    assert states == [DeliveryState.failed, DeliveryState.failed]
    assert await report_rows(db) == []


async def test_a_notice_sent_again_before_the_sweep_is_not_reported(db: Database) -> None:
    db.clock.set(NOW)
    ids = await residents(db, 2)
    broadcast_id = await create_broadcast(db)
    await run_job(db, "broadcasts", Renderer(strict=True))
    await give_up_notice(db, ids)
    await retry(db, broadcast_id)  # from the notice's report: back in the queue
    db.clock.advance(timedelta(minutes=6))
    await telegram_answers(db)  # and sent
    assert await sweep(db) == 0


async def test_a_notice_given_up_again_after_its_report_is_reported_again(
        db: Database) -> None:
    db.clock.set(NOW)
    ids = await residents(db, 2)
    broadcast_id = await create_broadcast(db)
    await run_job(db, "broadcasts", Renderer(strict=True))
    await give_up_notice(db, ids)
    db.clock.advance(timedelta(minutes=6))
    await telegram_answers(db)
    assert await sweep(db) == 2
    db.clock.advance(timedelta(hours=1))
    await retry(db, broadcast_id)
    await give_up_notice(db, ids)
    db.clock.advance(timedelta(minutes=6))
    await telegram_answers(db)
    assert await sweep(db) == 2
    assert [r.given_up for r in await report_rows(db)] == [2, 2]


async def give_up_notice(db: Database, ids: list[int]) -> None:
    """The notice's messages to these people given up, the others sent."""
    async with db.sessionmaker() as session, session.begin():
        await session.exec(sa.update(Delivery).where(col(Delivery.chat_id).in_(ids),
                                                     col(Delivery.broadcast_id).is_not(None))
                           .values(attempts=MAX_ATTEMPTS - 1))
    await failing(db, ids)


async def retry(db: Database, broadcast_id: int) -> None:
    async with db.sessionmaker() as session, session.begin():
        chair = await people.by_telegram_id(session, CHAIR)
        assert chair is not None
        outcome = await broadcasts.retry_failed(
            session, actor=chair, roles=frozenset({Role.committee}),
            broadcast_id=broadcast_id, now=db.clock.now())
        assert isinstance(outcome, broadcasts.Done)
