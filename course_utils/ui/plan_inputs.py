"""Lesson 06's boxes for the plan's structured answers: the budget line, the KPI table, the crisis contacts and the delegation contract checklist, each saved in the lesson's answers store as typed and shown again from it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_string import TextStyle

from course_utils.core.templates import render_macro
from course_utils.owner import plan_inputs
from course_utils.topics import delegation
from course_utils.ui import lean
from course_utils.ui.saving import try_save

VIEWS = "plan_leccion.html.j2"
FIELD = w.Layout(width="auto", max_width="520px")  # one text box of a row: shared, never changed
CHOICE = w.Layout(width="auto", max_width="100%")
TEXT_STYLE = TextStyle(description_width="initial")  # shared, never changed
WIDE = w.Layout(width="auto", max_width="760px")


def status_html(kind: str, text: str, lines: Sequence[str] = ()) -> str:
    """A box's status line (data/templates/plan_leccion.html.j2, «estado»)."""
    return render_macro(VIEWS, "estado", kind=kind, text=text, lines=list(lines))


def line_html(text: str, bold: bool = False) -> str:
    """One escaped line of a box (plain or bold)."""
    return render_macro(VIEWS, "parrafo", text=text, bold=bold)


def _card(children: list[w.Widget]) -> w.VBox:
    box = w.VBox(children, layout=lean.CARD)
    box.add_class("curso-pregunta")
    return box


def _status() -> w.HTML:
    status = lean.HTML(layout=lean.STATUS_LINE)
    status.add_class("curso-estado")  # announced when it changes (the page's script)
    return status


# -- the tables: KPIs and crisis contacts ------------------------------------------------------


def table_box(
    store: Any,
    kind: str,
    start: Sequence[Mapping[str, str]] = (),
    intro: str = "",
    on_save: Callable[[], Any] | None = None,
) -> w.VBox:
    """A small table of labelled boxes, one group a row, for ``kind`` («kpis» or «contacts»,
    plan.yaml). Every change saves the rows as typed (empty rows left out) and says what to fix;
    a saved table comes back; ``start`` fills an unsaved one (saved only once confirmed)."""
    spec = plan_inputs.table_spec(kind)
    cols = plan_inputs.columns(kind)
    qid = str(spec["id"])
    saved = plan_inputs.rows_of(kind, store.get(qid))
    initial = saved or [plan_inputs.clean_row(kind, row) for row in start]
    count = max(int(spec["rows"]), len(initial))
    controls: list[dict[str, w.Widget]] = []
    rows: list[w.Widget] = []
    for n in range(count):
        old = initial[n] if n < len(initial) else {}
        row: dict[str, w.Widget] = {}
        for col in cols:
            name = f"{col.label} ({spec['row'].lower()} {n + 1})"
            if col.choices:
                options = [("— elige —", ""), *((text, cid) for cid, text in col.choices.items())]
                value = old.get(col.key, "")
                row[col.key] = lean.Dropdown(
                    options=options,
                    value=value if value in col.choices else "",
                    description=col.label,
                    tooltip=name,
                    layout=CHOICE,
                )
            else:
                row[col.key] = w.Text(
                    value=old.get(col.key, ""),
                    description=col.label,
                    placeholder=col.placeholder,
                    tooltip=name,
                    continuous_update=False,  # saved when the box is left or Enter is pressed
                    layout=FIELD,
                    style=TEXT_STYLE,
                )
        controls.append(row)
        rows.append(
            lean.VBox([lean.HTML(line_html(f"{spec['row']} {n + 1}", bold=True)), *row.values()])
        )
    status = _status()
    button = lean.Button(description="Guardar", icon="save", tooltip="Guardar la tabla")

    def typed() -> list[dict[str, str]]:
        return [
            {key: plan_inputs.clean(control.value) for key, control in row.items()}
            for row in controls
        ]

    def save() -> None:
        current = typed()
        value = [row for row in current if any(row.values())]
        problem = try_save(store, qid, value)
        if problem:
            status.value = status_html("error", problem)
            return
        problems = plan_inputs.row_problems(kind, current)
        if not value:
            status.value = status_html("warning", "Guardado: tu tabla está vacía por ahora.")
        elif problems:
            status.value = status_html("warning", "Guardado. Antes de imprimir, revisa:", problems)
        else:
            status.value = status_html("ok", "Guardado. Ya está en tu plan.")
        if on_save is not None:
            on_save()

    for row in controls:
        for control in row.values():
            control.observe(lambda _change: save(), names="value")
    button.on_click(lambda _: save())
    if saved:
        problems = plan_inputs.row_problems(kind, saved)
        status.value = (
            status_html("warning", "Revisa lo que guardaste:", problems) if problems else ""
        )
    elif initial:
        status.value = status_html(
            "wait",
            "Es una propuesta a partir de lo que respondiste antes: complétala y pulsa "
            "«Guardar» (todavía no está guardada).",
        )
    children: list[w.Widget] = [lean.HTML(line_html(intro))] if intro else []
    box = _card([*children, *rows, lean.HBox([button]), status])
    box.controls, box.status, box.save = controls, status, save
    return box


