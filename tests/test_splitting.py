"""Splitting long messages: every part is valid Telegram HTML within the limit, and
together the parts say everything the message said.

Parts are checked with the emulator's parser, which reads HTML the way the Bot API does:
it refuses unbalanced tags, and yields the visible text that Telegram's limit counts."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.splitting import split_message
from emulator.html import parse_html


def visible_lengths(parts: list[str]) -> list[int]:
    return [len(parse_html(part)) for part in parts]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_text_that_fits_comes_back_unchanged() -> None:
    text = "<b>Hello</b> &amp; welcome\n\n<i>bye</i>  \n"
    assert split_message(text) == [text]
    # Tags and entities don't count: 10 visible characters fit a limit of 10.
    assert split_message("<b>" + "&amp;" * 10 + "</b>", limit=10) == ["<b>" + "&amp;" * 10 + "</b>"]


def test_nothing_but_whitespace_comes_back_unchanged_for_telegram_to_refuse() -> None:
    assert split_message("<b> \n\n </b>", limit=2) == ["<b> \n\n </b>"]


def test_paragraphs_are_packed_whole_and_split_only_at_blank_lines() -> None:
    paragraphs = [f"Paragraph {n}: " + "word " * (n % 7) + "end." for n in range(40)]
    text = "\n\n".join(paragraphs)
    parts = split_message(text, limit=100)
    assert "\n\n".join(parts) == text
    assert max(visible_lengths(parts)) <= 100
    # As few parts as possible: the next part's first paragraph never fitted this one.
    for part, after in zip(parts, parts[1:], strict=False):
        assert len(part) + 2 + len(after.split("\n\n")[0]) > 100


def test_a_blank_line_is_preferred_to_a_later_line_break() -> None:
    text = "a" * 40 + "\n\n" + "b" * 30 + "\n" + "c" * 50
    assert split_message(text, limit=100) == ["a" * 40, "b" * 30 + "\n" + "c" * 50]


def test_an_oversized_paragraph_splits_at_line_breaks_then_spaces() -> None:
    lines = [f"line {n:02} " + "x" * 20 for n in range(20)]
    by_lines = split_message("\n".join(lines), limit=100)
    assert "\n".join(by_lines) == "\n".join(lines)
    assert len(by_lines) == 7  # three 28-character lines to a part

    words = " ".join(f"word{n:03}" for n in range(100))
    by_spaces = split_message(words, limit=100)
    assert " ".join(by_spaces) == words
    assert max(visible_lengths(by_spaces)) <= 100


def test_a_ten_thousand_character_word_is_cut_hard_at_the_limit() -> None:
    parts = split_message("x" * 10_000)
    assert parts == ["x" * 4000, "x" * 4000, "x" * 2000]


def test_entities_and_tags_are_never_cut() -> None:
    assert split_message("&amp;" * 5000) == ["&amp;" * 4000, "&amp;" * 1000]
    parts = split_message("a<b>b</b>&#128512;&lt;" * 100, limit=7)
    assert "".join(parse_html(part) for part in parts) == "ab😀<" * 100
    assert max(visible_lengths(parts)) <= 7


def test_a_tag_open_at_a_cut_is_closed_and_reopened_with_its_attributes() -> None:
    link = '<a href="https://example.org/?a=1&amp;b=2">'
    text = "<blockquote expandable><b>" + "bold words\n" * 20 + "</b></blockquote>"
    text += "\n\n" + link + "link " * 30 + "</a>"
    parts = split_message(text, limit=60)
    assert len(parts) > 3
    for part in parts:
        parse_html(part)  # raises on an unbalanced tag
    quoted = [part for part in parts if "bold" in part]
    assert all(part.startswith("<blockquote expandable><b>") for part in quoted)
    assert all(part.endswith("</b></blockquote>") for part in quoted)
    linked = [part for part in parts if "link" in part]
    assert all(part.startswith(link) and part.endswith("</a>") for part in linked)


def test_parts_carry_no_blank_edges() -> None:
    text = "\n\n  " + "\n\n\n".join(["x" * 50] * 4) + "\n \n"
    assert split_message(text, limit=60) == ["x" * 50] * 4


TAGS = [("<b>", "</b>"), ("<strong>", "</strong>"), ("<i>", "</i>"), ("<u>", "</u>"),
        ("<s>", "</s>"), ("<tg-spoiler>", "</tg-spoiler>"), ("<code>", "</code>"),
        ('<span class="tg-spoiler">', "</span>"), ("<blockquote expandable>", "</blockquote>"),
        ('<a href="https://example.org/?x=1&amp;y=2">', "</a>"),
        ('<pre><code class="language-python">', "</code></pre>")]
# A message is drawn as a flat list of pieces: text, an index into TAGS to open that tag,
# or None to close the innermost open one. Flat lists draw much faster than recursion.
PIECES = st.one_of(
    st.sampled_from(["word", "слово", "中文", "😀", "it's", 'say "hi"', "a=b/c", "x"]),
    st.integers(1, 200).map(lambda n: "w" * n),
    st.sampled_from(["&lt;", "&gt;", "&amp;", "&quot;", "&#128512;", "&#x4E2D;", "&"]),
    st.sampled_from([" ", " ", " ", "\n", "\n\n", "\n \n", "  "]),
    st.just('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'),
    st.integers(0, len(TAGS) - 1),
    st.none(),
)


def _html(pieces: list[str | int | None]) -> str:
    out, open_tags = [], []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif piece is not None:
            out.append(TAGS[piece][0])
            open_tags.append(piece)
        elif open_tags:
            out.append(TAGS[open_tags.pop()][1])
    out.extend(TAGS[index][1] for index in reversed(open_tags))
    return "".join(out)


MESSAGES = st.lists(PIECES, max_size=80).map(_html)


@settings(max_examples=100, deadline=None)
@given(text=MESSAGES, limit=st.integers(1, 120))
def test_parts_fit_balance_their_tags_and_keep_all_the_text(text: str, limit: int) -> None:
    whole = parse_html(text)
    parts = split_message(text, limit)
    if len(whole) <= limit or not whole.strip(" \t\r\n"):
        assert parts == [text]
        return
    for part in parts:
        visible = parse_html(part)  # raises on unbalanced tags or a cut entity
        assert 0 < len(visible) <= limit
        assert visible == visible.strip(" \t\r\n")
    assert squash("".join(parse_html(part) for part in parts)) == squash(whole)
