"""Invariants for the whole course: notebooks, layout, lint, package, environment."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from course_utils.core.lessons import exercise_notebook
from support import ROOT, load_nb, tracked

NOTEBOOKS = [
    p
    for p in tracked("*.ipynb")
    if p.parts[len(ROOT.parts)] in {"lessons", "exercises", "solutions"}
]


def test_package_imports_without_ui():
    code = "import sys, course_utils.core.store, course_utils.grading; print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_clean(path: Path):
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    assert nb.nbformat == 4
    nbformat.validate(nb)
    raw = load_nb(path)
    assert raw["metadata"]["kernelspec"]["name"] == "python3"
    assert raw["metadata"]["kernelspec"]["language"] == "python"
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"outputs committed in {path.name}"
            assert cell.get("execution_count") is None, f"execution count in {path.name}"


def test_a_lesson_and_an_exercise_never_share_a_file_name():
    """JupyterLab's tab shows only the file name: an exercise's tab must never read like its
    lesson's. Every exercise notebook is «ejercicio-<its folder>.ipynb» (course_utils.core.lessons)."""
    top = len(ROOT.parts)
    lessons = {p.name for p in NOTEBOOKS if p.parts[top] == "lessons"}
    exercises = [p for p in NOTEBOOKS if p.parts[top] in {"solutions", "exercises"}]
    assert lessons and exercises
    for path in exercises:
        assert path.name == f"ejercicio-{path.parent.name}.ipynb", path.relative_to(ROOT)
        assert path.name == exercise_notebook(path.parent.name)
    assert not lessons & {p.name for p in exercises}
    for folder in ("solutions", "exercises"):
        assignments = sorted(p for p in (ROOT / folder).iterdir() if p.is_dir())
        assert assignments
        for assignment in assignments:
            assert (assignment / f"ejercicio-{assignment.name}.ipynb").is_file(), assignment


def test_no_checkpoints_spaces_or_answers_committed():
    files = tracked("*")
    rel = [str(p.relative_to(ROOT)) for p in files]
    assert not [r for r in rel if ".ipynb_checkpoints" in r]
    assert not [r for r in rel if " " in r]
    assert not [r for r in rel if re.search(r"(^|/)respuestas-[^/]*\.json", r)]
    assert not [r for r in rel if r.endswith("gradebook.db")]


def test_ruff_is_clean():
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_code_is_formatted():
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_package_type_checks():
    """mypy, as pyproject.toml's [tool.mypy] configures it, finds no error in course_utils."""
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("Success: no issues found"), out.stdout


def test_the_type_check_silences_nothing_wholesale():
    """Only the named libraries without types are let through; no module's errors are ignored."""
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert mypy["files"] == ["course_utils"]
    assert mypy["check_untyped_defs"] and mypy["warn_unused_ignores"]
    assert "ignore-without-code" in mypy["enable_error_code"]
    assert "ignore_missing_imports" not in mypy and "ignore_errors" not in mypy
    for override in mypy["overrides"]:
        assert "ignore_errors" not in override
        assert all(not m.startswith("course_utils") for m in override["module"])


def test_pyproject_names_only_test_modules_that_exist():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    named = set(re.findall(r"\btests/[\w/]+\.py\b", text))
    assert named
    assert sorted(n for n in named if not (ROOT / n).is_file()) == []
    first_party = tomllib.loads(text)["tool"]["ruff"]["lint"]["isort"]["known-first-party"]
    missing = [
        m
        for m in first_party
        if not (ROOT / m).is_dir() and not (ROOT / "tests" / m / "__init__.py").is_file()
    ]
    assert missing == []


def test_every_test_file_a_document_names_exists():
    named = {}
    for path in tracked("*"):
        if (
            path.suffix in {".md", ".py", ".toml", ".yaml", ".yml", ".cfg"}
            or path.name == "Makefile"
        ):
            for found in re.findall(r"\btests/[\w/]+\.py\b", path.read_text(encoding="utf-8")):
                named.setdefault(found, path.relative_to(ROOT).as_posix())
    assert "tests/conftest.py" in named
    assert {n: by for n, by in named.items() if not (ROOT / n).is_file()} == {}


