"""The budget calculator of lesson 07: hours a week, euros a day, days, ticket and margin give the most a result may cost, the total and the stop rule; after the test, the spend and the results say whether to go on; saved for «Mi plan»."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_string import TextStyle

from course_utils.core.formats import es_number, es_points
from course_utils.grading import scoring
from course_utils.topics import month
from course_utils.ui import lean
from course_utils.ui.saving import saved_note

WIDE = w.Layout(width="100%", max_width="420px")
TEXT_STYLE = TextStyle(description_width="initial")  # shared, never changed
#: What the calculator starts with before anything is saved: the lesson's suggested test
#: (5–10 € a day for a week) and one hour a week; the ticket and margin are the owner's.
START = {"hours_week": 1, "daily": 7, "days": 7}
VERDICTS = {"seguir": "🟢 Sigue", "esperar": "🟡 Espera", "parar": "🔴 Para"}


def month_hours_html(value: Any) -> str:
    """What the saved month asks in hours (from its formats), or how to get that figure."""
    if not isinstance(value, Mapping):
        return (
            "<p>Cuando completes tu mes (arriba), aquí verás cuántas horas pide preparar sus "
            "publicaciones.</p>"
        )
    try:
        plan = month.month_from_value(value)
    except month.MonthError:
        return "<p>Tu mes (arriba) aún no está completo: cuando lo esté, verás aquí sus horas.</p>"
    hours = plan.minutes() / 60
    return (
        f"<p>Tu mes de {html.escape(plan.title.lower())} pide unas {es_number(hours, 1)} horas "
        f"para preparar sus {len(plan.posts)} publicaciones (unas {es_number(hours / 4, 1)} a la "
        "semana); suma el tiempo de responder comentarios y mensajes.</p>"
    )


def rule_html(plan: month.Budget) -> str:
    """The limit per result, the total and the stop rule, in the owner's figures."""
    test = plan.test
    limit, twice = month.euros(test.max_cost), month.euros(2 * test.max_cost)
    return (
        f"<p>✅ <b>Cada {html.escape(test.result)} puede costarte como mucho {limit}</b> (el "
        f"{es_number(plan.margin, 1).removesuffix(',0')} % de {month.euros(plan.ticket)}): si cuesta "
        f"más, pierdes dinero. La prueba gasta <b>{month.euros(test.total)} en total</b> "
        f"({test.days} días a {month.euros(test.daily)}).</p>"
        f"<p><b>Tu regla para parar:</b> cuando lleves {twice} gastados (dos veces tu límite), "
        f"mira los resultados. Si no ha llegado ninguna {html.escape(test.result)}, o cada una "
        f"te ha costado más de {limit}, para el anuncio, cambia una sola cosa (la imagen, el "
        "texto o la zona) y vuelve a probar otro día. Si cada una cuesta menos, sigue hasta el "
        "final.</p>"
    )


#: The calculator's figures: answer key, label (read by screen readers too), placeholder.
FIELDS = (
    ("hours_week", "Horas a la semana para tus redes", "por ejemplo, 1,5"),
    ("daily", "Euros al día (de 5 a 10)", "por ejemplo, 7"),
    ("days", "Días de prueba (de 3 a 14)", "por ejemplo, 7"),
    ("ticket", "Tique medio de cada resultado (€)", "por ejemplo, 30"),
    ("margin", "Tu margen (%)", "por ejemplo, 40"),
)
AFTER = (
    ("spent", "Gastado hasta hoy (€)", "por ejemplo, 24,50"),
    ("results", "Resultados que han llegado", "por ejemplo, 2"),
)
WHOLE = {"days", "results"}  # whole numbers
FIXED = ("hours_week", "daily", "days")  # figures month.budget cannot explain when missing


