"""The owner's social media plan as data: gathered from the answers of lessons 00–07 (tables, budget and contacts included), with a summary, a 90-day calendar and a printable HTML page from a template."""

from __future__ import annotations

import base64
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from course_utils.core.content import load
from course_utils.core.formats import es_date, es_number, es_range
from course_utils.core.lessons import LessonError, read_lesson
from course_utils.core.paths import DATA
from course_utils.core.store import answers_path, read_answers
from course_utils.core.templates import render, render_macro
from course_utils.core.text import answered
from course_utils.core.text import shorten as _shorten
from course_utils.owner import plan_inputs
from course_utils.topics import audit, delegation, maturity, month, raci, triage

DATA_FILE = DATA / "plan.yaml"
SHORT = 220  # characters of an answer in the one-page summary
WEEKS, DAYS = 12, 90  # the calendar: twelve weeks that cover the first 90 days
PDF_NAME, HTML_NAME = "mi-plan.pdf", "mi-plan.html"  # written beside the lesson, or by curso plan


@cache
def content() -> dict[str, Any]:
    """The parsed data/plan.yaml (parts, fields, lesson 06's questions, the calendar's blocks),
    read once by the content loader like every other content file."""
    return load("plan")


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

    @property
    def here(self) -> bool:
        """Whether lesson 06 itself asks it (its page says «más abajo», not a link)."""
        return self.lesson == content()["lesson_id"]

    def sentence(self) -> str:
        return f"{self.text} Lo preguntamos en la {self.lesson_name}."


@dataclass(frozen=True)
class Table:
    """A table of the plan: Spanish headers and rows of plain text (the HTML page, the lesson's
    page and the PDF all draw it)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()  # the PDF's column shares, one a column; equal when empty


@dataclass(frozen=True)
class Block:
    """One piece of an answer as shown: a paragraph («p», its line breaks kept), a bold line
    («head»), a list («list»), a warning («note») or a table («table»)."""

    kind: str
    text: str = ""
    lines: tuple[str, ...] = ()
    table: Table | None = None


def _p(text: str) -> Block:
    return Block("p", text.strip())


def _head(text: str) -> Block:
    return Block("head", text)


def _list(lines: list[str]) -> Block:
    return Block("list", lines=tuple(lines))


def _note(text: str) -> Block:
    return Block("note", text)


def _table(headers: list[str], rows: list[list[str]], widths: tuple[int, ...] = ()) -> Block:
    return Block("table", table=Table(tuple(headers), tuple(tuple(r) for r in rows), widths))


@dataclass
class Item:
    """One answered field of a part: a label, its plain text (the summary, the tests) and the
    blocks the HTML pages and the PDF draw (every value escaped by the templates)."""

    qid: str
    label: str
    text: str
    blocks: list[Block]
    summary: str | None = None  # the line of the one-page summary, when not the text's first

    @property
    def html(self) -> str:
        return render_macro(BLOCKS, "item_body", item=self)


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
        return render_macro(BLOCKS, "part_body", part=self)


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
        """What the plan still needs, lesson by lesson in course order (then as the parts ask)."""
        return sorted((m for part in self.parts for m in part.missing), key=lambda m: m.lesson)

    @property
    def date_text(self) -> str:
        """ "24 de noviembre de 2026": the plan's day."""
        return es_date(self.date)

    def week_range(self, week: int) -> str:
        """ "del 24 al 30 de noviembre": the days of ``week``."""
        return es_range(*self.week_dates(week))

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

Shown = tuple[str, list[Block]]  # a field's plain text and its blocks


class _Gathering:
    """What building one plan collects besides its parts: the answers, figures and problems."""

    def __init__(self, answers: Answers) -> None:
        self.answers = answers
        self.charts: list[Chart] = []
        self.problems: list[str] = []
        self.summaries: dict[str, str] = {}  # qid → its line in the one-page summary

    def month(self) -> month.MonthPlan | None:
        value = self.answers.lesson(MONTH_LESSON).get(MONTH_QUESTION)
        try:
            return month.month_from_value(value) if isinstance(value, Mapping) else None
        except month.MonthError:
            return None


