"""Telegram's bad minutes, on demand: while an outage is on, Bot API calls are answered
the way Telegram's front end answers in one (nginx's HTML 502 page, a JSON 5xx, or a
connection dropped without an answer), the kinds taking turns; or with Telegram's flood
answer, 429 with retry_after. An outage may hit only some methods, or only calls to some
chats, and may end by itself after a number of failed calls."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import cycle

from aiohttp import web

from .errors import too_many_requests

KINDS = ("html502", "json500", "json502", "drop", "flood")
NGINX_502 = """<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""


@dataclass
class Outage:
    kinds: tuple[str, ...] = ()
    methods: frozenset[str] = frozenset()  # empty: every method
    chats: frozenset[str] = frozenset()  # chat_id as sent; empty: every call
    calls_left: int | None = None  # None: until it is ended
    answered: int = 0  # calls answered with a failure so far
    last: str = ""  # the kind of the last failure
    retry_after: int = 5  # seconds a flood answer asks the bot to wait
    _turns: Iterator[str] = field(default_factory=lambda: iter(()))

    def start(self, kinds: list[str], *, methods: list[str] | None = None,
              chats: list[int | str] | None = None, calls: int | None = None,
              retry_after: int = 5) -> None:
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown outage kinds {sorted(unknown)}; known: {KINDS}")
        self.kinds = tuple(kinds)
        self.methods = frozenset(methods or ())
        self.chats = frozenset(str(chat) for chat in chats or ())
        self.calls_left = calls
        self.retry_after = retry_after
        self._turns = cycle(self.kinds)

    def hits(self, method: str) -> bool:
        """Whether calls of `method` may be hit; with chats named, see `hits_chat`."""
        if not self.kinds or (self.methods and method not in self.methods):
            return False
        return self.calls_left is None or self.calls_left > 0

    def hits_chat(self, chat_id: object) -> bool:
        return not self.chats or str(chat_id) in self.chats

    def answer(self, request: web.Request) -> web.Response:
        """The failure for this call; the caller must not handle it otherwise."""
        self.answered += 1
        if self.calls_left is not None:
            self.calls_left -= 1
        kind = self.last = next(self._turns)
        if kind == "flood":
            refusal = too_many_requests(self.retry_after)
            return web.json_response(refusal.as_response(), status=refusal.code)
        if kind == "html502":
            return web.Response(status=502, text=NGINX_502, content_type="text/html")
        if kind in ("json500", "json502"):
            code = int(kind[4:])
            description = "Internal Server Error" if code == 500 else "Bad Gateway"
            return web.json_response({"ok": False, "error_code": code,
                                      "description": description}, status=code)
        if request.transport is not None:
            request.transport.abort()  # no answer at all, as a dropped connection
        return web.Response(status=502)
