"""Every lesson and solution notebook runs in a real kernel without a cell error (specs included)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from course_utils.core.lessons import read_lesson
from support import ROOT, copy_course, notebook_client

pytestmark = pytest.mark.notebook

LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*/*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"
# Learners' saved answers next to the notebooks must not leak into the run.


def _run(notebook: Path) -> nbformat.NotebookNode:
    """Execute ``notebook`` where it is (a copy), the kernel's folder being its folder."""
    nb = nbformat.read(notebook, as_version=4)
    client = notebook_client(nb, notebook.parent)
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{notebook.name}: a cell failed:\n{exc}")
    return nb


def _check(nb: nbformat.NotebookNode, name: str) -> None:
    errors, silent = [], []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = cell.get("outputs", [])
        errors += [
            f"{o.get('ename')}: {o.get('evalue')}" for o in outputs if o.output_type == "error"
        ]
        if ".ask(" in cell.source and not any(WIDGET in o.get("data", {}) for o in outputs):
            silent.append(cell.source[:80])
    assert not errors, f"{name}: {errors}"
    assert not silent, f"{name}: a question cell shows no widget: {silent}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs(tmp_path, path):
    # the whole folder, as lesson 00 reads its neighbours (progress_table(Path("..")))
    copy_course(tmp_path, "lessons", config=False)
    copy = tmp_path / "lessons" / path.name
    # one more cell: which answers the lesson really reads or saves (its questions)
    nb = nbformat.read(copy, as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell("import json; print(json.dumps(sorted(curso.store.asked)))")
    )
    nbformat.write(nb, copy)
    ran = _run(copy)
    asked = json.loads(ran.cells[-1].outputs[0]["text"])
    ran.cells.pop()
    _check(ran, path.name)
    assert not list((tmp_path / "lessons").glob("respuestas-*.json")), "running saved answers"
    listed = read_lesson(path).questions
    assert sorted(listed) == asked, "metadata.course.questions lists what the lesson asks"
    # each figure is shown once: one PNG per show_figure(...)/show_radar(...) cell, none elsewhere
    images = [
        sum("image/png" in o.get("data", {}) for o in c.get("outputs", []))
        for c in ran.cells
        if c.cell_type == "code"
    ]
    drawing = [
        c
        for c in ran.cells
        if c.cell_type == "code" and re.search(r"\bshow_(figure|radar)\(", c.source)
    ]
    assert max(images, default=0) <= 1 and sum(images) == len(drawing), images
    assert drawing or path.stem != "00-bienvenida", "lesson 00 draws the course map"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.parent.name)
def test_solution_runs_without_answers(tmp_path, path):
    folder = tmp_path / "solutions" / path.parent.name
    copy_course(tmp_path, f"solutions/{path.parent.name}", config=False)
    copy = folder / path.name
    assert not list(folder.glob("respuestas-*")), "the run must start without an answers file"
    nb = _run(copy)
    _check(nb, path.name)
    printed = "".join(
        o.get("text", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "stream"
    )
    assert "No se encontró tu respuesta" in printed, "the hidden tests ran against no answers"
