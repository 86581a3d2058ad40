"""Renders a notification in the recipient's language and writes it to the outbox, in
the caller's transaction. Handlers reach it through Context.notify; scheduler sweeps
use it directly."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from chat.render import Renderer
from models.languages import pick_language
from models.messages import Markup, Media
from models.outbox import Lane, enqueue
from models.people.persons import Person


class OutboxNotifier:
    def __init__(self, session: AsyncSession, renderer: Renderer, *, now: datetime,
                 default_language: str, zone: str | None = None,
                 community_languages: Mapping[int, str] | None = None,
                 community_zones: Mapping[int, str] | None = None, **common: Any) -> None:
        self.session, self.now = session, now
        self.renderer = renderer
        self.default_language = default_language
        self.zone = zone
        # For work across communities: each recipient's community's language and zone.
        self.community_languages = community_languages or {}
        self.community_zones = community_zones or {}
        self.common = common
        self.count = 0

    def language_of(self, person: Person) -> str:
        default = self.community_languages.get(person.community_id or 0, self.default_language)
        return pick_language(person.language, person.telegram_language, default)

    def __call__(self, recipient: Person, template: str, /, *, buttons: Markup | None = None,
                 media: list[Media] | None = None, **params: Any) -> None:
        language = self.language_of(recipient)
        zone = self.community_zones.get(recipient.community_id or 0, self.zone)
        text = self.renderer.render(language, template, recipient=recipient,
                                    **{"zone": zone, **self.common, **params})
        enqueue(self.session, lane=Lane.bulk, chat_id=recipient.telegram_id, template=template,
                text=text, markup=self.renderer.markup(language, buttons),
                person_id=recipient.id, media=media, now=self.now)
        self.count += 1
