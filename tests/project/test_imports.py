"""The house's shape: packages by role with one-line docstrings, imports that only go down (no cycle between modules or packages, imports inside functions counted), logic without the UI, matplotlib only in figures.draw, only the command line exits."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from support import ROOT

PACKAGE = ROOT / "course_utils"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts)
UI = ("ipywidgets", "IPython", "course_utils.ui")
#: What each package may import from the others: the layers, from the bottom up. A package
#: never imports one above it, so no cycle can form between packages.
LAYERS = {
    "core": set(),
    "reviewer": {"core"},
    "topics": {"core", "reviewer"},
    "figures": {"core", "topics"},
    "grading": {"core", "reviewer", "topics", "figures"},
    "owner": {"core", "topics", "figures", "grading"},
    "launch": {"core", "figures"},
    "workshop": {"core", "figures", "owner", "launch", "grading"},
    "ui": {"core", "reviewer", "topics", "figures", "grading", "owner"},
    "cli": {"core", "figures", "grading", "owner", "launch", "workshop", "ui"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module a file imports, anywhere (lazy imports inside functions included)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


NAMES = {module_name(p): p for p in MODULES}
GRAPH = {m: {n for n in imported(p) if n in NAMES and n != m} for m, p in NAMES.items()}


def _uses(names: Iterable[str], prefix: str) -> bool:
    return any(n == prefix or n.startswith(prefix + ".") for n in names)


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else None


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_module_says_its_job_in_one_line():
    for path in MODULES:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and doc.strip(), f"{module_name(path)}: a docstring first"
        assert "\n" not in doc.strip().split("\n\n")[0], f"{module_name(path)}: one line first"


def test_the_top_level_reads_like_the_courses_jobs():
    """Only packages by role (and the package's own __init__ and old-names table) at the top."""
    top = sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__")
    assert top == sorted(["__init__.py", "_moved.py", "data", *LAYERS]), top


def test_no_import_cycle_between_modules():
    assert _cycles(GRAPH) == []


def test_packages_import_only_the_layers_below_them():
    for module, targets in GRAPH.items():
        here = _package(module)
        if here is None:
            continue
        for target in targets:
            there = _package(target)
            if there is not None and there != here:
                assert there in LAYERS[here], f"{module} ({here}) imports {target} ({there})"


def test_the_cycle_check_sees_imports_inside_functions():
    """The graph counts lazy imports: a cycle hidden inside a function is still a cycle."""
    lazy = [
        n
        for n in ast.walk(ast.parse((PACKAGE / "cli" / "learner.py").read_text()))
        if isinstance(n, ast.FunctionDef) and any(isinstance(i, ast.ImportFrom) for i in n.body)
    ]
    assert lazy  # the learner's commands import lazily, and those imports are in the graph
    assert "course_utils.owner.certificate" in GRAPH["course_utils.cli.learner"]
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if _package(module_name(p)) in {"core", "topics", "grading", "reviewer"}],
    ids=module_name,
)
def test_logic_never_imports_the_ui(path):
    names = imported(path)
    for ui in UI:
        assert not _uses(names, ui), f"{module_name(path)} imports {ui}"
    if module_name(path) != "course_utils.grading.class_report":  # the report draws figures
        assert not _uses(names, "matplotlib") and not _uses(names, "course_utils.figures")


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_only_figures_draw_imports_matplotlib(path):
    if module_name(path) != "course_utils.figures.draw":
        assert not _uses(imported(path), "matplotlib"), module_name(path)


def test_figures_draw_without_the_ui():
    names = imported(PACKAGE / "figures" / "draw.py")
    assert not any(_uses(names, ui) for ui in UI)


def _exits(path: Path) -> list[int]:
    """Lines that end the process (sys.exit, raise SystemExit) outside a __main__ guard."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "__name__" in ast.unparse(node.test):
            guarded.update(n.lineno for n in ast.walk(node) if hasattr(n, "lineno"))
    lines = []
    for node in ast.walk(tree):
        call = isinstance(node, ast.Call) and ast.unparse(node.func) == "sys.exit"
        raised = isinstance(node, ast.Raise) and node.exc is not None
        if raised and "SystemExit" in ast.unparse(node.exc).split("(")[0]:
            call = True
        if call and node.lineno not in guarded:
            lines.append(node.lineno)
    return lines


def test_library_code_raises_and_only_the_command_line_exits():
    for path in MODULES:
        if _package(module_name(path)) == "cli":
            continue
        assert _exits(path) == [], f"{module_name(path)} exits the process"


def test_no_module_imports_a_private_name_of_another():
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith("course_utils")
            ):
                private = [a.name for a in node.names if a.name.startswith("_")]
                if module_name(path) == "course_utils" and private == ["_moved"]:
                    continue
                assert not private, f"{module_name(path)} imports {private} from {node.module}"


def test_importing_the_package_and_grading_stays_cheap():
    code = (
        "import sys, course_utils, course_utils.core.store, course_utils.grading, "
        "course_utils.grading.scoring; heavy = ['ipywidgets', 'matplotlib', 'yaml', 'numpy', "
        "'jsonschema', 'IPython', 'spylls', 'textstat']; "
        "print(' '.join(m for m in heavy if m in sys.modules) or 'none')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "none"


def test_one_exception_base_for_everything_a_person_can_fix():
    """Every public exception of the package is a CourseError (its message is Spanish), so a
    caller catches one class; each keeps its older base too (ValueError…) for old callers."""
    import importlib
    import inspect

    from course_utils.core.errors import CourseError

    found = []
    for name in sorted(NAMES):
        if name.endswith("__main__") or name == "course_utils.launch.pages":
            continue  # scripts: importing them runs them
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Exception)
                and value.__module__ == name
                and not attr.startswith("_")
            ):
                found.append(value)
                assert issubclass(value, CourseError), f"{name}.{attr}"
    assert len(found) >= 15
