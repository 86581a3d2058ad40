"""Outbox, sender and sweeps on the database, with a recording transport."""

import asyncio
import contextlib
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot.app import Database, routes
from bot.clock import SettableClock
from bot.playground import run_job
from bot.progress import ProgressReporter
from bot.rate_limits import Limiter, Limits
from bot.sender import MAX_ATTEMPTS, Sender
from bot.transport import BadRequest, Forbidden, RetryAfter, TransportError
from chat.render import Renderer
from models import outbox
from models.notices import broadcasts
from models.notices.broadcasts import Broadcast, BroadcastState
from models.notices.progress import RETRY_BUTTONS
from models.outbox import Delivery, DeliveryState, Lane
from models.people import persons as people
from models.people.persons import Person
from models.people.roles import Role
from tests.factories import residents

COMMITTEE = frozenset({Role.committee})
FAST = Limits(global_per_second=10_000, global_burst=10_000, chat_per_second=1000,
              chat_burst=1000)


class FakeTelegram:
    """Answers sendMessage like Telegram, or with the errors a test scripts."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []
        self.errors: dict[int, list[Exception]] = {}
        self.edited: list[tuple[int, int, str]] = []
        self.edit_errors: list[Exception] = []

    async def send_message(self, chat_id: int, text: str, markup: Any) -> int:
        queued = self.errors.get(chat_id)
        if queued:
            raise queued.pop(0)
        self.sent.append((chat_id, text))
        return len(self.sent)

    async def edit_message(self, chat_id: int, message_id: int, text: str,
                           markup: Any) -> None:
        self.edited.append((chat_id, message_id, text))
        if self.edit_errors:
            raise self.edit_errors.pop(0)

    async def answer_callback(self, *args: Any) -> None: ...

    async def set_commands(self, *args: Any, **kwargs: Any) -> None: ...


def sender_for(db: Database, telegram: FakeTelegram, **kwargs: Any) -> Sender:
    limiter = Limiter(FAST, sleep=_no_sleep)
    return Sender(telegram, db.sessionmaker, limiter, clock=db.clock, **kwargs)  # type: ignore[arg-type]


async def _no_sleep(seconds: float) -> None:
    await asyncio.sleep(0)


async def queue(db: Database, chat_ids: list[int], text: str = "hello") -> None:
    async with db.sessionmaker() as session, session.begin():
        for chat_id in chat_ids:
            outbox.enqueue(session, lane=Lane.bulk, chat_id=chat_id, template="t", text=text,
                           now=db.clock.now())


async def drain(sender: Sender) -> None:
    task = asyncio.create_task(sender.run(idle=0.01))
    try:
        for _ in range(500):
            await asyncio.sleep(0.01)
            async with sender.sessionmaker() as session:
                left = await session.scalar(sa.select(sa.func.count()).select_from(Delivery).where(
                    Delivery.state.in_([DeliveryState.pending, DeliveryState.sending]),
                    Delivery.not_before <= sender.clock.now()))
            if not left:
                return
        raise AssertionError("the outbox did not drain")
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def states(db: Database) -> dict[int, str]:
    async with db.sessionmaker() as session:
        rows = await session.exec(sa.select(Delivery.chat_id, Delivery.state))
        return {chat: str(state) for chat, state in rows.all()}


async def test_a_rolled_back_transaction_sends_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.sessionmaker() as session, session.begin():
            outbox.enqueue(session, lane=Lane.bulk, chat_id=1, template="t", text="x",
                           now=db.clock.now())
            raise RuntimeError("the change failed")
    telegram = FakeTelegram()
    await drain(sender_for(db, telegram))
    assert telegram.sent == [] and await states(db) == {}


async def test_each_answer_lands_in_its_state(db: Database) -> None:
    ids = await residents(db, 4)
    await queue(db, ids)
    telegram = FakeTelegram()
    telegram.errors = {ids[0]: [RetryAfter(0.01)], ids[1]: [Forbidden("blocked")],
                       ids[2]: [BadRequest("can't parse entities")],
                       ids[3]: [TransportError("reset")]}
    await drain(sender_for(db, telegram))
    final = await states(db)
    assert final[ids[0]] == "sent"  # 429: waited and sent
    assert final[ids[1]] == "unreachable"
    assert final[ids[2]] == "failed"  # a bug of ours: never retried
    assert final[ids[3]] == "pending"  # network: back in the queue with a backoff
    async with db.sessionmaker() as session:
        blocked = await people.by_telegram_id(session, ids[1])
        retry = (await session.exec(sa.select(Delivery).where(Delivery.chat_id == ids[3]))).one()
    assert blocked is not None and blocked.unreachable
    assert retry[0].attempts == 1 and retry[0].not_before > db.clock.now()


async def test_an_edit_that_would_change_nothing_is_not_sent(db: Database) -> None:
    await queue(db, [5], text="ballot")
    telegram = FakeTelegram()
    sender = sender_for(db, telegram)
    await drain(sender)
    await sender.edit(5, 1, "ballot")  # what the sent message shows already
    assert telegram.edited == []
    await sender.edit(5, 1, "confirm?", {"inline_keyboard": [[{"text": "ok"}]]})
    await sender.edit(5, 1, "confirm?", {"inline_keyboard": [[{"text": "ok"}]]})
    assert len(telegram.edited) == 1
    # A message this process does not know (sent before a restart): Telegram's refusal
    # says it shows the text already, which is what the edit wanted.
    telegram.edit_errors = [BadRequest("Message is not modified: specified new message "
                                       "content and reply markup are exactly the same")]
    await sender.edit(5, 2, "receipt")
    await sender.edit(5, 2, "receipt")
    assert len(telegram.edited) == 2
    # An edit that may or may not have taken is sent again; other refusals are raised.
    telegram.edit_errors = [TransportError("timed out"), BadRequest("message to edit not found")]
    for _ in range(2):
        with pytest.raises((TransportError, BadRequest)):
            await sender.edit(5, 1, "recorded")
    await sender.edit(5, 1, "recorded")
    assert len(telegram.edited) == 5


async def test_network_errors_give_up_after_bounded_attempts(db: Database) -> None:
    await queue(db, [77])
    telegram = FakeTelegram()
    tries = MAX_ATTEMPTS + 5
    telegram.errors = {77: [TransportError("down")] * tries}
    sender = sender_for(db, telegram)
    for _ in range(tries):
        async with db.sessionmaker() as session, session.begin():
            await session.exec(sa.update(Delivery).values(not_before=db.clock.now()))
        await drain(sender)
        if (await states(db))[77] == "failed":
            break
    assert (await states(db))[77] == "failed"
    assert len(telegram.errors[77]) == tries - MAX_ATTEMPTS


async def test_long_messages_are_split_not_refused(db: Database) -> None:
    paragraph = "这是一段很长的通知。" * 100  # 1,000 characters
    await queue(db, [88], text="\n\n".join([paragraph] * 9))
    telegram = FakeTelegram()
    await drain(sender_for(db, telegram))
    parts = [text for chat, text in telegram.sent if chat == 88]
    assert len(parts) >= 3 and all(len(p) <= 4096 for p in parts)
    assert "".join(parts).replace("\n", "") == paragraph * 9
    assert (await states(db))[88] == "sent"


async def test_expired_claims_are_taken_again_and_sent_once_more(db: Database) -> None:
    await queue(db, [91, 92, 93])
    async with db.sessionmaker() as session, session.begin():
        claimed = await outbox.claim(session, limit=2, lease=timedelta(seconds=-1),
                                     now=db.clock.now())
    assert len(claimed) == 2  # a sender took two and died: its lease is already over
    telegram = FakeTelegram()
    await drain(sender_for(db, telegram))
    assert sorted(chat for chat, _ in telegram.sent) == [91, 92, 93]
    assert set((await states(db)).values()) == {"sent"}


async def test_live_claims_are_not_taken_twice(db: Database) -> None:
    await queue(db, [94, 95])
    async with db.sessionmaker() as session, session.begin():
        first = await outbox.claim(session, limit=10, lease=timedelta(minutes=1),
                                   now=db.clock.now())
    async with db.sessionmaker() as session, session.begin():
        second = await outbox.claim(session, limit=10, lease=timedelta(minutes=1),
                                    now=db.clock.now())
    assert len(first) == 2 and second == []


async def create_broadcast(db: Database, body: str = "停水通知") -> int:
    async with db.sessionmaker() as session, session.begin():
        chair = await people.by_telegram_id(session, 1001)
        assert chair is not None
        outcome = await broadcasts.create(session, author=chair, body=body, now=db.clock.now())
        assert isinstance(outcome, broadcasts.Done)
        return outcome.value.id or 0


async def test_broadcast_sweeps_run_twice_at_once_expand_once(db: Database) -> None:
    ids = await residents(db, 50)
    broadcast_id = await create_broadcast(db)
    renderer = Renderer(strict=True)
    started = await asyncio.gather(*(run_job(db, "broadcasts", renderer)
                                     for _ in range(3)))
    assert sum(started) == 1
    async with db.sessionmaker() as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        queued = await session.scalar(sa.select(sa.func.count()).select_from(Delivery)
                                      .where(Delivery.broadcast_id == broadcast_id))
    assert broadcast is not None and broadcast.state == BroadcastState.sending
    # the 50 residents plus the two bootstrap committee members
    assert queued == broadcast.total == len(ids) + 2
    assert await run_job(db, "broadcasts", renderer) == 0


async def test_unreachable_people_are_skipped_until_they_write_again(db: Database) -> None:
    ids = await residents(db, 3)
    async with db.sessionmaker() as session, session.begin():
        await session.exec(sa.update(Person).where(Person.telegram_id == ids[0])
                           .values(unreachable=True))
    renderer = Renderer(strict=True)
    first = await create_broadcast(db)
    await run_job(db, "broadcasts", renderer)
    async with db.sessionmaker() as session, session.begin():
        await people.seen(session, tg_id=ids[0], display_name="back", username=None,
                          language_code="zh", now=db.clock.now())
    second = await create_broadcast(db, "第二条")
    await run_job(db, "broadcasts", renderer)
    async with db.sessionmaker() as session:
        rows = (await session.exec(sa.select(Delivery.broadcast_id, Delivery.chat_id))).all()
    assert (first, ids[0]) not in rows and (second, ids[0]) in rows


async def test_a_broadcast_cannot_be_scheduled_in_the_past(db: Database) -> None:
    async with db.sessionmaker() as session, session.begin():
        chair = await people.by_telegram_id(session, 1001)
        assert chair is not None
        outcome = await broadcasts.create(session, author=chair, body="x",
                                          due_at=db.clock.now() - timedelta(hours=1),
                                          now=db.clock.now())
        assert outcome == broadcasts.Refused("broadcasts/in_the_past")
        assert (await session.scalar(sa.select(sa.func.count()).select_from(Broadcast))) == 0


async def test_failed_deliveries_of_a_broadcast_can_be_retried_once(db: Database) -> None:
    ids = await residents(db, 3)
    broadcast_id = await create_broadcast(db)
    await run_job(db, "broadcasts", Renderer(strict=True))
    async with db.sessionmaker() as session, session.begin():
        await session.exec(sa.update(Delivery).where(Delivery.chat_id.in_(ids[:2]))
                           .values(state=DeliveryState.failed, error="boom"))
        await session.exec(sa.update(Broadcast).values(state=BroadcastState.done))
    async with db.sessionmaker() as session, session.begin():
        chair = await people.by_telegram_id(session, 1001)
        assert chair is not None
        done = await broadcasts.retry_failed(session, actor=chair, roles=COMMITTEE,
                                             broadcast_id=broadcast_id, now=db.clock.now())
        again = await broadcasts.retry_failed(session, actor=chair, roles=COMMITTEE,
                                              broadcast_id=broadcast_id, now=db.clock.now())
        broadcast = await session.get(Broadcast, broadcast_id)
    assert done == broadcasts.Done(2)
    assert again == broadcasts.Refused("broadcasts/nothing_to_retry")
    assert broadcast is not None and broadcast.state == BroadcastState.sending
    assert list((await states(db)).values()).count("pending") == 5


async def test_only_the_author_or_the_committee_retry_a_broadcast(db: Database) -> None:
    ids = await residents(db, 2)
    broadcast_id = await create_broadcast(db)
    await run_job(db, "broadcasts", Renderer(strict=True))
    async with db.sessionmaker() as session, session.begin():
        await session.exec(sa.update(Delivery).where(Delivery.chat_id.in_(ids))
                           .values(state=DeliveryState.failed, error="boom"))
    async with db.sessionmaker() as session, session.begin():
        resident = await people.by_telegram_id(session, ids[0])
        chair = await people.by_telegram_id(session, 1001)
        assert resident is not None and chair is not None
        refused = await broadcasts.retry_failed(session, actor=resident, roles=frozenset(),
                                                broadcast_id=broadcast_id, now=db.clock.now())
        # The author whose committee role has ended since still may.
        done = await broadcasts.retry_failed(session, actor=chair, roles=frozenset(),
                                             broadcast_id=broadcast_id, now=db.clock.now())
    assert refused == broadcasts.Refused("common/not_allowed")
    assert done == broadcasts.Done(2)


async def test_progress_report_finishes_a_complete_broadcast_once(db: Database) -> None:
    await residents(db, 2)
    broadcast_id = await create_broadcast(db)
    await run_job(db, "broadcasts", Renderer(strict=True))
    await drain(sender_for(db, FakeTelegram()))
    edits: list[tuple[int, int, str]] = []

    async def edit(chat_id: int, message_id: int, text: str,
                   markup: dict[str, Any] | None) -> None:
        edits.append((chat_id, message_id, text))

    async with db.sessionmaker() as session, session.begin():
        progress_reply = outbox.enqueue(session, lane=Lane.interactive, chat_id=1001,
                                        template="t", text="0", now=db.clock.now())
        await session.flush()
        progress_reply.state, progress_reply.message_id = DeliveryState.sent, 42
        broadcast = await session.get(Broadcast, broadcast_id)
        assert broadcast is not None
        broadcast.progress_delivery_id = progress_reply.id
    reporter = ProgressReporter(db.sessionmaker, Renderer(strict=True), edit, db.clock,
                                retry=routes().buttons[RETRY_BUTTONS])
    await reporter.sweep()
    await reporter.sweep()
    assert len(edits) == 1 and edits[0][:2] == (1001, 42)
    assert "发送完毕" in edits[0][2] and "4 / 4" in edits[0][2]
    async with db.sessionmaker() as session:
        finished = await session.get(Broadcast, broadcast_id)
    assert finished is not None and finished.state == BroadcastState.done


async def test_inbox_cleanup_keeps_recent_and_pending_updates(db: Database) -> None:
    """Rejected updates (unreadable, kept for the operator) go after as long as done ones."""
    from models.inbox import InboxState, InboxUpdate

    now = db.clock.now()
    old = now - timedelta(days=40)
    async with db.sessionmaker() as session, session.begin():
        session.add_all([
            InboxUpdate(update_id=1, chat_id=1, payload={}, state=InboxState.done,
                        received_at=now, processed_at=old),
            InboxUpdate(update_id=2, chat_id=1, payload={}, state=InboxState.done,
                        received_at=now, processed_at=now),
            InboxUpdate(update_id=3, chat_id=1, payload={}, state=InboxState.pending,
                        received_at=now),
            InboxUpdate(update_id=4, chat_id=0, payload={}, state=InboxState.rejected,
                        received_at=now, processed_at=old),
            InboxUpdate(update_id=5, chat_id=0, payload={}, state=InboxState.rejected,
                        received_at=now, processed_at=now)])
    assert await run_job(db, "clean_inbox", Renderer(strict=True)) == 2
    assert await run_job(db, "clean_inbox", Renderer(strict=True)) == 0


def test_unknown_cron_jobs_are_refused_at_start() -> None:
    from bot.config import Settings
    from bot.runtime import Runtime

    settings = Settings(cron_jobs={"send_reports": "0 8 * * *"}, _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="send_reports"):
        Runtime(transport=FakeTelegram(), sessionmaker=None,  # type: ignore[arg-type]
                router=routes(),
                renderer=Renderer(), settings=settings, clock=SettableClock())
