"""A draft stored by an older shape of its dialogue (a field renamed, retyped or gone,
a step no longer declared) is discarded with a sentence naming the command that starts
again, and that command then starts the dialogue afresh: for every dialogue there is."""

from collections.abc import Callable

import pytest
from sqlmodel import col, select

from bot.app import Database
from bot.dispatch import Dispatcher
from chat.context import Context
from chat.incoming import Incoming
from chat.render import Renderer
from handlers import build_router
from models import inbox
from models.conversation import Conversation
from models.outbox import Delivery
from models.people.persons import Person, RoleGrant
from models.people.roles import Role
from tests.factories import residents

ROUTER = build_router()
DIALOGUES = sorted(ROUTER.dialogues)
USER = 6_300_000
OlderShape = Callable[[str], tuple[str, dict[str, object]]]
OLDER_SHAPES: dict[str, OlderShape] = {
    "unknown field": lambda step: (step, {"a_field_of_an_older_release": 1}),
    "retyped field": lambda step: (step, {"attachments": "not a list"}),
    "undeclared step": lambda step: (step.split(".")[0] + ".a_step_long_gone", {}),
}

# Dialogues begun by a button on what their command lists (a ticket, a hearing):
# prefix -> why; starting again is pressing it again.
STARTED_BY_BUTTON: dict[str, str] = {
    "audit_person": "the by-person button under a page of /audit",
    "apologies": "the apologies button under a meeting's notice and in /meetings",
    "meeting_minutes": "the write-minutes button of a closed meeting /meetings lists",
    "agenda_add": "the add-item button of an organiser's agenda in /meetings",
    "item_vote": "the chair's vote button of an agenda item in /meetings",
    "hearing": "the speak button under a hearing /hearings lists",
    "hearing_change": "the committee's change buttons under a hearing /hearings lists",
    "hearing_minutes": "the minutes button under a held hearing /hearings lists",
    "review": "a reason, note or resolution is asked for by a proposal's button on /review",
    "notice": "/scheduled lists the notices still to go, each with its edit buttons",
    "inquiry_answer": "the answer button under an inquiry /inquiries lists to the committee",
    "poll_comment": "the comment button under a confirmed poll ballot; /vote shows it",
    "rated": "a comment follows the rate buttons on a resolved ticket's notice",
    "ticket": "a handler's buttons on a ticket's card (tests/test_hotline_flow.py)",
    "evaluate": "a comment follows a grade's button under a report /evaluate shows",
    # Not a button, but the same here: outside the evaluation period /workreport is
    # refused (tests/test_evaluation_flow.py starts it during one).
    "workreport": "/workreport begins it only while the evaluation period runs",
}

# Dialogues only a newcomer may begin: prefix -> why; the test's person is a newcomer.
NEWCOMERS: dict[str, str] = {
    "register": "a registered person is told they already are",
}


async def everyone(db: Database) -> None:
    """One person who may start every dialogue."""
    await residents(db, 1, first_id=USER, role=Role.committee)
    async with db.sessionmaker() as session, session.begin():
        person = (await session.exec(select(Person).where(col(Person.telegram_id) == USER))
                  ).one()
        session.add_all(RoleGrant(person_id=person.id or 0, role=role,
                                  created_at=db.clock.now())
                        for role in Role if role not in (Role.committee, Role.resident))


async def send(db: Database, dispatcher: Dispatcher, update_id: int, text: str) -> list[str]:
    """Dispatch one message; the templates it was answered with."""
    incoming = Incoming(update_id=update_id, kind="message", chat_id=USER, user_id=USER,
                        display_name="U", language_code="en", message_id=update_id, text=text)
    async with db.sessionmaker() as session, session.begin():
        await inbox.store(session, [{"update_id": update_id, "chat_id": USER,
                                     "payload": incoming.to_dict()}], now=db.clock.now())
    assert await dispatcher.handle(incoming)
    async with db.sessionmaker() as session:
        return list((await session.exec(select(Delivery.template).where(
            col(Delivery.chat_id) == USER).order_by(col(Delivery.id)))).all())


async def store(db: Database, step: str, data: dict[str, object]) -> None:
    async with db.sessionmaker() as session, session.begin():
        session.add(Conversation(user_id=USER, step=step, data=data,
                                 updated_at=db.clock.now()))


async def conversation(db: Database) -> Conversation:
    async with db.sessionmaker() as session:
        found = await session.get(Conversation, USER)
    assert found is not None
    return found


def test_every_dialogue_is_known_by_the_command_that_starts_it() -> None:
    assert "propose" in DIALOGUES
    for dialogue in ROUTER.dialogues.values():
        assert dialogue.command in ROUTER.commands, f"no /{dialogue.command}"
        assert all(step.value in ROUTER.steps for step in dialogue.steps)  # type: ignore[attr-defined]


@pytest.mark.parametrize("shape", sorted(OLDER_SHAPES))
@pytest.mark.parametrize("name", DIALOGUES)
async def test_a_draft_of_an_older_shape_is_discarded_and_the_dialogue_starts_again(
        db: Database, renderer: Renderer, name: str, shape: str) -> None:
    dialogue = ROUTER.dialogues[name]
    command = dialogue.command
    first = next(iter(dialogue.steps))  # type: ignore[attr-defined]
    if name not in NEWCOMERS:  # a newcomer is made by the first message they send
        await everyone(db)

    async def nothing(ctx: Context) -> None:
        pass

    dispatcher = Dispatcher(db.sessionmaker, ROUTER, renderer, nothing, db.clock)
    await store(db, *OLDER_SHAPES[shape](first.value))

    assert await send(db, dispatcher, 1, "an answer meant for the old draft") == [
        "common/draft_lost"]
    lost = await conversation(db)
    assert (lost.step, lost.data) == (None, {})
    async with db.sessionmaker() as session:
        text = (await session.exec(select(Delivery.text))).one()
    assert f"/{command}" in text

    await send(db, dispatcher, 2, f"/{command}")
    again = await conversation(db)
    if STARTED_BY_BUTTON.get(name):  # the command shows what the dialogue's button acts on
        assert again.step is None
    else:
        assert dialogue.owns(again.step) and dialogue.valid(again)


async def test_a_draft_that_fits_is_kept(db: Database, renderer: Renderer) -> None:
    await everyone(db)

    async def nothing(ctx: Context) -> None:
        pass

    dispatcher = Dispatcher(db.sessionmaker, ROUTER, renderer, nothing, db.clock)
    await store(db, "propose.title", {"attachments": []})
    assert await send(db, dispatcher, 1, "A bench by the east gate") == [
        "proposals/ask_description"]
    kept = await conversation(db)
    assert kept.step == "propose.description"
    assert kept.data["title"] == "A bench by the east gate"
