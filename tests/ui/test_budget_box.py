"""Lesson 07's budget calculator driven by widget events: figures typed as Spain writes them, the limit per result, the total and the stop rule, the verdict after the test, refusals in Spanish, the value saved for «Mi plan» and the month's hours followed live."""

from __future__ import annotations

import pytest

from course_utils.core.store import AnswerStore
from course_utils.owner.calendar import MONTH_LESSON, MONTH_QUESTION
from course_utils.topics import month
from course_utils.ui.budget_box import budget_calculator, read_figure
from course_utils.ui.month_box import month_builder

QID = "pyme_presupuesto_mes"
NAMES = ("hint", "hours", "result", "daily", "days", "ticket", "margin", "outcome")


def parts(box):
    _heading, *first, _after, spent, got, verdict = box.children
    found = dict(zip(NAMES, first, strict=True))
    return found | {"spent": spent, "got": got, "verdict": verdict}


def test_the_calculator_computes_saves_and_restores(tmp_path):
    store = AnswerStore(MONTH_LESSON, tmp_path)
    box = parts(budget_calculator(store))
    assert (box["hours"].value, box["daily"].value, box["days"].value) == ("1", "7", "7")
    assert box["ticket"].value == "" and "curso-cifra" in box["ticket"]._dom_classes
    assert "tique medio" in box["outcome"].value and store.get(QID) is None
    box["hours"].value = "2"
    box["ticket"].value = "30 €"
    assert "margen en tanto por ciento" in box["outcome"].value and store.get(QID) is None
    box["margin"].value = "40 %"
    said = box["outcome"].value
    assert "Cada reserva puede costarte como mucho 12 €" in said
    assert "49 € en total" in said and "cuando lleves 24 € gastados" in said
    assert "Guardado para tu plan" in said
    saved = store.get(QID)
    assert saved["max_cost"] == 12.0 and saved["verdict"] is None
    assert month.budget_from_value(saved) == month.budget(2, 7, 7, 30, 40)
    assert "escribe lo que has gastado" in box["verdict"].value

    box["result"].value = "visita"
    box["daily"].value = "7,5"  # a decimal comma, as Spain writes it
    assert "Cada visita puede costarte" in box["outcome"].value
    assert "52,50 € en total" in box["outcome"].value
    box["spent"].value = "24"
    assert box["verdict"].value.startswith("<p><b>🔴 Para.</b> Llevas 24 € sin ningún resultado")
    box["got"].value = "3"
    assert "🟢 Sigue" in box["verdict"].value and "8 €" in box["verdict"].value
    saved = store.get(QID)
    assert (saved["daily"], saved["result"], saved["spent"], saved["results"]) == (
        7.5,
        "visita",
        24.0,
        3,
    )
    assert saved["verdict"] == "seguir"
    assert saved["summary"].startswith("2 horas a la semana para tus redes. Prueba de 7 días")

    again = parts(budget_calculator(AnswerStore(MONTH_LESSON, tmp_path)))
    assert [again[k].value for k in ("hours", "result", "daily", "ticket", "spent", "got")] == [
        "2",
        "visita",
        "7,5",
        "30",
        "24",
        "3",
    ]
    assert "🟢 Sigue" in again["verdict"].value


def test_what_cannot_be_used_is_explained_and_keeps_the_last_good_budget(tmp_path):
    store = AnswerStore(MONTH_LESSON, tmp_path)
    box = parts(budget_calculator(store))
    box["ticket"].value, box["margin"].value = "30", "40"
    good = store.get(QID)
    for key, typed, said in (
        ("daily", "20", "entre 5 y 10 € al día"),
        ("daily", "siete", "«siete» no es una cifra"),
        ("days", "7,5", "va un número entero"),
        ("days", "30", "entre 3 y 14 días"),
        ("hours", "", "Falta «Horas a la semana para tus redes»"),
        ("hours", "0", "cuántas horas a la semana"),
    ):
        before = box[key].value
        box[key].value = typed
        assert said in box["outcome"].value, (key, typed, box["outcome"].value)
        assert box["verdict"].value == ""
        assert store.get(QID) == good, "a budget that cannot be used is not saved"
        box[key].value = before
    box["spent"].value = "-5"
    assert "no pueden ser negativos" in box["verdict"].value
    assert store.get(QID)["spent"] is None
    box["spent"].value = "mucho"
    assert "«mucho» no es una cifra" in box["verdict"].value


@pytest.mark.parametrize(
    ("typed", "number"),
    [("7,5", 7.5), ("7.5", 7.5), ("1.200", 1200.0), ("1.200,50 €", 1200.5), (" 40 % ", 40.0)],
)
def test_figures_are_read_as_spain_writes_them(typed, number):
    assert read_figure(typed, "Cifra") == number


def test_an_empty_box_is_no_figure_and_a_word_is_refused():
    assert read_figure("  ", "Cifra") is None
    with pytest.raises(month.MonthError, match="En «Días», «siete» no es una cifra"):
        read_figure("siete", "Días", whole=True)


def test_the_hours_of_the_month_follow_the_month_builder(tmp_path):
    store = AnswerStore(MONTH_LESSON, tmp_path)
    builder = month_builder(store, ["Instagram"], qid=MONTH_QUESTION, when=(2027, 3))
    box = parts(budget_calculator(store, month_qid=MONTH_QUESTION))
    assert "Cuando completes tu mes" in box["hint"].value
    _heading, goal, _goal2, *rest = builder.children
    goal.value = "Más reservas para las cenas"
    rest[0].children[0].value = "La cocina de Paco"
    rest[0].children[1].value = "Más reservas para las cenas"
    assert "aún no está completo" in box["hint"].value
    slots = [dd for week in rest[4].children for dd in week.children[1].children]
    for dd in slots:
        dd.value = "La cocina de Paco"
    # four Instagram photos of 10 minutes: 40 minutes, 0,7 hours, 0,2 a week
    assert "pide unas 0,7 horas para preparar sus 4 publicaciones" in box["hint"].value
    assert "unas 0,2 a la semana" in box["hint"].value
    restored = parts(budget_calculator(AnswerStore(MONTH_LESSON, tmp_path)))
    assert "pide unas 0,7 horas" in restored["hint"].value
