"""The neutral update every adapter produces and every handler reads."""

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

Kind = Literal["message", "callback", "other"]


@dataclass(frozen=True)
class Contact:
    phone_number: str
    user_id: int | None = None


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float


AttachmentKind = Literal["photo", "document", "video", "audio", "voice", "sticker", "other"]


@dataclass(frozen=True)
class Attachment:
    kind: AttachmentKind
    file_id: str
    file_name: str | None = None
    mime_type: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class Incoming:
    update_id: int
    kind: Kind
    chat_id: int
    user_id: int
    chat_type: str = "private"
    display_name: str = ""
    username: str | None = None
    language_code: str | None = None
    message_id: int | None = None
    text: str | None = None
    callback_id: str | None = None
    callback_data: str | None = None
    contact: Contact | None = None
    location: Location | None = None
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def command(self) -> str | None:
        """`/register@yishi_bot args` -> "register"."""
        if self.kind != "message" or not self.text or not self.text.startswith("/"):
            return None
        head = self.text.split(maxsplit=1)[0][1:]
        return head.split("@", 1)[0].lower() or None

    @property
    def args(self) -> str:
        if self.command is None or self.text is None:
            return ""
        parts = self.text.split(maxsplit=1)
        return parts[1].strip() if len(parts) > 1 else ""

    def to_dict(self) -> dict[str, Any]:
        # asdict() deep-copies every value; every field here is immutable but the
        # nested dataclasses, so a shallow dict of the fields is the same and cheaper.
        values = {name: getattr(self, name) for name in _FIELDS}
        values["contact"] = asdict(self.contact) if self.contact else None
        values["location"] = asdict(self.location) if self.location else None
        values["attachments"] = [asdict(a) for a in self.attachments]
        return values

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Incoming":
        values = dict(data)
        if values.get("contact"):
            values["contact"] = Contact(**values["contact"])
        if values.get("location"):
            values["location"] = Location(**values["location"])
        values["attachments"] = [Attachment(**a) for a in values.get("attachments") or []]
        return cls(**values)


_FIELDS = tuple(f.name for f in fields(Incoming))
