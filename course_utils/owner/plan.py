"""The owner's social media plan as data: gathered from the answers of lessons 00–07, with a summary, a 90-day calendar and a printable HTML page."""

from __future__ import annotations

import base64
import datetime
import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from course_utils.core.content import load
from course_utils.core.formats import es_number
from course_utils.core.lessons import LessonError, read_lesson
from course_utils.core.paths import DATA
from course_utils.core.store import answers_path, read_answers
from course_utils.core.text import answered
from course_utils.core.text import shorten as _shorten
from course_utils.topics import audit, delegation, maturity, month, raci

DATA_FILE = DATA / "plan.yaml"
MONTHS = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
).split()
SHORT = 220  # characters of an answer in the one-page summary
WEEKS, DAYS = 12, 90  # the calendar: twelve weeks that cover the first 90 days
PDF_NAME, HTML_NAME = "mi-plan.pdf", "mi-plan.html"  # written beside the lesson, or by curso plan


@cache
def content() -> dict[str, Any]:
    """The parsed data/plan.yaml (parts, fields, lesson 06's questions, the calendar's blocks),
    read once by the content loader like every other content file."""
    return load("plan")


def es_date(day: date) -> str:
    """ "24 de noviembre de 2026"."""
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def es_range(first: date, last: date) -> str:
    """ "del 24 al 30 de noviembre", or with both months (and years) when they differ."""
    if first.year != last.year:
        return f"del {es_date(first)} al {es_date(last)}"
    if first.month != last.month:
        return f"del {first.day} de {MONTHS[first.month - 1]} al {last.day} de {MONTHS[last.month - 1]}"
    return f"del {first.day} al {last.day} de {MONTHS[first.month - 1]}"


def _one_line(value: Any) -> str | None:
    """A saved text answer on one line; None when it is not answered."""
    return " ".join(value.split()) if answered(value) else None


def shorten(text: str, limit: int = SHORT) -> str:
    """The text on one line, cut at a word with «…» when longer than ``limit``."""
    return _shorten(text, limit)


# -- the plan as data --------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """An answer the plan still needs, and the lesson that asks it."""

    qid: str
    lesson: str  # notebook stem, e.g. "02-hay-que-estar-no-es-un-objetivo"
    lesson_name: str  # "lección 02 «…»"
    text: str  # what is missing, in Spanish

    @property
    def link(self) -> str:
        """The lesson's notebook, relative to the lessons folder ("02-….ipynb")."""
        return f"{self.lesson}.ipynb"

    def sentence(self) -> str:
        return f"{self.text} Lo preguntamos en la {self.lesson_name}."


@dataclass
class Item:
    """One answered field of a part: a label and its text (plain) or HTML (escaped)."""

    qid: str
    label: str
    text: str
    html: str


@dataclass
class Part:
    """One part of the plan, fed by one lesson."""

    id: str
    title: str
    lesson: str
    lesson_name: str
    items: list[Item] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def text(self) -> str:
        lines = [f"{item.label}:\n{item.text}" for item in self.items]
        lines += [f"Pendiente: {m.sentence()}" for m in self.missing]
        return "\n\n".join(lines)

    @property
    def html(self) -> str:
        out = [f"<h3>{html.escape(i.label)}</h3>{i.html}" for i in self.items]
        if self.missing:
            out.append("<ul class='pendiente'>" + "".join(_missing_li(m) for m in self.missing))
            out.append("</ul>")
        return "".join(out)


def _missing_li(m: Missing) -> str:
    return (
        f"<li>⏳ {html.escape(m.text)} Lo preguntamos en la "
        f"<a href='{html.escape(m.link)}'>{html.escape(m.lesson_name)}</a>.</li>"
    )


@dataclass
class Chart:
    """A course figure the plan draws from the owner's answers (figures.py draws it)."""

    kind: str  # "radar" (figures.maturity_radar) or "audit" (figures.audit_priorities)
    title: str
    description: str
    data: Any


@dataclass
class Action:
    """One first action of the 90 days, in a week from 1 to 12."""

    week: int
    text: str
    lesson: str

    @property
    def days(self) -> tuple[int, int]:
        """Its days from 1 to 90: seven a week, and the last week runs to day 90."""
        return 7 * (self.week - 1) + 1, DAYS if self.week == WEEKS else 7 * self.week


