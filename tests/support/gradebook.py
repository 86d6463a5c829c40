"""What nbgrader's gradebook recorded, read for assertions: each code grade cell's maximum and
a learner's automatic score per cell (None: queued for hand grading)."""

from __future__ import annotations

from pathlib import Path

from nbgrader.api import Gradebook


def max_scores(course: Path, assignment: str) -> dict[str, float]:
    """Each automatically graded code cell of ``assignment`` and its points."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {
            cell.name: cell.max_score
            for notebook in gb.find_assignment(assignment).notebooks
            for cell in notebook.grade_cells
            if cell.cell_type == "code" and cell.max_score
        }


def auto_scores(course: Path, assignment: str, student: str) -> dict[str, float | None]:
    """The learner's automatic score in each of those cells (None when nbgrader left it to an
    instructor)."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {
            grade.name: grade.auto_score
            for notebook in gb.find_submission(assignment, student).notebooks
            for grade in notebook.grades
            if grade.cell_type == "code" and grade.max_score
        }
