"""Texts made only of plain values are rendered once; anything else every time."""

from pathlib import Path

from jinja2 import DictLoader, Environment

from chat.render import Renderer
from chat.render_memo import RenderMemo
from models.people.persons import Person
from models.people.roles import Role


def memo_over(templates: dict[str, str]) -> tuple[Environment, RenderMemo]:
    env = Environment(loader=DictLoader(templates), autoescape=True)
    return env, RenderMemo(env)


def test_a_text_of_plain_values_is_keyed_by_exactly_what_it_reads() -> None:
    _, memo = memo_over({"t.j2": "{{ a }} {{ b | join(',') }}"})
    key = memo.key("t.j2", {"a": 1, "b": ["x"], "me": Person(telegram_id=5)})
    assert key is not None  # `me` is not read, so it does not count
    assert key == memo.key("t.j2", {"a": 1, "b": ["x"], "me": Person(telegram_id=6)})
    assert key != memo.key("t.j2", {"a": 1, "b": ["y"]})
    assert key != memo.key("t.j2", {"a": 1, "b": ("x",)})  # prints differently
    assert key != memo.key("t.j2", {"a": "1", "b": ["x"]})
    assert memo.key("t.j2", {"a": Role.committee, "b": frozenset({"x"})}) is not None


def test_a_text_reading_a_row_a_dict_or_another_template_is_not_memoised() -> None:
    _, memo = memo_over({"row.j2": "{{ me.display_name }}", "dict.j2": "{{ d.k }}",
                         "inc.j2": "{% include 'row.j2' %}",
                         "ext.j2": "{% extends 'row.j2' %}",
                         "ctx.j2": "{% import 'row.j2' as r with context %}{{ a }}"})
    assert memo.key("row.j2", {"me": Person(telegram_id=5)}) is None
    assert memo.key("dict.j2", {"d": {"k": 1}}) is None
    assert memo.key("inc.j2", {"me": Person(telegram_id=5)}) is None
    assert memo.key("ext.j2", {}) is None
    assert memo.key("ctx.j2", {"a": 1}) is None


def test_the_oldest_text_goes_when_the_memo_is_full() -> None:
    env, _ = memo_over({})
    memo = RenderMemo(env, size=2)
    memo.put("a", "A")
    memo.put("b", "B")
    assert memo.get("a") == "A"  # now the newest
    memo.put("c", "C")
    assert memo.get("b") is None and memo.get("a") == "A" and memo.get("c") == "C"


def test_the_renderer_answers_a_memoised_text_without_rendering_again(tmp_path: Path) -> None:
    override = tmp_path / "en" / "common"
    override.mkdir(parents=True)
    (override / "probe.j2").write_text("{{ n }} {{ items | join(' ') }}", encoding="utf-8")
    renderer = Renderer(override_dir=tmp_path)
    items = ["a", "b"]
    assert renderer.render("en", "common/probe", n=1, items=items) == "1 a b"
    items.append("c")  # a changed list is another key, never a stale text
    assert renderer.render("en", "common/probe", n=1, items=items) == "1 a b c"
    renders = []
    template = renderer.env.get_template("en/common/probe.j2")
    original = template.render
    template.render = lambda **p: renders.append(p) or original(**p)  # type: ignore[method-assign]
    assert renderer.render("en", "common/probe", n=1, items=["a", "b"]) == "1 a b"
    assert renders == []
    assert renderer.render("en", "common/probe", n=2, items=["a", "b"]) == "2 a b"
    assert len(renders) == 1