MONTH_LESSON, MONTH_QUESTION = "07-tu-mes-en-redes", "pyme_mes"


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


def _field(kind: str, value: Any, stem: str, got: _Gathering) -> Shown | None:
    """(text, blocks) of one field, or None when it is missing; may add a chart."""
    if kind in ("text", "objective"):
        if not isinstance(value, str) or not value.strip():
            return None
        return value.strip(), [_p(value)]
    if kind in _KINDS:
        return _KINDS[kind](value, stem, got)
    raise ValueError(f"unknown field kind in plan.yaml: {kind!r}")


def _raci(value: Any, stem: str, got: _Gathering) -> Shown | None:
    if not isinstance(value, Mapping) or not value.get("matriz"):
        return None
    tasks = {
        str(pair[0]): str(pair[1])
        for pair in value.get("tareas") or []
        if isinstance(pair, (list, tuple)) and len(pair) == 2
    }
    problems = raci.check(value["matriz"], tasks) if isinstance(value["matriz"], dict) else []
    headers, rows = raci.as_rows(value)
    blocks = [_table(headers, rows)]
    if problems:
        blocks.append(_note("Revisa: " + " ".join(problems)))
    extra = ("\nRevisa: " + " ".join(problems)) if problems else ""
    return raci.as_text(value) + extra, blocks


def _maturity(value: Any, stem: str, got: _Gathering) -> Shown | None:
    scores = maturity.dimension_scores(value)
    if len(scores) < len(maturity.dimensions()):
        return None
    stage = maturity.suggest_stage(scores)
    text = f"Etapa «{stage['name']}»: {stage['description']}\n{maturity.summary(scores)}"
    got.charts.append(Chart("radar", "Tu radar de madurez 2.0", maturity.summary(scores), scores))
    return text, [_p(text)]


def _audit(value: Any, stem: str, got: _Gathering) -> Shown | None:
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
    got.charts.append(
        Chart(
            "audit",
            "¿Qué arreglas primero en tus redes?",
            f"Barras de prioridad de los {len(rows)} errores; {first}.",
            rows,
        )
    )
    return head + "\n" + "\n".join(lines), [_p(head), _list(lines)]


def _security(value: Any, stem: str, got: _Gathering) -> Shown | None:
    if not isinstance(value, list):
        return None
    pending = audit.security_pending(value)
    total = len(audit.security_measures())
    if not pending:
        text = f"Tienes hechas las {total} medidas. {audit.security_advice()}"
        return text, [_p(text)]
    head = f"Te quedan {len(pending)} de {total} medidas:"
    return head + "\n" + "\n".join(f"- {p}" for p in pending), [_p(head), _list(pending)]


def _recommendation(value: Any, stem: str, got: _Gathering) -> Shown | None:
    found = _delegation(got.answers, stem)
    if found is None:
        return None
    text = found[0]
    head, *reasons = text.split("\n")
    return text, [_head(head), _list([r[2:] for r in reasons])]


def _month(value: Any, stem: str, got: _Gathering) -> Shown | None:
    """Lesson 07's month as lines and a table; None when not saved, a problem when it no
    longer holds (the owner is told where to fix it)."""
    if not isinstance(value, Mapping):
        return None
    try:
        plan = month.month_from_value(value)
    except month.MonthError as exc:
        got.problems.append(
            f"Tu calendario del mes no ha entrado en el plan: {exc} Ábrelo en la lección 07, "
            "corrígelo y vuelve aquí (lo que guardaste sigue ahí)."
        )
        return None
    head = (
        f"{plan.title}: {len(plan.posts)} publicaciones, unas "
        f"{es_number(plan.minutes() / 60, 1)} horas de trabajo."
    )
    who = any(s.post.who for s in plan.posts)
    keys = ["Día", "Canal", "Formato", "Pilar"] + (["Quién"] if who else [])
    rows = [[r["Fecha"]] + [r[k] for k in keys] for r in plan.readable_rows()]
    lines = [" · ".join([row[0], *row[2:]]) for row in rows]
    pillars = [f"{p.name}: sirve a «{p.objective}»" for p in plan.pillars]
    widths = (16, 14, 22, 26, 30) + ((22,) if who else ())
    text = head + "\n" + "\n".join(lines) + "\nPilares:\n" + "\n".join(f"- {p}" for p in pillars)
    blocks = [
        _p(head),
        _table(["Fecha", *keys], rows, widths),
        _head("Tus pilares"),
        _list(pillars),
    ]
    return text, blocks


