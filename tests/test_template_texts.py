"""Texts are read by people: every multi-line template, rendered in both languages with
realistic parameters (tests/template_samples.py), must read as written.

Jinja's trim_blocks eats the newline after a block tag that ends a line, so the next
line runs into it ("类型：多选一1. 东区车棚"). To catch that, each source line's first
output is marked and the mark must start a rendered line. The texts must also show
no raw timestamps, no doubled words and no None, [] or {} left from a value.
Run with SHOW_TEXTS=1 to write every rendered text to /tmp/template_texts.txt."""

import os
import re
from pathlib import Path
from typing import Any

import pytest

from chat.render import TEMPLATES, Renderer
from emulator.html import parse_html
from tests.template_samples import BASE, SAMPLES, WEB

MARK = "\ue000"  # a private-use character: never in a template or a sample
LANGUAGES = ("zh", "en")
SHOWN = Path("/tmp/template_texts.txt")
RENDERER = Renderer(strict=True)

RAW_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d|T\d\d:\d\d|[+-]\d\d:\d\d\b|:\d\d\.\d{3}")
LEAKS = re.compile(r"\bNone\b|\[\]|\{\}|\bUndefined\b|（）|\(\)")
# A word twice, a punctuation mark twice, a Chinese word or a particle that is never
# doubled ("您已已报名") twice in a row.
DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b|([，。：；、！？,:;])\2|([\u4e00-\u9fff]{2,})\3"
                     r"|([已的了将被])\4", re.IGNORECASE)
# A Latin sentence's end run into the next ("counted.You"); "e.g." and "1.5" stay.
RUN_ON = re.compile(r"[a-z\u4e00-\u9fff][.!?][A-Z]")
# One quotation style per language: “” in Chinese, straight quotes in English.
OTHER_QUOTES = {"zh": re.compile(r"[「」『』]|\"[\u4e00-\u9fff]|[\u4e00-\u9fff]\""),
                "en": re.compile(r"[“”「」]")}
# One number format: 3,000 beside 2,000, never a bare 3000 (years and codes aside).
BARE_NUMBER = re.compile(r"(?<![\d,.:/\-A-Za-z#])[1-9]\d{3,}(?![\d年,.:/\-])"
                         r"(?= ?(字|个|人|条|characters|people))")


def _chat_names() -> list[str]:
    """Chat templates with more than one line of text (tag-only lines aside)."""
    names = []
    for path in sorted((TEMPLATES / "zh").rglob("*.j2")):
        name = path.relative_to(TEMPLATES / "zh").as_posix()
        if name.startswith("web/") or name.endswith(("buttons.j2", "names.j2")):
            continue
        lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not re.fullmatch(r"\s*(\{%.*?%\}\s*)+", line)]
        if len(lines) > 1:
            names.append(name)
    return names


CHAT = _chat_names()
CASES = [(lang, name, label, params) for name, cases in SAMPLES.items()
         for label, params in cases for lang in LANGUAGES]
WEB_CASES = [(lang, name, label, params) for name, cases in WEB.items()
             for label, params in cases for lang in LANGUAGES]


def marked(source: str) -> str:
    """The source with MARK before each line's first output (after leading block tags).
    A line that begins inside a tag left open on the line before is not marked."""
    out, closer = [], None
    for line in source.split("\n"):
        pos = 0
        if closer is None:
            pos = len(line) - len(line.lstrip(" \t"))
            while line.startswith(("{%", "{#"), pos):
                end = line.find(line[pos + 1] + "}", pos + 2)
                if end < 0:
                    break
                pos = end + 2
            if line[pos:].strip() and not line.startswith(("{%", "{#"), pos):
                line = line[:pos] + MARK + line[pos:]
        closer = _open_tag(line, closer)
        out.append(line)
    return "\n".join(out)