# -- the budget line ---------------------------------------------------------------------------


def budget_box(
    store: Any,
    elsewhere: plan_inputs.Budget | None = None,
    on_save: Callable[[], Any] | None = None,
) -> w.VBox:
    """Hours a week and euros a month, saved as typed and checked («tres» or −5 get a Spanish
    sentence). ``elsewhere``: lesson 07's budget, shown while this one is empty."""
    spec = plan_inputs.inputs()["budget"]
    qid = str(spec["id"])
    saved = store.get(qid)
    saved = saved if isinstance(saved, Mapping) else {}
    boxes = {}
    for key, part in (("horas_semana", spec["hours"]), ("euros_mes", spec["euros"])):
        placeholder = str(part["placeholder"])
        if elsewhere is not None:
            placeholder = f"Vacío: tu plan usa lo de la lección {elsewhere.source[:2]}"
        boxes[key] = w.Text(
            value=plan_inputs.clean(saved.get(key)),
            description=str(part["label"]),
            placeholder=placeholder,
            continuous_update=False,
            layout=FIELD,
            style=TEXT_STYLE,
        )
    status = _status()
    note = (
        line_html(
            f"En la lección {elsewhere.source[:2]} calculaste: {elsewhere.sentence()}. Si "
            "escribes aquí, manda lo de aquí."
        )
        if elsewhere is not None
        else ""
    )

    def save() -> None:
        value = {key: plan_inputs.clean(box.value) for key, box in boxes.items()}
        problem = try_save(store, qid, value)
        if problem:
            status.value = status_html("error", problem)
            return
        problems = plan_inputs.budget_problems(value["horas_semana"], value["euros_mes"])
        budget, _ = plan_inputs.read_budget(value, "06-mi-plan")
        if problems:
            status.value = status_html("warning", "Guardado. Revisa:", problems)
        elif budget is not None:
            status.value = status_html("ok", f"Guardado: {budget.sentence()}.")
        if on_save is not None:
            on_save()

    for box in boxes.values():
        box.observe(lambda _change: save(), names="value")
    if any(saved.get(k) for k in boxes):
        problems = plan_inputs.budget_problems(saved.get("horas_semana"), saved.get("euros_mes"))
        status.value = status_html("warning", "Revisa:", problems) if problems else ""
    card = _card([lean.HTML(note), *boxes.values(), status])
    card.boxes, card.status, card.save = boxes, status, save
    return card


# -- the delegation contract -------------------------------------------------------------------


def contract_box(
    store: Any,
    recommended: str | None = None,
    on_save: Callable[[], Any] | None = None,
) -> w.VBox:
    """How the owner will run the social media (the three models of lesson 05) and, when they
    delegate, which points of the contract checklist their contract already settles."""
    qid = str(plan_inputs.inputs()["contract"]["id"])
    saved = store.get(qid)
    saved = saved if isinstance(saved, Mapping) else {}
    models = delegation.recommendations()
    chosen = saved.get("modelo") if saved.get("modelo") in models else None
    radio = lean.RadioButtons(
        options=[(text, key) for key, text in models.items()],
        value=chosen,
        description="Tus redes:",
        layout=WIDE,
    )
    hecho = saved.get("hecho")
    ticked: list[Any] = hecho if isinstance(hecho, list) else []
    checks = {
        key: lean.Checkbox(value=key in ticked, description=text, indent=False, layout=WIDE)
        for key, text in delegation.contract_items().items()
    }
    checklist = lean.VBox(
        [
            lean.HTML(line_html("Tu contrato (o el acuerdo por escrito) ya deja claro…", True)),
            lean.HTML(line_html("Marca lo que ya está; lo demás irá a tu plan como pendiente.")),
            *checks.values(),
        ]
    )
    shown = lean.VBox()
    status = _status()
    advice = (
        line_html(f"La lección 05 te recomienda: «{models[recommended]}». Tú decides.")
        if recommended in models
        else ""
    )

    def show() -> None:
        shown.children = (checklist,) if delegation.delegates(radio.value or "") else ()

    def save() -> None:
        show()
        if radio.value is None:
            status.value = status_html("warning", "Elige primero cómo llevarás tus redes.")
            return
        value = {"modelo": radio.value, "hecho": [k for k, box in checks.items() if box.value]}
        problem = try_save(store, qid, value)
        if problem:
            status.value = status_html("error", problem)
            return
        status.value = status_html("ok", "Guardado. Ya está en tu plan.")
        if on_save is not None:
            on_save()

    radio.observe(lambda _change: save(), names="value")
    for box in checks.values():
        box.observe(lambda _change: save(), names="value")
    show()
    card = _card([lean.HTML(advice), radio, shown, status])
    card.radio, card.checks, card.status = radio, checks, status
    return card
