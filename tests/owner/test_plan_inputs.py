"""Lesson 06's structured answers: the KPI table, the budget line, the crisis contacts and the contract checklist, from typing in the boxes to the plan's HTML and PDF, with bad input (empty, huge, HTML, odd Unicode, forged files) answered in Spanish and nothing lost."""

from __future__ import annotations

import inspect
import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from course_utils.core.store import MAX_VALUE_BYTES, AnswerStore
from course_utils.owner import plan_inputs
from course_utils.owner.plan import build_plan, content, plan_html
from course_utils.owner.plan_pdf import write_pdf
from course_utils.topics import delegation, month, triage
from course_utils.ui import budget_box
from course_utils.ui.plan_page import (
    PlanPage,
    calendar_html,
    missing_html,
    parts_html,
    summary_html,
)
from support import ROOT, copy_course
from support.owner import CONTACT_ROW, GOAL, KPI_ROW, a_month, answer_everything, pdf_text

DAY = date(2026, 11, 24)
L06, L07 = "06-mi-plan", "07-tu-mes-en-redes"
XSS = "<script>alert('x')</script><img src=x onerror=alert(1)>"
ODD = "Ｔａｌｌｅｒ\u202eabc\u200b e\u0301 ß 😀👩‍👩‍👧 € «»"


@pytest.fixture
def course(tmp_path) -> Path:
    """A copy of the course's lessons without anybody's answers; returns the lessons folder."""
    return copy_course(tmp_path, "lessons", config=False) / "lessons"


def part(plan, part_id: str):
    return next(p for p in plan.parts if p.id == part_id)


def page(course: Path) -> PlanPage:
    from course_utils import start

    return PlanPage(start(L06, folder=str(course)), course, DAY)


# -- cleaning and checking ---------------------------------------------------------------------


def test_clean_keeps_what_was_typed_on_one_line():
    assert plan_inputs.clean("  Reseñas\ten\nGoogle \x0c ") == "Reseñas en Google"
    assert plan_inputs.clean("e\u0301") == "é", "composed, as the PDF font wants it"
    assert plan_inputs.clean(ODD) == unicodedata.normalize("NFC", ODD), "odd Unicode kept"
    assert plan_inputs.clean(40) == "40" and plan_inputs.clean(1.5) == "1.5"
    for forged in (None, True, ["40"], {"a": 1}):
        assert plan_inputs.clean(forged) == ""


def test_a_row_without_its_required_columns_says_what_is_missing():
    rows = [
        {"indicador": "Reseñas en Google", "partida": "", "meta": "", "fuente": ""},
        {"indicador": "", "partida": "", "meta": "", "fuente": ""},  # empty: skipped
        {"indicador": "", "partida": "20", "meta": "30", "fuente": ""},
    ]
    assert plan_inputs.row_problems("kpis", rows) == [
        "Fila 1: falta la cifra de hoy y la meta.",
        "Fila 3: falta qué mides (el indicador).",
    ]
    contact = {"quien": "Javi", "papel": "", "como": "", "cuando": ""}
    assert plan_inputs.row_problems("contacts", [contact]) == [
        "Fila 1: falta cómo localizarla y cuándo la llamas."
    ]


def test_a_huge_cell_and_too_many_rows_are_named():
    huge = "x" * 5000
    rows = [dict(KPI_ROW, meta=huge)] + [dict(KPI_ROW)] * 8
    problems = plan_inputs.row_problems("kpis", rows)
    assert problems[0] == (
        "Fila 1, «Meta»: tiene 5.000 caracteres y caben 80. Acórtala para que quepa en la "
        "tabla de tu plan."
    )
    assert problems[-1] == "Caben 8 filas y hay 9: quédate con las que más importan."
    printed = plan_inputs.complete_rows("kpis", rows)
    assert len(printed) == 8 and len(printed[0]["meta"]) <= 80 and printed[0]["meta"][-1] == "…"


