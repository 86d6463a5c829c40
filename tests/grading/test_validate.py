"""nbgrader's Validate button never says «Success» on an unanswered exercise, and says what is missing in Spanish."""

from __future__ import annotations

import json
import shutil

import pytest

from course_utils.core.lessons import exercise_notebook
from course_utils.grading.submissions import nbgrader
from support import ROOT, answers_doc

pytestmark = pytest.mark.nbgrader

EXERCISE = "00-primeros-pasos"


def doc(answers: dict) -> str:
    return answers_doc(EXERCISE, answers)


def test_validate_fails_with_the_unanswered_questions_then_succeeds(tmp_path):
    folder = tmp_path / EXERCISE
    shutil.copytree(ROOT / "exercises" / EXERCISE, folder)
    notebook = folder / exercise_notebook(EXERCISE)
    shutil.copy(ROOT / "nbgrader_config.py", folder)
    empty = nbgrader(folder, "validate", str(notebook))
    said = empty.stdout + empty.stderr
    assert "Success" not in said and "NO tendrás la nota" in said
    assert "Te quedan 6 preguntas sin responder" in said, said[-2000:]
    perfect = json.loads((ROOT / "tests" / "data" / "reference" / f"{EXERCISE}.json").read_text())
    (folder / f"respuestas-{EXERCISE}.json").write_text(doc(perfect["perfect"]), "utf-8")
    done = nbgrader(folder, "validate", str(notebook))
    assert "Success" in done.stdout + done.stderr, (done.stdout + done.stderr)[-2000:]
