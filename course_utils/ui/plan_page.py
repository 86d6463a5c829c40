"""Lesson 06 «Mi plan»: the plan part by part, what is missing, the key fields, indicators, budget, crisis contacts and contract to complete, and the PDF and HTML downloads, all updated from widget events (views from data/templates)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w

from course_utils.core.errors import CourseError
from course_utils.core.templates import render_macro
from course_utils.figures import draw as figures
from course_utils.owner import plan_inputs
from course_utils.owner.calendar import CSV_NAME, ICS_NAME, write_owner_calendar
from course_utils.owner.plan import (
    HTML_NAME,
    MONTH_LESSON,
    PDF_NAME,
    Answers,
    Plan,
    build_plan,
    content,
    plan_html,
    shorten,
)
from course_utils.owner.plan_pdf import write_pdf
from course_utils.topics import delegation, triage
from course_utils.ui import lean
from course_utils.ui.links import file_href
from course_utils.ui.plan_inputs import budget_box, contract_box, status_html, table_box

GOALS = ("pyme_objetivo_1", "pyme_objetivo_2")  # lesson 02's objectives, first rows of the KPIs
LESSON_05 = "05-desde-dentro-o-delegar"
VIEWS = "plan_leccion.html.j2"  # data/templates: this page's views and status lines
BOX = w.Layout(border="1px solid #d0d7de", padding="8px 12px", margin="8px 0", max_width="820px")


def chart_images(plan: Plan) -> dict[str, bytes]:
    """The plan's figures as PNG bytes, keyed by chart kind, drawn in memory by figures.py."""
    draw: dict[str, Callable[..., Any]] = {
        "radar": figures.maturity_radar,
        "audit": figures.audit_priorities,
    }
    images = {}
    for chart in plan.charts:
        fig = draw[chart.kind](chart.data)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
        images[chart.kind] = buffer.getvalue()
    return images


def write_plan(plan: Plan, path: str | Path) -> Path:
    """Write the plan as PDF or HTML, by the file's extension, with its figures; .ics or .csv
    write the owner's calendar (the 90 days and lesson 07's month saved beside ``path``)."""
    path = Path(path)
    if path.suffix.lower() in (".ics", ".csv"):
        return write_owner_calendar(plan, path.parent, path)
    images = chart_images(plan)
    if path.suffix.lower() == ".pdf":
        return write_pdf(plan, path, images)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plan_html(plan, images), encoding="utf-8")
    return path


def missing_html(plan: Plan) -> str:
    """What the plan still needs, each with a link to the lesson that asks it (or «más abajo»
    when this lesson asks it)."""
    return render_macro(VIEWS, "pendiente", plan=plan)


def summary_html(plan: Plan) -> str:
    """The one-page summary: title, date, name and the summary's rows."""
    return render_macro(VIEWS, "resumen", plan=plan)


def parts_html(plan: Plan) -> str:
    """Every part, folded when nothing of it is answered yet."""
    return render_macro(VIEWS, "partes", plan=plan)


def calendar_html(plan: Plan) -> str:
    """The 90 days in three blocks, each week with its dates."""
    return render_macro(VIEWS, "calendario", plan=plan)