def test_a_forged_table_reads_as_what_can_be_read():
    """A hand-edited answers file never breaks the plan: odd rows are left out, a choice
    outside the list is empty, and no more than READ_ROWS rows are read."""
    assert plan_inputs.rows_of("kpis", "Reseñas") == []
    assert plan_inputs.rows_of("kpis", {"indicador": "x"}) == []
    forged = [
        "a row",
        None,
        {"indicador": ["lista"], "partida": 40, "meta": True, "otra": "x"},
        {"quien": "Javi", "como": "600", "cuando": "<script>"},
    ]
    assert plan_inputs.rows_of("kpis", forged) == [
        {"indicador": "", "partida": "40", "meta": "", "fuente": ""}
    ]
    assert plan_inputs.rows_of("contacts", forged[3:]) == [
        {"quien": "Javi", "papel": "", "como": "600", "cuando": ""}
    ]
    many = [dict(KPI_ROW, indicador=f"I{n}") for n in range(500)]
    assert len(plan_inputs.rows_of("kpis", many)) == plan_inputs.READ_ROWS


def test_lesson_07s_kpi_lines_become_rows():
    text = (
        "Reservas por Instagram | hoy 4 | meta 12 | libreta de reservas\n"
        "una línea sin barras\n"
        "Llamadas | 20 | 30\n"
        "Visitas | 5 | 9 | web | y más | cosas\n"
        " | | | \n"
    )
    assert plan_inputs.kpis_from_lines(text) == [
        {
            "indicador": "Reservas por Instagram",
            "partida": "hoy 4",
            "meta": "meta 12",
            "fuente": "libreta de reservas",
        },
        {"indicador": "Llamadas", "partida": "20", "meta": "30", "fuente": ""},
        {"indicador": "Visitas", "partida": "5", "meta": "9", "fuente": "web y más cosas"},
    ]
    assert plan_inputs.kpis_from_lines(None) == [] and plan_inputs.kpis_from_lines(["a"]) == []


def test_the_objectives_of_lesson_02_suggest_the_first_rows():
    rows = plan_inputs.suggested_kpis(
        [
            "Conseguir 15 reseñas nuevas en Google antes del 31 de marzo; Pedro.",
            "Conseguir 20 reseñas en Google antes de junio; Lola.",  # same indicator: once
            "Estar en TikTok.",  # presence only: nothing
            "Conseguir 30 llamadas al mes desde la ficha de Google; Ramón.",
        ]
    )
    assert rows == [
        {
            "indicador": "Reseñas en Google",
            "partida": "",
            "meta": "15 reseñas",
            "fuente": "Perfil de Empresa de Google: Reseñas",
        },
        {
            "indicador": "Llamadas en Google",
            "partida": "",
            "meta": "30 llamadas",
            "fuente": "Perfil de Empresa de Google: Rendimiento (llamadas)",
        },
    ]
    assert plan_inputs.source_for("algo que nadie mide") == ""


def test_the_contacts_ladder_starts_with_lesson_01s_escalation():
    """The first «when» is the flowchart's serious step (escalate), and INCIBE's 017 is added."""
    when = plan_inputs.table_spec("contacts")["when"]
    step = next(s for s in triage.flowchart() if s.get("serious"))
    assert list(when)[0] == "riesgo" and step["action"] == "escalar"
    for word in ("amenazas", "salud", "seguridad", "legal"):
        assert word in when["riesgo"] and word in step["question"]
    rows = [
        dict(CONTACT_ROW, quien="Asesoría", cuando="queja"),
        dict(CONTACT_ROW, quien="Javi", cuando="riesgo"),
    ]
    ordered = plan_inputs.contact_order(rows)
    assert [r["quien"] for r in ordered] == ["Javi", "Asesoría", "INCIBE, línea 017"]


