"""Every text exists in both languages and is valid Telegram HTML."""

from pathlib import Path

import pytest
from jinja2 import ChainableUndefined, Environment, FileSystemLoader, meta, nodes

from chat.render import TEMPLATES, Renderer
from emulator.html import parse_html

NAMES = sorted({p.relative_to(TEMPLATES / "zh").as_posix()
                for p in (TEMPLATES / "zh").rglob("*.j2")}
               | {p.relative_to(TEMPLATES / "en").as_posix()
                  for p in (TEMPLATES / "en").rglob("*.j2")})
MESSAGES = [n for n in NAMES if not n.endswith(("buttons.j2", "names.j2"))]
# Chat messages are Telegram HTML; web/ holds the public board's pages, real HTML.
CHAT = [n for n in MESSAGES if not n.startswith("web/")]


def test_both_languages_have_the_same_templates() -> None:
    for language in ("zh", "en"):
        missing = [n for n in NAMES if not (TEMPLATES / language / n).exists()]
        assert not missing, f"{language} lacks {missing}"


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith(("buttons.j2", "names.j2"))])
def test_both_languages_define_the_same_labels(name: str) -> None:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)))
    macros = [{node.name for node in env.parse(
        (TEMPLATES / lang / name).read_text(encoding="utf-8")).find_all(nodes.Macro)}
        for lang in ("zh", "en")]
    assert macros[0] == macros[1]


@pytest.mark.parametrize("name", CHAT)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_templates_render_to_valid_telegram_html(name: str, language: str) -> None:
    # Literal text in a template is not escaped: a stray "<" breaks the whole message.
    env = Renderer().env.overlay(undefined=ChainableUndefined)
    env.filters["localtime"] = lambda value, *args: "2026-11-23 10:00"
    text = env.get_template(f"{language}/{name}").render().strip() or "x"
    parse_html(text)


def test_both_languages_use_the_same_variables() -> None:
    env = Renderer().env
    for name in MESSAGES:
        used = [meta.find_undeclared_variables(env.parse(
            Path(TEMPLATES / lang / name).read_text(encoding="utf-8"))) for lang in ("zh", "en")]
        assert used[0] == used[1], name
