"""Telegram's dialect of HTML, parsed the way the Bot API server parses it.

Only a handful of tags exist, every tag must be closed in order, and `<`
always starts a tag, so unescaped user input breaks a message. The parser
returns the visible text, which is what Telegram's length limits count.
Offsets in error messages are UTF-8 byte offsets, as Telegram reports them.
"""

from __future__ import annotations

import re

from .errors import ApiError, bad_request

SUPPORTED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
     "a", "tg-emoji", "code", "pre", "blockquote"}
)
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_ATTRIBUTE_NAME = re.compile(r"[a-zA-Z0-9_-]+")


def parse_error(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.pos = 0
        self.visible: list[str] = []
        self.open_tags: list[str] = []

    def offset(self, pos: int | None = None) -> int:
        return len(self.source[: self.pos if pos is None else pos].encode("utf-8"))

    def run(self) -> str:
        while self.pos < len(self.source):
            char = self.source[self.pos]
            if char == "<" and self.source.startswith("</", self.pos):
                self.end_tag()
            elif char == "<":
                self.start_tag()
            elif char == "&":
                self.visible.append(self.entity())
            else:
                self.visible.append(char)
                self.pos += 1
        if self.open_tags:
            raise parse_error(
                f'Can\'t find end tag corresponding to start tag "{self.open_tags[-1]}"'
            )
        return "".join(self.visible)

    def entity(self) -> str:
        match = _ENTITY.match(self.source, self.pos)
        if match is None:
            self.pos += 1
            return "&"  # a lone ampersand is literal text for Telegram
        body = match.group(1)
        decoded = _decode_entity(body)
        if decoded is None:
            raise parse_error(
                f'Unsupported HTML entity "{match.group(0)}" at byte offset {self.offset()}'
            )
        self.pos = match.end()
        return decoded

    def start_tag(self) -> None:
        begin = self.pos
        end = _scan_name_end(self.source, begin + 1)
        name = self.source[begin + 1 : end].lower()
        if name not in SUPPORTED_TAGS:
            raise parse_error(f'Unsupported start tag "{name}" at byte offset {self.offset()}')
        self.pos = end
        attributes = self.attributes(name, begin)
        _check_attributes(name, attributes, self.offset(begin))
        self.open_tags.append(name)

    def attributes(self, tag: str, begin: int) -> dict[str, str]:
        found: dict[str, str] = {}
        while True:
            while self.pos < len(self.source) and self.source[self.pos].isspace():
                self.pos += 1
            if self.pos >= len(self.source):
                raise parse_error(f"Unclosed start tag at byte offset {self.offset(begin)}")
            if self.source[self.pos] == ">":
                self.pos += 1
                return found
            match = _ATTRIBUTE_NAME.match(self.source, self.pos)
            if match is None:
                raise parse_error(
                    f'Empty attribute name in the tag "{tag}" at byte offset {self.offset()}'
                )
            self.pos = match.end()
            found[match.group(0).lower()] = self.attribute_value(begin)

    def attribute_value(self, begin: int) -> str:
        if self.pos >= len(self.source) or self.source[self.pos] != "=":
            return ""  # a bare attribute such as <blockquote expandable>
        self.pos += 1
        quote = self.source[self.pos : self.pos + 1]
        if quote in ('"', "'"):
            close = self.source.find(quote, self.pos + 1)
            if close < 0:
                raise parse_error(f"Unclosed start tag at byte offset {self.offset(begin)}")
            raw, self.pos = self.source[self.pos + 1 : close], close + 1
        else:
            end = self.pos
            while end < len(self.source) and not self.source[end].isspace():
                if self.source[end] == ">":
                    break
                end += 1
            raw, self.pos = self.source[self.pos : end], end
        return parse_html_text(raw)

    def end_tag(self) -> None:
        begin = self.pos
        close = self.source.find(">", begin)
        if close < 0:
            raise parse_error(f"Unclosed end tag at byte offset {self.offset()}")
        name = self.source[begin + 2 : close].strip().lower()
        if not self.open_tags:
            raise parse_error(f"Unexpected end tag at byte offset {self.offset()}")
        expected = self.open_tags[-1]
        if name != expected:
            raise parse_error(
                f'Unmatched end tag at byte offset {self.offset()}, '
                f'expected "</{expected}>", found "</{name}>"'
            )
        self.open_tags.pop()
        self.pos = close + 1


def _scan_name_end(source: str, pos: int) -> int:
    while pos < len(source) and not source[pos].isspace() and source[pos] != ">":
        pos += 1
    return pos


def _decode_entity(body: str) -> str | None:
    if not body.startswith("#"):
        return NAMED_ENTITIES.get(body)
    code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _check_attributes(tag: str, attributes: dict[str, str], offset: int) -> None:
    if tag == "span" and attributes.get("class") != "tg-spoiler":
        raise parse_error(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
    if tag == "tg-emoji" and not attributes.get("emoji-id"):
        raise parse_error(f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {offset}')


def parse_html_text(source: str) -> str:
    """Decode entities in text that may not contain tags (attribute values)."""
    parser = _Parser(source)
    out = []
    while parser.pos < len(source):
        if source[parser.pos] == "&":
            out.append(parser.entity())
        else:
            out.append(source[parser.pos])
            parser.pos += 1
    return "".join(out)


def parse_html(source: str) -> str:
    """The visible text of a Telegram HTML message; raises a 400 ApiError if it can't parse."""
    return _Parser(source).run()