# -- the budget line ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "euros", "problems"),
    [
        ("3", "50", []),
        ("1,5", "1.200", []),
        ("0", "0", []),
        ("", "", ["Falta cuántas horas", "Falta cuántos euros"]),
        ("tres", "50", ["«tres» no es una cifra: en «Horas a la semana» escribe solo el número"]),
        ("-5", "50", ["«Horas a la semana» no puede ser negativo."]),
        ("100", "50", ["Revisa «Horas a la semana»: más de 60 horas"]),
        ("3", "99999", ["Revisa «Euros al mes»: más de 20.000 €"]),
        ("3", "<b>50</b>", ["«<b>50</b>» no es una cifra"]),
        ("3", "5" * 500, ["no es una cifra"]),
    ],
)
def test_the_budget_is_checked_in_spanish(hours, euros, problems):
    found = plan_inputs.budget_problems(hours, euros)
    assert len(found) == len(problems)
    for sentence, start in zip(found, problems, strict=True):
        assert start in sentence and sentence.endswith(".")


def test_the_budget_reads_lesson_06_and_lesson_07s_calculator():
    budget, problems = plan_inputs.read_budget({"horas_semana": "1,5", "euros_mes": "0"}, L06)
    assert not problems and budget.sentence() == "1,5 horas a la semana, sin gasto en euros"
    budget, _ = plan_inputs.read_budget({"horas_semana": 1, "euros_mes": 1200}, L07)
    assert budget.sentence() == "1 hora a la semana y 1.200 € al mes" and budget.source == L07
    calculated = month.budget_value(month.budget(3, 7, 7, 30, 40))
    budget, problems = plan_inputs.read_budget(calculated, L07)
    assert (budget.hours, budget.euros, problems) == (3, 49, [])
    budget, problems = plan_inputs.read_budget({**calculated, "daily": "mucho"}, L07)
    assert budget is None and "vuelve a calcularlo en la lección 07" in problems[0]
    budget, problems = plan_inputs.read_budget({"horas_semana": "3", "euros_mes": "mucho"}, L06)
    assert budget.sentence() == "3 horas a la semana; euros al mes: pendiente" and problems
    for nothing in (None, "3 horas", [], {}, {"horas_semana": "", "euros_mes": " "}):
        assert plan_inputs.read_budget(nothing, L06) == (None, [])


def test_hours_are_said_as_spoken():
    said = [plan_inputs.about(h) for h in (0.01, 0.35, 0.99, 1.3, 2.74)]
    assert said == [
        "unos 5 minutos",
        "unos 20 minutos",
        "una hora",
        "unas 1,5 horas",
        "unas 2,5 horas",
    ]
    assert [plan_inputs.hours_text(h) for h in (1, 1.5, 1200)] == [
        "1 hora",
        "1,5 horas",
        "1.200 horas",
    ]


def test_the_contract_reads_only_a_known_model():
    items = delegation.contract_items()
    contract = plan_inputs.read_contract({"modelo": "agencia", "hecho": ["cuentas", "nada", 3]})
    assert contract.delegates and contract.done == [items["cuentas"]]
    assert len(contract.pending) == len(items) - 1
    assert not plan_inputs.read_contract({"modelo": "dentro"}).delegates
    for forged in (None, "agencia", {"modelo": "<script>"}, {"hecho": ["cuentas"]}):
        assert plan_inputs.read_contract(forged) is None


# -- in the plan -------------------------------------------------------------------------------


def test_without_answers_each_new_part_is_missing_and_asked_below(course):
    plan = build_plan(course, DAY)
    for part_id, qid in (
        ("indicadores", "plan_kpis"),
        ("crisis", "plan_contactos"),
        ("contrato", "plan_contrato"),
        ("presupuesto", "plan_presupuesto"),
    ):
        found = part(plan, part_id)
        assert not found.items and [m.qid for m in found.missing] == [qid]
        assert found.missing[0].here, "lesson 06 asks it itself"
    shown = missing_html(plan)
    assert "Lo completas más abajo, en esta misma lección." in shown
    assert "href='06-mi-plan.ipynb'" not in shown, "no link to the page the owner is on"
    assert "href='06-mi-plan.ipynb'" in plan_html(plan), "the printed page names the lesson"
    rows = dict(plan.summary)
    assert rows["Tu presupuesto"] == rows["Tus indicadores"] == "Pendiente (lección 06)."


