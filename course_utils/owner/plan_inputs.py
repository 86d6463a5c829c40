"""Lesson 06's structured answers for the plan (the budget line, the KPI table, the crisis contacts and the delegation contract): cleaned, checked with Spanish messages and read back from whatever was saved."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from course_utils.core.content import load
from course_utils.core.formats import es_number
from course_utils.core.text import plain, shorten
from course_utils.grading.scoring import parse_number
from course_utils.topics import delegation, month, objectives

TABLES = ("kpis", "contacts")
#: Rows read from a saved table at most (the page saves far fewer; this bounds a forged file).
READ_ROWS = 50


def inputs() -> dict[str, Any]:
    """The «inputs» section of plan.yaml: what lesson 06 asks beyond its text questions."""
    return dict(load("plan")["inputs"])


def clean(value: Any) -> str:
    """One line of what the owner typed, kept as typed otherwise: Unicode in composed form,
    control characters (a tab, a pasted form feed) as spaces, runs of white space as one
    and no spaces at the ends. A number reads as its digits; anything else is empty."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return " ".join(text.split())


# -- the tables: KPIs and crisis contacts ------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a lesson-06 table, as plan.yaml describes it."""

    key: str
    label: str
    placeholder: str = ""
    max_chars: int = 120
    required: bool = False
    missing: str = ""  # «Fila 2: falta …»
    choices: dict[str, str] = field(default_factory=dict)  # a drop-down: id → label


def table_spec(kind: str) -> dict[str, Any]:
    """plan.yaml's description of the table ``kind`` («kpis» or «contacts»)."""
    if kind not in TABLES:
        raise ValueError(f"unknown table: {kind!r} (known: {', '.join(TABLES)})")
    return dict(inputs()[kind])


def columns(kind: str) -> list[Column]:
    """The columns of the table ``kind``, in order."""
    spec = table_spec(kind)
    out = []
    for col in spec["columns"]:
        choices = spec[col["choices"]] if col.get("choices") else {}
        out.append(
            Column(
                key=str(col["key"]),
                label=str(col["label"]),
                placeholder=str(col.get("placeholder", "")),
                max_chars=int(col.get("max_chars", 120)),
                required=bool(col.get("required", False)),
                missing=str(col.get("missing", col["label"].lower())),
                choices={str(k): str(v) for k, v in choices.items()},
            )
        )
    return out


def clean_row(kind: str, row: Any) -> dict[str, str]:
    """A row with every column of ``kind`` as clean text (unknown keys dropped, a choice
    outside the list read as empty); anything but a mapping is an empty row."""
    row = row if isinstance(row, Mapping) else {}
    out = {}
    for col in columns(kind):
        text = clean(row.get(col.key))
        out[col.key] = text if not col.choices or text in col.choices else ""
    return out


def rows_of(kind: str, value: Any) -> list[dict[str, str]]:
    """The non-empty rows of a saved table, cleaned (a value that is no list has none)."""
    if not isinstance(value, list):
        return []
    rows = (clean_row(kind, row) for row in value[:READ_ROWS])
    return [row for row in rows if any(row.values())]


def row_problems(kind: str, rows: list[dict[str, str]]) -> list[str]:
    """What to fix in a table, one Spanish sentence each; rows are numbered as shown (an
    empty row is skipped, not counted as a problem)."""
    cols = columns(kind)
    problems = []
    filled = 0
    for number, row in enumerate(rows, start=1):
        if not any(row.get(c.key) for c in cols):
            continue
        filled += 1
        lacking = [c.missing for c in cols if c.required and not row.get(c.key)]
        if lacking:
            problems.append(f"Fila {number}: falta {_and(lacking)}.")
        for col in cols:
            size = len(row.get(col.key, ""))
            if size > col.max_chars:
                problems.append(
                    f"Fila {number}, «{col.label}»: tiene {es_number(size)} caracteres y caben "
                    f"{col.max_chars}. Acórtala para que quepa en la tabla de tu plan."
                )
    most = int(table_spec(kind)["max_rows"])
    if filled > most:
        problems.append(f"Caben {most} filas y hay {filled}: quédate con las que más importan.")
    return problems


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " y " + items[-1]


