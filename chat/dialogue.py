"""Dialogues: a capability's steps as an enum, its draft as a pydantic model, kept in
the person's conversation row between messages.

A draft is validated whenever it is read. One stored by an older shape of its
dialogue (a step renamed, a field added, removed or retyped by a release) does not
validate: dispatch discards it and tells the person, in one sentence, how to start
again (common/draft_lost), rather than failing on every message they send."""

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from chat.context import Context
from chat.router import Router
from models.conversation import Conversation
from models.people.roles import Role


class Draft(BaseModel):
    """What a dialogue has collected so far. A field it does not know is an older
    shape's: refused like a wrong type."""

    model_config = ConfigDict(extra="forbid")


S = TypeVar("S", bound=StrEnum)
D = TypeVar("D", bound=Draft)


@dataclass(frozen=True)
class Question(Generic[D]):
    """What one step asks, and how it takes a message as the answer into the draft:
    True when taken, else the person was told why and the draft is stored unchanged.
    A step answered by buttons takes no message: it says to use them."""

    ask: Callable[[Context, D], None]
    take: Callable[[Context, D], bool]


@dataclass(frozen=True)
class LookUp(Generic[D]):
    """A question whose answer is looked up in the database (a name among the office
    holders). Asking never reads it, so that a dialogue can go on from any handler."""

    ask: Callable[[Context, D], None]
    take: Callable[[Context, D], Awaitable[bool]]


Then = Callable[[Context, D], Awaitable[None] | None]


class Dialogue(Generic[S, D]):
    """`command` is how the person starts the dialogue (or reaches the button that
    does): the sentence for a discarded draft names it."""

    def __init__(self, steps: type[S], draft: type[D], *, command: str) -> None:
        self.steps = steps
        self.draft_type = draft
        self.command = command
        self.questions: dict[S, Question[D] | LookUp[D]] = {}
        prefixes = {step.value.partition(".")[0] for step in steps}
        if len(prefixes) != 1:
            raise ValueError(f"the steps of /{command} do not share one prefix: {prefixes}")
        self.prefix = prefixes.pop()

    def owns(self, step: str | None) -> bool:
        return step in self.steps._value2member_map_

    def at(self, ctx: Context) -> S | None:
        """The step the person is at, if it is one of this dialogue's."""
        step = ctx.conversation.step
        return self.steps(step) if step is not None and self.owns(step) else None

    def valid(self, conversation: Conversation) -> bool:
        try:
            self.draft_type.model_validate(conversation.data)
        except ValidationError:
            return False
        return True

    def draft(self, ctx: Context) -> D:
        """The draft, checked (dispatch has already discarded one that does not fit)."""
        return self.draft_type.model_validate(ctx.conversation.data)

    def start(self, ctx: Context, draft: D, step: S) -> None:
        """Begin with a fresh draft, whatever the person was doing, and ask the step."""
        ctx.finish()
        self.go(ctx, draft, step)

    def go(self, ctx: Context, draft: D, step: S) -> None:
        """Store the draft, move to the step and ask its question (if it has one)."""
        self.save(ctx, draft, step)
        self.ask(ctx, draft, step)

    def save(self, ctx: Context, draft: D, step: S | None = None) -> None:
        """Store the draft at the given step (by default the current one), asking nothing."""
        current = step or self.at(ctx)
        if current is None:
            raise RuntimeError(f"no step of {self.command!r} to store the draft at")
        ctx.store_draft(current, draft.model_dump(mode="json"))

    def ask(self, ctx: Context, draft: D, step: S | None = None) -> None:
        """Ask (again) what the step wants: for a person continuing a draft."""
        question = self.questions.get(step or self.at(ctx))  # type: ignore[arg-type]
        if question is not None:
            question.ask(ctx, draft)

    def question(self, step: S, question: "Question[D] | LookUp[D]") -> None:
        if step in self.questions:
            raise ValueError(f"step {step!r} asks twice")
        self.questions[step] = question

    def step(self, router: Router, step: S, question: "Question[D] | LookUp[D]", *,
             then: "S | Then[D] | None" = None, roles: set[Role] | None,
             registered: bool) -> None:
        """Declare a step: ask its question, take each message as the answer, and when
        it is taken go on (to the step `then` names, or by calling it with the draft)."""
        self.question(step, question)

        async def answer(ctx: Context) -> None:
            draft = self.draft(ctx)
            if isinstance(question, LookUp):
                taken = await question.take(ctx, draft)
            else:
                taken = question.take(ctx, draft)
            if not taken:
                return
            if then is None:
                self.save(ctx, draft, step)
            elif isinstance(then, StrEnum):
                self.go(ctx, draft, then)  # type: ignore[arg-type]
            else:
                self.save(ctx, draft, step)
                if inspect.isawaitable(result := then(ctx, draft)):
                    await result

        router.step(step, roles=roles, registered=registered)(answer)
        router.dialogue(self)
