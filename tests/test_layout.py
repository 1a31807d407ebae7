"""The package layout stays readable: no import loop between naskah's modules, no module too long.

The import graph counts every ``import`` of a naskah module, at the top of a module or inside a
function (a lazy import still ties two modules together), except those under
``if TYPE_CHECKING:``. A package's ``__init__`` importing its own submodules (re-exports) is not
a loop of its submodules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE_DIRS = {
    "naskah": ROOT / "core",
    "naskah.plugins": ROOT / "plugins",
    "naskah.workers": ROOT / "workers",
    "naskah.settings": ROOT / "settings",
}
MAX_LINES = 600
"""No module over ~600 lines (issue 9): past that a module holds more than one idea."""


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, folder in PACKAGE_DIRS.items():
        for path in folder.rglob("*.py"):
            rel = path.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            if "versions" in parts or "build" in rel.parts:
                continue  # alembic revisions, template builder
            found[".".join([package, *parts])] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The naskah modules ``name`` imports (resolving ``from pkg import submodule``)."""
    is_package = path.name == "__init__.py"
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name in modules:
                        out.add(alias.name)
            elif isinstance(child, ast.ImportFrom) and child.module:
                base = child.module
                if child.level:
                    anchor = name.split(".") if is_package else name.split(".")[:-1]
                    anchor = anchor[: len(anchor) - (child.level - 1)]
                    base = ".".join([*anchor, child.module])
                for alias in child.names:
                    sub = f"{base}.{alias.name}"
                    out.add(sub if sub in modules else base)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    out = {m for m in out if m in modules and m != name}
    if is_package:
        out = {m for m in out if not m.startswith(name + ".")}
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return result


def test_the_cycle_finder_finds_a_loop():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_loop_between_naskah_modules():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert graph["naskah.pipeline"], "the graph builder found no import at all"
    assert _cycles(graph) == []


@pytest.mark.parametrize("name", sorted(_modules()))
def test_no_module_is_too_long(name):
    lines = len(_modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by purpose"
