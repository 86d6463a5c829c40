"""Stated durations are honest: each lesson's minutes match its content (130 words a minute of
markdown plus a minute per question) within 5 minutes, and the box says what the metadata says."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from course_utils.core.lessons import estimated_minutes, markdown_words, read_lesson

LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
TOLERANCE = 5  # minutes


def _markdown(path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_the_estimate_counts_words_and_questions(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Título\n\n" + " ".join(["palabra"] * 258)),
        nbformat.v4.new_code_cell("x = 'estas palabras no cuentan'"),
        nbformat.v4.new_markdown_cell("Cuarenta-y-dos, l'école: 3,5 %"),
    ]
    nb.metadata["course"] = {
        "title": "Título",
        "minutes": 5,
        "objectives": ["Probar."],
        "questions": ["p1", "p2", "p3"],
    }
    path = tmp_path / "99-prueba.ipynb"
    nbformat.write(nb, path)
    # «Título» + 258 + «Cuarenta-y-dos» + «l'école» + «3» + «5» = 263 words
    assert markdown_words(path) == 263
    assert estimated_minutes(path) == pytest.approx(263 / 130 + 3)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_stated_minutes_are_close_to_the_estimate(path):
    lesson = read_lesson(path)
    estimate = estimated_minutes(path)
    assert abs(lesson.minutes - estimate) <= TOLERANCE, (
        f"{path.name}: states {lesson.minutes} min, but {markdown_words(path)} words "
        f"and {len(lesson.questions)} questions give about {estimate:.1f} min "
        f"(state {5 * round(estimate / 5)})"
    )


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_the_box_states_the_metadata_minutes(path):
    stated = re.findall(r"Duración\*{0,2}:?\*{0,2}:?\s*⏱️\s*(\d+)\s*minutos", _markdown(path))
    assert stated == [str(read_lesson(path).minutes)], (
        f"{path.name}: the «Duración: ⏱️ N minutos» line says {stated}, "
        f"metadata.course.minutes is {read_lesson(path).minutes}"
    )
