"""Transport-neutral pieces of a message and the notifier that use cases call.

Use cases name a template and its parameters; the runtime renders it in the
recipient's language and writes the outbox row in the same transaction."""

from dataclasses import dataclass, field
from typing import Any, Protocol

from models.people import Person


@dataclass(frozen=True)
class Button:
    """An inline button. `label` is a template label key ("registration.approve");
    `text` is literal text such as a building name from the community file."""

    label: str | None = None
    text: str | None = None
    data: str | None = None
    url: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReplyKey:
    """A key of the keyboard under the input field (for sharing a contact)."""

    label: str
    request_contact: bool = False


@dataclass(frozen=True)
class ReplyKeys:
    rows: list[list[ReplyKey]]


@dataclass(frozen=True)
class RemoveKeys:
    pass


Markup = list[list[Button]] | ReplyKeys | RemoveKeys


class Notifier(Protocol):
    def __call__(
        self, recipient: Person, template: str, /, *, buttons: Markup | None = None,
        **params: Any,
    ) -> None: ...