def _paid_test(value: Any, stem: str, got: _Gathering) -> Shown | None:
    """Lesson 07's budget calculator: the hours, the paid test and its stop rule, and the
    verdict once the test has run; None when not saved, a problem when it no longer holds."""
    if not isinstance(value, Mapping):
        return None
    try:
        budget = month.budget_from_value(value)
    except month.MonthError as exc:
        got.problems.append(f"Tu prueba pagada no ha entrado en el plan: {exc}")
        return None
    lines = [budget.sentence()]
    spent, results = value.get("spent"), value.get("results")
    if isinstance(spent, (int, float)) and isinstance(results, int) and (spent or results):
        verdict = budget.after(float(spent), results)
        lines.append(f"Después de la prueba, la regla dice: {verdict.action}. {verdict.reason}")
    return "\n".join(lines), [_p(line) for line in lines]


def _budget(value: Any, stem: str, got: _Gathering) -> Shown | None:
    """Lesson 06's hours and euros, or lesson 07's calculator while lesson 06's is empty."""
    spec = plan_inputs.inputs()["budget"]
    budget, problems = plan_inputs.read_budget(value, stem)
    if budget is None and not problems:
        source = str(spec["from_lesson"])
        budget, problems = plan_inputs.read_budget(
            got.answers.lesson(source).get(spec["from_id"]), source
        )
    if budget is None and not problems:
        return None
    sentence = budget.sentence() if budget else "Todavía sin cifras que se puedan usar"
    head = sentence[:1].upper() + sentence[1:] + "."
    notes = [f"Revisa: {p}" for p in problems]
    plan = got.month()
    if plan is not None and budget is not None and budget.hours is not None:
        needed = plan_inputs.hours_needed(plan.minutes())
        if needed > budget.hours + 0.05:
            notes.append(
                f"Revisa: tu calendario de {plan.title.lower()} pide "
                f"{plan_inputs.about(needed)} a la semana y tu presupuesto dice "
                f"{plan_inputs.hours_text(budget.hours)}: quita alguna publicación o busca "
                "más tiempo."
            )
    blocks = [_head(head)]
    if budget is not None and budget.source != content()["lesson_id"]:
        blocks.append(_p(f"Lo calculaste en la lección {budget.source[:2]}."))
    blocks += [_note(n) for n in notes]
    got.summaries["plan_presupuesto"] = head
    return "\n".join([head, *notes]), blocks


def _kpis(value: Any, stem: str, got: _Gathering) -> Shown | None:
    """The KPI table of lesson 06, or lesson 07's KPI lines while lesson 06's is empty."""
    spec = plan_inputs.table_spec("kpis")
    rows = plan_inputs.rows_of("kpis", value)
    if not rows:
        rows = plan_inputs.kpis_from_lines(
            got.answers.lesson(spec["from_lesson"]).get(spec["from_id"])
        )
    if not rows:
        return None
    problems = plan_inputs.row_problems("kpis", rows)
    complete = plan_inputs.complete_rows("kpis", rows)
    for row in complete:
        if not row["fuente"] and (where := plan_inputs.source_for(row["indicador"])):
            row["fuente"] = f"{where} (sugerencia)"
    lines = [
        f"{r['indicador']}: de {r['partida']} a {r['meta']}"
        + (f" (dónde: {r['fuente']})" if r["fuente"] else "")
        for r in complete
    ]
    blocks: list[Block] = []
    if complete:
        headers = [c.label for c in plan_inputs.columns("kpis")]
        keys = [c.key for c in plan_inputs.columns("kpis")]
        blocks.append(_table(headers, [[r[k] for k in keys] for r in complete], (28, 18, 22, 32)))
        got.summaries["plan_kpis"] = "; ".join(
            f"{r['indicador']}: de {r['partida']} a {r['meta']}" for r in complete[:3]
        )
    blocks += [_note(f"Revisa: {p}") for p in problems]
    return "\n".join(lines + [f"Revisa: {p}" for p in problems]), blocks


