"""Interactive panels of the lessons: figures with captions, the SMART check, the radar, the RACI grid, the audit, the checklist and the recommendation."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
from IPython.display import HTML, display

from .. import audit, delegation, figures, maturity, objectives, raci


def caption(text: str, simulated: bool = False) -> HTML:
    """The sentence under a figure that describes it (and says when data are simulated)."""
    note = " <i>Datos simulados con fines didácticos.</i>" if simulated else ""
    return HTML(f"<p style='max-width:760px'><small>📝 {html.escape(text)}{note}</small></p>")


def show_figure(fig: Any, description: str, simulated: bool = False) -> None:
    """Display a figure and, under it, its one-sentence description."""
    display(fig)
    display(caption(description, simulated))


# -- lesson 02 ---------------------------------------------------------------------------------


def with_smart_check(question: Any) -> Any:
    """Add a «Comprobar objetivo» button to a text question of the kit (widgets.Text).

    The button saves the text through the question (so its store keeps it) and shows the
    SMART findings under it; the learner's text is escaped before it is shown.
    """
    button = w.Button(
        description="Comprobar objetivo",
        icon="search",
        tooltip="Guardar y revisar tu objetivo con SMART",
    )
    out = w.HTML()

    def show(_=None) -> None:
        text = question.value
        if not text.strip():
            out.value = "<p>Escribe primero tu objetivo y vuelve a pulsar.</p>"
            return
        question.save()
        findings = objectives.check_smart(text)
        items = "".join(
            f"<li>{'✅' if f.ok else '❌'} <b>{f.letter}</b>: {html.escape(f.message)}</li>"
            for f in findings
        )
        passed = sum(f.ok for f in findings)
        out.value = (
            f"<p>Tu objetivo: <i>{html.escape(text)}</i></p>"
            f"<p><b>Cumple {passed} de 5 letras.</b></p><ul>{items}</ul>"
        )

    button.on_click(show)
    children = list(question.box.children)
    children.insert(len(children) - 2, w.HBox([button]))
    children.append(out)
    question.box.children = tuple(children)
    return question


# -- lesson 03 ---------------------------------------------------------------------------------


def maturity_panel(
    store: Any, qid: str = "autoevaluacion", dims: Mapping[str, str] | None = None
) -> w.VBox:
    """The learner's radar read from ``store.get(qid)``, with a button to redraw it.

    With no complete answer (some dimension unanswered) it draws the example firm, labelled
    as an example, so that the notebook runs top to bottom in a fresh kernel.
    """
    dims = maturity.dimensions() if dims is None else dims
    out = w.Output()
    button = w.Button(
        description="Dibujar mi radar",
        icon="refresh",
        tooltip="Vuelve a leer tus respuestas y dibuja el radar",
    )

    def draw(_: Any = None) -> None:
        scores = maturity.dimension_scores(store.get(qid), dims)
        missing = [dims[d] for d in dims if d not in scores]
        example = bool(missing)
        if example:
            example_scores = maturity.example_scores()
            scores = {d: example_scores.get(d, 3.0) for d in dims}
        out.clear_output(wait=True)
        with out:
            if example:
                display(
                    w.HTML(
                        "<p>Aún no has respondido todas las dimensiones "
                        f"(faltan: {html.escape(', '.join(missing))}). Mientras tanto ves un "
                        "<b>ejemplo</b>. Responde la autoevaluación y pulsa «Dibujar mi radar».</p>"
                    )
                )
            show_figure(
                figures.maturity_radar(scores, dims, example=example),
                maturity.summary(scores, dims, example),
                simulated=example,
            )

    button.on_click(draw)
    draw()
    return w.VBox([button, out])


def raci_builder(
    store: Any,
    tasks: Mapping[str, str],
    roles: Mapping[str, str],
    qid: str = "pyme_raci",
    start: Mapping[str, Mapping[str, str]] | None = None,
) -> w.VBox:
    """A grid of drop-downs (task × role) that saves the RACI on every change and checks it.

    A saved RACI is restored; ``start`` fills an unsaved one (nothing is saved until the
    learner changes a cell).
    """
    saved = store.get(qid)
    initial = (saved or {}).get("matriz") if isinstance(saved, dict) else None
    initial = initial if isinstance(initial, dict) else (start or {})
    options = [(label, letter) for letter, label in raci.CHOICES.items()]
    controls: dict[str, dict[str, w.Dropdown]] = {}
    cells: list[w.Widget] = [w.HTML("<b>Tarea</b>")]
    cells += [w.HTML(f"<b>{html.escape(label)}</b>") for label in roles.values()]
    for tid, tlabel in tasks.items():
        cells.append(w.HTML(html.escape(tlabel)))
        controls[tid] = {}
        row = initial.get(tid) if isinstance(initial.get(tid), dict) else {}
        for rid in roles:
            letter = row.get(rid, "")
            dd = w.Dropdown(
                options=options,
                value=letter if letter in raci.CHOICES else "",
                layout=w.Layout(width="auto"),
            )
            controls[tid][rid] = dd
            cells.append(dd)
    grid = w.GridBox(
        cells,
        layout=w.Layout(
            grid_template_columns=f"minmax(160px, 1.4fr) repeat({len(roles)}, minmax(120px, 1fr))",
            grid_gap="4px 8px",
            max_width="900px",
        ),
    )
    status = w.HTML()
    table = w.HTML()

    def matrix() -> dict[str, dict[str, str]]:
        return {t: {r: dd.value for r, dd in row.items()} for t, row in controls.items()}

    def refresh(save: bool) -> None:
        value = raci.saved_value(matrix(), tasks, roles)
        problems = raci.check(value["matriz"], tasks)
        note = ""
        if save:
            try:
                store.save(qid, value)
                note = "✓ Guardado. "
            except (OSError, ValueError) as exc:
                note = f"⚠️ No se pudo guardar: {html.escape(str(exc))} "
        if problems:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
            status.value = f"<p>{note}Revisa estas tareas:</p><ul>{items}</ul>"
        else:
            status.value = (
                f"<p>{note}✅ Cada tarea tiene una sola A y al menos una R: "
                "tu reparto está listo para el plan.</p>"
            )
        table.value = "<p><b>Tu reparto, en tabla:</b></p>" + raci.as_html(value)

    for row in controls.values():
        for dd in row.values():
            dd.observe(lambda _change: refresh(True), names="value")
    refresh(False)
    return w.VBox([grid, status, table])


# -- lesson 04 ---------------------------------------------------------------------------------


def show_review(text: str, kind: str = "publicacion", title: str = "") -> None:
    """Display the reviewer's card for ``text`` with its «yo» share in one sentence."""
    from ..reviewer import review
    from .review_box import card_html

    result = review(text, kind)
    total = result.self_refs + result.reader_refs
    share = round(result.self_ratio * 100)
    measure = (
        f"Medida «yo»: {share} % de las referencias a personas hablan del negocio "
        f"({result.self_refs} de {total:g})."
        if total
        else "Medida «yo»: el texto no habla ni de ti ni de la clientela."
    )
    head = f"<p><b>{html.escape(title)}</b></p>" if title else ""
    display(HTML(f"{head}<p>{html.escape(measure)}</p>{card_html(result)}"))