def test_every_new_part_in_the_plan_the_calendar_and_the_summary(course):
    answer_everything(course)
    plan = build_plan(course, DAY)
    assert not plan.missing and not plan.problems
    kpis = part(plan, "indicadores").items[0]
    table = next(b.table for b in kpis.blocks if b.kind == "table")
    assert table.headers == ("Indicador", "Cifra de partida", "Meta", "Dónde la lees")
    assert table.rows[0] == tuple(KPI_ROW.values())
    assert table.rows[1][3] == "Perfil de Empresa de Google: Rendimiento (llamadas) (sugerencia)"
    contacts = next(b.table for b in part(plan, "crisis").items[0].blocks if b.kind == "table")
    assert [r[0] for r in contacts.rows] == ["Ramón", "INCIBE, línea 017"]
    assert contacts.rows[0][3] == plan_inputs.table_spec("contacts")["when"]["riesgo"]
    contract = part(plan, "contrato").items[0].text
    assert "Delegas: «Híbrido" in contract and "Te falta dejar claro (6 de 8):" in contract
    assert part(plan, "presupuesto").items[0].text == "3 horas a la semana y 50 € al mes."
    summary = dict(plan.summary)
    assert summary["Tus indicadores"] == (
        "Reseñas en Google: de 40 a 55 el 31 de marzo; "
        "Llamadas desde la ficha: de 20 al mes a 30 al mes"
    )
    assert summary["Si algo se tuerce, llamas a"] == "Ramón (Dueño): Móvil 600 000 000"
    assert summary["Tu presupuesto"] == "3 horas a la semana y 50 € al mes."
    week = {a.text: a.week for a in plan.calendar}
    assert week["Guarda tus contactos de crisis en el móvil de quien responde."] == 1
    assert (
        week["Repasa tu contrato con quien lleva tus redes: quedan 6 puntos por dejar claro."] == 2
    )
    assert sorted(a.week for a in plan.calendar if "indicador de tu tabla" in a.text) == [4, 8]


def test_an_owner_who_keeps_it_in_house_needs_no_contract(course):
    answer_everything(course)
    AnswerStore(L06, course).save("plan_contrato", {"modelo": "dentro", "hecho": []})
    plan = build_plan(course, DAY)
    assert part(plan, "contrato").complete
    assert "no necesitas contrato" in part(plan, "contrato").items[0].text
    assert not [a for a in plan.calendar if "contrato" in a.text]


def test_lesson_07s_budget_and_kpis_fill_in_while_lesson_06s_are_empty(course):
    """Lesson 07's budget calculator (its box saves month.budget_value under the id plan.yaml
    names) and its KPI lines fill in until lesson 06 has its own."""
    store = AnswerStore(L07, course)
    spec = plan_inputs.inputs()["budget"]
    saved_as = inspect.signature(budget_box.budget_calculator).parameters["qid"].default
    assert spec["from_id"] == saved_as  # the id lesson 07's box saves under
    store.save(spec["from_id"], month.budget_value(month.budget(2, 7, 7, 30, 40)))
    store.save("pyme_kpis", "Reservas por Instagram | hoy 4 | meta 12 | libreta de reservas")
    plan = build_plan(course, DAY)
    budget = part(plan, "presupuesto").items[0]
    assert budget.text == "2 horas a la semana y 49 € al mes."
    assert "Lo calculaste en la lección 07." in budget.html
    kpis = part(plan, "indicadores").items[0]
    assert "Reservas por Instagram: de hoy 4 a meta 12 (dónde: libreta de reservas)" in kpis.text
    AnswerStore(L06, course).save("plan_presupuesto", {"horas_semana": "5", "euros_mes": "0"})
    AnswerStore(L06, course).save("plan_kpis", [KPI_ROW])
    plan = build_plan(course, DAY)
    assert part(plan, "presupuesto").items[0].text == "5 horas a la semana, sin gasto en euros."
    assert "Reservas por Instagram" not in part(plan, "indicadores").items[0].text


