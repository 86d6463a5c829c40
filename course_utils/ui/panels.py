"""Interactive panels of the lessons: figures with captions, the SMART check, the radar, the RACI grid, the audit, the checklist and the recommendation."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import ipywidgets as w
from IPython.display import HTML, Image, display

from course_utils.core.formats import es_number, es_points
from course_utils.figures import png as charts
from course_utils.figures.png import figure_png
from course_utils.topics import audit, delegation, maturity, objectives, raci
from course_utils.ui import lean
from course_utils.ui.captured import CapturedBox
from course_utils.ui.saving import saved_note


def caption(text: str, simulated: bool = False) -> HTML:
    """The sentence under a figure that describes it (and says when data are simulated)."""
    note = " <i>Datos simulados con fines didácticos.</i>" if simulated else ""
    return HTML(f"<p style='max-width:760px'><small>📝 {html.escape(text)}{note}</small></p>")


def show_figure(fig: Any, description: str, simulated: bool = False) -> None:
    """Display a figure once, as a PNG image, and under it its one-sentence description.

    ``fig`` is PNG bytes (``charts.png(...)``: cached, no matplotlib when cached) or a
    matplotlib figure. Returns nothing, so the figure is never shown a second time as a
    cell's last value.
    """
    data = fig if isinstance(fig, bytes) else figure_png(fig)
    display(Image(data=data, format="png", alt=description))
    display(caption(description, simulated))


def show_on_hub(markdown: str) -> None:
    """Show ``markdown`` only when the course runs on a JupyterHub (a workshop's steps, which
    an owner studying alone never needs to read). Returns nothing."""
    from IPython.display import Markdown

    from course_utils.grading.self_check import on_hub

    if on_hub():
        display(Markdown(markdown))


# -- live panels: redrawn after each save of the answers they read ------------------------------


def _reader(source: Any) -> Callable[[str], Any]:
    """How a panel reads an answer: from a Session or an AnswerStore."""
    store = getattr(source, "store", source)
    return lambda qid: store.get(qid)


def live_panel(
    source: Any, qids: Iterable[str], draw: Callable[[Callable[[str], Any]], None], key: str
) -> CapturedBox:
    """A box that ``draw(read)`` fills now and again after each save of one of ``qids``.

    ``source`` is the lesson's Session (``curso``): its questions call back after each save,
    in the same kernel, so the result follows the answers without running any cell. With a
    bare AnswerStore the panel is drawn once.
    """
    out = CapturedBox(layout=lean.RESULT)
    out.add_class("curso-resultado")
    read = _reader(source)

    def guarded() -> None:
        try:
            draw(read)
        except Exception:  # a result that cannot be drawn never breaks the page
            display(
                HTML(
                    "<p>⚠️ No se ha podido dibujar este resultado. Revisa tus respuestas "
                    "de arriba: en cuanto cambies una, lo intentaremos de nuevo.</p>"
                )
            )

    def redraw(*_: Any) -> None:
        out.show(guarded)

    redraw()
    on_saved = getattr(source, "on_saved", None)
    if callable(on_saved):
        on_saved(list(qids), redraw, key=key)
    return out


# -- lesson 02 ---------------------------------------------------------------------------------


def with_smart_check(question: Any) -> Any:
    """Add a «Comprobar objetivo» button to a text question of the kit (widgets.Text).

    The button saves the text through the question (so its store keeps it) and shows the
    SMART findings under it; the learner's text is escaped before it is shown.
    """
    button = lean.Button(
        description="Comprobar objetivo",
        icon="search",
        tooltip="Guardar y revisar tu objetivo con SMART",
    )
    out = lean.HTML()

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
    children.insert(len(children) - 2, lean.HBox([button]))
    children.append(out)
    question.box.children = tuple(children)
    return question


# -- lesson 03 ---------------------------------------------------------------------------------


def _radar(answer: Any, dims: Mapping[str, str]) -> None:
    scores = maturity.dimension_scores(answer, dims)
    missing = [dims[d] for d in dims if d not in scores]
    example = bool(missing)
    if example:
        example_scores = maturity.example_scores()
        scores = {d: example_scores.get(d, 3.0) for d in dims}
        display(
            HTML(
                "<p>Aún no has respondido todas las dimensiones "
                f"(faltan: {html.escape(', '.join(missing))}). Mientras tanto ves un "
                "<b>ejemplo</b>; en cuanto respondas, aquí aparecerá tu radar.</p>"
            )
        )
    show_radar(scores, dims, example)


def show_radar(
    scores: Mapping[str, float], dims: Mapping[str, str] | None = None, example: bool = False
) -> None:
    """The maturity radar of ``scores`` and, under it, the sentence that sums it up."""
    dims = dict(maturity.dimensions() if dims is None else dims)
    show_figure(
        charts.png("maturity_radar", scores=dict(scores), dims=dims, example=example),
        maturity.summary(scores, dims, example),
        simulated=example,
    )


def maturity_panel(
    source: Any, qid: str = "autoevaluacion", dims: Mapping[str, str] | None = None
) -> CapturedBox:
    """The learner's radar from the answer ``qid``, redrawn after each answer (a live panel).

    With no complete answer (some dimension unanswered) it draws the example firm, labelled
    as an example, so that the page is complete before anything is answered.
    """
    dims = maturity.dimensions() if dims is None else dims
    return live_panel(
        source, [qid], lambda read: _radar(read(qid), dims), key=f"maturity_panel:{qid}"
    )


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
    cells: list[w.Widget] = [lean.HTML("<b>Tarea</b>")]
    cells += [lean.HTML(f"<b>{html.escape(label)}</b>") for label in roles.values()]
    fit, no_label = w.Layout(width="auto"), lean.DescriptionStyle(description_width="0px")
    for tid, tlabel in tasks.items():
        cells.append(lean.HTML(html.escape(tlabel)))
        controls[tid] = {}
        row = initial.get(tid)
        row = row if isinstance(row, dict) else {}
        for rid in roles:
            letter = row.get(rid, "")
            name = f"{tlabel} · {roles[rid]}"  # the accessible name: task and role
            dd = w.Dropdown(
                options=options,
                value=letter if letter in raci.CHOICES else "",
                description=name,
                tooltip=name,
                layout=fit,  # one layout and one style for the whole grid (lean.py)
                style=no_label,
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
    status = lean.HTML()
    table = lean.HTML()

    def matrix() -> dict[str, dict[str, str]]:
        return {t: {r: dd.value for r, dd in row.items()} for t, row in controls.items()}

    def refresh(save: bool) -> None:
        value = raci.saved_value(matrix(), tasks, roles)
        problems = raci.check(value["matriz"], tasks)
        note = ""
        if save:
            note = saved_note(store, qid, value) + " "
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
    return lean.VBox([grid, status, table])


# -- lesson 04 ---------------------------------------------------------------------------------


def show_review(text: str, kind: str = "publicacion", title: str = "") -> None:
    """Display the reviewer's card for ``text`` with its «yo» share in one sentence."""
    from course_utils.reviewer import review
    from course_utils.ui.review_box import card_html

    result = review(text, kind)
    total = result.self_refs + result.reader_refs
    share = round(result.self_ratio * 100)
    measure = (
        f"Medida «yo»: {share} % de las referencias a personas hablan del negocio "
        f"({es_points(result.self_refs)} de {es_points(total)})."
        if total
        else "Medida «yo»: el texto no habla ni de ti ni de la clientela."
    )
    head = f"<p><b>{html.escape(title)}</b></p>" if title else ""
    display(HTML(f"{head}<p>{html.escape(measure)}</p>{card_html(result)}"))