def _open_tag(line: str, closer: str | None) -> str | None:
    """The closer of a tag still open at the end of the line, if any."""
    pos = 0
    while True:
        if closer is not None:
            end = line.find(closer, pos)
            if end < 0:
                return closer
            pos, closer = end + 2, None
        found = [(i, t) for t in ("{{", "{%", "{#") if (i := line.find(t, pos)) >= 0]
        if not found:
            return None
        i, tag = min(found)
        closer, pos = {"{{": "}}", "{%": "%}", "{#": "#}"}[tag], i + 2


def render(language: str, name: str, params: dict[str, Any]) -> tuple[str, str]:
    """The text as sent, and the same with the marks."""
    values = {**BASE, **params}
    text = RENDERER.render(language, name.removesuffix(".j2"), **values)
    source = (TEMPLATES / language / name).read_text(encoding="utf-8")
    return text, RENDERER.env.from_string(marked(source)).render(**values).strip()


def run_together(marked_text: str) -> list[str]:
    """Rendered lines where a source line's output does not start a line."""
    return [line.replace(MARK, "⟦") for line in marked_text.split("\n")
            if MARK in line.lstrip(MARK)[1:] or (MARK in line and not line.startswith(MARK))]


def problems(text: str, *, timestamps: bool = True, language: str = "zh") -> list[str]:
    found = [f"leak {m.group()!r}" for m in LEAKS.finditer(text)]
    found += [f"run-on sentence {m.group()!r}" for m in RUN_ON.finditer(text)]
    found += [f"quote style {m.group()!r}" for m in OTHER_QUOTES[language].finditer(text)]
    found += [f"number format {m.group()!r}" for m in BARE_NUMBER.finditer(text)]
    found += [f"doubled {m.group()!r}" for m in DOUBLED.finditer(text)]
    found += [f"raw time {m.group()!r}" for m in RAW_TIME.finditer(text)] if timestamps else []
    found += ["two blank lines in a row"] if "\n\n\n" in text else []
    return found


def test_every_multi_line_template_has_samples() -> None:
    assert sorted(set(CHAT) - set(SAMPLES)) == []


@pytest.mark.parametrize(("language", "name", "label", "params"), CASES,
                         ids=[f"{lang}-{name}-{label}" for lang, name, label, _ in CASES])
def test_chat_text_reads_as_written(language: str, name: str, label: str,
                                    params: dict[str, Any]) -> None:
    text, with_marks = render(language, name, params)
    assert with_marks.replace(MARK, "") == text  # the marks change nothing else
    assert run_together(with_marks) == [], text
    assert problems(text, language=language) == [], text
    parse_html(text)


@pytest.mark.parametrize(("language", "name", "label", "params"), WEB_CASES,
                         ids=[f"{lang}-{name}-{label}" for lang, name, label, _ in WEB_CASES])
def test_web_page_reads_as_written(language: str, name: str, label: str,
                                   params: dict[str, Any]) -> None:
    # HTML joins lines itself; the feed's timestamps are ISO as Atom requires.
    text, _ = render(language, name, params)
    text = re.sub(r'\s[a-z-]+="[^"]*"', "", text)  # attributes' quotes are HTML's
    assert problems(text, timestamps=name != "web/feed.j2", language=language) == [], text


@pytest.mark.parametrize("text", ["您已已报名", "我的的提案", "原定 2026-12-12T06:30:00+00:00",
                                  "was counted.You may change", "请点「签到」", "最多 3000 字"])
def test_the_checks_catch_what_people_reported(text: str) -> None:
    assert problems(text) != []


def test_the_checks_let_good_texts_pass() -> None:
    assert problems("请点“签到”，最多 3,000 字。2026年 RM0003 e.g. 1.5") == []
    assert problems('Press "Done", at most 3,000 characters.', language="en") == []


def test_show_texts() -> None:
    """SHOW_TEXTS=1 writes every text to read them as a person would."""
    if not os.environ.get("SHOW_TEXTS"):
        pytest.skip("set SHOW_TEXTS=1 to write the texts")
    parts = []
    for language, name, label, params in CASES + WEB_CASES:
        text, _ = render(language, name, params)
        parts.append(f"===== {language} {name} [{label}]\n{text}\n")
    SHOWN.write_text("\n".join(parts), encoding="utf-8")