def test_rows_with_problems_are_kept_and_named_not_printed_half(course):
    AnswerStore(L06, course).save(
        "plan_kpis", [KPI_ROW, {"indicador": "Seguidores", "partida": "", "meta": "", "fuente": ""}]
    )
    AnswerStore(L06, course).save("plan_presupuesto", {"horas_semana": "tres", "euros_mes": "50"})
    plan = build_plan(course, DAY)
    kpis = part(plan, "indicadores").items[0]
    assert "Revisa: Fila 2: falta la cifra de hoy y la meta." in kpis.text
    assert "Seguidores" not in kpis.text.split("Revisa")[0], "half a row is not printed"
    budget = part(plan, "presupuesto").items[0].text
    assert budget.startswith("Horas a la semana: pendiente y 50 € al mes.")
    assert "«tres» no es una cifra" in budget


def test_half_contacts_are_named_and_the_017_is_not_taken_for_the_owners(course):
    AnswerStore(L06, course).save("plan_contactos", [{"quien": "Javi", "papel": "Dueño"}])
    plan = build_plan(course, DAY)
    item = part(plan, "crisis").items[0]
    assert "Revisa: Fila 1: falta cómo localizarla y cuándo la llamas." in item.text
    assert not any(b.kind == "table" for b in item.blocks) and "INCIBE" not in item.text
    assert dict(plan.summary)["Si algo se tuerce, llamas a"] == (
        "Revisa: Fila 1: falta cómo localizarla y cuándo la llamas."
    )


def test_the_budget_warns_when_the_months_calendar_needs_more_hours(course):

    from course_utils.topics import month

    AnswerStore(L07, course).save("pyme_mes", month.month_value(a_month(), [GOAL]))
    AnswerStore(L06, course).save("plan_presupuesto", {"horas_semana": "0,1", "euros_mes": "0"})
    text = part(build_plan(course, DAY), "presupuesto").items[0].text
    # a reel, a Google post, a story and a carousel: 90 minutes a month, about 20 a week
    assert "Revisa: tu calendario de marzo de 2027 pide unos 20 minutos a la semana" in text
    assert "tu presupuesto dice 0,1 horas" in text
    AnswerStore(L06, course).save("plan_presupuesto", {"horas_semana": "3", "euros_mes": "0"})
    assert "Revisa" not in part(build_plan(course, DAY), "presupuesto").items[0].text


def test_the_months_calendar_is_whole_and_a_broken_one_is_reported(course):

    from course_utils.topics import month

    store = AnswerStore(L07, course)
    store.save("pyme_mes", month.month_value(a_month(), ["Más reservas para las cenas"]))
    plan = build_plan(course, DAY)
    item = part(plan, "mes").items[0]
    table = next(b.table for b in item.blocks if b.kind == "table")
    assert table.headers == ("Fecha", "Día", "Canal", "Formato", "Pilar", "Quién")
    assert table.rows[0] == (
        "4 de marzo",
        "jueves",
        "Instagram",
        "Reel o vídeo corto",
        "La cocina de Paco",
        "Lucía",
    )
    assert "- La cocina de Paco: sirve a «Más reservas para las cenas»" in item.text
    broken = month.month_value(a_month(), ["Más reservas para las cenas"])
    broken["posts"] = [p for p in broken["posts"] if p["week"] != 3]
    store.save("pyme_mes", broken)
    plan = build_plan(course, DAY)
    assert not part(plan, "mes").items
    assert any(
        p.startswith("Tu calendario del mes no ha entrado en el plan: La semana 3")
        for p in plan.problems
    )