@dataclass
class Plan:
    """The owner's plan: name, date, parts, one-page summary, 90-day calendar and figures."""

    business: str | None
    person: str | None
    date: date
    parts: list[Part]
    summary: list[tuple[str, str]]
    calendar: list[Action]
    charts: list[Chart]
    problems: list[str]

    @property
    def title(self) -> str:
        return f"Plan de redes sociales de {self.business or 'tu negocio'}"

    @property
    def missing(self) -> list[Missing]:
        return [m for part in self.parts for m in part.missing]

    def week_dates(self, week: int) -> tuple[datetime.date, datetime.date]:  # `date` is a field
        """The first and last day of ``week``; week 12 runs to day 90, the plan's last day, so
        that the review «el <day 90>» falls inside its own week."""
        first = self.date + timedelta(days=7 * (week - 1))
        if week == WEEKS:
            return first, self.date + timedelta(days=DAYS - 1)
        return first, first + timedelta(days=6)

    def blocks(self) -> list[tuple[str, list[Action]]]:
        """The calendar grouped as days 1–30, 31–60 and 61–90."""
        return [
            (b["title"], [a for a in self.calendar if a.week in b["weeks"]])
            for b in content()["blocks"]
        ]


# -- gathering the answers ---------------------------------------------------------------------


class Answers:
    """The saved answers of lessons 00–06 in one folder; lesson 06's value of an id wins."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.by_lesson: dict[str, dict[str, Any]] = {}
        self.problems: list[str] = []
        self.names: dict[str, str] = {}

    def lesson(self, stem: str) -> dict[str, Any]:
        if stem not in self.by_lesson:
            path = answers_path(stem, self.folder)
            records, problem = read_answers(path)
            if problem and path.exists():
                self.problems.append(
                    f"{problem} Lo que respondiste en la {self.lesson_name(stem)} no aparece "
                    "en el plan: ábrela y vuelve a responder (el archivo dañado se guarda "
                    "aparte, no se pierde)."
                )
            self.by_lesson[stem] = {q: r.get("value") for q, r in records.items()}
        return self.by_lesson[stem]

    def lesson_name(self, stem: str) -> str:
        """ "lección 02 «Hay que estar» no es un objetivo»" from the notebook, or its number."""
        if stem not in self.names:
            try:
                title = read_lesson(self.folder / f"{stem}.ipynb").short_title
                title = title.replace("«", "“").replace("»", "”")
                self.names[stem] = f"lección {stem[:2]} «{title}»"
            except LessonError:
                self.names[stem] = f"lección {stem[:2]}"
        return self.names[stem]

    def get(self, qid: str, stem: str) -> Any:
        """The lesson-06 value of ``qid`` when given, else the value saved in lesson ``stem``."""
        own = self.lesson(content()["lesson_id"]).get(qid)
        return own if answered(own) else self.lesson(stem).get(qid)


# -- each kind of field ------------------------------------------------------------------------


def _text_html(text: str) -> str:
    return "<p>" + html.escape(text.strip()).replace("\n", "<br>") + "</p>"


def _list_html(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"


def _delegation(answers: Answers, stem: str) -> tuple[str, str] | None:
    given = {
        q: v
        for q in delegation.questions()
        if answered(v := answers.get(delegation.answer_id(q), stem))
    }
    if not given:
        return None
    key, reasons = delegation.recommend(given)
    head = delegation.recommendations()[key]
    if len(given) < len(delegation.questions()):
        head += f" (con {len(given)} de {len(delegation.questions())} respuestas)"
    return head + "\n" + "\n".join(f"- {r}" for r in reasons), head


def _field(kind: str, value: Any, answers: Answers, stem: str, charts: list[Chart]):
    """(text, html) of one field, or None when it is missing; may add a chart."""
    if kind in ("text", "objective"):
        if not isinstance(value, str) or not value.strip():
            return None
        return value.strip(), _text_html(value)
    if kind == "raci":
        if not isinstance(value, Mapping) or not value.get("matriz"):
            return None
        tasks = {
            str(pair[0]): str(pair[1])
            for pair in value.get("tareas") or []
            if isinstance(pair, (list, tuple)) and len(pair) == 2
        }
        problems = raci.check(value["matriz"], tasks) if isinstance(value["matriz"], dict) else []
        text = raci.as_text(value)
        extra = ("\nRevisa: " + " ".join(problems)) if problems else ""
        note = f"<p>Revisa: {html.escape(' '.join(problems))}</p>" if problems else ""
        return text + extra, raci.as_html(value) + note
    if kind == "maturity":
        scores = maturity.dimension_scores(value)
        if len(scores) < len(maturity.dimensions()):
            return None
        stage = maturity.suggest_stage(scores)
        text = f"Etapa «{stage['name']}»: {stage['description']}\n{maturity.summary(scores)}"
        charts.append(Chart("radar", "Tu radar de madurez 2.0", maturity.summary(scores), scores))
        return text, _text_html(text)
    if kind == "audit":
        rows = audit.rank(value)
        if len(rows) < len(audit.mistakes()):
            return None
        top = [r for r in rows if r["priority"] > 0]
        lines = [
            f"{n}. {r['label']} (prioridad {audit.band(r['priority'])}): {r['action']}"
            for n, r in enumerate(top[:5], start=1)
        ] or ["Ninguno de los ocho errores tiene prioridad: ¡enhorabuena!"]
        head = f"Salud de tus perfiles: {audit.health(rows)} de 100."
        first = f"el primero que conviene atacar es «{top[0]['label']}»" if top else "ninguno"
        charts.append(
            Chart(
                "audit",
                "¿Qué arreglas primero en tus redes?",
                f"Barras de prioridad de los {len(rows)} errores; {first}.",
                rows,
            )
        )
        return head + "\n" + "\n".join(lines), _text_html(head) + _list_html(lines)
    if kind == "security":
        if not isinstance(value, list):
            return None
        pending = audit.security_pending(value)
        total = len(audit.security_measures())
        if not pending:
            text = f"Tienes hechas las {total} medidas. {audit.security_advice()}"
            return text, _text_html(text)
        head = f"Te quedan {len(pending)} de {total} medidas:"
        return head + "\n" + "\n".join(f"- {p}" for p in pending), _text_html(head) + _list_html(
            pending
        )
    if kind == "delegation":
        found = _delegation(answers, stem)
        if found is None:
            return None
        text = found[0]
        head, *reasons = text.split("\n")
        return text, f"<p><b>{html.escape(head)}</b></p>" + _list_html([r[2:] for r in reasons])
    if kind == "month":
        return _month(value)
    raise ValueError(f"unknown field kind in plan.yaml: {kind!r}")


def _month(value: Any) -> tuple[str, str] | None:
    """Lesson 07's month as lines and a table; None when not saved or no longer valid."""
    if not isinstance(value, Mapping):
        return None
    try:
        plan = month.month_from_value(value)
    except month.MonthError:
        return None
    rows = plan.rows()
    head = (
        f"{plan.title}: {len(rows)} publicaciones, unas "
        f"{es_number(plan.minutes() / 60, 1)} horas de trabajo."
    )

    def day(row: dict[str, str]) -> str:
        return f"{int(row['Fecha'][8:])} de {MONTHS[plan.month - 1]}"

    lines = [f"{day(r)} · {r['Canal']} · {r['Formato']} · {r['Pilar']}" for r in rows]
    keys = ("Día", "Canal", "Formato", "Pilar")
    table = "<table><thead><tr><th>Fecha</th>" + "".join(f"<th>{k}</th>" for k in keys)
    table += "</tr></thead><tbody>"
    for r in rows:
        cells = [day(r)] + [r[k] for k in keys]
        table += "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"
    table += "</tbody></table>"
    return head + "\n" + "\n".join(lines), _text_html(head) + table


