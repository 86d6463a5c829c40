"""The owner's plan: built from any answers (none, all, damaged), escaped in HTML, printable as PDF, written by «curso plan»."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest

from course_utils.cli import main
from course_utils.core.store import AnswerStore
from course_utils.owner.plan import build_plan, content, es_date, es_range, plan_html
from course_utils.owner.plan_pdf import printable, write_pdf
from course_utils.ui.plan_page import chart_images, write_plan
from support import copy_course
from support.owner import answer_everything, pdf_text

DAY = date(2026, 11, 24)


@pytest.fixture
def course(tmp_path) -> Path:
    """A copy of the course's lessons without anybody's answers; returns the lessons folder."""
    return copy_course(tmp_path, "lessons", config=False) / "lessons"


def test_spanish_dates():
    assert es_date(DAY) == "24 de noviembre de 2026"
    assert es_range(date(2026, 11, 24), date(2026, 11, 30)) == "del 24 al 30 de noviembre"
    assert es_range(date(2026, 12, 29), date(2027, 1, 4)) == (
        "del 29 de diciembre de 2026 al 4 de enero de 2027"
    )


def test_plan_parts_name_real_answers_and_lessons(course):
    """plan.yaml only names answers that its lesson really asks (a typo would hide a part)."""
    from course_utils.core.lessons import read_lesson

    for part in content()["parts"]:
        asked = read_lesson(course / f"{part['lesson']}.ipynb").questions
        for f in part["fields"]:
            assert f["id"] in asked, (part["id"], f["id"])
    lesson06 = read_lesson(course / "06-mi-plan.ipynb").questions
    assert {q["id"] for q in content()["questions"]} <= set(lesson06)


def test_plan_without_answers_says_what_is_missing_and_where(course):
    plan = build_plan(course, DAY)
    assert plan.title == "Plan de redes sociales de tu negocio" and plan.business is None
    assert not plan.problems and not plan.charts
    optional = {p["id"] for p in content()["parts"] if all(f.get("optional") for f in p["fields"])}
    for part in plan.parts:
        assert not part.items and bool(part.missing) != (part.id in optional), part.id
        for missing in part.missing:
            assert (course / missing.link).is_file(), missing.link
            assert re.fullmatch(r"\d\d-[\w-]+\.ipynb", missing.link)
            assert "Lo preguntamos en la lección" in missing.sentence()
    page = plan_html(plan)
    for missing in plan.missing:
        assert f"href='{missing.link}'" in page
    # «Lo que te falta» reads lesson by lesson, in course order (lesson 06's parts sit among 02's)
    lessons = [m.lesson for m in plan.missing]
    assert lessons == sorted(lessons) and len(set(lessons)) >= 6
    assert all(text.startswith(("Pendiente", "0 de")) for _, text in plan.summary)
    assert plan.calendar and all(1 <= a.week <= 12 for a in plan.calendar)
    assert [title for title, _ in plan.blocks()] == ["Días 1 a 30", "Días 31 a 60", "Días 61 a 90"]


def test_plan_from_every_answer(course):
    answer_everything(course)
    plan = build_plan(course, DAY)
    assert plan.title == "Plan de redes sociales de Taller Núñez"
    assert plan.person == "Ramón Núñez" and not plan.missing and not plan.problems
    text = "\n".join(part.text for part in plan.parts)
    for expected in (
        "Taller mecánico familiar en Alcorcón.",
        "Conseguir 15 reseñas nuevas en Google antes del 31 de marzo; Pedro.",
        "- Publicar → Dueña o dueño: A; Community manager: R",
        "Perfil personal en vez de página (prioridad alta)",
        "Te quedan 3 de 5 medidas",
        "Híbrido",
    ):
        assert expected in text, expected
    assert [c.kind for c in plan.charts] == ["radar", "audit"]
    first = [a.text for a in plan.calendar if a.week == 1]
    assert any(t.startswith("Seguridad:") for t in first)
    assert any("protocolo de respuesta" in t for t in first)
    fixes = [a for a in plan.calendar if a.text.startswith("Arregla")]
    assert "«Perfil personal en vez de página»" in fixes[0].text and fixes[0].week == 2
    last = [a.text for a in plan.calendar if a.week == 12]
    assert any("Revisa tu objetivo 1" in t and "21 de febrero de 2027" in t for t in last)
    assert build_plan(course, DAY).calendar == plan.calendar, "the calendar is deterministic"


def test_lesson_06_value_wins_and_a_blank_one_falls_back(course):
    answer_everything(course)
    store = AnswerStore("06-mi-plan", course)
    store.save("pyme_objetivo_1", "Objetivo corregido en la lección 06.")
    store.save("pyme_redes_elegidas", "   ")
    plan = build_plan(course, DAY)
    text = "\n".join(part.text for part in plan.parts)
    assert "Objetivo corregido en la lección 06." in text
    assert "antes del 31 de marzo" not in text
    assert "La ficha de Google y WhatsApp Business." in text


def test_a_damaged_answers_file_is_reported_not_fatal(course):
    answer_everything(course)
    (course / "respuestas-02-hay-que-estar-no-es-un-objetivo.json").write_text("{roto")
    (course / "respuestas-03-cultura-2-0-interna.json").write_text(json.dumps({"schema": 99}))
    plan = build_plan(course, DAY)
    assert len(plan.problems) == 2
    assert "«respuestas-02-hay-que-estar-no-es-un-objetivo.json» está dañado" in plan.problems[0]
    missing = {m.qid for m in plan.missing}
    assert {"pyme_objetivo_1", "pyme_redes_elegidas", "autoevaluacion"} <= missing
    assert "está dañado" in plan_html(plan)


ODD = "Ｔａｌｌｅｒ\u202eabc\u200b e\u0301 ß 😀👩‍👩‍👧 € «»"


def test_html_escapes_whatever_the_owner_typed(course):
    answer_everything(course, negocio=f"<script>alert('x')</script> & {ODD}")
    AnswerStore("06-mi-plan", course).save("plan_negocio", "<img src=x onerror=alert(1)>")
    page = plan_html(build_plan(course, DAY))
    assert "<script" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;" in page  # Jinja2's escape
    assert "Plan de redes sociales de &lt;img src=x onerror=alert(1)&gt;" in page
    assert ODD in page, "unicode is kept, only escaped"
    assert "@page { size: A4" in page and "24 de noviembre de 2026" in page


def test_html_embeds_the_figures_as_png(course):
    answer_everything(course)
    plan = build_plan(course, DAY)
    images = chart_images(plan)
    assert set(images) == {"radar", "audit"}
    assert all(png.startswith(b"\x89PNG") for png in images.values())
    page = plan_html(plan, images)
    assert page.count("src='data:image/png;base64,") == 2


def test_pdf_has_the_title_the_answers_and_page_numbers(course, tmp_path):
    answer_everything(course, negocio=f"Taller con 1.200 € de facturación 🚗 {ODD}")
    plan = build_plan(course, DAY)
    path = write_pdf(plan, tmp_path / "plan.pdf", chart_images(plan))
    text = pdf_text(path)
    pages = len(pypdf.PdfReader(path).pages)
    assert "Plan de redes sociales de Taller Núñez" in text
    assert "Taller con 1.200 € de facturación" in text
    assert "Conseguir 15 reseñas nuevas en Google" in text
    assert "24 de noviembre de 2026" in text and f"Página 1 de {pages}" in text
    assert "Tus primeros 90 días" in text and "Días 61 a 90" in text
    assert "Tu plan en una página" in text.split("Tu negocio")[0], "the summary comes first"
    assert "🚗" not in text and "Núñez" in text, "what the font lacks is dropped, the rest kept"


def test_pdf_without_answers_and_without_a_name(course, tmp_path):
    text = pdf_text(write_pdf(build_plan(course, DAY), tmp_path / "plan.pdf"))
    assert "Plan de redes sociales de tu negocio" in text
    assert "Lo que te falta" in text and "- Falta tu objetivo SMART número 1." in text
    assert text.count("Falta tu objetivo SMART número 1.") == 1, "pending parts listed once"
    assert ".ipynb" not in text


def test_pdf_of_a_huge_answer(course, tmp_path):
    answer_everything(course)
    huge = " ".join(f"palabra{n}" for n in range(11_000))[:99_000] + " FINAL"
    AnswerStore("01-despersonalizar-la-critica", course).save("pyme_criticas_frecuentes", huge)
    path = write_pdf(build_plan(course, DAY), tmp_path / "grande.pdf")
    assert len(pypdf.PdfReader(path).pages) > 10
    assert "FINAL" in pdf_text(path)


def test_printable_keeps_spanish_and_drops_what_the_font_lacks():
    assert printable("¿Qué tal? ¡Genial! «Año» 3,5 % 1.200 € ÁÉÍÓÚÑü…") == (
        "¿Qué tal? ¡Genial! «Año» 3,5 % 1.200 € ÁÉÍÓÚÑü…"
    )
    assert printable("Hola 🚗 mundo\tfin 👩\u200d👩\u200d👧") == "Hola mundo fin"


def test_curso_plan_writes_both_files(course, monkeypatch, capsys):
    monkeypatch.chdir(course.parent)
    assert main(["plan"]) == 0
    out = capsys.readouterr().out
    assert "mi-plan.pdf" in out and "mi-plan.html" in out and "Le faltan" in out
    html_page = (course.parent / "mi-plan.html").read_text(encoding="utf-8")
    assert "Falta tu objetivo SMART número 1." in html_page
    assert "Plan de redes sociales de tu negocio" in pdf_text(course.parent / "mi-plan.pdf")


def test_curso_plan_salida_by_extension(course, monkeypatch, capsys):
    answer_everything(course)
    monkeypatch.chdir(course)
    assert main(["plan", "--salida", "taller.html"]) == 0
    assert "Taller Núñez" in (course / "taller.html").read_text(encoding="utf-8")
    assert not (course / "mi-plan.pdf").exists()
    assert main(["plan", "--salida", "taller.pdf"]) == 0
    assert "Taller Núñez" in pdf_text(course / "taller.pdf")
    assert main(["plan", "--salida", "taller.docx"]) == 2
    assert ".pdf o .html" in capsys.readouterr().err


def test_write_plan_picks_the_format(course, tmp_path):
    plan = build_plan(course, DAY)
    assert (
        write_plan(plan, tmp_path / "a.html")
        .read_text(encoding="utf-8")
        .startswith("<!DOCTYPE html>")
    )
    assert (write_plan(plan, tmp_path / "a.pdf")).read_bytes().startswith(b"%PDF")


def test_the_lesson_page_updates_from_widget_events(course):
    """Lesson 06 without running cells again: a saved field redraws the views, a button writes."""
    from course_utils import start
    from course_utils.ui.plan_page import PlanPage

    answer_everything(course)
    page = PlanPage(start("06-mi-plan", folder=str(course)), course, DAY)
    summary, missing, fields = page.summary(), page.missing(), page.fields()
    assert "Plan de redes sociales de Taller Núñez" in summary.value
    assert "Tu plan tiene todas sus partes" in missing.value
    objective = next(b for b in page.session.questions.values() if b.qid == "pyme_objetivo_1")
    assert "antes del 31 de marzo" in objective.control.placeholder
    objective.control.value = "Objetivo <nuevo> desde la lección 06"
    objective.save()  # what «Guardar» and a pause in typing call
    assert "Objetivo &lt;nuevo&gt; desde la lección 06" in summary.value
    business = page.session.questions["plan_negocio"]
    business.control.value = "Bar Sol"
    business.save()
    assert "Plan de redes sociales de Bar Sol" in summary.value
    assert len(fields.children) == len(content()["questions"])
    box = page.downloads()
    pdf_button, html_button = box.children[0].children[:2]
    pdf_button.click()
    html_button.click()
    assert (course / "mi-plan.pdf").read_bytes().startswith(b"%PDF")
    assert "Bar Sol" in (course / "mi-plan.html").read_text(encoding="utf-8")
    assert "<a href='mi-plan.html' download " in box.children[1].value


def test_a_full_plans_pdf_has_whole_answers_agreeing_dates_and_no_file_names(course, tmp_path):
    """What an owner prints (issue 22): no notebook file name, every answer she gave whole
    (wrapped, never cut with «…»), and week 12 holds the review dated the plan's day 90."""
    answer_everything(course)
    long_goal = (
        "Conseguir 15 reseñas nuevas en Google antes del 31 de marzo, pidiéndolas al entregar "
        "cada coche con una tarjeta y un código QR en el mostrador; se encarga Pedro, que las "
        "revisa los viernes y avisa a Ramón de cualquier queja para contestarla ese mismo día."
    )
    AnswerStore("02-hay-que-estar-no-es-un-objetivo", course).save("pyme_objetivo_1", long_goal)
    plan = build_plan(course, DAY)
    path = write_pdf(plan, tmp_path / "plan.pdf", chart_images(plan))
    text = pdf_text(path)
    assert ".ipynb" not in text
    assert long_goal in text, "the answer whole"
    assert text.count(long_goal) >= 2, "in the one-page summary and in its part, both whole"
    summary = text.split("Tu plan en una página")[1].split("Cómo va tu plan")[0]
    assert "…" not in summary, "no sentence of hers is cut in the summary"
    day_90 = es_date(date(2027, 2, 21))
    assert day_90 in text and es_range(date(2027, 2, 9), date(2027, 2, 21)) in text
    first, last = plan.week_dates(12)
    assert (
        (first, last)
        == (date(2027, 2, 9), date(2027, 2, 21))
        == (DAY + timedelta(77), DAY + timedelta(89))
    )
    reviewed = [a for a in plan.calendar if a.text.startswith("Revisa tu objetivo 1")]
    assert reviewed and all(a.week == 12 and a.days == (78, 90) for a in reviewed)
    for week in range(1, 12):
        start, end = plan.week_dates(week)
        assert (end - start).days == 6 and plan.week_dates(week + 1)[0] == end + timedelta(days=1)