# -- escaped wherever it is shown --------------------------------------------------------------


def test_html_and_odd_unicode_typed_in_the_new_parts_are_text(course):
    answer_everything(course)
    store = AnswerStore(L06, course)
    store.save("plan_kpis", [dict(KPI_ROW, indicador=XSS, fuente=ODD)])
    store.save("plan_contactos", [dict(CONTACT_ROW, quien=XSS, papel=ODD)])
    store.save("plan_presupuesto", {"horas_semana": XSS, "euros_mes": "50"})
    store.save("plan_contrato", {"modelo": "<b>agencia</b>", "hecho": [XSS]})
    plan = build_plan(course, DAY)
    escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    for shown in (
        plan_html(plan),
        parts_html(plan),
        summary_html(plan),
        missing_html(plan),
        calendar_html(plan),
    ):
        assert "<script" not in shown and "<img src=x" not in shown
    page = plan_html(plan)
    assert escaped in page and unicodedata.normalize("NFC", ODD) in page
    assert f"<td>{escaped}</td>" in page, "the KPI cell and the contact's name, escaped"
    assert re.search(
        r"«&lt;script&gt;alert\(&#39;x&#39;\)&lt;/script&gt;[^»]*» no es una cifra", page
    )
    assert part(plan, "contrato").missing, "an unknown model is not an answer"


def test_the_plan_modules_write_no_html_by_hand():
    """Issue 21: the plan's HTML comes from data/templates, escaped there; the code passes data."""
    for name in ("owner/plan.py", "ui/plan_page.py", "ui/plan_inputs.py", "owner/plan_inputs.py"):
        source = (ROOT / "course_utils" / name).read_text(encoding="utf-8")
        tags = re.findall(
            r"""["'][^"'\n]*<(?:p|b|li|ul|table|tr|td|th|a|h\d|details)[\s>]""", source
        )
        assert not tags, f"{name} builds HTML: {tags[:3]}"
        assert "html.escape" not in source, name


# -- the PDF -----------------------------------------------------------------------------------


def test_the_pdf_prints_the_months_calendar_and_the_kpi_table(course, tmp_path):

    from course_utils.topics import month

    answer_everything(course)
    AnswerStore(L07, course).save("pyme_mes", month.month_value(a_month(), [GOAL]))
    text = pdf_text(write_pdf(build_plan(course, DAY), tmp_path / "plan.pdf"))
    for expected in (
        "Tus indicadores",
        "Indicador Cifra de partida Meta Dónde la lees",
        "Reseñas en Google 40 55 el 31 de marzo Perfil de Empresa de Google, Reseñas",
        "Tu mes en redes",
        "Fecha Día Canal Formato Pilar Quién",
        "4 de marzo jueves Instagram Reel o vídeo corto La cocina de Paco Lucía",
        "22 de marzo lunes Instagram Carrusel La terraza Javi",
        "A quién llamas si algo se tuerce",
        "Ramón Dueño Móvil 600 000 000 Riesgo grave",
        "INCIBE, línea 017",
        "Te falta dejar claro (6 de 8):",
        "3 horas a la semana y 50 € al mes.",
    ):
        assert expected in text, expected


def test_the_pdf_of_odd_and_huge_table_cells_still_prints(course, tmp_path):
    answer_everything(course)
    huge = " ".join(f"palabra{n}" for n in range(3000))
    AnswerStore(L06, course).save(
        "plan_kpis", [dict(KPI_ROW, indicador=f"{ODD} 🚗", fuente=huge), dict(KPI_ROW, meta="FIN")]
    )
    text = pdf_text(write_pdf(build_plan(course, DAY), tmp_path / "plan.pdf"))
    assert "abc é ß" in text and "🚗" not in text, "what the font lacks is dropped, the rest kept"
    assert "palabra0" in text and "palabra2999" not in text, "a huge cell is cut in the table"
    assert "FIN" in text