# -- building the plan -------------------------------------------------------------------------


def build_plan(folder: str | Path = ".", today: date | None = None) -> Plan:
    """The plan from the answers files in ``folder`` (the lessons folder). Never raises for
    missing or damaged answers: the parts say what is missing and where it is asked."""
    data = content()
    answers = Answers(folder)
    own = answers.lesson(data["lesson_id"])
    charts: list[Chart] = []
    parts = []
    for spec in data["parts"]:
        stem = spec["lesson"]
        part = Part(spec["id"], spec["title"], stem, answers.lesson_name(stem))
        for f in spec["fields"]:
            value = answers.get(f["id"], stem)
            shown = _field(f["kind"], value, answers, stem, charts)
            if shown is not None:
                part.items.append(Item(f["id"], f["label"], shown[0], shown[1]))
            elif not f.get("optional"):
                part.missing.append(Missing(f["id"], stem, part.lesson_name, f["missing"]))
        parts.append(part)
    business = own.get(data["own"]["business"])
    person = own.get(data["own"]["person"])
    plan = Plan(
        business=_one_line(business),
        person=_one_line(person),
        date=today or date.today(),
        parts=parts,
        summary=[],
        calendar=[],
        charts=charts,
        problems=list(answers.problems),
    )
    plan.summary = _summary(plan, answers)
    plan.calendar = _calendar(plan, answers)
    return plan