def _contacts(value: Any, stem: str, got: _Gathering) -> Shown | None:
    """The owner's crisis contacts, most serious case first, with INCIBE's 017 after them."""
    rows = plan_inputs.rows_of("contacts", value)
    if not rows:
        return None
    problems = [f"Revisa: {p}" for p in plan_inputs.row_problems("contacts", rows)]
    own = plan_inputs.complete_rows("contacts", rows)
    when = plan_inputs.table_spec("contacts")["when"]
    keys = [c.key for c in plan_inputs.columns("contacts")]
    table = [
        [str(when.get(r[k], r[k])) if k == "cuando" else r[k] for k in keys]
        for r in (plan_inputs.contact_order(own) if own else [])
    ]
    who = [f"{r[0]}{f' ({r[1]})' if r[1] else ''}: {r[2]}" for r in table]
    lines = [f"{person}. Cuándo: {r[3]}." for person, r in zip(who, table, strict=True)]
    step = next(s for s in triage.flowchart() if s.get("serious"))
    ladder = (
        f"La escalera de la lección 01: si la respuesta a «{step['question']}» es «sí», "
        f"{triage.actions()[step['action']].lower()}. {triage.action_notes()[step['action']]}"
    )
    blocks = [_p(ladder)]
    if table:
        headers = [c.label for c in plan_inputs.columns("contacts")]
        blocks.append(_table(headers, table, (22, 26, 28, 24)))
        got.summaries["plan_contactos"] = who[0]
    elif problems:
        got.summaries["plan_contactos"] = problems[0]
    blocks += [_note(p) for p in problems]
    return "\n".join([ladder, *lines, *problems]), blocks


def _contract(value: Any, stem: str, got: _Gathering) -> Shown | None:
    contract = plan_inputs.read_contract(value)
    if contract is None:
        return None
    name = delegation.recommendations()[contract.model]
    if not contract.delegates:
        text = (
            f"Llevas tus redes desde dentro («{name}»): no necesitas contrato. Si un día "
            "delegas una parte, repasa esta lista en la lección 06 antes de firmar."
        )
        return text, [_p(text)]
    head = f"Delegas: «{name}»."
    blocks = [_head(head)]
    lines = [head]
    if contract.done:
        blocks += [_p("Tu contrato ya deja claro:"), _list(contract.done)]
        lines += ["Tu contrato ya deja claro:"] + [f"- {t}" for t in contract.done]
    if contract.pending:
        total = len(contract.done) + len(contract.pending)
        pending = f"Te falta dejar claro ({len(contract.pending)} de {total}):"
        blocks += [_note(pending), _list(contract.pending)]
        lines += [pending] + [f"- {t}" for t in contract.pending]
    else:
        blocks.append(_p("✅ Tu contrato deja claros todos los puntos de la lista."))
        lines.append("Tu contrato deja claros todos los puntos de la lista.")
    return "\n".join(lines), blocks


_KINDS = {
    "raci": _raci,
    "maturity": _maturity,
    "audit": _audit,
    "security": _security,
    "delegation": _recommendation,
    "month": _month,
    "budget": _budget,
    "paid_test": _paid_test,
    "kpis": _kpis,
    "contacts": _contacts,
    "contract": _contract,
}


# -- building the plan -------------------------------------------------------------------------


