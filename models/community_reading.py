"""Reading a community file: strict YAML, validated against the schema in
models/community_file.py, every problem reported with its place in the file."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from models.community_file import Community


class CommunityFileError(ValueError):
    """A community file that cannot be used; the message lists every problem, one per line."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__("\n".join(f"{source}: {problem}" for problem in self.problems))


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key repeated in one mapping instead of keeping the last."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key_node.value!r}", key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


_MESSAGES = {"missing": "required field is missing", "extra_forbidden": "unknown field"}


def _path(loc: Sequence[str | int]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path or "(top level)"


def _describe(error: Any) -> str:
    kind, message = error["type"], error["msg"]
    if kind in _MESSAGES:
        return f"{_path(error['loc'])}: {_MESSAGES[kind]}"
    if kind == "too_short" and error.get("ctx", {}).get("min_length") == 1:
        message = "must not be empty"
    elif kind != "community_file" and isinstance(error["input"], str | int | float | None):
        message = f"{message}, got {error['input']!r}"
    return f"{_path(error['loc'])}: {message}"


def parse_community(text: str, *, source: str = "<string>") -> Community:
    """Parse and validate a community description; raise CommunityFileError listing all problems."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise CommunityFileError(source, [f"{where}{exc.problem or exc.context}"]) from None
    except yaml.YAMLError as exc:
        # e.g. a reader error (a control character): its text spans lines, a problem must not
        one_line = " ".join(str(exc).split())
        raise CommunityFileError(source, [f"not valid YAML: {one_line}"]) from None
    if data is None:
        raise CommunityFileError(source, ["the file is empty"])
    if not isinstance(data, dict):
        raise CommunityFileError(source, ["the top level must be a mapping of fields"])
    try:
        return Community.model_validate(data)
    except ValidationError as exc:
        raise CommunityFileError(source, [_describe(e) for e in exc.errors()]) from None


def load_community(path: str | Path) -> Community:
    """Read a UTF-8 community file and validate it; raise CommunityFileError if unusable."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommunityFileError(source, ["file not found"]) from None
    except UnicodeDecodeError as exc:
        raise CommunityFileError(source, [f"not UTF-8 text (byte {exc.start})"]) from None
    except OSError as exc:
        raise CommunityFileError(source, [exc.strerror or str(exc)]) from None
    return parse_community(text, source=source)
