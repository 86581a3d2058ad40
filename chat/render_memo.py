"""Texts that depend only on plain values are rendered once per process.

A template is a pure function of the variables it reads: its filters are pure and
templates are never reloaded while the bot runs. So /help for one language and one
set of commands, or a button's refusal, is rendered the first time and looked up
afterwards. A template that reads anything else (a person, a community) is rendered
every time, as is one that includes or extends another, whose reads we do not follow.
"""

from collections import OrderedDict
from collections.abc import Hashable, Mapping
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any

from jinja2 import Environment, nodes
from jinja2.meta import find_undeclared_variables

_PLAIN = (str, int, float, bool, type(None), Enum, datetime, date, time, timedelta)


class _NotPlain(Exception):
    pass


def _plain(value: Any) -> Hashable:
    """A key standing for `value`, or _NotPlain when it could change or has no value
    semantics (an ORM row, a dict). The type is part of it: [1] and (1,) print apart."""
    if isinstance(value, _PLAIN):
        return (type(value), value)
    if isinstance(value, list | tuple):
        return (type(value), tuple(_plain(item) for item in value))
    if isinstance(value, frozenset | set):
        return (type(value), frozenset(_plain(item) for item in value))
    raise _NotPlain


class RenderMemo:
    def __init__(self, env: Environment, *, size: int = 4096) -> None:
        self.env = env
        self.size = size
        self._reads: dict[str, frozenset[str] | None] = {}
        self._texts: OrderedDict[Hashable, str] = OrderedDict()

    def key(self, name: str, params: Mapping[str, Any]) -> Hashable | None:
        """What the text of `name` depends on, or None when it cannot be memoised."""
        reads = self._reads.get(name, ())
        if reads == ():
            reads = self._reads[name] = self._variables(name)
        if reads is None:
            return None
        try:
            return name, tuple((var, _plain(params[var])) for var in sorted(reads)
                               if var in params)
        except _NotPlain:
            return None

    def get(self, key: Hashable) -> str | None:
        text = self._texts.get(key)
        if text is not None:
            self._texts.move_to_end(key)
        return text

    def put(self, key: Hashable, text: str) -> None:
        self._texts[key] = text
        if len(self._texts) > self.size:
            self._texts.popitem(last=False)

    def _variables(self, name: str) -> frozenset[str] | None:
        assert self.env.loader is not None
        source = self.env.loader.get_source(self.env, name)[0]
        tree = self.env.parse(source)
        if any(isinstance(node, nodes.Include | nodes.Extends)
               or getattr(node, "with_context", False)
               for node in tree.find_all((nodes.Include, nodes.Extends, nodes.Import,
                                          nodes.FromImport))):
            return None
        return frozenset(find_undeclared_variables(tree))