# -- lesson 05 ---------------------------------------------------------------------------------


def show_audit(answers: Mapping[str, Any] | None) -> None:
    """Display the audit: health score, figure, caption and prioritised actions (example if incomplete)."""
    items = audit.mistakes()
    rows = audit.rank(answers, items)
    example = len(rows) < len(items)
    if example:
        rows = audit.rank(audit.example_answers(), items)
        display(
            HTML(
                "<p>Aún no has respondido todas las afirmaciones: ves un <b>ejemplo</b> "
                f"({html.escape(audit.example_name())}). Responde y vuelve a ejecutar esta "
                "celda (Mayús + Intro).</p>"
            )
        )
    score = audit.health(rows)
    who = audit.example_of() if example else "de tus perfiles"
    display(
        HTML(
            f"<p><b>Salud {html.escape(who)}: {score} de 100</b> "
            "(100 = no pasa ninguno de los errores).</p>"
        )
    )
    top = [r for r in rows if r["priority"] > 0]
    show_figure(
        figures.audit_priorities(rows, example=example),
        f"Barras de prioridad de los {len(rows)} errores; "
        + (
            f"el primero que conviene atacar es «{top[0]['label']}»."
            if top
            else "ninguno tiene prioridad: ¡enhorabuena!"
        ),
        simulated=example,
    )
    actions = "".join(
        f"<li><b>{html.escape(r['label'])}</b> (prioridad {audit.band(r['priority'])}): "
        f"{html.escape(r['action'])}</li>"
        for r in top[:5]
    )
    if actions:
        display(HTML(f"<p><b>Tus acciones, por orden:</b></p><ol>{actions}</ol>"))


def show_security(done: Any) -> None:
    """Display what is left of the security checklist."""
    total = len(audit.security_measures())
    pending = audit.security_pending(done)
    if not pending:
        display(
            HTML(
                f"<p>✅ Tienes hechas las {total} medidas de la lista. "
                f"{html.escape(audit.security_advice())}</p>"
            )
        )
        return
    items = "".join(f"<li>{html.escape(text)}</li>" for text in pending)
    display(HTML(f"<p><b>Te quedan {len(pending)} de {total} medidas:</b></p><ol>{items}</ol>"))


def show_recommendation(answers: Mapping[str, Any]) -> None:
    """Display the recommendation (for the example firm, labelled, until all four are answered)."""
    given = {k: v for k, v in (answers or {}).items() if v}
    note = ""
    if len(given) < len(delegation.questions()):
        given = delegation.example_answers()
        note = (
            "<p>Aún no has respondido las cuatro preguntas: ves la recomendación de un "
            f"<b>ejemplo</b> ({html.escape(delegation.example_name())}). Responde y vuelve "
            "a ejecutar esta celda.</p>"
        )
    key, reasons = delegation.recommend(given)
    items = "".join(f"<li>{html.escape(r)}</li>" for r in reasons)
    display(
        HTML(
            f"{note}<p>👉 <b>{html.escape(delegation.recommendations()[key])}</b></p>"
            f"<p>Por qué:</p><ul>{items}</ul>"
        )
    )
