"""The house's import directions: logic, store, scoring and grading never import the UI; only figures imports matplotlib."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "course_utils"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
UI = ("ipywidgets", "IPython", "course_utils.ui")


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


def _uses(names: set[str], prefix: str) -> bool:
    return any(n == prefix or n.startswith(prefix + ".") for n in names)


def _name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_every_module_says_its_job_in_one_line():
    for path in MODULES:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and "\n" not in doc.strip(), f"{_name(path)}: a one-line docstring first"


def test_modules_are_small_enough_to_read_in_one_sitting():
    for path in MODULES:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 600, f"{_name(path)} has {lines} lines"


# The package's __init__ hands out `start` lazily from the UI; figures, charts (which draws with
# figures) and cli sit beside the UI.
@pytest.mark.parametrize(
    "path",
    [
        p
        for p in MODULES
        if "ui" not in p.parts
        and p.name not in {"__init__.py", "figures.py", "charts.py", "cli.py", "class_report.py"}
        or p.parent.name == "reviewer"
    ],
    ids=_name,
)
def test_logic_never_imports_the_ui(path):
    names = imported(path)
    for ui in UI:
        assert not _uses(names, ui), f"{_name(path)} imports {ui}"
    assert not _uses(names, "matplotlib") and not _uses(names, "course_utils.figures")


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_only_figures_imports_matplotlib(path):
    if path.name != "figures.py":
        assert not _uses(imported(path), "matplotlib"), _name(path)


def test_figures_draw_without_the_ui():
    names = imported(PACKAGE / "figures.py")
    assert not any(_uses(names, ui) for ui in UI)


def test_no_module_imports_a_private_name_of_another():
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith("course_utils")
            ):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{_name(path)} imports {private} from {node.module}"


def test_importing_the_package_and_grading_stays_cheap():
    code = (
        "import sys, course_utils, course_utils.store, course_utils.grading, "
        "course_utils.scoring; heavy = ['ipywidgets', 'matplotlib', 'yaml', 'numpy', "
        "'jsonschema', 'IPython', 'spylls', 'textstat']; "
        "print(' '.join(m for m in heavy if m in sys.modules) or 'none')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "none"
