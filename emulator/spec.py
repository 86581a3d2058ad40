"""Validation of Bot API calls against the official machine-readable specification.

Every parameter is checked and coerced to its spec type, recursively through
object types, so that the bot under test is refused exactly where Telegram
would refuse it. Unknown parameters and fields are kept but not checked:
Telegram ignores them too.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import Any

from .errors import ApiError, bad_request
from .scalars import SCALARS, FilePart, Mismatch

# The shared copy beside the project is the reference; the vendored copy lets the
# emulator run from a lone checkout (tests keep the two identical).
SHARED_SPEC_PATH = Path(__file__).resolve().parents[2] / "shared/telegram-bot-api/api.json"
VENDORED_SPEC_PATH = Path(__file__).resolve().parent / "telegram-bot-api/api.json"
DEFAULT_SPEC_PATH = SHARED_SPEC_PATH if SHARED_SPEC_PATH.exists() else VENDORED_SPEC_PATH
ARRAY_PREFIX = "Array of "
# Subtypes of a union name themselves in the description of their tag field.
_TAG = re.compile(r'(?:must be|always) "?([a-z_]+)"?')


class Spec:
    """The Bot API as data: method signatures and object types."""

    def __init__(self, data: dict[str, Any]):
        self.version = data.get("version", "")
        self._methods = {name.lower(): m for name, m in data["methods"].items()}
        self._types: dict[str, dict[str, Any]] = data["types"]

    @classmethod
    def load(cls, path: str | Path | None = None) -> Spec:
        """The spec at `path`, $TELEGRAM_API_SPEC or shared/telegram-bot-api/api.json."""
        path = path or os.environ.get("TELEGRAM_API_SPEC") or DEFAULT_SPEC_PATH
        return _load(Path(path).resolve())

    def method_name(self, name: str) -> str | None:
        """Canonical spelling of a method; Telegram matches names case-insensitively."""
        method = self._methods.get(name.lower())
        return method["name"] if method else None

    def returns(self, name: str) -> list[str]:
        method = self._methods.get(name.lower())
        return method.get("returns", []) if method else []

    def validate(self, method: str, raw: dict[str, Any]) -> dict[str, Any]:
        """Return the parameters coerced to their spec types, or raise a 400 ApiError."""
        spec = self._methods.get(method.lower())
        if spec is None:
            raise ApiError(404, "Not Found")
        files = {v.name: v for v in raw.values() if isinstance(v, FilePart)}
        fields = spec.get("fields", [])
        # File parts referenced as attach://name are carriers, not parameters.
        names = {field["name"] for field in fields}
        params = {k: v for k, v in raw.items() if k in names or not isinstance(v, FilePart)}
        for field in fields:
            name = field["name"]
            if name not in raw or raw[name] == "":
                if field["required"]:
                    raise bad_request(f'parameter "{name}" is required')
                params.pop(name, None)
                continue
            try:
                params[name] = self._coerce(raw[name], field["types"], [name], files)
            except Mismatch as error:
                raise bad_request(error.describe()) from None
        return params

    def _coerce(self, value: Any, types: list[str], path: list[str], files: dict) -> Any:
        failures: list[Mismatch] = []
        for type_name in types:
            try:
                return self._coerce_one(value, type_name, path, files)
            except Mismatch as failure:
                failures.append(failure)
        # The failure that got deepest shows what the caller most likely meant.
        deepest = max(failures, key=lambda f: len(f.path))
        if len(deepest.path) > len(path):
            raise deepest
        raise Mismatch(path, f"must be of type {' or '.join(types)}")

    def _coerce_one(self, value: Any, type_name: str, path: list[str], files: dict) -> Any:
        if type_name.startswith(ARRAY_PREFIX):
            items = _decoded(value, list, path, type_name)
            inner = type_name[len(ARRAY_PREFIX) :]
            return [
                self._coerce(item, [inner], [*path, f"[{i}]"], files)
                for i, item in enumerate(items)
            ]
        scalar = SCALARS.get(type_name)
        if scalar is not None:
            return scalar(value, path, files)
        if type_name == "KeyboardButton" and isinstance(value, str):
            return value  # Telegram accepts a bare label as a text button.
        if type_name not in self._types:
            return value  # a type the spec names but does not describe
        return self._coerce_object(_decoded(value, dict, path, type_name), type_name, path, files)

    def _coerce_object(self, value: dict, type_name: str, path: list[str], files: dict) -> dict:
        spec = self._types[type_name]
        if "subtypes" in spec:
            return self._coerce(value, self._candidates(value, spec["subtypes"]), path, files)
        result = dict(value)
        for field in spec.get("fields", []):
            name = field["name"]
            if name not in value:
                if field["required"]:
                    raise Mismatch([*path, name], "is required")
                continue
            result[name] = self._coerce(value[name], field["types"], [*path, name], files)
        return result

    def _candidates(self, value: dict, subtypes: list[str]) -> list[str]:
        """Subtypes whose tag field (type, status, source) matches the value's."""
        chosen = []
        for subtype in subtypes:
            fields = self._types[subtype].get("fields", [])
            tag = next((f for f in fields if f["name"] in ("type", "status", "source")), None)
            if tag is None:
                chosen.append(subtype)
                continue
            match = _TAG.search(tag["description"])
            if match is None or value.get(tag["name"]) == match.group(1):
                chosen.append(subtype)
        return chosen or subtypes


@functools.cache
def _load(path: Path) -> Spec:
    # Parsed once per process: the file is large and a Spec is never modified.
    with open(path, encoding="utf-8") as f:
        return Spec(json.load(f))


def _decoded(value: Any, kind: type, path: list[str], type_name: str) -> Any:
    """Objects arrive as JSON strings in form bodies; Telegram also accepts that in JSON."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise Mismatch(path, f"must be a JSON-serialized {type_name}") from None
    if not isinstance(value, kind):
        raise Mismatch(path, f"must be of type {type_name}")
    return value