class PlanPage:
    """The lesson's views of one plan; every view is redrawn when a field is saved."""

    def __init__(self, session: Any, folder: str | Path = ".", today: date | None = None):
        self.session = session
        self.folder = Path(folder)
        self.today = today
        self.views: list[tuple[w.HTML, Callable[[Plan], str]]] = []
        self.plan = build_plan(self.folder, today)

    def refresh(self) -> Plan:
        """Read the answers again and redraw every view."""
        self.plan = build_plan(self.folder, self.today)
        for widget, render in self.views:
            widget.value = render(self.plan)
        return self.plan

    def _view(self, render: Callable[[Plan], str]) -> w.HTML:
        widget = lean.HTML(render(self.plan), layout=BOX)
        self.views.append((widget, render))
        return widget

    def summary(self) -> w.HTML:
        """The one-page summary."""
        return self._view(summary_html)

    def missing(self) -> w.HTML:
        """What is missing, with links to the lessons."""
        return self._view(missing_html)

    def parts(self) -> w.HTML:
        """Every part of the plan, folded when empty."""
        return self._view(parts_html)

    def calendar(self) -> w.HTML:
        """The 90 days, in three blocks."""
        return self._view(calendar_html)

    def fields(self) -> w.VBox:
        """Lesson 06's questions: the names and the key fields, saved in its answers file."""
        boxes = []
        for spec in content()["questions"]:
            question = dict(spec, type="text")
            lesson = question.pop("lesson", None)
            if lesson:
                before = self.session_answer(spec["id"], lesson)
                question["placeholder"] = (
                    f"Vacío: tu plan usa lo que respondiste en la lección {lesson[:2]}: "
                    f"«{shorten(before, 160)}»"
                    if before
                    else f"Aún no lo respondiste en la lección {lesson[:2]}: puedes hacerlo aquí."
                )
            asked = self.session.ask(question)
            self._refresh_after_saving(asked)
            boxes.append(asked.box)
        return lean.VBox(boxes)

    def _refresh_after_saving(self, question: Any) -> None:
        """Redraw the views whenever the question saves («Guardar», a pause in typing…)."""
        save = question.save

        def save_and_refresh() -> dict | None:
            record = save()
            if record is not None:
                self.refresh()
            return record

        question.save = save_and_refresh

    def session_answer(self, qid: str, lesson: str) -> str:
        """The answer saved in ``lesson`` itself (not lesson 06's), as text."""
        value = Answers(self.folder).lesson(lesson).get(qid)
        return value.strip() if isinstance(value, str) else ""

    def budget(self) -> w.VBox:
        """Hours a week and euros a month (lesson 07's budget shown while this one is empty)."""
        spec = plan_inputs.inputs()["budget"]
        source = str(spec["from_lesson"])
        elsewhere, _ = plan_inputs.read_budget(
            Answers(self.folder).lesson(source).get(spec["from_id"]), source
        )
        return budget_box(self.session.store, elsewhere, on_save=self.refresh)

    def kpis(self) -> w.VBox:
        """The KPI table: indicator, figure of today, target and where to read it; an empty
        one starts from the objectives of lesson 02 (or lesson 07's KPI lines)."""
        answers = Answers(self.folder)
        goals = [answers.get(q, "02-hay-que-estar-no-es-un-objetivo") for q in GOALS]
        start = plan_inputs.suggested_kpis([g for g in goals if isinstance(g, str)])
        if not start:
            spec = plan_inputs.table_spec("kpis")
            start = plan_inputs.kpis_from_lines(answers.lesson(MONTH_LESSON).get(spec["from_id"]))
        return table_box(self.session.store, "kpis", start, on_save=self.refresh)

    def contacts(self) -> w.VBox:
        """Who to call when something goes wrong, how, and when (the ladder of lesson 01)."""
        step = next(s for s in triage.flowchart() if s.get("serious"))
        intro = (
            f"Recuerda la lección 01: «{step['question']}» Si es que sí, "
            f"{triage.actions()[step['action']].lower()}. {triage.action_notes()[step['action']]}"
        )
        return table_box(self.session.store, "contacts", intro=intro, on_save=self.refresh)

    def contract(self) -> w.VBox:
        """Whether you delegate and, if so, what your contract settles (lesson 05's checklist)."""
        answers = Answers(self.folder)
        given = {
            q: v
            for q in delegation.questions()
            if isinstance(v := answers.get(delegation.answer_id(q), LESSON_05), str)
        }
        recommended = delegation.recommend(given)[0] if given else None
        return contract_box(self.session.store, recommended, on_save=self.refresh)

    def downloads(self) -> w.VBox:
        """Two buttons that write mi-plan.pdf and mi-plan.html beside the lesson and link them."""
        status = lean.HTML()
        status.add_class("curso-estado")

        def make(name: str, label: str) -> w.Button:
            button = lean.Button(description=label, icon="download", layout=w.Layout(width="auto"))

            def click(_: Any) -> None:
                status.value = status_html("wait", "Preparando tu plan…")
                try:
                    write_plan(self.refresh(), self.folder / name)
                except CourseError as exc:  # an empty calendar: says what to answer first
                    status.value = status_html("error", str(exc))
                    return
                except OSError as exc:
                    status.value = status_html(
                        "error",
                        f"No se pudo escribir tu plan ({exc.strerror or exc}). Revisa que la "
                        "carpeta se pueda escribir y vuelve a pulsar.",
                    )
                    return
                status.value = render_macro(VIEWS, "listo", name=name, href=file_href(name))

            button.on_click(click)
            return button

        buttons = [
            make(PDF_NAME, "Descargar mi plan (PDF)"),
            make(HTML_NAME, "Descargar mi plan (HTML)"),
            make(ICS_NAME, "Añadir a mi calendario (.ics)"),
            make(CSV_NAME, "Mi calendario en hoja de cálculo (.csv)"),
        ]
        return lean.VBox([lean.HBox(buttons), status])

    def certificate(self) -> w.VBox:
        """«Obtener mi certificado» for the course this lesson belongs to."""
        return certificate_box(self.folder)


def certificate_box(folder: str | Path) -> w.VBox:
    """«Obtener mi certificado»: writes certificado.pdf in ``folder`` (lessons/) (the name saved in
    this lesson) and links it, or says in plain words which lessons still lack answers."""
    from course_utils.owner import certificate
    from course_utils.owner.progress import course_progress

    status = lean.HTML()
    status.add_class("curso-estado")
    root = Path(folder).parent
    name = "certificado.pdf"

    def click(_: Any) -> None:
        status.value = status_html("wait", "Preparando tu certificado…")
        lacking = [
            f"{row.lesson.number} · {row.lesson.short_title}: "
            + (
                "te falta 1 pregunta"
                if len(row.pending) == 1
                else f"te faltan {len(row.pending)} preguntas"
            )
            for row in course_progress(root)
            if not row.complete
        ]
        if lacking:
            status.value = render_macro(VIEWS, "certificado_faltan", lacking=lacking)
            return
        if not certificate.saved_name(root):
            status.value = status_html(
                "warning",
                "Falta tu nombre. Escríbelo más arriba, en «Tu nombre», y vuelve a pulsar.",
            )
            return
        try:
            issued = certificate.issue(root, Path(folder) / name)
        except (certificate.CertificateRefused, OSError) as exc:
            status.value = status_html("error", str(exc))
            return
        status.value = render_macro(
            VIEWS,
            "certificado_listo",
            name=name,
            href=file_href(name),
            person=issued.name,
            code=issued.code,
            honesty=certificate.HONESTY,
        )

    button = lean.Button(
        description="Obtener mi certificado", icon="certificate", layout=w.Layout(width="auto")
    )
    button.on_click(click)
    box = lean.VBox([button, status])
    box.button, box.status, box.click = button, status, click
    return box
