"""Button payloads: a version, a short prefix naming the action, then typed fields.

Payloads carry ids, never decisions, and the handler re-checks everything. Bumping
VERSION makes every button left in old chats fail predictably as stale.

A field is an `int` (one decimal spelling, within the database's ids), a `bool`
("1" or "0"), an `Enum` (a member's value), a `Literal` of strings or ints, a `str`
without ':', or a union of these (the first that reads the text wins). Unpacking
refuses anything else, so a handler receives only values its buttons could carry."""

import dataclasses
import re
from collections.abc import Callable
from enum import Enum
from types import UnionType
from typing import Any, ClassVar, Literal, Union, get_args, get_origin, get_type_hints

VERSION = "1"
MAX_BYTES = 64  # Telegram's limit on callback_data
# Every number a button carries is a row id, a page or a count. Ids are INTEGER
# columns (32 bits on PostgreSQL): a bigger number is no row's and fails in the driver.
INT_MIN, INT_MAX = -2**31, 2**31 - 1

_INT = re.compile(r"-?(0|[1-9][0-9]{0,9})")  # no "+1", "01", " 1" or "1_0"

Reader = Callable[[str], Any]


class Payload:
    prefix: ClassVar[str]
    registry: ClassVar[dict[str, type["Payload"]]] = {}
    _readers: ClassVar[tuple[tuple[str, Reader], ...]]

    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if prefix in Payload.registry or ":" in prefix:
            raise ValueError(f"payload prefix {prefix!r} is taken or invalid")
        cls.prefix = prefix
        Payload.registry[prefix] = cls

    @classmethod
    def readers(cls) -> tuple[tuple[str, Reader], ...]:
        # Built on first use: the dataclass decorator runs after __init_subclass__.
        if "_readers" not in cls.__dict__:
            hints = get_type_hints(cls)
            cls._readers = tuple((f.name, reader(hints[f.name]))
                                 for f in dataclasses.fields(cls))  # type: ignore[arg-type]
        return cls._readers

    def pack(self) -> str:
        """The callback data; ValueError for a payload no button may carry."""
        values = [written(getattr(self, name)) for name, _ in self.readers()]
        data = ":".join([VERSION + self.prefix, *values])
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        if unpack(data) != self:  # a ':' in a text, a number out of range, a wrong type
            raise ValueError(f"{self!r} does not survive packing as {data!r}")
        return data


def unpack(data: str | None) -> Payload | None:
    """The payload, or None for anything stale, foreign or malformed."""
    if not data or not data.startswith(VERSION):
        return None
    head, *values = data[len(VERSION):].split(":")
    cls = Payload.registry.get(head)
    if cls is None:
        return None
    readers = cls.readers()
    if len(values) != len(readers):
        return None
    try:
        return cls(**{name: read(value)
                      for (name, read), value in zip(readers, values, strict=True)})
    except ValueError:
        return None


def written(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def reader(kind: Any) -> Reader:
    """How a field of this type is read back; TypeError for a type no button carries."""
    if kind is bool:
        return _read_bool
    if kind is int:
        return _read_int
    if kind is str:
        return str
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _one_of(list(kind), kind)
    if get_origin(kind) is Literal:
        return _one_of(list(get_args(kind)), kind)
    if get_origin(kind) in (Union, UnionType):
        return _first_of([reader(option) for option in get_args(kind)])
    raise TypeError(f"a payload field cannot be {kind!r}")


def _read_int(text: str) -> int:
    if not _INT.fullmatch(text) or not INT_MIN <= int(text) <= INT_MAX:
        raise ValueError(f"not a number a button carries: {text!r}")
    return int(text)


def _read_bool(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(f"not a flag: {text!r}")
    return text == "1"


def _one_of(options: list[Any], kind: Any) -> Reader:
    plain = [option.value if isinstance(option, Enum) else option for option in options]
    if not all(isinstance(p, str | int) and not isinstance(p, bool) for p in plain):
        raise TypeError(f"only strings and numbers travel in a payload: {kind!r}")
    allowed = {written(option): option for option in options}
    if len(allowed) != len(options):
        raise TypeError(f"two options of {kind!r} are written alike")

    def read(text: str) -> Any:
        if text not in allowed:
            raise ValueError(f"{text!r} is none of {sorted(allowed)}")
        return allowed[text]

    return read


def _first_of(readers: list[Reader]) -> Reader:
    def read(text: str) -> Any:
        for one in readers:
            try:
                return one(text)
            except ValueError:
                continue
        raise ValueError(f"{text!r} fits none of the field's types")

    return read
