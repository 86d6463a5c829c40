"""nbgrader bridge: a hidden test cell scores one saved answer, prints a Spanish review and returns the points."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import Any

from course_utils.core.errors import CourseError
from course_utils.core.formats import es_points
from course_utils.core.store import answers_path, read_answers
from course_utils.grading.scoring import Result, score


def printable(text: str) -> str:
    """``text`` with lone UTF-16 surrogates (valid JSON, invalid UTF-8) replaced by U+FFFD («�»), so
    that printing a learner's text never fails on the way to the notebook's output."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


class ScorerError(CourseError, RuntimeError):
    """A scorer written by the course's authors failed: an error of the exercise, not the learner's."""


def grade(
    notebook_id: str,
    qid: str,
    kind: str,
    key: Any,
    points: float,
    folder: str | os.PathLike = ".",
    **options: Any,
) -> float:
    """Score one saved answer for an nbgrader test cell: prints a Spanish review, returns points.

    Use it as the last line of a hidden-tests block, so that nbgrader takes the returned
    number as the cell's (partial) grade. It never raises for a learner's problem: a
    missing or damaged answer scores 0 with a message, so other cells are still graded.
    It prints only to standard output (nbgrader gives 0 to a test cell that writes to stderr).
    """
    return grade_with(
        notebook_id, qid, points, lambda value: score(kind, value, key, **options), folder
    )


def grade_with(
    notebook_id: str,
    qid: str,
    points: float,
    scorer: Callable[[Any], Result | tuple[float, list[str]]],
    folder: str | os.PathLike = ".",
) -> float:
    """Like :func:`grade`, with any ``scorer(value)`` returning a Result or (fraction, lines).

    A scorer must accept any saved value (a learner can save anything the widgets allow, and
    a file can be edited by hand). If it raises, that is a bug of the exercise: the cell fails
    with :class:`ScorerError`, so the instructor sees it in nbgrader's log and grades that cell
    by hand, instead of the learner silently getting 0 for "a wrong shape".
    """
    answers, problem = read_answers(answers_path(notebook_id, folder))
    record = answers.get(qid)
    if problem:
        print(problem)
    if not isinstance(record, dict):
        print(f"No se encontró tu respuesta a «{qid}»: 0 de {es_points(points)} puntos.")
        return 0.0
    try:
        result = scorer(record.get("value"))
        if isinstance(result, tuple):
            result = Result(float(result[0]), list(result[1]))
        if not isinstance(result, Result):
            raise TypeError(f"the scorer returned {type(result).__name__}, not a Result")
    except Exception as exc:
        print(
            f"La pregunta «{qid}» no se ha podido corregir automáticamente por un error del "
            "ejercicio, no de tu respuesta: tu formador o formadora la revisará a mano."
        )
        raise ScorerError(
            f"scorer for question {qid!r} of {notebook_id!r} failed: {exc!r}"
        ) from exc
    if not result.answered:
        print(f"No se encontró tu respuesta a «{qid}».")
    fraction = result.fraction if math.isfinite(result.fraction) else 0.0
    earned = round(max(0.0, min(1.0, fraction)) * points, 2)
    print(f"Pregunta «{qid}»: {es_points(earned)} de {es_points(points)} puntos.")
    for line in result.lines:
        print("  " + printable(line))
    return earned


def show_answer(notebook_id: str, qid: str, folder: str | os.PathLike = ".") -> None:
    """Print a learner's saved free text, for whoever grades it by hand (formgrader)."""
    answers, problem = read_answers(answers_path(notebook_id, folder))
    value = (answers.get(qid) or {}).get("value")
    if problem:
        print(problem)
    if isinstance(value, str) and value.strip():
        print(f"Respuesta escrita a «{qid}»:\n")
        print(printable(value))
    else:
        print(f"No se encontró tu respuesta a «{qid}».")