def build_plan(folder: str | Path = ".", today: date | None = None) -> Plan:
    """The plan from the answers files in ``folder`` (the lessons folder). Never raises for
    missing or damaged answers: the parts say what is missing and where it is asked."""
    data = content()
    answers = Answers(folder)
    own = answers.lesson(data["lesson_id"])
    got = _Gathering(answers)
    parts = []
    for spec in data["parts"]:
        stem = spec["lesson"]
        part = Part(spec["id"], spec["title"], stem, answers.lesson_name(stem))
        for f in spec["fields"]:
            value = answers.get(f["id"], stem)
            shown = _field(f["kind"], value, stem, got)
            if shown is not None:
                summary = got.summaries.get(f["id"])
                part.items.append(Item(f["id"], f["label"], shown[0], shown[1], summary))
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
        charts=got.charts,
        problems=list(answers.problems) + got.problems,
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
        if item.summary is not None:
            return label, item.summary
        return label, item.text.split("\n")[0] if first_line else item.text  # whole

    l02, l05, l06 = "02-hay-que-estar-no-es-un-objetivo", "05-desde-dentro-o-delegar", "06-mi-plan"
    rows = [
        line("Tu negocio", "pyme_negocio", "00-bienvenida"),
        line("Objetivo principal", "pyme_objetivo_1", l02),
        line("Tus indicadores", "plan_kpis", l06, first_line=True),
        line("Redes en las que te centras", "pyme_redes_elegidas", l02),
        line(
            "Quién responde los comentarios", "pyme_quien_responde", "01-despersonalizar-la-critica"
        ),
        line("Si algo se tuerce, llamas a", "plan_contactos", l06, first_line=True),
        line("Quién lleva tus redes (recomendación)", "decision_tiempo", l05, first_line=True),
        line("Tu presupuesto", "plan_presupuesto", l06, first_line=True),
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
    l01, l02, l03, l04, l05, l06 = (
        "01-despersonalizar-la-critica",
        "02-hay-que-estar-no-es-un-objetivo",
        "03-cultura-2-0-interna",
        "04-dejar-trabajar-al-cm",
        "05-desde-dentro-o-delegar",
        "06-mi-plan",
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
    if _item(plan, "plan_contactos"):
        actions.append(
            Action(1, "Guarda tus contactos de crisis en el móvil de quien responde.", l06)
        )
    contract = plan_inputs.read_contract(answers.get("plan_contrato", l06))
    if contract is not None and contract.delegates and contract.pending:
        n = len(contract.pending)
        actions.append(
            Action(
                2,
                f"Repasa tu contrato con quien lleva tus redes: "
                f"{'queda 1 punto' if n == 1 else f'quedan {n} puntos'} por dejar claro.",
                l06,
            )
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
    if _has_table(_item(plan, "plan_kpis")):
        for week, which in ((4, "primer"), (8, "segundo")):
            actions.append(
                Action(week, f"Apunta la cifra del {which} mes de cada indicador de tu tabla.", l06)
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


def _has_table(item: Item | None) -> bool:
    """Whether an item shows a table (a KPI table with at least one complete row)."""
    return item is not None and any(b.kind == "table" for b in item.blocks)


# -- the printable page ------------------------------------------------------------------------

BLOCKS = "plan_bloques.html.j2"  # macros shared by the printable page and the lesson's views


def plan_html(plan: Plan, images: Mapping[str, bytes] | None = None) -> str:
    """A standalone, printable HTML page of the plan (data/templates/plan.html.j2); every
    answer is escaped.

    ``images`` maps a chart kind ("radar", "audit") to its PNG (ui.plan_page.chart_images
    draws them: this module stays free of matplotlib); charts without one are left out.
    """
    images = images or {}
    figures = [
        (chart, "data:image/png;base64," + base64.b64encode(images[chart.kind]).decode("ascii"))
        for chart in plan.charts
        if chart.kind in images
    ]
    return render("plan.html.j2", plan=plan, figures=figures)
