"""Dispatch straight on the database: one update, one transaction, also when several
updates arrive at once and one of them fails."""

import asyncio
import contextlib

from sqlmodel import col, select

from bot.app import Database
from bot.dispatch import Dispatcher
from chat.context import Context
from chat.incoming import Incoming
from chat.render import Renderer
from chat.router import Router
from models import inbox
from models.community import CommunityCache
from models.conversation import Conversation
from models.inbox import InboxState, InboxUpdate
from models.outbox import Delivery

FIRST_USER = 6_100_000


def router() -> Router:
    routes = Router("test")

    @routes.command("fine")
    async def fine(ctx: Context) -> None:
        ctx.store_draft("fine", {})
        ctx.reply("common/use_commands")

    @routes.command("boom")
    async def boom(ctx: Context) -> None:
        ctx.store_draft("exploded", {})
        ctx.reply("common/use_commands")
        raise RuntimeError("boom")

    return routes


def update(update_id: int, text: str) -> Incoming:
    user = FIRST_USER + update_id
    return Incoming(update_id=update_id, kind="message", chat_id=user, user_id=user,
                    display_name=f"U{update_id}", language_code="zh", message_id=update_id,
                    text=text)


async def test_a_failing_update_rolls_back_alone(db: Database, renderer: Renderer) -> None:
    answered: list[int] = []

    async def after_commit(ctx: Context) -> None:
        answered.append(ctx.incoming.update_id)

    dispatcher = Dispatcher(db.sessionmaker, router(), renderer, after_commit, db.clock)
    updates = [update(n, "/boom" if n == 3 else "/fine") for n in range(1, 7)]
    async with db.sessionmaker() as session, session.begin():
        await inbox.store(session, [{"update_id": u.update_id, "chat_id": u.chat_id,
                                     "payload": u.to_dict()} for u in updates], now=db.clock.now())

    # At once, so that on SQLite they wait for the connection together.
    handled = await asyncio.gather(*(dispatcher.handle(u) for u in updates))
    again = await asyncio.gather(*(dispatcher.handle(u) for u in updates))

    assert handled == [True, True, False, True, True, True]
    assert again == [False] * 6
    assert sorted(answered) == [1, 2, 4, 5, 6]
    counted = dispatcher.metrics.updates  # what /metrics shows as yishi_updates_total
    assert [counted.value(result) for result in ("handled", "failed", "duplicate")] == [5, 2, 5]
    assert dispatcher.metrics.handling.count() == 7  # a duplicate is not timed
    async with db.sessionmaker() as session:
        rows = {r.update_id: r for r in (await session.exec(select(InboxUpdate))).all()}
        steps = {c.user_id - FIRST_USER: c.step
                 for c in (await session.exec(select(Conversation))).all()}
        replied = (await session.exec(select(Delivery.chat_id)
                                      .where(col(Delivery.chat_id) > FIRST_USER))).all()
    assert {n: r.state for n, r in rows.items()} == {
        1: InboxState.done, 2: InboxState.done, 3: InboxState.pending, 4: InboxState.done,
        5: InboxState.done, 6: InboxState.done}
    # Tried in both rounds: it stays pending until its attempts run out.
    assert rows[3].attempts == 2 and "boom" in (rows[3].error or "")
    assert steps == {1: "fine", 2: "fine", 4: "fine", 5: "fine", 6: "fine"}
    assert sorted(replied) == [FIRST_USER + n for n in (1, 2, 4, 5, 6)]


async def test_the_community_cache_outlives_a_failed_update(db: Database) -> None:
    cache = CommunityCache()
    with contextlib.suppress(RuntimeError):
        async with db.sessionmaker() as session, session.begin():
            community = await cache.of(session, None)
            raise RuntimeError("the update that loaded the cache failed")
    async with db.sessionmaker() as session:
        assert await cache.of(session, None) is community
    assert community is not None and community.config.code == community.code
