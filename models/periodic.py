"""What a capability's periodic work gets from the runtime, which schedules it: a way
to open transactions, the clock's time, the texts, a notifier for a community, and
the buttons the handler layer builds (a ballot's)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from models.community import Community
from models.messages import Notifier


class Texts(Protocol):
    def render(self, language: str, name: str, /, **params: Any) -> str: ...

    def label(self, language: str, key: str, /, **params: Any) -> str: ...


class NotifierFor(Protocol):
    def __call__(self, session: AsyncSession, community: Community | None) -> Notifier: ...


@dataclass(frozen=True)
class Work:
    sessionmaker: async_sessionmaker[AsyncSession]
    texts: Texts
    now: datetime
    notifier: NotifierFor
    buttons: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