# -- the boxes on lesson 06's page ---------------------------------------------------------------


def test_the_kpi_table_starts_from_the_objective_and_saves_what_is_typed(course):
    AnswerStore("02-hay-que-estar-no-es-un-objetivo", course).save(
        "pyme_objetivo_1", "Conseguir 15 reseñas nuevas en Google antes del 31 de marzo; Lola."
    )
    shown = page(course)
    box, summary = shown.kpis(), shown.summary()
    first = box.controls[0]
    assert first["indicador"].value == "Reseñas en Google" and first["meta"].value == "15 reseñas"
    assert "todavía no está guardada" in box.status.value
    assert AnswerStore(L06, course).get("plan_kpis") is None, "a proposal is not an answer"
    first["partida"].value = "40"  # leaving the box saves
    saved = AnswerStore(L06, course).get("plan_kpis")
    assert saved == [
        {
            "indicador": "Reseñas en Google",
            "partida": "40",
            "meta": "15 reseñas",
            "fuente": "Perfil de Empresa de Google: Reseñas",
        }
    ]
    assert "Guardado. Ya está en tu plan." in box.status.value
    assert "Reseñas en Google: de 40 a 15 reseñas" in summary.value, "the summary follows"
    again = page(course).kpis()
    assert again.controls[0]["partida"].value == "40" and again.status.value == ""


def test_a_half_row_is_saved_and_named_and_a_huge_one_is_refused_keeping_the_old(course):
    box = page(course).kpis()
    row = box.controls[1]
    row["indicador"].value = XSS
    saved = AnswerStore(L06, course).get("plan_kpis")
    assert saved == [{"indicador": XSS, "partida": "", "meta": "", "fuente": ""}], "kept as typed"
    assert "Fila 2: falta la cifra de hoy y la meta." in box.status.value
    assert "<script" not in box.status.value
    row["meta"].value = "x" * (MAX_VALUE_BYTES + 10)
    assert "No se ha podido guardar: Tu respuesta es demasiado larga" in box.status.value
    assert "Lo que has escrito sigue aquí." in box.status.value
    assert row["meta"].value.startswith("xxx"), "the text stays in the box"
    assert AnswerStore(L06, course).get("plan_kpis") == saved, "the saved table is untouched"


def test_the_contacts_box_saves_and_the_dropdown_holds_the_ladder(course):
    box = page(course).contacts()
    step = next(s for s in triage.flowchart() if s.get("serious"))
    assert step["question"] in box.children[0].value
    row = box.controls[0]
    assert [v for _, v in row["cuando"].options] == [
        "",
        *plan_inputs.table_spec("contacts")["when"],
    ]
    row["quien"].value = "Javi"
    row["como"].value = "600 000 000"
    assert "falta cuándo la llamas" in box.status.value
    row["cuando"].value = "riesgo"
    assert "Guardado. Ya está en tu plan." in box.status.value
    assert AnswerStore(L06, course).get("plan_contactos") == [
        {"quien": "Javi", "papel": "", "como": "600 000 000", "cuando": "riesgo"}
    ]
    row["quien"].value = ""
    row["como"].value = ""
    row["cuando"].value = ""
    assert AnswerStore(L06, course).get("plan_contactos") == []
    assert "tu tabla está vacía" in box.status.value


