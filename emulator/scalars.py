"""Scalar types of the Bot API and how loosely Telegram accepts them.

Form bodies carry every value as a string, so numbers and booleans are
accepted as text, and Telegram converts numbers where it expects a string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_INTEGER = re.compile(r"^-?\d+$")


@dataclass(frozen=True)
class FilePart:
    """A file uploaded in a multipart body."""

    name: str
    filename: str
    content_type: str
    data: bytes


class Mismatch(Exception):
    """A value that does not fit its spec type; `path` locates it inside the call."""

    def __init__(self, path: list[str], reason: str):
        super().__init__(reason)
        self.path = path
        self.reason = reason

    def describe(self) -> str:
        where = "".join(p if p.startswith("[") else f".{p}" for p in self.path).lstrip(".")
        kind = "parameter" if len(self.path) == 1 else "field"
        return f'{kind} "{where}" {self.reason}'


def _integer(value: Any, path: list[str], files: dict) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        return int(value)
    raise Mismatch(path, "must be of type Integer")


def _float(value: Any, path: list[str], files: dict) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise Mismatch(path, "must be of type Float")


def _string(value: Any, path: list[str], files: dict) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # Telegram converts numbers where it expects a string
    raise Mismatch(path, "must be of type String")


def _boolean(value: Any, path: list[str], files: dict) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise Mismatch(path, "must be of type Boolean")


def _input_file(value: Any, path: list[str], files: dict) -> FilePart:
    """An uploaded part, referenced directly or as attach://<part name>."""
    if isinstance(value, FilePart):
        return value
    if isinstance(value, str) and value.startswith("attach://"):
        part = files.get(value[len("attach://") :])
        if part is not None:
            return part
        raise Mismatch(path, f"refers to a missing file part {value!r}")
    raise Mismatch(path, "must be of type InputFile")


SCALARS = {
    "Integer": _integer,
    "Float": _float,
    "String": _string,
    "Boolean": _boolean,
    "True": _boolean,
    "InputFile": _input_file,
}
