"""Lesson 06 «Mi plan»: the plan part by part, what is missing, the key fields to edit and the PDF and HTML downloads, all updated from widget events."""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w

from course_utils.core.errors import CourseError
from course_utils.figures import draw as figures
from course_utils.owner.calendar import CSV_NAME, ICS_NAME, write_owner_calendar
from course_utils.owner.plan import (
    HTML_NAME,
    PDF_NAME,
    Answers,
    Plan,
    build_plan,
    content,
    es_date,
    es_range,
    plan_html,
    shorten,
)
from course_utils.owner.plan_pdf import write_pdf
from course_utils.ui import lean
from course_utils.ui.links import file_href

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
    """What the plan still needs, each with a link to the lesson that asks it."""
    problems = "".join(f"<p style='color:#9a6700'>⚠️ {html.escape(p)}</p>" for p in plan.problems)
    if not plan.missing:
        return problems + "<p>✅ <b>Tu plan tiene todas sus partes.</b> Ya puedes descargarlo.</p>"
    items = "".join(
        f"<li><b>{html.escape(m.text)}</b> Está en la "
        f"<a href='{html.escape(m.link)}' target='_blank'>{html.escape(m.lesson_name)}</a>.</li>"
        for m in plan.missing
    )
    n = len(plan.missing)
    count = "Te falta 1 respuesta" if n == 1 else f"Te faltan {n} respuestas"
    return (
        f"{problems}<p>⏳ <b>{count}</b> para completar tu plan. Puedes descargarlo igualmente: "
        f"cada parte dirá qué falta.</p><ul>{items}</ul>"
    )


def summary_html(plan: Plan) -> str:
    rows = "".join(
        f"<tr><th style='text-align:left;padding:4px 8px;vertical-align:top'>{html.escape(k)}"
        f"</th><td style='padding:4px 8px'>{html.escape(v)}</td></tr>"
        for k, v in plan.summary
    )
    who = f" · {html.escape(plan.person)}" if plan.person else ""
    return (
        f"<h3>{html.escape(plan.title)}</h3><p>{html.escape(es_date(plan.date))}{who}</p>"
        f"<table style='border-collapse:collapse'>{rows}</table>"
    )


def parts_html(plan: Plan) -> str:
    return "".join(
        f"<details {'open' if part.items else ''} style='margin:6px 0'><summary><b>"
        f"{'✅' if part.complete else '⏳'} {html.escape(part.title)}</b></summary>"
        f"<div style='margin-left:1em'>{part.html}</div></details>"
        for part in plan.parts
    )


def calendar_html(plan: Plan) -> str:
    out = []
    for title, actions in plan.blocks():
        rows = "".join(
            f"<tr><td style='padding:3px 8px;vertical-align:top'>Semana {a.week}<br><small>"
            f"{html.escape(es_range(*plan.week_dates(a.week)))}</small></td>"
            f"<td style='padding:3px 8px'>{html.escape(a.text)}</td></tr>"
            for a in actions
        )
        out.append(f"<h4>{html.escape(title)}</h4><table>{rows}</table>")
    return "".join(out)


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

    def downloads(self) -> w.VBox:
        """Two buttons that write mi-plan.pdf and mi-plan.html beside the lesson and link them."""
        status = lean.HTML()
        status.add_class("curso-estado")

        def make(name: str, label: str) -> w.Button:
            button = lean.Button(description=label, icon="download", layout=w.Layout(width="auto"))

            def click(_: Any) -> None:
                status.value = "<p>Preparando tu plan…</p>"
                try:
                    write_plan(self.refresh(), self.folder / name)
                except CourseError as exc:  # an empty calendar: says what to answer first
                    status.value = f"<p style='color:#cf222e'>⚠️ {html.escape(str(exc))}</p>"
                    return
                except OSError as exc:
                    status.value = (
                        "<p style='color:#cf222e'>⚠️ No se pudo escribir tu plan "
                        f"({html.escape(exc.strerror or str(exc))}). Revisa que la carpeta se "
                        "pueda escribir y vuelve a pulsar.</p>"
                    )
                    return
                status.value = (
                    f"<p>✓ Listo: <a href='{html.escape(file_href(name))}' download "
                    f"style='color:#0b5394;text-decoration:underline;font-weight:bold'>{name}</a> "
                    "(junto a esta lección). "
                    "Pulsa el enlace para descargarlo.</p>"
                )

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
        status.value = "<p>Preparando tu certificado…</p>"
        lacking = [
            f"<li>{html.escape(row.lesson.number)} · {html.escape(row.lesson.short_title)}: "
            + (
                "te falta 1 pregunta"
                if len(row.pending) == 1
                else f"te faltan {len(row.pending)} preguntas"
            )
            + "</li>"
            for row in course_progress(root)
            if not row.complete
        ]
        if lacking:
            status.value = (
                "<p><b style='color:#7d4e00'>Todavía no puedes obtener el certificado.</b> "
                f"Te faltan respuestas en estas lecciones:</p><ul>{''.join(lacking)}</ul>"
                "<p>Ábrelas desde el inicio del curso, responde lo que falta y vuelve a "
                "pulsar.</p>"
            )
            return
        if not certificate.saved_name(root):
            status.value = (
                "<p><b style='color:#7d4e00'>Falta tu nombre.</b> Escríbelo más arriba, en "
                "«Tu nombre», y vuelve a pulsar.</p>"
            )
            return
        try:
            issued = certificate.issue(root, Path(folder) / name)
        except (certificate.CertificateRefused, OSError) as exc:
            status.value = f"<p style='color:#a40e26'>⚠️ {html.escape(str(exc))}</p>"
            return
        status.value = (
            f"<p>✓ Listo: <a href='{html.escape(file_href(name))}' download "
            f"style='color:#0b5394;text-decoration:underline;font-weight:bold'>{name}</a>, "
            f"a nombre de {html.escape(issued.name)}, con el código {issued.code}. "
            "Pulsa el enlace para descargarlo.</p>"
            f"<p style='color:#57606a'>{html.escape(certificate.HONESTY)}</p>"
        )

    button = lean.Button(
        description="Obtener mi certificado", icon="certificate", layout=w.Layout(width="auto")
    )
    button.on_click(click)
    box = lean.VBox([button, status])
    box.button, box.status, box.click = button, status, click
    return box