def _item(plan: Plan, qid: str) -> Item | None:
    return next((i for p in plan.parts for i in p.items if i.qid == qid), None)


def _summary(plan: Plan, answers: Answers) -> list[tuple[str, str]]:
    def line(label: str, qid: str, lesson: str, first_line: bool = False) -> tuple[str, str]:
        item = _item(plan, qid)
        if item is None:
            return label, f"Pendiente (lección {lesson[:2]})."  # the list is in «Lo que te falta»
        return label, item.text.split("\n")[0] if first_line else item.text  # whole

    l02, l05 = "02-hay-que-estar-no-es-un-objetivo", "05-desde-dentro-o-delegar"
    rows = [
        line("Tu negocio", "pyme_negocio", "00-bienvenida"),
        line("Objetivo principal", "pyme_objetivo_1", l02),
        line("Redes en las que te centras", "pyme_redes_elegidas", l02),
        line(
            "Quién responde los comentarios", "pyme_quien_responde", "01-despersonalizar-la-critica"
        ),
        line("Quién lleva tus redes (recomendación)", "decision_tiempo", l05, first_line=True),
        line("Madurez 2.0", "autoevaluacion", "03-cultura-2-0-interna", first_line=True),
    ]
    if _item(plan, "auditoria_errores") is not None:
        ranked = audit.rank(answers.get("auditoria_errores", l05))
        top = [r["label"] for r in ranked if r["priority"] > 0][:3]
        rows.append(("Lo primero que arreglas", "; ".join(top) or "Nada urgente."))
    security = answers.get("seguridad_hecho", l05)
    if isinstance(security, list):
        pending = len(audit.security_pending(security))
        total = len(audit.security_measures())
        rows.append(
            (
                "Seguridad",
                f"Te quedan {pending} de {total} medidas."
                if pending
                else "Tienes hechas todas las medidas.",
            )
        )
    counted = [
        p for p in plan.parts if p.items or p.missing
    ]  # an unanswered optional part: not yet
    done = sum(p.complete for p in counted)
    left = len(plan.missing)
    status = f"{done} de {len(counted)} partes completas"
    status += f"; faltan {left} respuestas (mira «Lo que te falta»)." if left else "."
    rows.append(("Cómo va tu plan", status))
    return rows


def _calendar(plan: Plan, answers: Answers) -> list[Action]:
    """First actions for weeks 1–12, derived from the answers in a fixed order."""
    l01, l02, l03, l04, l05 = (
        "01-despersonalizar-la-critica",
        "02-hay-que-estar-no-es-un-objetivo",
        "03-cultura-2-0-interna",
        "04-dejar-trabajar-al-cm",
        "05-desde-dentro-o-delegar",
    )
    actions: list[Action] = []
    security = answers.get("seguridad_hecho", l05)
    pending = audit.security_pending(security) if isinstance(security, list) else []
    if not isinstance(security, list):
        actions.append(Action(1, "Repasa tu lista de seguridad de la lección 05.", l05))
    for n, todo in enumerate(pending):
        actions.append(Action(1 if n < 2 else 2 if n < 4 else 3, f"Seguridad: {todo}", l05))
    if _item(plan, "pyme_quien_responde"):
        actions.append(
            Action(1, "Pon en marcha tu protocolo de respuesta a comentarios y críticas.", l01)
        )
    ranked = [r for r in audit.rank(answers.get("auditoria_errores", l05)) if r["priority"] > 0]
    for n, row in enumerate(ranked[:5]):
        actions.append(Action(min(2 + n, 6), f"Arregla «{row['label']}»: {row['action']}", l05))
    if _item(plan, "pyme_canales_internos"):
        actions.append(
            Action(2, "Primera reunión semanal del equipo con tus canales internos.", l03)
        )
    if _item(plan, "pyme_raci"):
        actions.append(Action(2, "Cuenta al equipo quién hace qué (tu matriz RACI).", l03))
    if _item(plan, "pyme_frecuencia"):
        actions.append(Action(2, "Empieza a publicar con la frecuencia que has decidido.", l02))
    if _item(plan, "pyme_madurez_mejora"):
        actions.append(
            Action(4, "Comprueba si has puesto en marcha el gesto de mejora de tu radar.", l03)
        )
    if _item(plan, "pyme_acuerdo_cm"):
        for week in (4, 8, 12):
            actions.append(
                Action(week, "Reunión mensual de revisión con quien lleva tus redes.", l04)
            )
    objective = _item(plan, "pyme_objetivo_1")
    actions.append(Action(6, "Mitad de camino: mira las cifras de tu objetivo 1.", l02))
    if objective:
        end = es_date(plan.date + timedelta(days=DAYS - 1))
        goal = " ".join(objective.text.split()).rstrip(".")
        actions.append(Action(WEEKS, f"Revisa tu objetivo 1 («{goal}») el {end}.", l02))
    else:
        actions.append(Action(12, "Revisa tu objetivo 1 con las cifras de estos 90 días.", l02))
    actions.append(Action(12, "Repite la autoauditoría y la autoevaluación de madurez.", l05))
    actions.append(Action(12, "Vuelve a repasar tu lista de seguridad de la lección 05.", l05))
    return sorted(actions, key=lambda a: a.week)


