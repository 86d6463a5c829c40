"""The nbgrader bridge: a hidden test cell prints a Spanish review and returns the points."""

from __future__ import annotations

import pytest

from course_utils.core.store import AnswerStore, answers_path
from course_utils.grading import cells as grading


def test_grade_prints_spanish_and_returns_points(tmp_path, capsys):
    AnswerStore("ex", tmp_path).save("p2", ["a", "c"])
    points = grading.grade("ex", "p2", "multiple", ["a", "b"], points=2, folder=tmp_path)
    out = capsys.readouterr()
    assert points == 0.0 and "0 de 2 puntos" in out.out and out.err == ""
    assert grading.grade("ex", "p2", "multiple", ["a", "c", "d"], points=3, folder=tmp_path) == 2.0


def test_grade_missing_answer_and_odd_fractions(tmp_path, capsys):
    assert grading.grade("ex", "p9", "single", "a", points=1, folder=tmp_path) == 0
    assert "No se encontró tu respuesta a «p9»" in capsys.readouterr().out
    AnswerStore("ex", tmp_path).save("p1", "a")

    assert grading.grade_with("ex", "p1", 2, lambda v: (float("nan"), []), folder=tmp_path) == 0
    assert grading.grade_with("ex", "p1", 2, lambda v: (7.0, ["más"]), folder=tmp_path) == 2


def test_show_answer(tmp_path, capsys):
    AnswerStore("ex", tmp_path).save("t", "Mi texto")
    grading.show_answer("ex", "t", folder=tmp_path)
    grading.show_answer("ex", "nada", folder=tmp_path)
    out = capsys.readouterr().out
    assert "Mi texto" in out and "No se encontró tu respuesta a «nada»" in out
    answers_path("ex", tmp_path).write_text("[]")
    grading.show_answer("ex", "t", folder=tmp_path)
    assert "no es válido" in capsys.readouterr().out


def test_a_broken_scorer_is_the_exercise_s_fault_not_the_learner_s(tmp_path, capsys):
    """A bug in an author's scorer fails the cell loudly (instructor's log) and says so in Spanish."""
    AnswerStore("ex", tmp_path).save("p1", "a")

    def broken(_value):
        raise KeyError("boom")

    with pytest.raises(grading.ScorerError, match="p1"):
        grading.grade_with("ex", "p1", 2, broken, folder=tmp_path)
    out = capsys.readouterr().out
    assert "error del ejercicio, no de tu respuesta" in out
    assert "forma esperada" not in out
    with pytest.raises(grading.ScorerError):
        grading.grade_with("ex", "p1", 2, lambda v: "no es un resultado", folder=tmp_path)


def test_a_lone_surrogate_in_a_saved_text_prints_and_scores(tmp_path):
    """Valid JSON ("\\ud800") but not UTF-8: the review and the shown answer still print."""
    import json
    import os
    import subprocess
    import sys

    from course_utils.core.store import SCHEMA_VERSION, read_answers

    document = {"schema": SCHEMA_VERSION, "answers": {"t": {"value": "Gracias \ud800 por todo"}}}
    path = answers_path("ex", tmp_path)
    path.write_text(json.dumps(document), encoding="utf-8")  # ensure_ascii: "\ud800" escaped
    assert read_answers(path) == (document["answers"], None)
    script = (
        "from course_utils import grading, scoring\n"
        f"folder = {str(tmp_path)!r}\n"
        "grading.show_answer('ex', 't', folder=folder)\n"
        "print(grading.grade_with('ex', 't', 1, lambda v: scoring.Result(0.5, [v]), folder))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},  # strict: a surrogate would raise
        check=False,
    )
    out = run.stdout.decode("utf-8")
    assert run.returncode == 0, run.stderr.decode()
    assert out.count("Gracias \ufffd por todo") == 2 and out.strip().endswith("0.5")