# Folders of tests/ that are not a package of course_utils: the course's content (notebooks and
# data files), whole journeys of a person across packages, the repository itself, and helpers.
NOT_A_PACKAGE = {"content", "journeys", "project", "support", "data"}


def test_tests_mirror_the_package():
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name != "__pycache__"}
    packages = {p.parent.name for p in (ROOT / "course_utils").glob("*/__init__.py")}
    assert folders - NOT_A_PACKAGE <= packages, "a test folder that mirrors no package"
    assert sorted((ROOT / "tests").glob("test_*.py")) == [], "a test file outside the folders"
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    # pytest imports test files by their base name (rootdir import mode): one name, one file
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
    # only the helpers are a package: test folders are not, so pytest imports a test by its name
    assert {p.parent.name for p in (ROOT / "tests").rglob("__init__.py")} <= {"support"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_no_test_file_imports_another_or_conftest():
    """Shared helpers are plain functions in tests/support/; a test file imports no other test
    file and not conftest (pytest loads conftest itself, and imports test files by name)."""
    import ast

    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            found += [
                f"{path.relative_to(ROOT)}: {name}"
                for name in names
                if name.split(".")[0] == "conftest" or name.split(".")[0].startswith("test_")
            ]
    assert found == []


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_names = {_name(r) for r in project["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip_section = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_section |= {_name(r) for r in dep["pip"] if not r.startswith("-e")}
        else:
            conda.add(_name(dep))
    conda -= {"python", "pip"}
    assert conda | pip_section == pip_names
    assert not conda & pip_section
    assert any(
        r.strip() == "-e ." for d in env["dependencies"] if isinstance(d, dict) for r in d["pip"]
    )


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make curso" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE)


def test_one_ruff_version_everywhere():
    """The test install and pre-commit lint with the same ruff."""
    pinned = re.search(r'"ruff==([\d.]+)"', (ROOT / "pyproject.toml").read_text("utf-8")).group(1)
    hooks = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert re.search(r"ruff-pre-commit\n\s+rev: v([\d.]+)", hooks).group(1) == pinned


def test_the_module_map_in_contributing_is_current():
    out = subprocess.run(
        [sys.executable, "tools/module_map.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr


def test_the_test_layers_are_named_from_one_list():
    """pyproject.toml's markers are the layers; the Makefile, README and CONTRIBUTING agree."""
    from support import LAYERS

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    fast = re.search(r"^FAST := (.+)$", makefile, re.M).group(1).strip()
    assert fast == " and ".join(f"not {layer}" for layer in LAYERS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for layer in LAYERS:
        assert re.search(rf"^test-{layer}:", makefile, re.M), f"make test-{layer}"
        assert f"make test-{layer}" in readme, f"README: make test-{layer}"
        assert f"make test-{layer}" in contributing, f"CONTRIBUTING: make test-{layer}"


def test_the_lesson_template_has_the_house_structure_and_valid_questions():
    """docs/plantilla-leccion.ipynb, what an author copies: the lesson's parts in order, its
    metadata, questions the kit accepts, the declared API only, stored clean."""
    import ast

    import nbformat

    from course_utils.core.specs import validate

    path = ROOT / "docs" / "plantilla-leccion.ipynb"
    nb = nbformat.read(path, as_version=4)
    text = [c.source for c in nb.cells if c.cell_type == "markdown"]
    order = ["# ", "**Para quién**", "## Objetivos", "## 1.", "## Ideas clave", "## Fuentes", "[←"]
    found = [next(i for i, t in enumerate(text) if marker in t) for marker in order]
    assert found == sorted(found), found
    assert set(nb.metadata.course) >= {"title", "short_title", "minutes", "objectives", "questions"}
    assert nb.metadata.kernelspec.name == "python3"
    asked = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.get("outputs") and cell.metadata["jupyter"]["source_hidden"]
            if "curso.ask(" in cell.source:
                spec = ast.literal_eval(
                    cell.source[cell.source.index("(") + 1 : cell.source.rindex(")")]
                )
                asked.append(validate(spec)["id"])
    assert asked == nb.metadata.course.questions
