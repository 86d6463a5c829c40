"""Exercises: every hidden test has reference answers, and they earn the points worked out by hand."""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import pytest

from course_utils.core.lessons import exercise_notebook
from course_utils.grading.engine import answers_id
from support import ROOT, load_nb

EXERCISES = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())


def test_every_exercise_has_its_notebook_and_reference_answers():
    assert [name[:2] for name in EXERCISES] == ["00", "01", "02", "03", "04", "05", "07"]
    for name in EXERCISES:
        assert (ROOT / "solutions" / name / exercise_notebook(name)).is_file()
        assert (ROOT / "tests" / "data" / "reference" / f"{name}.json").is_file()


def _cells(path: Path) -> list[dict]:
    return load_nb(path)["cells"]


def _text(cell: dict) -> str:
    return "".join(cell["source"])


# -- exercises: reference answers ---------------------------------------------------------


@pytest.mark.parametrize("name", EXERCISES)
def test_reference_answers_cover_every_test_cell(name):
    source = ROOT / "solutions" / name / exercise_notebook(name)
    reference = ROOT / "tests" / "data" / "reference" / f"{name}.json"
    ref = json.loads(reference.read_text(encoding="utf-8"))
    graded = [
        c["metadata"]["nbgrader"]["grade_id"]
        for c in _cells(source)
        if c["metadata"].get("nbgrader", {}).get("grade")
        and c["cell_type"] == "code"
        and c["metadata"]["nbgrader"].get("points")
    ]
    assert set(ref["partial"]["expected"]) == set(graded)
    tasks = [c for c in _cells(source) if c["metadata"].get("nbgrader", {}).get("task")]
    assert tasks and all("### BEGIN MARK SCHEME" in _text(c) for c in tasks)
    for cell in _cells(source):
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade") and cell["cell_type"] == "code":
            lines = _text(cell).splitlines()
            assert lines[0].startswith("# Comprueba")
            if meta.get("points"):  # a scoring test keeps its key hidden
                assert "### BEGIN HIDDEN TESTS" in lines and "### END HIDDEN TESTS" in lines


@pytest.mark.parametrize("name", EXERCISES)
def test_reference_answers_earn_the_expected_points(name, tmp_path):
    """Run each hidden test on the perfect and partial answers (without nbgrader)."""
    source = ROOT / "solutions" / name / exercise_notebook(name)
    from course_utils.core.store import AnswerStore

    ref = json.loads(
        (ROOT / "tests" / "data" / "reference" / f"{name}.json").read_text(encoding="utf-8")
    )
    tests = {
        c["metadata"]["nbgrader"]["grade_id"]: (c["metadata"]["nbgrader"]["points"], _text(c))
        for c in _cells(source)
        if c["metadata"].get("nbgrader", {}).get("grade")
        and c["cell_type"] == "code"
        and c["metadata"]["nbgrader"].get("points")
    }

    def run(answers: dict, folder: Path) -> dict[str, float]:
        store = AnswerStore(name, folder)
        for qid, value in answers.items():
            store.save(qid, value)
        out = {}
        for grade_id, (_, src) in tests.items():
            tree = ast.parse(src)
            *stmts, last = tree.body
            namespace: dict = {}
            cwd = os.getcwd()
            os.chdir(folder)
            try:
                exec(compile(ast.Module(stmts, []), grade_id, "exec"), namespace)
                out[grade_id] = eval(
                    compile(ast.Expression(last.value), grade_id, "eval"), namespace
                )
            finally:
                os.chdir(cwd)
        return out

    (tmp_path / "p").mkdir()
    perfect = run(ref["perfect"], tmp_path / "p")
    assert perfect == {g: pts for g, (pts, _) in tests.items()}
    (tmp_path / "q").mkdir()
    partial = run(ref["partial"]["answers"], tmp_path / "q")
    assert partial == pytest.approx(ref["partial"]["expected"], abs=0.011)


@pytest.mark.parametrize("name", EXERCISES)
def test_each_exercise_ends_with_the_check_of_unanswered_questions(name):
    """A visible, 0-point check before the self-check box, so Validate never says Success empty."""
    cells = _cells(ROOT / "solutions" / name / exercise_notebook(name))
    check = cells[-3]
    meta = check["metadata"]["nbgrader"]
    assert meta["grade"] and meta["points"] == 0 and meta["locked"]
    assert _text(check).splitlines()[-1] == "ejercicio.check_answered()"


@pytest.mark.parametrize("folder", ["solutions", "exercises"])
@pytest.mark.parametrize("name", EXERCISES)
def test_each_exercise_offers_the_self_check_box_before_the_submission_cell(name, folder):
    """A hidden, locked widget cell (not graded) that calls the box in one line, then «entrega»."""
    cells = _cells(ROOT / folder / name / exercise_notebook(name))
    box, last = cells[-2], cells[-1]
    assert last["metadata"]["nbgrader"]["grade_id"] == "entrega"
    meta = box["metadata"]["nbgrader"]
    assert box["cell_type"] == "code" and box["metadata"]["jupyter"]["source_hidden"] is True
    assert meta["locked"] and not meta["grade"] and not meta["solution"] and "points" not in meta
    assert _text(box).splitlines()[-1] == "self_check_box(ejercicio)"
    assert "ejercicio = start(" in _text(cells[1])  # the session the box reads


@pytest.mark.parametrize("folder", ["solutions", "exercises"])
@pytest.mark.parametrize("name", EXERCISES)
def test_each_exercise_keeps_its_answers_file_named_after_its_folder(name, folder):
    """The notebook is «ejercicio-<name>.ipynb», but its answers id is still <name>: a learner's
    respuestas-<name>.json saved before the rename comes back, and grading reads that file."""
    cells = _cells(ROOT / folder / name / exercise_notebook(name))
    assert f'ejercicio = start("{name}", mode="graded")' in _text(cells[1])
    assert answers_id(cells, exercise_notebook(name)[: -len(".ipynb")]) == name
    assert answers_id([], f"ejercicio-{name}") == name  # no start() call: the name says it


@pytest.mark.parametrize("name", EXERCISES)
def test_the_instructions_say_nothing_needs_running_on_the_app_page(name):
    """An owner's page has no code words: no kernel, cell, command or trainer (issue 22)."""
    for folder in ("solutions", "exercises"):
        cells = _cells(ROOT / folder / name / exercise_notebook(name))
        text = _text(cells[0])
        assert "no hay nada que preparar" in text
        shown = " ".join(_text(c) for c in cells if c["cell_type"] == "markdown")
        for word in ("kernel", "celda", "curso abrir", "Run All", "formador", "Assignments"):
            assert word not in shown, (folder, word)
