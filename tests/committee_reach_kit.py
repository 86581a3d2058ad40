"""What tests/test_committee_reach.py needs: a community with a supervised ticket and a
supervisors' finding, every attempt a committee member can make built from the
router's own lists (commands, button payloads, dialogue steps), a dispatcher that sends
one attempt and keeps what the member was shown, and the state that must not change."""

import dataclasses
import itertools
from enum import Enum
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import sqlalchemy as sa
from sqlmodel import col, select

from bot.app import Database
from bot.dispatch import Dispatcher
from chat.context import Context
from chat.incoming import Incoming
from chat.payloads import Payload
from chat.router import Router
from models import inbox
from models.audit import AuditEntry
from models.board.disclosures import DisclosureEntry
from models.conversation import Conversation
from models.hotline.tickets import Ticket, TicketEvent
from models.people.persons import RoleGrant

Attempt = tuple[str, str | None, dict[str, Any], Incoming]  # label, step, draft, update
COMBINATIONS = 200  # a payload with more has its values cut here (none has so far)


@dataclasses.dataclass
class Targets:
    """The supervisors' things a committee member aims at, by every id a route takes."""

    ids: list[int]  # the ticket, the finding, its correction, the supervisor, their grant
    words: list[str]  # numbers and handles a command or a step is given
    secrets: list[str]  # what the committee must never be shown


def values(kind: Any, targets: Targets) -> list[Any]:
    """Every value a button's field could carry aimed at the targets; a field of a type
    this does not know fails the test, so a new kind of payload is never left out."""
    if kind is bool:
        return [True, False]
    if kind is int:
        return targets.ids
    if kind is str:
        return targets.words
    if isinstance(kind, type) and issubclass(kind, Enum):
        return list(kind)
    if get_origin(kind) is Literal:
        return list(get_args(kind))
    if get_origin(kind) in (Union, UnionType):
        return [v for option in get_args(kind) for v in values(option, targets)]
    raise TypeError(f"no forged values for a field of type {kind!r}")


def forged(payload: type[Payload], targets: Targets) -> list[Payload]:
    hints = get_type_hints(payload)
    fields = [values(hints[f.name], targets) for f in dataclasses.fields(payload)]  # type: ignore[arg-type]
    combined = itertools.islice(itertools.product(*fields), COMBINATIONS)
    return [payload(*chosen) for chosen in combined]


def default_draft(router: Router, step: str) -> dict[str, Any] | None:
    """A fresh draft of the step's dialogue, as its command would begin it; None when
    its draft cannot be empty (such dialogues are listed in the test)."""
    dialogue = next(d for d in router.dialogues.values() if d.owns(step))
    try:
        return dialogue.draft_type().model_dump(mode="json")  # type: ignore[attr-defined,no-any-return]
    except ValueError:
        return None


class Attempts:
    """Builds the updates of one committee member, numbered in order."""

    def __init__(self, user_id: int) -> None:
        self.user_id, self.update_id = user_id, 0

    def message(self, text: str) -> Incoming:
        self.update_id += 1
        return Incoming(update_id=self.update_id, kind="message", chat_id=self.user_id,
                        user_id=self.user_id, display_name="委员", language_code="zh",
                        message_id=self.update_id, text=text)

    def press(self, payload: Payload) -> Incoming:
        self.update_id += 1
        return Incoming(update_id=self.update_id, kind="callback", chat_id=self.user_id,
                        user_id=self.user_id, display_name="委员", language_code="zh",
                        message_id=1, callback_id=str(self.update_id),
                        callback_data=payload.pack())


class Shown:
    """The dispatcher's after-commit: keeps every answer and edit a member was shown
    (replies are read from the outbox)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    async def __call__(self, ctx: Context) -> None:
        self.texts += [a.text or "" for a in ctx.answers] + [e.text for e in ctx.edits]


async def attempt(db: Database, dispatcher: Dispatcher, user_id: int, step: str | None,
                  draft: dict[str, Any], incoming: Incoming) -> None:
    """Put the member at the step (or at none) and dispatch the update."""
    async with db.sessionmaker() as session, session.begin():
        await session.merge(Conversation(user_id=user_id, step=step, data=draft,
                                         updated_at=db.clock.now()))
        await inbox.store(session, [{"update_id": incoming.update_id, "chat_id": user_id,
                                     "payload": incoming.to_dict()}], now=db.clock.now())
    await dispatcher.handle(incoming)  # an update that fails changes nothing either


async def state(db: Database, ticket_id: int) -> tuple[Any, ...]:
    """The ticket and its history, the board, every role and the audit log."""
    async with db.sessionmaker() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        events = [e.model_dump() for e in (await session.exec(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
            .order_by(col(TicketEvent.id)))).all()]
        board = [e.model_dump() for e in (await session.exec(
            select(DisclosureEntry).order_by(col(DisclosureEntry.id)))).all()]
        roles = [g.model_dump() for g in (await session.exec(
            select(RoleGrant).order_by(col(RoleGrant.id)))).all()]
        audit = (await session.exec(select(sa.func.max(AuditEntry.seq)))).one()
        return ticket.model_dump(), events, board, roles, audit
