"""Long messages are split, not rejected.

Telegram limits a message to 4096 characters of visible text: tags don't count and an
entity such as &amp; counts as one character. Parts are cut at blank lines, else at line
breaks, else at spaces, else hard at the limit, but never inside a tag or an entity. A tag
open at a cut is closed at the end of the part and reopened, with the same attributes,
at the start of the next, so every part is valid Telegram HTML on its own.
"""

import re
from typing import NamedTuple

TELEGRAM_LIMIT = 4096
# Tags Telegram knows; only these are closed and reopened at a cut.
TAGS = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
                  "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"})

# A tag (attribute values may hold ">"), an entity, or a run of plain text.
_TOKEN = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>"""
                    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);"
                    r"|[^<&]+|[<&]")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
SPACES = " \t\r\n"  # where parts may be cut; dropped at the edges of a part
_SPACE_RUN = re.compile(f"[{re.escape(SPACES)}]+")


class _Atom(NamedTuple):
    """The smallest piece a message may be cut around: a tag, an entity or a character."""
    source: str
    visible: str = ""  # one character; "" for a tag
    tag: str = ""  # the name of a Telegram tag
    closing: bool = False


def split_message(html: str, limit: int = TELEGRAM_LIMIT - 96) -> list[str]:
    """Telegram HTML cut into parts of at most `limit` visible characters, as few as the
    preferred cut points allow; text that fits comes back unchanged as the only part.
    Whitespace at the cuts and at the ends of the parts is dropped (Telegram trims it).
    Text with nothing but whitespace comes back unchanged too: no part could be sent."""
    if limit < 1:
        raise ValueError("limit must allow at least one character")
    if len(html) <= limit:  # the usual case: visible text is never longer than its source
        return [html]
    atoms = _atoms(html)
    visible = "".join(atom.visible for atom in atoms)
    if len(visible) <= limit or not visible.strip(SPACES):
        return [html]
    # Every visible character is exactly one atom, so a character index maps to an atom.
    owner = [index for index, atom in enumerate(atoms) if atom.visible]
    spans = [(owner[start], owner[end - 1] + 1) for start, end in _spans(visible, limit)]
    return _render(atoms, spans)


def _atoms(html: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for match in _TOKEN.finditer(html):
        token = match.group()
        if token.startswith("<") and token.endswith(">") and len(token) > 1:
            atoms.append(_tag(token))
        elif token.startswith("&") and len(token) > 1:
            atoms.append(_Atom(token, "&"))  # one character; never whitespace, never cut
        else:
            atoms.extend(_Atom(char, char) for char in token)
    return atoms


def _tag(source: str) -> _Atom:
    match = _TAG_NAME.match(source)
    name = match.group(2).lower() if match else ""
    if name not in TAGS:
        return _Atom(source)  # not Telegram's: kept as it is, never reopened
    return _Atom(source, tag=name, closing=bool(match and match.group(1)))


def _spans(visible: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of each part in the visible text, whitespace at the cuts left out."""
    spans = []
    start, end = _skip_space(visible, 0), len(visible.rstrip(SPACES))
    while end - start > limit:
        cut = _best_cut(visible, start, start + limit)
        spans.append((start, cut))
        start = _skip_space(visible, cut)
    spans.append((start, end))
    return spans


def _best_cut(visible: str, start: int, stop: int) -> int:
    """Where a part beginning at `start` (not whitespace) ends, at `stop` at the latest:
    the last blank line, else the last line break, else the last space, else `stop`."""
    best, best_rank = stop, 0
    for run in _SPACE_RUN.finditer(visible, start + 1, stop + 1):
        whole = _SPACE_RUN.match(visible, run.start())  # the run may go on past stop
        newlines = whole.group().count("\n") if whole else 0
        rank = 3 if newlines >= 2 else 2 if newlines == 1 else 1
        if rank >= best_rank:
            best, best_rank = run.start(), rank
    return best


def _skip_space(visible: str, index: int) -> int:
    run = _SPACE_RUN.match(visible, index)
    return run.end() if run else index


def _render(atoms: list[_Atom], spans: list[tuple[int, int]]) -> list[str]:
    """Each span of atoms as HTML, with the tags open around it reopened and closed."""
    parts = []
    open_tags: list[_Atom] = []
    done = 0
    for first, last in spans:
        # Between parts lies only whitespace, dropped; its tags still open and close.
        for atom in atoms[done:first]:
            _track(open_tags, atom)
        pieces = [tag.source for tag in open_tags]
        for atom in atoms[first:last]:
            pieces.append(atom.source)
            _track(open_tags, atom)
        pieces.extend(f"</{tag.tag}>" for tag in reversed(open_tags))
        parts.append("".join(pieces))
        done = last
    return parts


def _track(open_tags: list[_Atom], atom: _Atom) -> None:
    if not atom.tag:
        return
    if not atom.closing:
        open_tags.append(atom)
        return
    for index in range(len(open_tags) - 1, -1, -1):
        if open_tags[index].tag == atom.tag:
            del open_tags[index]
            return
