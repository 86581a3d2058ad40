"""The layering ARCHITECTURE.md describes, checked on the imports themselves: a change
that reaches across a layer fails here, not in a review."""

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "chat", "emulator", "handlers", "models")
MAX_LINES = 300
# The one place in the runtime that builds the router from the handlers.
ROUTER_ASSEMBLY = "bot.app"
# Files over MAX_LINES today, each with the issue that removes it from this list.
KNOWN_LONG: set[str] = set()


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path
           for package in PACKAGES for path in (ROOT / package).rglob("*.py")}


def imports(name: str, path: Path) -> Iterator[str]:
    """Every module an import statement names, at the top or inside a function:
    `from a import b` names a.b when a.b is a module of the project, else a (a package's
    submodule does not depend on the package's own __init__). Relative imports are
    resolved against the importing module's package."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield submodule if submodule in MODULES else base


NAMED = {name: set(imports(name, path)) for name, path in MODULES.items()}
GRAPH = {name: {m for m in named if m in MODULES and m != name}
         for name, named in NAMED.items()}
TELEGRAM_LIBRARIES = ("aiogram", "telegram")


def layer(module: str) -> str:
    return module.split(".")[0]


def offending(source_layer: str, rule: Callable[[str, str], bool]) -> list[str]:
    return sorted(f"{name} imports {target}" for name, targets in GRAPH.items()
                  if layer(name) == source_layer for target in targets if rule(name, target))


@pytest.mark.parametrize("source", ["chat", "handlers"])
def test_the_kernel_and_the_handlers_know_neither_the_runtime_nor_the_emulator(
        source: str) -> None:
    assert offending(source, lambda _, target: layer(target) in ("bot", "emulator")) == []


@pytest.mark.parametrize("source", ["chat", "handlers", "models"])
def test_only_the_engines_are_written_against_a_telegram_library(source: str) -> None:
    found = sorted(f"{name} imports {target}" for name, named in NAMED.items()
                   if layer(name) == source for target in named
                   if layer(target) in TELEGRAM_LIBRARIES)
    assert found == []


def test_the_rules_know_nothing_above_them() -> None:
    above = ("bot", "chat", "emulator", "handlers")
    assert offending("models", lambda _, target: layer(target) in above) == []


def test_the_emulator_stands_alone() -> None:
    """It is the test oracle: it must not share code with what it tests."""
    assert offending("emulator", lambda _, target: layer(target) != "emulator") == []


def test_only_the_router_assembly_imports_the_handlers() -> None:
    assert offending("bot", lambda name, target: layer(target) == "handlers"
                     and name != ROUTER_ASSEMBLY) == []


def test_no_import_cycle() -> None:
    cycles = [component for component in strongly_connected(GRAPH) if len(component) > 1]
    assert cycles == []


def test_no_file_is_too_long_to_read() -> None:
    """Outside tests/ and migrations/; the emulator's spec data is JSON, not counted."""
    sources = [*MODULES.values(), *ROOT.glob("*.py"), *(ROOT / "bench").glob("*.py")]
    long = sorted(f"{relative}: {lines}" for path in sources
                  if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
                  and (relative := str(path.relative_to(ROOT))) not in KNOWN_LONG)
    assert long == []


def test_the_known_long_files_are_still_long() -> None:
    """An exception nobody needs any more is taken off the list."""
    short = [name for name in KNOWN_LONG
             if len((ROOT / name).read_text(encoding="utf-8").splitlines()) <= MAX_LINES]
    assert short == []


def test_the_checks_see_the_code() -> None:
    """Guards the checks above against passing on an empty or misread graph."""
    assert "chat.context" in GRAPH["handlers.start"]
    assert "emulator.errors" in GRAPH["emulator.html"]  # a relative import
    assert any(layer(target) == "aiogram" for target in NAMED["bot.engines.aiogram_engine"])
    assert offending("bot", lambda _, target: layer(target) == "handlers") == [
        "bot.app imports handlers"]
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        ["a", "b", "c"], ["d"]]


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively: the groups of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def enter(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)

    for root in sorted(graph):
        if root in index:
            continue
        enter(root)
        work = [(root, iter(sorted(graph[root])))]
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while (member := stack.pop()) != node:
                        on_stack.discard(member)
                        component.append(member)
                    on_stack.discard(node)
                    found.append(sorted([*component, node]))
            elif child not in index:
                enter(child)
                work.append((child, iter(sorted(graph.get(child, set())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found