def test_the_budget_box_answers_bad_figures_in_spanish(course):
    shown = page(course)
    box, summary = shown.budget(), shown.summary()
    box.boxes["horas_semana"].value = "tres"
    assert "«tres» no es una cifra" in box.status.value
    assert AnswerStore(L06, course).get("plan_presupuesto") == {
        "horas_semana": "tres",
        "euros_mes": "",
    }, "kept as typed, to be fixed"
    box.boxes["horas_semana"].value = " 1,5 "
    box.boxes["euros_mes"].value = "0"
    assert "Guardado: 1,5 horas a la semana, sin gasto en euros." in box.status.value
    assert "1,5 horas a la semana, sin gasto en euros." in summary.value
    again = page(course).budget()
    assert again.boxes["horas_semana"].value == "1,5" and again.status.value == ""


def test_the_budget_box_shows_lesson_07s_while_empty(course):
    spec = plan_inputs.inputs()["budget"]
    AnswerStore(L07, course).save(spec["from_id"], {"horas_semana": "2", "euros_mes": "40"})
    box = page(course).budget()
    assert (
        "En la lección 07 calculaste: 2 horas a la semana y 40 € al mes." in box.children[0].value
    )
    assert box.boxes["horas_semana"].placeholder == "Vacío: tu plan usa lo de la lección 07"


def test_the_contract_box_shows_the_checklist_only_when_delegating(course):
    for question, option in delegation.example_answers().items():
        AnswerStore("05-desde-dentro-o-delegar", course).save(
            delegation.answer_id(question), option
        )
    shown = page(course)
    box, parts = shown.contract(), shown.parts()
    assert "La lección 05 te recomienda: «Híbrido" in box.children[0].value
    assert box.children[2].children == (), "no checklist before choosing"
    box.radio.value = "agencia"
    assert box.children[2].children, "the checklist appears"
    box.checks["cuentas"].value = True
    assert AnswerStore(L06, course).get("plan_contrato") == {
        "modelo": "agencia",
        "hecho": ["cuentas"],
    }
    assert "Te falta dejar claro (7 de 8)" in parts.value
    box.radio.value = "dentro"
    assert box.children[2].children == ()
    assert "no necesitas contrato" in parts.value
    again = page(course).contract()
    assert again.radio.value == "dentro" and again.checks["cuentas"].value is True


def test_lesson_06_lists_and_calls_the_new_boxes():
    """The notebook asks each new answer (metadata) and shows each box once."""
    from course_utils.core.lessons import read_lesson

    lesson = read_lesson(ROOT / "lessons" / f"{L06}.ipynb")
    ids = {"plan_kpis", "plan_presupuesto", "plan_contactos", "plan_contrato"}
    assert ids <= set(lesson.questions)
    assert {f["id"] for p in content()["parts"] for f in p["fields"] if p["lesson"] == L06} == ids
    cells = json.loads((ROOT / "lessons" / f"{L06}.ipynb").read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    for call in ("plan.kpis()", "plan.budget()", "plan.contacts()", "plan.contract()"):
        assert code.count(call) == 1, call


def test_lesson_07s_paid_test_and_its_verdict_reach_the_plan(course, tmp_path):
    store = AnswerStore(L07, course)
    store.save("pyme_presupuesto_mes", month.budget_value(month.budget(2, 7, 10, 30, 40), 35, 1))
    plan = build_plan(course, DAY)
    item = next(i for i in part(plan, "mes").items if i.label == "Tu prueba pagada, en cifras")
    assert "Prueba de 10 días a 7 € al día (70 € en total)" in item.text
    assert "la regla dice: parar. Cada reserva te cuesta 35 €" in item.text
    write_pdf(plan, tmp_path / "plan.pdf")
    assert "Prueba de 10 días a 7 € al día" in pdf_text(tmp_path / "plan.pdf")
    # a tampered value is named as a problem, never printed half
    store.save(
        "pyme_presupuesto_mes", {**month.budget_value(month.budget(2, 7, 10, 30, 40)), "days": "x"}
    )
    plan = build_plan(course, DAY)
    assert all(
        i.label != "Tu prueba pagada, en cifras" or not i.text for i in part(plan, "mes").items
    )
    assert any("Tu prueba pagada no ha entrado en el plan" in p for p in plan.problems)
