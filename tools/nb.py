"""Developer helpers to write course notebooks with nbformat (cells, nbgrader metadata)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def md(text: str, **nbgrader) -> nbformat.NotebookNode:
    """A markdown cell; pass nbgrader fields (e.g. task=True, points=4, grade_id=...) to grade it."""
    cell = new_markdown_cell(text.strip("\n"))
    if nbgrader:
        cell.metadata["nbgrader"] = _nbgrader(**nbgrader)
    return cell


def code(source: str, hidden: bool = True, **nbgrader) -> nbformat.NotebookNode:
    """A code cell, hidden from learners by default (metadata.jupyter.source_hidden)."""
    cell = new_code_cell(source.strip("\n"))
    if hidden:
        cell.metadata["jupyter"] = {"source_hidden": True}
    if nbgrader:
        cell.metadata["nbgrader"] = _nbgrader(**nbgrader)
    return cell


def _nbgrader(
    grade_id: str,
    grade: bool = False,
    solution: bool = False,
    locked: bool = True,
    points: float | None = None,
    task: bool = False,
) -> dict:
    meta = {
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "grade_id": grade_id,
        "schema_version": 3,
    }
    if task:
        meta.update(task=True, grade=False, solution=False, locked=True)
    if grade or task:
        meta["points"] = points if points is not None else 1
    return meta


def locked(grade_id: str) -> dict:
    """nbgrader fields of a read-only cell (instructions, widgets)."""
    return {"grade_id": grade_id, "locked": True}


def test(grade_id: str, points: float) -> dict:
    """nbgrader fields of an autograded test cell."""
    return {"grade_id": grade_id, "grade": True, "locked": True, "points": points}


def write(cells: list, path: str | Path, title: str | None = None) -> Path:
    """Write a notebook with the course's stable kernelspec and no outputs."""
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    if title:
        nb.metadata["title"] = title
    nbformat.validate(nb)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path
