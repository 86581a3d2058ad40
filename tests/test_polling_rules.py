"""Long polling on each engine's own reading of update JSON, straight on the database:
whatever Telegram sends, the offset moves past every update of the batch, an update
the engine cannot read is kept as rejected with its body, and every readable update
behind it is stored and answered."""

import functools
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from bot.app import Database, routes
from bot.dispatch import Dispatcher
from bot.engines import polling
from bot.engines.aiogram_engine import AiogramEngine
from bot.engines.ptb_engine import PTBEngine
from bot.intake import Intake
from chat.context import Context
from chat.incoming import Incoming
from chat.render import Renderer
from models.inbox import InboxState, InboxUpdate

TOKEN = "100000:emulator-token"
UPDATE_IDS = itertools.count(1_000_000)  # one database serves every example of a test


@functools.cache
def reader(engine: str) -> polling.Parse:
    made = (AiogramEngine if engine == "aiogram" else PTBEngine)(TOKEN, "http://127.0.0.1:9")
    return made.read_update


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8)


def message(user_id: int) -> dict[str, Any]:
    return {"message": {
        "message_id": 1, "date": 1700000000, "text": "/help",
        "chat": {"id": user_id, "type": "private", "first_name": "R"},
        "from": {"id": user_id, "is_bot": False, "first_name": "R", "language_code": "zh"}}}


def press(user_id: int, data: str) -> dict[str, Any]:
    return {"callback_query": {
        "id": f"cb-{user_id}", "chat_instance": "1", "data": data,
        "from": {"id": user_id, "is_bot": False, "first_name": "R"},
        "message": {"message_id": 1, "date": 1700000000,
                    "chat": {"id": user_id, "type": "private", "first_name": "R"}}}}


people = st.integers(1, 2**40)
valid_updates = people.map(message) | st.builds(press, people, st.text(min_size=1, max_size=20))


@st.composite
def mangled(draw: st.DrawFn) -> dict[str, Any]:
    """A valid update with a few parts replaced, dropped or added: often unreadable."""
    update = draw(valid_updates)
    body = next(iter(update.values()))
    for _ in range(draw(st.integers(1, 3))):
        parts = [update, body, *(v for v in body.values() if isinstance(v, dict))]
        target = draw(st.sampled_from(parts))
        key = draw(st.sampled_from([*target.keys(), "id", "reply_to_story", "photo"]))
        if draw(st.booleans()):
            target.pop(key, None)
        else:
            target[key] = draw(json_values)
    return update


# (True, update) is valid, (False, update) anything else; update_ids are given later.
batches = st.lists(st.tuples(st.just(True), valid_updates)
                   | st.tuples(st.just(False), mangled() | st.dictionaries(
                       st.sampled_from(["message", "callback_query", "poll", "x"]), json_values,
                       max_size=2)),
                   min_size=1, max_size=6)


class Stop(BaseException):
    """Ends the polling loop after one batch."""


async def poll_once(updates: list[dict[str, Any]], parse: polling.Parse,
                    intake: Intake) -> int | None:
    """Polls one batch and returns the offset the next getUpdates confirms it with."""
    asked: list[int | None] = []

    async def fetch(offset: int | None) -> list[Any]:
        asked.append(offset)
        if len(asked) > 1:
            raise Stop
        return updates

    with pytest.raises(Stop):
        await polling.poll(fetch, parse, intake)
    return asked[-1]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(drawn=batches)
async def test_the_offset_moves_past_every_update_and_the_readable_ones_are_answered(
        db: Database, renderer: Renderer, engine: str,
        drawn: list[tuple[bool, dict[str, Any]]]) -> None:
    updates = [{"update_id": next(UPDATE_IDS), **update} for _, update in drawn]
    valid = {u["update_id"] for (ok, _), u in zip(drawn, updates, strict=True) if ok}
    stored: list[Incoming] = []
    intake = Intake(db.sessionmaker, stored.extend, clock=db.clock)

    assert await poll_once(updates, reader(engine), intake) == updates[-1]["update_id"] + 1

    answered: set[int] = set()

    async def after_commit(ctx: Context) -> None:
        if ctx.replies or ctx.answers or ctx.edits:
            answered.add(ctx.incoming.update_id)

    dispatcher = Dispatcher(db.sessionmaker, routes(), renderer, after_commit, db.clock)
    for incoming in stored:
        await dispatcher.handle(incoming)
    assert valid <= answered
    async with db.sessionmaker() as session:
        rows = {row.update_id: row for row in (await session.exec(select(InboxUpdate).where(
            col(InboxUpdate.update_id).in_([u["update_id"] for u in updates])))).all()}
    rejected = {n for n, row in rows.items() if row.state == InboxState.rejected}
    assert not rejected & valid
    assert intake.rejected == len(rejected)
    for update in updates:
        row = rows.get(update["update_id"])
        assert row is None or row.state != InboxState.rejected or row.payload["raw"] == update


async def test_an_update_without_a_readable_id_is_skipped_and_the_rest_taken(
        db: Database, engine: str) -> None:
    stored: list[Incoming] = []
    intake = Intake(db.sessionmaker, stored.extend, clock=db.clock)
    updates = [{"message": {}}, "garbage", {"update_id": 2**64, **message(7)},
               {"update_id": 5, **message(7)}]
    assert await poll_once(updates, reader(engine), intake) == 6
    assert [i.update_id for i in stored] == [5]
