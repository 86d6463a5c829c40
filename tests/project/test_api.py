"""The notebook-facing API: what lessons, exercises and released learner editions import is declared, resolves, and keeps working under the names modules had before the package was grouped by role."""

from __future__ import annotations

import ast
import importlib
import json

import pytest

import course_utils
from course_utils import _moved
from support import ROOT

#: Modules a notebook may import names from, with the names it may import ("*": any public).
DECLARED = {
    "course_utils": set(course_utils.__all__),
    "course_utils.grading": {"grade", "grade_with", "show_answer", "ScorerError"},
    "course_utils.scoring": {"*"},
    "course_utils.ui.self_check_box": {"self_check_box"},
    "course_utils.ui.review_box": {"review_box"},
    "course_utils.ui.panels": {"*"},
    "course_utils.ui.plan_page": {"PlanPage"},
    "course_utils.ui.measure_box": {"measure_box"},
    "course_utils.ui.month_box": {"month_builder"},
    "course_utils.ui.utm_box": {"utm_builder"},
    "course_utils.ui.budget_box": {"budget_calculator"},
    "course_utils.ui.home": {"show_home"},
}
NOTEBOOKS = sorted(
    [
        *ROOT.glob("lessons/*.ipynb"),
        *ROOT.glob("solutions/*/*.ipynb"),
        *ROOT.glob("exercises/*/*.ipynb"),
    ]
)


def _imports(notebook) -> list[tuple[str, str]]:
    found = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue  # a released stub («ESCRIBE TU RESPUESTA AQUÍ») is not Python yet
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_utils"):
                found += [(node.module, alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                found += [(a.name, "") for a in node.names if a.name.startswith("course_utils")]
    return found


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebooks_import_only_the_declared_api(notebook):
    for module, name in _imports(notebook):
        assert module in DECLARED, f"{notebook.name} imports from {module}"
        allowed = DECLARED[module]
        assert name in allowed or ("*" in allowed and not name.startswith("_")), (
            f"{notebook.name}: {module}.{name} is not part of the declared API"
        )
        assert getattr(importlib.import_module(module), name) is not None


def test_the_declared_api_resolves():
    for module, names in DECLARED.items():
        imported = importlib.import_module(module)
        for name in names - {"*"}:
            assert getattr(imported, name) is not None, f"{module}.{name}"
    assert set(course_utils.__all__) >= {"start", "triage", "charts", "progress"}


@pytest.mark.parametrize("old", sorted(_moved.MOVED))
def test_every_old_module_name_is_the_new_module(old):
    """Released learner editions and copied configs keep importing the old names."""
    assert importlib.import_module(old) is importlib.import_module(_moved.MOVED[old])


def test_the_dotted_names_instructors_copied_into_their_nbgrader_config_still_import():
    from course_utils.autograde import GradeFromAnswers, RebuildFromSource  # the old names
    from course_utils.grading import engine

    assert GradeFromAnswers is engine.GradeFromAnswers
    assert RebuildFromSource is engine.RebuildFromSource
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(config)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_utils"):
            module = importlib.import_module(node.module)
            assert all(hasattr(module, a.name) for a in node.names), node.module


def test_the_old_names_are_listed_once_and_point_inside_the_package():
    assert len(set(_moved.MOVED.values())) == len(_moved.MOVED)
    for old, new in _moved.MOVED.items():
        assert old.startswith("course_utils.") and new.startswith("course_utils.")
        assert old.count(".") == 1, "only the old top-level modules moved"
