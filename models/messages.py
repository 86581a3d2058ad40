"""Transport-neutral pieces of a message and the notifier that use cases call.

Use cases name a template and its parameters; the runtime renders it in the
recipient's language and writes the outbox row in the same transaction."""

from dataclasses import dataclass, field
from typing import Any, Protocol

from models.people.persons import Person


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


@dataclass(frozen=True)
class Media:
    """A photo or document sent with a message: either a Telegram file_id (something a
    person sent us) or bytes we produced and stored (a chart, a calendar file)."""

    kind: str  # "photo" | "document"
    file_id: str | None = None
    stored_file_id: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("photo", "document"):
            raise ValueError(f"unknown media kind {self.kind!r}")
        if (self.file_id is None) == (self.stored_file_id is None):
            raise ValueError("media needs exactly one of file_id and stored_file_id")

    def as_dict(self) -> dict[str, Any]:
        if self.file_id is not None:
            return {"kind": self.kind, "file_id": self.file_id}
        return {"kind": self.kind, "stored_file_id": self.stored_file_id}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Media":
        return cls(data["kind"], data.get("file_id"), data.get("stored_file_id"))


class Notifier(Protocol):
    def __call__(
        self, recipient: Person, template: str, /, *, buttons: Markup | None = None,
        media: list[Media] | None = None, **params: Any,
    ) -> None: ...
