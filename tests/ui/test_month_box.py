"""Lesson 07's month builder driven by widget events: it refuses an empty week and a pillar without an objective, saves the month and restores it."""

from __future__ import annotations

from course_utils.core.store import AnswerStore
from course_utils.owner.calendar import MONTH_LESSON, MONTH_QUESTION, month_from_answers
from course_utils.ui.month_box import NONE, month_builder, next_month

CHANNELS = ["Instagram", "ficha de Google"]


def parts(box):
    heading, goal1, goal2, *rest = box.children
    rows, grid, status, table = rest[:4], rest[4], rest[5], rest[6]
    names = [r.children[0] for r in rows]
    serves = [r.children[1] for r in rows]
    slots = [c for c in grid.children if hasattr(c, "options")]
    return goal1, names, serves, slots, status, table


def test_the_builder_checks_saves_and_restores(tmp_path):
    store = AnswerStore(MONTH_LESSON, tmp_path)
    box = month_builder(store, CHANNELS, when=(2027, 3))
    goal, names, serves, slots, status, table = parts(box)
    assert "Tu mes: marzo de 2027" in box.children[0].value
    assert "21 de marzo: Semana Santa" in box.children[0].value  # the key dates of the month
    assert len(slots) == 4 * len(CHANNELS)
    goal.value = "Más reservas para las cenas"
    names[0].value = "La cocina de Paco"
    names[1].value = "La terraza"
    assert "Pilar 1" not in status.value and "no sirve a ninguno" in status.value
    serves[0].value = "Más reservas para las cenas"
    serves[1].value = "Más reservas para las cenas"
    for dd in slots[:6]:  # weeks 1–3, both channels
        dd.value = "La cocina de Paco"
    assert "semana 4 (del 22 al 31 de marzo)" in status.value.lower()
    assert month_from_answers(tmp_path) is None, "an unfinished month stays out of the plan"
    slots[6].value = "La terraza"
    assert "✅" in status.value and "7 publicaciones" in status.value
    assert table.value.count("<tr>") == 8  # a header and seven posts
    saved = month_from_answers(tmp_path)
    assert saved is not None and len(saved.posts) == 7
    assert store.get(MONTH_QUESTION)["objectives"] == ["Más reservas para las cenas"]

    again = parts(month_builder(AnswerStore(MONTH_LESSON, tmp_path), CHANNELS))
    assert again[1][1].value == "La terraza" and again[2][1].value == "Más reservas para las cenas"
    assert [d.value for d in again[3]] == [d.value for d in slots]
    assert "✅" in again[4].value


def test_removing_an_objective_unties_its_pillars(tmp_path):
    store = AnswerStore(MONTH_LESSON, tmp_path)
    goal, names, serves, slots, status, _ = parts(month_builder(store, CHANNELS, when=(2027, 3)))
    goal.value = "Más citas"
    names[0].value = "Antes y después"
    serves[0].value = "Más citas"
    goal.value = ""
    assert serves[0].value == NONE and "al menos un objetivo" in status.value


def test_next_month_turns_the_year():
    from datetime import date

    assert next_month(date(2026, 12, 6)) == (2027, 1)
    assert next_month(date(2027, 3, 31)) == (2027, 4)
