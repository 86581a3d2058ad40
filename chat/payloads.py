"""Button payloads: a version, a short prefix naming the action, then ids.

Payloads carry ids, never decisions, and the handler re-checks everything. Bumping
VERSION makes every button left in old chats fail predictably as stale."""

import dataclasses
from typing import Any, ClassVar, get_type_hints

VERSION = "1"
MAX_BYTES = 64  # Telegram's limit on callback_data


class Payload:
    prefix: ClassVar[str]
    registry: ClassVar[dict[str, type["Payload"]]] = {}

    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if prefix in Payload.registry or ":" in prefix:
            raise ValueError(f"payload prefix {prefix!r} is taken or invalid")
        cls.prefix = prefix
        Payload.registry[prefix] = cls

    def pack(self) -> str:
        values = [str(getattr(self, f.name)) for f in dataclasses.fields(self)]  # type: ignore[arg-type]
        if any(":" in v for v in values):
            raise ValueError("payload values may not contain ':'")
        data = ":".join([VERSION + self.prefix, *values])
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data


def unpack(data: str | None) -> Payload | None:
    """The payload, or None for anything stale, foreign or malformed."""
    if not data or not data.startswith(VERSION):
        return None
    head, *values = data[len(VERSION):].split(":")
    cls = Payload.registry.get(head)
    if cls is None:
        return None
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if len(values) != len(fields):
        return None
    hints = get_type_hints(cls)
    try:
        return cls(**{f.name: hints[f.name](v) for f, v in zip(fields, values, strict=True)})
    except (TypeError, ValueError):
        return None
