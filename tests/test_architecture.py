"""The code keeps to its architecture (docs/dev/architecture.json).

A001 every import from one part to another is an arrow of the architecture (every part may
     use Base and Errors); imports inside functions count, ``TYPE_CHECKING`` ones do not
A002 no "never" pair of parts exists, except the documented Form -> Render facades
A003 the import graph of modules, counting module-level imports, has no cycle
A004 heavy libraries (python-docx, openpyxl, reportlab, pypdf, starlette, uvicorn) are
     imported only by the parts the architecture names
A005 every module of src/musforms belongs to exactly one part
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "musforms"
ARCHITECTURE = json.loads((ROOT / "docs" / "dev" / "architecture.json").read_text("utf-8"))
HEAVY = {"docx", "openpyxl", "reportlab", "pypdf", "starlette", "uvicorn"}
HEAVY_PARTS = {"Render", "Answers", "Collect", "Batch", "Web", "OOXML", "Redraw"}
FREE = {"Base", "Errors"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. musforms.form
    target: str  # the imported module, e.g. musforms.render
    line: int
    top_level: bool  # at module level (not inside a function)
    names: tuple[str, ...] = ()  # for "from X import a, b": a, b


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if "templates" in path.parts or "question_bank" in path.parts:
            continue
        found[module_name(path)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(name: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]

    def visit(node: ast.AST, top: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(name, alias.name, child.lineno, top)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                names = tuple(alias.name for alias in child.names)
                yield Import(name, base, child.lineno, top, names)
            inner = top and not isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            yield from visit(child, inner)

    yield from visit(tree, True)


def resolved(imp: Import, known: dict[str, Path]) -> list[str]:
    """Return the musforms modules an import loads (``from pkg import sub`` is the submodule)."""
    if not imp.target.startswith("musforms"):
        return []
    targets = [f"{imp.target}.{n}" for n in imp.names if f"{imp.target}.{n}" in known]
    return targets or ([imp.target] if imp.target in known else [])


def part_of(module: str) -> str | None:
    path = "src/" + module.replace(".", "/")
    matches = []
    for part, spec in ARCHITECTURE["parts"].items():
        for entry in spec["is"]:
            entry = entry.rstrip("/")
            if entry.endswith(".py"):
                if f"{path}.py" == entry or f"{path}/__init__.py" == entry:
                    matches.append((len(entry), part))
            elif path == entry or path.startswith(entry + "/"):
                matches.append((len(entry), part))
    return max(matches)[1] if matches else None


KNOWN = modules()
IMPORTS = [imp for name, path in KNOWN.items() for imp in imports_of(name, path)]
ARROWS = {tuple(arrow) for arrow in ARCHITECTURE["arrows"]}
NEVER = {(a, b) for a, b, _ in ARCHITECTURE["never"]}


def edges() -> Iterator[tuple[str, str, Import]]:
    for imp in IMPORTS:
        source = part_of(imp.module)
        for target_module in resolved(imp, KNOWN):
            target = part_of(target_module)
            if source and target and source != target:
                yield source, target, imp


EXCEPTIONS = [((e["from"], e["to"]), frozenset(e["modules"])) for e in ARCHITECTURE["exceptions"]]


def _facade(imp: Import, source: str = "", target: str = "") -> bool:
    """A documented exception: an import inside a function of a module the exception names
    (Form's one-line facades, the deprecated name in musforms.spec)."""
    return not imp.top_level and any(
        imp.module in modules and (not source or pair == (source, target))
        for pair, modules in EXCEPTIONS
    )


def test_every_module_belongs_to_a_part() -> None:  # A005
    assert [m for m in KNOWN if part_of(m) is None] == []


def test_every_import_between_parts_is_an_arrow() -> None:  # A001
    wrong = sorted(
        f"{imp.module}:{imp.line} {source} -> {target}"
        for source, target, imp in edges()
        if (source, target) not in ARROWS
        and target not in FREE
        and not _facade(imp, source, target)
    )
    assert wrong == []


def test_no_never_pair_exists() -> None:  # A002
    wrong = sorted(
        f"{imp.module}:{imp.line} {source} -> {target}"
        for source, target, imp in edges()
        if (source, target) in NEVER and not _facade(imp, source, target)
    )
    assert wrong == []


def test_the_form_imports_render_only_in_its_facades() -> None:  # A002
    lines = [imp for s, t, imp in edges() if (s, t) == ("Form", "Render")]
    assert lines and all(not imp.top_level for imp in lines)


def test_the_module_level_import_graph_has_no_cycle() -> None:  # A003
    graph: dict[str, set[str]] = {name: set() for name in KNOWN}
    for imp in IMPORTS:
        if imp.top_level:
            graph[imp.module].update(t for t in resolved(imp, KNOWN) if t != imp.module)
    # A package's __init__ importing its own submodules is how Python loads packages, not a
    # cycle of design: a module importing its parent package names only the package.
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, stack: list[str]) -> bool:
        state[node] = 1
        for target in sorted(graph[node]):
            if target.startswith(node + "."):
                continue
            if state.get(target) == 1:
                cycle.extend([*stack[stack.index(target) :], target] if target in stack else [])
                return True
            if state.get(target) is None and visit(target, [*stack, target]):
                return True
        state[node] = 2
        return False

    for name in sorted(graph):
        if state.get(name) is None and visit(name, [name]):
            break
    assert cycle == []


@pytest.mark.parametrize("library", sorted(HEAVY))
def test_heavy_libraries_load_only_where_allowed(library: str) -> None:  # A004
    wrong = sorted(
        f"{imp.module}:{imp.line}"
        for imp in IMPORTS
        if imp.target.split(".")[0] == library and part_of(imp.module) not in HEAVY_PARTS
    )
    # The CLI starts the web server (uvicorn) inside its serve command, as the docs say.
    allowed = {"musforms.cli"} if library == "uvicorn" else set()
    assert [w for w in wrong if w.split(":")[0] not in allowed] == []