def _shown(value: Any) -> str:
    """A saved figure as Spain writes it in a box: 7, 7,5, 1200 (no thousands point)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    return es_points(float(value))


def read_figure(text: str, label: str, whole: bool = False) -> float | None:
    """The figure typed in a box, Spanish style («7,5», «1.200», «30 €»); None when empty.
    month.MonthError (naming the box) when it is not a figure or, for ``whole``, not whole."""
    if not text.strip():
        return None
    number = scoring.parse_number(text)
    if number is None:
        raise month.MonthError(
            f"En «{label}», «{text.strip()}» no es una cifra: escríbela con números, "
            "con coma para los decimales (por ejemplo, 12,50)."
        )
    if whole and not number.is_integer():
        raise month.MonthError(f"En «{label}» va un número entero (por ejemplo, 7), sin decimales.")
    return number


def budget_calculator(
    store: Any, qid: str = "pyme_presupuesto_mes", month_qid: str = "pyme_mes"
) -> w.VBox:
    """The month's budget from five figures and, after the test, the stop rule's verdict.
    Figures are typed as Spain writes them (text boxes: a number box would read «7,5» as 75).
    Every change that gives a valid budget saves it (``month.budget_value``'s shape) for
    «Mi plan»; an invalid one says what to fix and is not saved. The hours the saved month
    asks (``month_qid``) are shown and follow the month builder's saves."""
    saved = store.get(qid)
    initial: Mapping[str, Any] = saved if isinstance(saved, Mapping) else START
    kinds = month.results()
    old_result = str(initial.get("result", ""))
    result = lean.Dropdown(
        options=[(k.capitalize(), k) for k in kinds],
        value=old_result if old_result in kinds else kinds[0],
        description="Qué cuenta como resultado",
    )
    boxes: dict[str, w.Text] = {}
    for key, label, placeholder in (*FIELDS, *AFTER):
        box = w.Text(
            value=_shown(initial.get(key)),
            description=label,
            placeholder=placeholder,
            continuous_update=False,
            layout=WIDE,
            style=TEXT_STYLE,
        )
        box.add_class("curso-cifra")  # the page asks phones for their number pad
        boxes[key] = box
    labels = {key: label for key, label, _ in (*FIELDS, *AFTER)}
    hint = lean.HTML(month_hours_html(store.get(month_qid)))
    outcome, verdict = lean.HTML(), lean.HTML()
    outcome.add_class("curso-estado")
    verdict.add_class("curso-estado")

    def figure(key: str) -> float | None:
        return read_figure(boxes[key].value, labels[key], key in WHOLE)

    def refresh(save: bool) -> None:
        try:
            given = {key: figure(key) for key, _, _ in FIELDS}
            # an empty ticket or margin is explained by month.budget (what it is, an example)
            missing = [labels[k] for k in FIXED if given[k] is None]
            if missing:
                raise month.MonthError(f"Falta «{missing[0]}»: escribe una cifra.")
            plan = month.budget(
                given["hours_week"] or 0.0,
                given["daily"] or 0.0,
                int(given["days"] or 0),
                given["ticket"] or 0.0,
                given["margin"] or 0.0,
                result.value,
            )
        except month.MonthError as exc:
            outcome.value = f"<p>⚠️ Todavía no: {html.escape(str(exc))}</p>"
            verdict.value = ""
            return
        try:
            spent, got = figure("spent") or 0.0, int(figure("results") or 0)
            if spent < 0 or got < 0:
                raise month.MonthError("El gasto y los resultados no pueden ser negativos.")
        except month.MonthError as exc:
            verdict.value = f"<p>⚠️ {html.escape(str(exc))}</p>"
            spent, got = 0.0, 0
        else:
            if spent or got:
                said = plan.after(spent, got)
                verdict.value = f"<p><b>{VERDICTS[said.action]}.</b> {html.escape(said.reason)}</p>"
            else:
                verdict.value = (
                    "<p>Cuando la prueba lleve unos días, escribe lo que has gastado y cuántos "
                    "resultados han llegado: aquí verás si sigues, esperas o paras.</p>"
                )
        note = ""
        if save:
            value = month.budget_value(plan, spent, got)
            note = f"<p>{saved_note(store, qid, value, '✓ Guardado para tu plan.')}</p>"
        outcome.value = rule_html(plan) + note

    for control in (result, *boxes.values()):
        control.observe(lambda _change: refresh(True), names="value")

    def month_saved(saved_qid: str, value: Any) -> None:
        if saved_qid == month_qid:
            hint.value = month_hours_html(value)

    store.after_save.append(month_saved)
    refresh(False)
    return lean.VBox(
        [
            lean.HTML("<h4>Tu presupuesto del mes</h4>"),
            hint,
            boxes["hours_week"],
            result,
            *(boxes[key] for key, _, _ in FIELDS[1:]),
            outcome,
            lean.HTML("<h4>Después de la prueba</h4>"),
            *(boxes[key] for key, _, _ in AFTER),
            verdict,
        ]
    )
