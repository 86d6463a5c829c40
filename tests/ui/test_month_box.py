"""Lesson 07's month builder driven by widget events: it refuses an empty week and a pillar without an objective, saves the month and restores it; weeks, key dates and the table read as Spain writes dates, and each week's channels wrap (one drop-down per channel, named with its week)."""

from __future__ import annotations

import re

from course_utils.core.store import AnswerStore
from course_utils.owner.calendar import MONTH_LESSON, MONTH_QUESTION, month_from_answers
from course_utils.ui.month_box import NONE, month_builder, next_month

CHANNELS = ["Instagram", "ficha de Google"]


def parts(box):
    heading, goal1, goal2, *rest = box.children
    rows, weeks, status, table = rest[:4], rest[4], rest[5], rest[6]
    names = [r.children[0] for r in rows]
    serves = [r.children[1] for r in rows]
    slots = [dd for week in weeks.children for dd in week.children[1].children]
    return goal1, names, serves, slots, status, table


def test_each_week_is_a_block_of_drop_downs_that_wraps(tmp_path):
    """A fixed weeks × channels table scrolled sideways on a 390 px phone (issue 24): each week
    is its own block, its dates written out, and its channels sit in a grid that puts as many
    side by side as fit; the week stays in every drop-down's name for screen readers."""
    box = month_builder(AnswerStore(MONTH_LESSON, tmp_path), CHANNELS, when=(2027, 1))
    weeks = box.children[7]
    assert [w.children[0].value for w in weeks.children] == [
        "<b>Semana 1</b> · del 1 al 7 de enero",
        "<b>Semana 2</b> · del 8 al 14 de enero",
        "<b>Semana 3</b> · del 15 al 21 de enero",
        "<b>Semana 4</b> · del 22 al 31 de enero",
    ]
    for number, week in enumerate(weeks.children, start=1):
        assert "curso-mes-semana" in week._dom_classes
        grid = week.children[1]
        assert "auto-fill" in grid.layout.grid_template_columns, "columns that wrap"
        for dd, channel in zip(grid.children, CHANNELS, strict=True):
            assert dd.description_allow_html
            hidden, shown = re.fullmatch(
                r'<span class="curso-mes-oculto">(.*)</span>(.*)', dd.description
            ).groups()
            assert (hidden, shown) == (f"Semana {number} · ", channel)
    assert ".curso-mes-oculto" in box.children[0].value and "clip-path" in box.children[0].value


def test_the_builder_checks_saves_and_restores(tmp_path):
    store = AnswerStore(MONTH_LESSON, tmp_path)
    box = month_builder(store, CHANNELS, when=(2027, 3))
    goal, names, serves, slots, status, table = parts(box)
    assert "Tu mes: marzo de 2027" in box.children[0].value
    assert "21 de marzo: Semana Santa" in box.children[0].value  # the key dates of the month
    assert "2027-03" not in box.children[0].value
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
    assert "<td>1 de marzo</td><td>lunes</td><td>Instagram</td>" in table.value
    assert not re.search(r"\d{4}-\d\d-\d\d", table.value), "no ISO date on screen"
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
