"""What a handler gets: the update, the person, the open transaction, and helpers
to reply, edit, answer and notify. Nothing here is specific to a Telegram library."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from chat.incoming import Incoming
from chat.notifier import OutboxNotifier
from chat.render import Renderer
from chat.router import Router
from models import conversation as dialogue
from models.community import Community
from models.conversation import Conversation
from models.languages import DEFAULT_LANGUAGE, pick_language
from models.messages import Markup, Media
from models.outbox import Reply, insert_replies
from models.outcomes import Refused
from models.people.persons import Person, RegistrationStatus
from models.people.roles import Role

# Replies are sent right after commit; the outbox sweep only picks up those a crash
# left behind, once this grace has passed, so it never races the direct send.
REPLY_GRACE = timedelta(seconds=10)


@dataclass
class Edit:
    chat_id: int
    message_id: int
    text: str
    markup: dict[str, Any] | None


@dataclass
class Answer:
    callback_id: str
    text: str | None
    alert: bool


@dataclass
class Context:
    session: AsyncSession
    incoming: Incoming
    person: Person
    roles: frozenset[Role]
    community: Community | None
    conversation: Conversation
    renderer: Renderer
    router: Router
    now: datetime  # the runtime clock's time when the update was taken up
    replies: list[Reply] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    roles_changed_for: set[int] = field(default_factory=set)
    sweeps_due: set[str] = field(default_factory=set)  # scheduler sweeps to run right away
    outbox_changed: bool = False  # deliveries were put back in the queue: wake the sender

    @property
    def language(self) -> str:
        return pick_language(self.person.language, self.incoming.language_code,
                             self._default_language())

    @property
    def private(self) -> bool:
        """The update comes from the person's private chat with the bot."""
        return self.incoming.chat_type == "private"

    @property
    def registered(self) -> bool:
        return self.person.status == RegistrationStatus.approved

    def render(self, template: str, /, *, language: str | None = None, **params: Any) -> str:
        params.setdefault("me", self.person)
        params.setdefault("community", self.community)
        params.setdefault("zone", self.community.config.timezone if self.community else None)
        return self.renderer.render(language or self.language, template, **params)

    def reply(self, template: str, /, *, buttons: Markup | None = None,
              media: list[Media] | None = None, **params: Any) -> Reply:
        """Answer the person who wrote. Written to the outbox like everything else (at
        the end of the transaction, or by `store_replies`), and sent as soon as the
        transaction commits."""
        self.replies.append(Reply(
            chat_id=self.incoming.chat_id, template=template,
            text=self.render(template, **params),
            markup=self.renderer.markup(self.language, buttons), person_id=self.person.id,
            not_before=self.now + REPLY_GRACE,
            media=[m.as_dict() for m in media] if media else None,
        ))
        return self.replies[-1]

    async def store_replies(self) -> None:
        """Write the replies so far now, for a handler that needs a reply's id."""
        await insert_replies(self.session, self.replies, now=self.now)

    def edit(self, template: str, /, *, buttons: Markup | None = None, **params: Any) -> None:
        """Replace the message whose button was pressed (its buttons go unless given)."""
        if self.incoming.message_id is None:
            self.reply(template, buttons=buttons, **params)
            return
        self.edits.append(Edit(self.incoming.chat_id, self.incoming.message_id,
                               self.render(template, **params),
                               self.renderer.markup(self.language, buttons)))

    def answer(self, template: str | None = None, /, *, alert: bool = False, **params: Any) -> None:
        if self.incoming.callback_id is None:
            if template:
                self.reply(template, **params)
            return
        text = self.render(template, **params) if template else None
        self.answers.append(Answer(self.incoming.callback_id, text, alert))

    def refuse(self, refusal: Refused) -> None:
        """Explain a use case's refusal: an alert on a button, a reply to a message."""
        self.answer(refusal.template, alert=True, **refusal.params)

    def notify(self, recipient: Person, template: str, /, *, buttons: Markup | None = None,
               media: list[Media] | None = None, **params: Any) -> None:
        """Tell someone else, in their language, through the outbox (bulk lane)."""
        self.notifier(recipient, template, buttons=buttons, media=media, **params)

    @cached_property
    def notifier(self) -> OutboxNotifier:
        return OutboxNotifier(self.session, self.renderer, now=self.now, me=self.person,
                              community=self.community,
                              default_language=self._default_language(),
                              zone=self.community.config.timezone if self.community else None)

    @property
    def notified(self) -> int:
        return self.notifier.count if "notifier" in self.__dict__ else 0

    def store_draft(self, step: str, draft: dict[str, Any]) -> None:
        self._in_private(step)
        dialogue.store(self.conversation, step, draft, now=self.now)

    def _in_private(self, step: str) -> None:
        # The conversation row is the person's private chat with the bot: a group must
        # never start or move it (dispatch routes no group update to a step).
        if not self.private:
            raise RuntimeError(f"dialogue step {step!r} entered from a {self.incoming.chat_type}")

    def finish(self) -> None:
        dialogue.finish(self.conversation, now=self.now)

    def _default_language(self) -> str:
        return self.community.config.default_language if self.community else DEFAULT_LANGUAGE
