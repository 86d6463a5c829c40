"""The budget calculator of lesson 07: hours a week, euros a day, days, ticket and margin give the most a result may cost, the total and the stop rule; after the test, the spend and the results say whether to go on; saved for «Mi plan»."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from course_utils.core.formats import es_number
from course_utils.topics import month
from course_utils.ui import lean

WIDE = w.Layout(width="100%", max_width="420px")
#: What the calculator starts with before anything is saved: the lesson's suggested test
#: (5–10 € a day for a week) and one hour a week; the ticket and margin are the owner's.
START = {"hours_week": 1.0, "daily": 7.0, "days": 7, "ticket": 0.0, "margin": 0.0}
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


def budget_calculator(
    store: Any, qid: str = "pyme_presupuesto_mes", month_qid: str = "pyme_mes"
) -> w.VBox:
    """The month's budget from five figures and, after the test, the stop rule's verdict.
    Every change that gives a valid budget saves it (``month.budget_value``'s shape) for
    «Mi plan»; an invalid one says what to fix and is not saved. The hours the saved month
    asks (``month_qid``) are shown and follow the month builder's saves."""
    saved = store.get(qid)
    initial: Mapping[str, Any] = saved if isinstance(saved, Mapping) else START

    def number(key: str) -> float:
        try:
            return float(initial.get(key) or START.get(key, 0.0))
        except (TypeError, ValueError):
            return float(START.get(key, 0.0))

    hours = w.FloatText(
        value=number("hours_week"),
        description="Horas a la semana para tus redes",
        layout=WIDE,
        style=lean.LABEL_FITS,
    )
    kinds = month.results()
    old_result = str(initial.get("result", ""))
    result = lean.Dropdown(
        options=[(k.capitalize(), k) for k in kinds],
        value=old_result if old_result in kinds else kinds[0],
        description="Qué cuenta como resultado",
    )
    daily = w.FloatText(
        value=number("daily"),
        description="Euros al día (de 5 a 10)",
        layout=WIDE,
        style=lean.LABEL_FITS,
    )
    days = w.IntText(
        value=int(number("days")),
        description="Días de prueba (de 3 a 14)",
        layout=WIDE,
        style=lean.LABEL_FITS,
    )
    ticket = w.FloatText(
        value=number("ticket"),
        description="Tique medio de cada resultado (€)",
        layout=WIDE,
        style=lean.LABEL_FITS,
    )
    margin = w.FloatText(
        value=number("margin"),
        description="Tu margen (%)",
        layout=WIDE,
        style=lean.LABEL_FITS,
    )
    spent = w.FloatText(
        value=number("spent") if initial.get("spent") else 0.0,
        description="Gastado hasta hoy (€)",
        layout=WIDE,
        style=lean.LABEL_FITS,
    )
    got = w.IntText(
        value=int(number("results")) if initial.get("results") else 0,
        description="Resultados que han llegado",
        layout=WIDE,
        style=lean.LABEL_FITS,
    )
    hint, outcome, verdict = (
        lean.HTML(month_hours_html(store.get(month_qid))),
        lean.HTML(),
        lean.HTML(),
    )
    outcome.add_class("curso-estado")
    verdict.add_class("curso-estado")

    def refresh(save: bool) -> None:
        try:
            plan = month.budget(
                hours.value, daily.value, days.value, ticket.value, margin.value, result.value
            )
        except month.MonthError as exc:
            outcome.value = f"<p>⚠️ Todavía no: {html.escape(str(exc))}</p>"
            verdict.value = ""
            return
        note = ""
        if spent.value < 0 or got.value < 0:
            verdict.value = "<p>⚠️ El gasto y los resultados no pueden ser negativos.</p>"
        elif spent.value or got.value:
            said = plan.after(spent.value, got.value)
            verdict.value = f"<p><b>{VERDICTS[said.action]}.</b> {html.escape(said.reason)}</p>"
        else:
            verdict.value = (
                "<p>Cuando la prueba lleve unos días, escribe lo que has gastado y cuántos "
                "resultados han llegado: aquí verás si sigues, esperas o paras.</p>"
            )
        if save:
            good = spent.value >= 0 and got.value >= 0
            value = month.budget_value(
                plan, spent.value if good else None, got.value if good else None
            )
            try:
                store.save(qid, value)
                note = " ✓ Guardado para tu plan."
            except (OSError, ValueError) as exc:
                note = f" ⚠️ No se pudo guardar: {html.escape(str(exc))}"
        outcome.value = rule_html(plan) + (f"<p>{note.strip()}</p>" if note else "")

    for control in (hours, result, daily, days, ticket, margin, spent, got):
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
            hours,
            result,
            daily,
            days,
            ticket,
            margin,
            outcome,
            lean.HTML("<h4>Después de la prueba</h4>"),
            spent,
            got,
            verdict,
        ]
    )
