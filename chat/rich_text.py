"""The little formatting a stored text may carry, for Telegram and for the web alike.

Anything typed by a person is text, never markup. A committee member may still mark
words bold or italic and add a link, and texts the bot composed (a vote's result) keep
their <b>: those few tags are read from the text and written out again by the bot, with
no attribute but an http(s) link's href. Everything else, a tag the list does not name,
an event handler, a javascript: link, is shown as the characters that were typed. The
result is always well formed: Telegram refuses unbalanced tags."""

from html.parser import HTMLParser

from markupsafe import Markup, escape

# Each allowed tag, and its spelling as written out.
ALLOWED = {"b": "b", "strong": "b", "i": "i", "em": "i"}
LINK_SCHEMES = ("http://", "https://")


def rich_text(value: object) -> Markup:
    parser = _AllowList()
    parser.feed(str(value))
    parser.close()
    return Markup(parser.result())


class _AllowList(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []  # tags written and not yet closed, innermost last

    def result(self) -> str:
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))

    def handle_data(self, data: str) -> None:
        self.out.append(str(escape(data)))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = self._allowed(tag, attrs)
        if written is None:
            self._as_text()
            return
        self.open.append(written[0])
        self.out.append(written[1])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._as_text()  # <b/> and the like mean nothing in either HTML

    def handle_endtag(self, tag: str) -> None:
        name = "a" if tag == "a" else ALLOWED.get(tag)
        if name is None or name not in self.open:
            self.out.append(str(escape(f"</{tag}>")))
            return
        # Close what was opened inside it too, so tags never overlap.
        while self.open:
            inner = self.open.pop()
            self.out.append(f"</{inner}>")
            if inner == name:
                return

    def handle_comment(self, data: str) -> None:
        self.out.append(str(escape(f"<!--{data}-->")))

    def handle_decl(self, decl: str) -> None:
        self.out.append(str(escape(f"<!{decl}>")))

    def handle_pi(self, data: str) -> None:
        self.out.append(str(escape(f"<?{data}>")))

    def unknown_decl(self, data: str) -> None:
        self.out.append(str(escape(f"<![{data}]>")))

    def _allowed(self, tag: str, attrs: list[tuple[str, str | None]]) -> tuple[str, str] | None:
        """(name, tag as written) for a tag on the list, None for anything else."""
        if tag in ALLOWED and not attrs:
            return ALLOWED[tag], f"<{ALLOWED[tag]}>"
        if tag == "a" and len(attrs) == 1 and attrs[0][0] == "href":
            href = (attrs[0][1] or "").strip()
            # Telegram refuses a link inside a link.
            if href.lower().startswith(LINK_SCHEMES) and "a" not in self.open:
                return "a", f'<a href="{escape(href)}">'
        return None

    def _as_text(self) -> None:
        self.out.append(str(escape(self.get_starttag_text() or "")))