# -- the printable page ------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1f2328; max-width: 780px;
       margin: 2em auto; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 2px
solid #0072B2; } h3 { font-size: 1em; margin: 1em 0 0.2em; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #d0d7de;
padding: 4px 8px; vertical-align: top; text-align: left; }
.pendiente li, .aviso { color: #9a6700; } figure { margin: 1em 0; page-break-inside: avoid; }
img { max-width: 100%; } .resumen { page-break-after: always; }
p, li, td { overflow-wrap: anywhere; }
"""


def plan_html(plan: Plan, images: Mapping[str, bytes] | None = None) -> str:
    """A standalone, printable HTML page of the plan; every answer is escaped.

    ``images`` maps a chart kind ("radar", "audit") to its PNG (ui.plan_page.chart_images
    draws them: this module stays free of matplotlib); charts without one are left out.
    """
    esc = html.escape
    images = images or {}
    out = [
        "<!DOCTYPE html><html lang='es'><head><meta charset='utf-8'>",
        f"<title>{esc(plan.title)}</title><style>{CSS}</style></head><body>",
        f"<section class='resumen'><h1>{esc(plan.title)}</h1>",
        f"<p>{esc(es_date(plan.date))}"
        + (f" · {esc(plan.person)}" if plan.person else "")
        + "</p>",
    ]
    out += [f"<p class='aviso'>⚠️ {esc(p)}</p>" for p in plan.problems]
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in plan.summary)
    out.append(f"<h2>Tu plan en una página</h2><table>{rows}</table></section>")
    for part in plan.parts:
        out.append(f"<section><h2>{esc(part.title)}</h2>{part.html}</section>")
    out.append("<section><h2>Tus primeros 90 días</h2>")
    for title, actions in plan.blocks():
        out.append(f"<h3>{esc(title)}</h3><table><tr><th>Semana</th><th>Qué haces</th></tr>")
        for a in actions:
            when = es_range(*plan.week_dates(a.week))
            out.append(
                f"<tr><td>Semana {a.week}<br><small>{esc(when)}</small></td>"
                f"<td>{esc(a.text)}</td></tr>"
            )
        out.append("</table>")
    out.append("</section>")
    shown = [c for c in plan.charts if c.kind in images]
    if shown:
        out.append("<section><h2>Tus figuras</h2>")
        for chart in shown:
            data = base64.b64encode(images[chart.kind]).decode("ascii")
            out.append(
                f"<figure><img src='data:image/png;base64,{data}' alt='{esc(chart.description)}'>"
                f"<figcaption>📝 {esc(chart.description)}</figcaption></figure>"
            )
        out.append("</section>")
    out.append(
        "<footer><p><small>Hecho con el curso «Redes sociales con estrategia para pymes». "
        "Revísalo cada tres meses.</small></p></footer></body></html>"
    )
    return "".join(out)