def complete_rows(kind: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows the plan prints: every required column given; long texts cut with «…»."""
    cols = columns(kind)
    most = int(table_spec(kind)["max_rows"])
    out = []
    for row in rows:
        if all(row.get(c.key) for c in cols if c.required):
            out.append({c.key: shorten(row.get(c.key, ""), c.max_chars) for c in cols})
    return out[:most]


def source_for(indicator: str) -> str:
    """Where an owner reads ``indicator`` (plan.yaml's sources), or "" when none matches."""
    words = plain(indicator)
    for source in table_spec("kpis")["sources"]:
        if any(str(w) in words for w in source["words"]):
            return str(source["where"])
    return ""


def kpis_from_lines(text: Any) -> list[dict[str, str]]:
    """Lesson 07's KPI lines («qué | hoy | meta | dónde», one a line) as table rows; lines
    without at least «qué | hoy | meta» are left out."""
    if not isinstance(text, str):
        return []
    keys = [c.key for c in columns("kpis")]
    rows = []
    for line in text.splitlines()[:READ_ROWS]:
        cells = [clean(cell) for cell in line.split("|")]
        if len(cells) >= 3 and all(cells[:3]):
            cells = cells[: len(keys) - 1] + [" ".join(cells[len(keys) - 1 :]).strip()]
            rows.append(dict(zip(keys, cells + [""] * (len(keys) - len(cells)), strict=True)))
    return rows


def suggested_kpis(goals: list[str]) -> list[dict[str, str]]:
    """First rows of the KPI table from the owner's objectives (lesson 02): the indicator,
    the target and where to read it; the figure of today is the owner's to write."""
    rows: list[dict[str, str]] = []
    for goal in goals:
        found = objectives.indicator(goal)
        if found is None or any(r["indicador"] == found.label for r in rows):
            continue
        rows.append(
            {
                "indicador": found.label,
                "partida": "",
                "meta": found.target,
                "fuente": source_for(found.label),
            }
        )
    return rows


def contact_order(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Contacts from the most serious case to the least (the ladder in plan.yaml), each
    with the fixed ones (INCIBE's 017) after the owner's."""
    ladder = list(table_spec("contacts")["when"])
    always = [clean_row("contacts", row) for row in table_spec("contacts").get("always", [])]
    ordered = sorted(rows, key=lambda r: ladder.index(r["cuando"]) if r["cuando"] in ladder else 99)
    return ordered + [r for r in always if r not in ordered]


# -- the budget line ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    """Hours a week and euros a month for the social media; None where not given."""

    hours: float | None
    euros: float | None
    source: str  # the lesson that gave it: «06-mi-plan» or lesson 07's id

    def sentence(self) -> str:
        """ "3 horas a la semana y 50 € al mes"; what is not given is said to be pending."""
        hours = "horas a la semana: pendiente"
        if self.hours is not None:
            hours = f"{hours_text(self.hours)} a la semana"
        if self.euros is None:
            return f"{hours}; euros al mes: pendiente"
        if self.euros == 0:
            return f"{hours}, sin gasto en euros"
        return f"{hours} y {_figure(self.euros)} € al mes"


def hours_text(hours: float) -> str:
    """ "1 hora", "1,5 horas"."""
    return f"{_figure(hours)} {'hora' if hours == 1 else 'horas'}"


def about(hours: float) -> str:
    """ "unos 20 minutos" under an hour, "unas 2,5 horas" from there (rounded as spoken)."""
    minutes = max(5, round(hours * 12) * 5)
    if minutes < 60:
        return f"unos {minutes} minutos"
    half_hours = round(hours * 2) / 2
    return "una hora" if half_hours == 1 else f"unas {_figure(half_hours)} horas"


def _figure(value: float) -> str:
    """1.200 and 1,5 as Spain writes them, without needless decimals."""
    text = es_number(value, 2)
    return text[:-3] if text.endswith(",00") else text.rstrip("0")


def _number(value: Any) -> float | None:
    if isinstance(value, str):
        value = clean(value)
        if not value:
            return None
    return parse_number(value)


def budget_problems(hours: Any, euros: Any) -> list[str]:
    """What is wrong with the budget as typed, one Spanish sentence each (nothing when
    both are figures within plan.yaml's bounds)."""
    spec = inputs()["budget"]
    problems = []
    for value, part in ((hours, spec["hours"]), (euros, spec["euros"])):
        text = clean(value)
        if not text:
            problems.append(f"Falta {part['missing']}.")
            continue
        number = _number(text)
        if number is None:
            problems.append(
                f"«{shorten(text, 40)}» no es una cifra: en «{part['label']}» escribe solo "
                "el número, por ejemplo 3 o 1,5."
            )
        elif number < 0:
            problems.append(f"«{part['label']}» no puede ser negativo.")
        elif number > float(part["max"]):
            problems.append(f"Revisa «{part['label']}»: {part['too_much']}.")
    return problems


def read_budget(value: Any, source: str) -> tuple[Budget | None, list[str]]:
    """The budget saved as ``value`` (lesson 06's {"horas_semana", "euros_mes"} as typed, or
    lesson 07's calculator as month.budget_value saves it: its hours a week and the paid test's
    total as the month's euros), and what to fix in it. None when nothing usable was saved."""
    if not isinstance(value, Mapping):
        return None, []
    if "hours_week" in value:  # lesson 07's calculator, checked again by its own reader
        try:
            calculated = month.budget_from_value(value)
        except month.MonthError as exc:
            return None, [str(exc)]
        return Budget(calculated.hours, calculated.test.total, source), []
    hours, euros = value.get("horas_semana"), value.get("euros_mes")
    if not clean(hours) and not clean(euros):
        return None, []
    problems = budget_problems(hours, euros)
    spec = inputs()["budget"]

    def usable(raw: Any, part: Mapping[str, Any]) -> float | None:
        number = _number(raw)
        return number if number is not None and 0 <= number <= float(part["max"]) else None

    budget = Budget(usable(hours, spec["hours"]), usable(euros, spec["euros"]), source)
    if budget.hours is None and budget.euros is None:
        return None, problems
    return budget, problems


def hours_needed(month_minutes: int) -> float:
    """Hours a week a month's calendar asks, by the formats' minutes (lesson 07)."""
    return month_minutes / 60 / float(inputs()["budget"]["weeks_a_month"])


# -- the delegation contract -------------------------------------------------------------------


@dataclass(frozen=True)
class Contract:
    """Whether the owner delegates and what their contract already settles."""

    model: str  # «dentro», «hibrido» or «agencia» (delegation.yaml's recommendations)
    done: list[str]  # the checklist's texts the contract settles
    pending: list[str]  # and those it does not yet

    @property
    def delegates(self) -> bool:
        return delegation.delegates(self.model)


def read_contract(value: Any) -> Contract | None:
    """The contract checklist saved as {"modelo", "hecho"}; None without a known model."""
    if not isinstance(value, Mapping):
        return None
    model = value.get("modelo")
    if not isinstance(model, str) or model not in delegation.recommendations():
        return None
    items = delegation.contract_items()
    ticked = value.get("hecho")
    ticked = {t for t in ticked if isinstance(t, str)} if isinstance(ticked, list) else set()
    done = [text for key, text in items.items() if key in ticked]
    pending = [text for key, text in items.items() if key not in ticked]
    return Contract(model, done, pending)
