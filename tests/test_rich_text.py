"""Stored texts carry only the formatting the bot writes out itself: people's text is
never markup, on Telegram or on the web board."""

import re

from hypothesis import given
from hypothesis import strategies as st

from chat.rich_text import rich_text
from emulator.html import parse_html

ATTACKS = ['<b onmouseover="alert(1)">hi</b>', '<A HREF="javascript:alert(document.cookie)">x</A>',
           "<script>alert(1)</script>", '<img src=x onerror="alert(1)">',
           '<a href=" JavaScript:alert(1)">x</a>', "<svg/onload=alert(1)>",
           '<a href="https://ok.example" onclick="alert(1)">x</a>', "<!--<script>-->",
           '<a href="data:text/html,<script>alert(1)</script>">x</a>',
           "<b><i>overlap</b></i>", "<<b>>", "</b>stray", "<code>x</code>", "<b"]
# Any tag in the output, however it is spelt: a "<" that is not escaped starts one.
TAG = re.compile(r"<(/?)([^\s/>]*)([^>]*)>?")
ALLOWED = {"b", "i", "a"}
LINK = re.compile(r' href="https?://[^"<>]*"')


def tags(markup: str) -> list[tuple[str, str]]:
    return [(m[2], m[3]) for m in TAG.finditer(markup)]


def only_allowed(markup: str) -> None:
    for name, attrs in tags(markup):
        assert name in ALLOWED, (name, markup)
        assert attrs == "" or (name == "a" and LINK.fullmatch(attrs)), (attrs, markup)


def test_the_allowed_formatting_is_kept() -> None:
    text = '<b>Water</b> is off, <i>sorry</i>: <a href="https://x.example/a?b=1&amp;c=2">details</a>'
    assert rich_text(text) == ('<b>Water</b> is off, <i>sorry</i>: '
                               '<a href="https://x.example/a?b=1&amp;c=2">details</a>')
    assert rich_text("<strong>a</strong><em>b</em>") == "<b>a</b><i>b</i>"
    assert rich_text("<a href='http://x.example'>x</a>") == '<a href="http://x.example">x</a>'


def test_script_and_event_handlers_become_visible_text() -> None:
    assert rich_text(ATTACKS[0]) == '&lt;b onmouseover=&#34;alert(1)&#34;&gt;hi&lt;/b&gt;'
    assert rich_text(ATTACKS[1]) == ("&lt;A HREF=&#34;javascript:alert(document.cookie)&#34;&gt;"
                                     "x&lt;/a&gt;")
    for attack in ATTACKS:
        out = str(rich_text(attack))
        only_allowed(out)
        assert "javascript" not in "".join(attrs for _, attrs in tags(out)).lower()
        parse_html(out)  # what Telegram accepts


def test_overlapping_and_unclosed_tags_are_closed_in_order() -> None:
    assert rich_text("<b><i>overlap</b></i>") == "<b><i>overlap</i></b>&lt;/i&gt;"
    assert rich_text("<b>never closed") == "<b>never closed</b>"
    assert rich_text("<a href='https://a.example'><a href='https://b.example'>x</a></a>") == \
        '<a href="https://a.example">&lt;a href=&#39;https://b.example&#39;&gt;x</a>&lt;/a&gt;'


PIECES = ["<b>", "</b>", "<i>", "</i>", "<a href='https://e.x'>", "</a>", "<u>", "</s>",
          "<a href='javascript:x'>", "<a href=\"ftp://x\">", "<A HREF=https://e.x>",
          "<a href='https://e.x' onclick=x>", "<b style=x>", "<code>", "</code>",
          "<script>", "</script>", "<", ">", "&", "&amp;", "&lt;b&gt;", '"', "'",
          "<p onclick=x>", "<br/>", "<!--", "-->", "<!DOCTYPE x>", "<?x?>", "文字", " ", "\n"]


@given(st.lists(st.sampled_from(PIECES)).map("".join) | st.text())
def test_no_text_becomes_a_tag_or_attribute_outside_the_allow_list(text: str) -> None:
    out = str(rich_text(text))
    parse_html(out)  # well formed, as Telegram requires
    only_allowed(out)


@given(st.text().filter(lambda t: "<" not in t and "&" not in t))
def test_plain_text_reads_exactly_as_typed(text: str) -> None:
    assert parse_html(str(rich_text(text))) == text