# -- lesson 05 ---------------------------------------------------------------------------------


def _audit(answers: Any) -> None:
    items = audit.mistakes()
    rows = audit.rank(answers, items)
    example = len(rows) < len(items)
    if example:
        rows = audit.rank(audit.example_answers(), items)
        display(
            HTML(
                "<p>Aún no has respondido todas las afirmaciones: ves un <b>ejemplo</b> "
                f"({html.escape(audit.example_name())}). En cuanto las respondas, aquí "
                "aparecerán tus prioridades.</p>"
            )
        )
    score = audit.health(rows)
    who = audit.example_of() if example else "de tus perfiles"
    display(
        HTML(
            f"<p><b>Salud {html.escape(who)}: {es_number(score)} de 100</b> "
            "(100 = no pasa ninguno de los errores).</p>"
        )
    )
    top = [r for r in rows if r["priority"] > 0]
    show_figure(
        charts.png("audit_priorities", rows=rows, example=example),
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


def _security(done: Any) -> None:
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


def _recommendation(answers: Mapping[str, Any] | None) -> None:
    given = {k: v for k, v in (answers or {}).items() if v}
    note = ""
    if len(given) < len(delegation.questions()):
        given = delegation.example_answers()
        note = (
            "<p>Aún no has respondido las cuatro preguntas: ves la recomendación de un "
            f"<b>ejemplo</b> ({html.escape(delegation.example_name())}). En cuanto las "
            "respondas, aquí aparecerá la tuya.</p>"
        )
    key, reasons = delegation.recommend(given)
    items = "".join(f"<li>{html.escape(r)}</li>" for r in reasons)
    display(
        HTML(
            f"{note}<p>👉 <b>{html.escape(delegation.recommendations()[key])}</b></p>"
            f"<p>Por qué:</p><ul>{items}</ul>"
        )
    )


def _show(panel: Callable[[Any], Any], source: Any, static: Callable[[Any], None]) -> None:
    """Display a live panel for a Session or a store; plain answers (a mapping, a list) once."""
    if source is None or isinstance(source, (Mapping, list, tuple)):
        static(source)
    else:
        display(panel(source))


def audit_panel(source: Any, qid: str = "auditoria_errores") -> CapturedBox:
    """The audit (health score, figure, prioritised actions), redrawn after each answer."""
    return live_panel(source, [qid], lambda read: _audit(read(qid)), key=f"audit:{qid}")


def show_audit(source: Any, qid: str = "auditoria_errores") -> None:
    """Display the audit of ``curso`` (live), or of plain answers (example if incomplete)."""
    _show(lambda s: audit_panel(s, qid), source, _audit)


def security_panel(source: Any, qid: str = "seguridad_hecho") -> CapturedBox:
    """What is left of the security checklist, redrawn after each answer."""
    return live_panel(source, [qid], lambda read: _security(read(qid)), key=f"security:{qid}")


def show_security(source: Any, qid: str = "seguridad_hecho") -> None:
    """Display what is left of the security checklist (live for ``curso``)."""
    _show(lambda s: security_panel(s, qid), source, _security)


def recommendation_panel(source: Any) -> CapturedBox:
    """The in-house / hybrid / agency recommendation, redrawn after each of the four answers."""
    ids = {q: delegation.answer_id(q) for q in delegation.questions()}

    def draw(read: Callable[[str], Any]) -> None:
        _recommendation({q: read(qid) for q, qid in ids.items()})

    return live_panel(source, list(ids.values()), draw, key="recommendation")


def show_recommendation(source: Any) -> None:
    """Display the recommendation (live for ``curso``; the example until all four are answered)."""
    _show(recommendation_panel, source, _recommendation)


def draw_examples() -> None:
    """Draw the panels as an owner with no answers first sees them (the examples), so that
    their charts are in the cache before any page asks (``python -m course_utils.ui.warm_charts``)."""
    _radar(None, maturity.dimensions())
    _audit(None)
