"""Scoring with partial credit and the nbgrader bridge's messages."""

from __future__ import annotations

import pytest

from course_utils import grading
from course_utils.store import AnswerStore, answers_path


def test_single():
    assert grading.score_single("b", "b").fraction == 1
    assert grading.score_single("a", ["b", "c"]).fraction == 0
    assert grading.score_single(None, "b").answered is False


@pytest.mark.parametrize("picked, fraction", [
    (["a", "b"], 1.0), (["a"], 0.5), (["a", "c"], 0.0), (["a", "b", "c"], 0.5), (["c", "d"], 0.0),
])
def test_multiple_right_minus_wrong_floored(picked, fraction):
    assert grading.score_multiple(picked, ["a", "b"]).fraction == pytest.approx(fraction)


def test_classify_share_and_accepted_lists():
    key = {"i1": "x", "i2": ["y", "z"], "i3": "x", "i4": "y"}
    assert grading.score_classify({"i1": "x", "i2": "z", "i3": "y"}, key).fraction == 0.5
    assert grading.score_classify({}, key).answered is False


def test_order_positions_and_rank():
    key = ["a", "b", "c", "d"]
    assert grading.score_order({"a": 1, "b": 2, "c": 4, "d": 3}, key).fraction == 0.5
    assert grading.score_order(["a", "b", "c", "d"], key).fraction == 1
    assert grading.score_order({"a": 4, "b": 3, "c": 2, "d": 1}, key, "rank").fraction == 0
    assert grading.score_order({"a": 2, "b": 1, "c": 3, "d": 4}, key, "rank").fraction == pytest.approx(0.8)
    assert grading.score_order({"a": True}, key).answered is False


@pytest.mark.parametrize("text, number", [
    ("4,5", 4.5), ("4.5", 4.5), ("1.200", 1200), ("1.200,5", 1200.5), (" 15 % ", 15), ("abc", None),
    ("inf", None), (True, None), (3, 3.0),
])
def test_parse_number_spanish(text, number):
    assert grading.parse_number(text) == number


def test_grade_prints_spanish_and_returns_points(tmp_path, capsys):
    AnswerStore("ex", tmp_path).save("p2", ["a", "c"])
    points = grading.grade("ex", "p2", "multiple", ["a", "b"], points=2, folder=tmp_path)
    out = capsys.readouterr()
    assert points == 0.0 and "0 de 2 puntos" in out.out and out.err == ""
    assert grading.grade("ex", "p2", "multiple", ["a", "c", "d"], points=3, folder=tmp_path) == 2.0


def test_grade_missing_answer_and_bad_scorer(tmp_path, capsys):
    assert grading.grade("ex", "p9", "single", "a", points=1, folder=tmp_path) == 0
    assert "No se encontró tu respuesta a «p9»" in capsys.readouterr().out
    AnswerStore("ex", tmp_path).save("p1", "a")

    def broken(_value):
        raise KeyError("boom")

    assert grading.grade_with("ex", "p1", 2, broken, folder=tmp_path) == 0
    assert "no tiene la forma esperada" in capsys.readouterr().out
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
