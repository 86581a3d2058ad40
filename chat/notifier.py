"""Renders a notification in the recipient's language and writes it to the outbox, in
the caller's transaction. Handlers reach it through Context.notify; scheduler sweeps
use it directly."""

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from chat.render import Renderer, pick_language
from models.messages import Markup, Media
from models.outbox import Lane, enqueue
from models.people.persons import Person


class OutboxNotifier:
    def __init__(self, session: AsyncSession, renderer: Renderer, *, default_language: str,
                 **common: Any) -> None:
        self.session = session
        self.renderer = renderer
        self.default_language = default_language
        self.common = common
        self.count = 0

    def language_of(self, person: Person) -> str:
        return pick_language(person.language, person.telegram_language, self.default_language)

    def __call__(self, recipient: Person, template: str, /, *, buttons: Markup | None = None,
                 media: list[Media] | None = None, **params: Any) -> None:
        language = self.language_of(recipient)
        text = self.renderer.render(language, template, recipient=recipient,
                                    **{**self.common, **params})
        enqueue(self.session, lane=Lane.bulk, chat_id=recipient.telegram_id, template=template,
                text=text, markup=self.renderer.markup(language, buttons),
                person_id=recipient.id, media=media)
        self.count += 1
