"""The logic and figures of lessons 03–05: maturity self-assessment and radar chart, RACI builder and checks, simulated strategy-vs-decree weeks, the 8-mistake audit, security checklist and in-house/agency/hybrid decision helper."""  # noqa: E501

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping
from typing import Any

from .grading import Result

# ---------------------------------------------------------------------------------------------
# Lesson 03 · maturity self-assessment (Altimeter social business stages, Li & Solis 2013)
# ---------------------------------------------------------------------------------------------

#: The six Altimeter stages, in Spanish: (id, name, what it looks like in a pyme).
STAGES: list[tuple[str, str, str]] = [
    ("planificacion", "Planificación",
     "Todavía escuchas y aprendes antes de lanzarte: buen momento para fijar objetivos."),
    ("presencia", "Presencia",
     "Estás en redes, pero sin objetivos claros ni apoyo de dentro: es donde se quedan muchas pymes."),
    ("interaccion", "Interacción",
     "Conversas con tu clientela y respondes de verdad; falta ordenar quién hace qué."),
    ("formalizacion", "Formalización",
     "Hay responsables, normas y canales internos acordados."),
    ("estrategia", "Estrategia",
     "Las redes forman parte de los objetivos del negocio y se miden con regularidad."),
    ("convergencia", "Convergencia",
     "Todo el negocio trabaja igual dentro y fuera: las redes son parte del día a día."),
]

#: Default dimensions of the self-assessment (item ids start with the dimension id and "_").
DIMENSIONS: dict[str, str] = {
    "estrategia": "Estrategia",
    "liderazgo": "Liderazgo",
    "colaboracion": "Colaboración interna",
    "informacion": "Información compartida",
    "escucha": "Escucha",
    "medicion": "Medición",
}

#: Example firm shown when the learner has not answered yet (invented scores, per dimension).
EXAMPLE_MATURITY: dict[str, float] = {
    "estrategia": 2.0,
    "liderazgo": 3.5,
    "colaboracion": 1.5,
    "informacion": 2.0,
    "escucha": 3.5,
    "medicion": 1.5,
}
EXAMPLE_NAME = "Bar Sol"

_STAGE_LIMITS = (1.8, 2.5, 3.2, 3.9, 4.5)  # mean score from which each next stage starts


def dimension_of(item_id: str) -> str:
    """The dimension of an item id such as ``"colaboracion_2"`` (the part before "_")."""
    return str(item_id).split("_", 1)[0]


def dimension_scores(answers: Mapping[str, Any] | None,
                     dimensions: Mapping[str, str] = DIMENSIONS) -> dict[str, float]:
    """Mean 1–5 score per dimension from a saved scale answer (item → 1..5).

    Items of unknown dimensions and values outside 1..5 are ignored; a dimension with no
    valid answer is left out of the result.
    """
    totals: dict[str, list[int]] = {}
    for item, value in (answers or {}).items():
        dim = dimension_of(item)
        if dim not in dimensions or isinstance(value, bool) or not isinstance(value, int):
            continue
        if 1 <= value <= 5:
            totals.setdefault(dim, []).append(value)
    return {dim: sum(v) / len(v) for dim in dimensions if (v := totals.get(dim))}


def _stage_from(score: float) -> int:
    return sum(1 for limit in _STAGE_LIMITS if score >= limit)


def suggest_stage(scores: Mapping[str, float]) -> int:
    """Index into :data:`STAGES` that the scores suggest.

    The mean places the firm; the weakest dimension caps it one stage above its own level,
    because a firm that is 2.0 outside but not inside does not get past where its weakest
    link allows (article 002).
    """
    if not scores:
        raise ValueError("no scores")
    values = list(scores.values())
    by_mean = _stage_from(sum(values) / len(values))
    cap = _stage_from(min(values)) + 1
    return min(by_mean, cap)


def maturity_figure(scores: Mapping[str, float], dimensions: Mapping[str, str] = DIMENSIONS,
                    example: bool = False):
    """Radar chart (matplotlib polar) of the scores per dimension, with the suggested stage."""
    from .charts import PALETTE, es_number, plt

    pyplot = plt()
    dims = [d for d in dimensions if d in scores]
    values = [scores[d] for d in dims]
    angles = [2 * math.pi * i / len(dims) for i in range(len(dims))]
    stage = STAGES[suggest_stage(scores)]
    fig = pyplot.figure(figsize=(7.5, 6.2))
    ax = fig.add_subplot(projection="polar")
    colour = PALETTE["naranja"] if example else PALETTE["azul"]
    ax.plot(angles + angles[:1], values + values[:1], color=colour, linewidth=2)
    ax.fill(angles + angles[:1], values + values[:1], color=colour, alpha=0.25)
    ax.scatter(angles, values, color=colour, zorder=3)
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_xticks(angles)
    ax.set_xticklabels([f"{dimensions[d]}\n{es_number(scores[d], 1)}" for d in dims])
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_yticklabels([es_number(v) for v in range(1, 6)], color=PALETTE["gris"])
    ax.set_rlabel_position(90)
    ax.set_ylabel("Grado de acuerdo (1 a 5)", labelpad=28)
    who = f"Ejemplo: {EXAMPLE_NAME} (respuestas inventadas)" if example else "Tus respuestas"
    ax.set_title(f"¿Dónde flojea la cultura 2.0 de {'este negocio' if example else 'tu negocio'}?\n"
                 f"{who} · etapa que sugiere: {stage[1]}", pad=24)
    fig.tight_layout()
    pyplot.close(fig)  # returned, so Jupyter shows it once
    return fig


def maturity_summary(scores: Mapping[str, float], dimensions: Mapping[str, str] = DIMENSIONS,
                     example: bool = False) -> str:
    """One Spanish sentence describing the radar (also the figure's text description)."""
    from .charts import es_number

    stage = STAGES[suggest_stage(scores)]
    weakest = min(scores, key=lambda d: scores[d])
    strongest = max(scores, key=lambda d: scores[d])
    who = f"El ejemplo del {EXAMPLE_NAME}" if example else "Tu autoevaluación"
    return (
        f"{who} puntúa más alto en «{dimensions[strongest]}» "
        f"({es_number(scores[strongest], 1)}) y más bajo en «{dimensions[weakest]}» "
        f"({es_number(scores[weakest], 1)}), y sugiere la etapa «{stage[1]}»: {stage[2]}"
    )


def maturity_panel(store: Any, qid: str = "autoevaluacion",
                   dimensions: Mapping[str, str] = DIMENSIONS):
    """The learner's radar read from ``store.get(qid)``, with a button to redraw it.

    With no complete answer (some dimension unanswered) it draws the example firm, labelled
    as an example, so that the notebook runs top to bottom in a fresh kernel.
    """
    import ipywidgets as w
    from IPython.display import display

    from .charts import caption, plt

    out = w.Output()
    button = w.Button(description="Dibujar mi radar", icon="refresh",
                      tooltip="Vuelve a leer tus respuestas y dibuja el radar")

    def draw(_: Any = None) -> None:
        scores = dimension_scores(store.get(qid), dimensions)
        missing = [dimensions[d] for d in dimensions if d not in scores]
        example = bool(missing)
        if example:
            scores = {d: EXAMPLE_MATURITY.get(d, 3.0) for d in dimensions}
        out.clear_output(wait=True)
        with out:
            if example:
                display(w.HTML(
                    "<p>Aún no has respondido todas las dimensiones "
                    f"(faltan: {html.escape(', '.join(missing))}). Mientras tanto ves un "
                    "<b>ejemplo</b>. Responde la autoevaluación y pulsa «Dibujar mi radar».</p>"
                ))
            fig = maturity_figure(scores, dimensions, example=example)
            display(fig)
            plt().close(fig)
            display(caption(maturity_summary(scores, dimensions, example), simulated=example))

    button.on_click(draw)
    draw()
    return w.VBox([button, out])


# ---------------------------------------------------------------------------------------------
# Lesson 03 · RACI for social media tasks
# ---------------------------------------------------------------------------------------------

#: Letters a cell can take, with the Spanish meaning shown in the builder.
RACI_CHOICES: dict[str, str] = {
    "": "—",
    "R": "R · lo hace",
    "A": "A · decide y responde",
    "A/R": "A/R · decide y lo hace",
    "C": "C · se le consulta",
    "I": "I · se le informa",
}
_NONE = {"", "—", "-", None}


def _has(letter: Any, role: str) -> bool:
    return isinstance(letter, str) and role in letter.split("/")


def check_raci(matrix: Mapping[str, Mapping[str, Any]], tasks: Mapping[str, str]) -> list[str]:
    """Spanish problems of a RACI: every task needs exactly one A and at least one R.

    ``matrix`` maps task id → {role id → letter}; "A/R" counts as both A and R.
    """
    problems = []
    for task, label in tasks.items():
        row = matrix.get(task) or {}
        n_a = sum(1 for letter in row.values() if _has(letter, "A"))
        n_r = sum(1 for letter in row.values() if _has(letter, "R"))
        if n_a == 0:
            problems.append(f"«{label}»: falta quien decide y responde del resultado (una A).")
        elif n_a > 1:
            problems.append(f"«{label}»: hay {n_a} A; deja una sola persona que responda.")
        if n_r == 0:
            problems.append(f"«{label}»: nadie lo hace (falta al menos una R).")
    return problems


def raci_value(matrix: Mapping[str, Mapping[str, Any]], tasks: Mapping[str, str],
               roles: Mapping[str, str]) -> dict:
    """The saved form of a RACI: labels travel with the letters, for the plan of lesson 06.

    Tasks and roles are lists of [id, label] pairs, because the answers store sorts the keys
    of objects and their order matters in the plan.
    """
    clean = {
        t: {r: matrix[t][r] for r in roles if (matrix.get(t) or {}).get(r) not in _NONE}
        for t in tasks if t in matrix
    }
    return {"tareas": [[k, v] for k, v in tasks.items()],
            "roles": [[k, v] for k, v in roles.items()], "matriz": clean}


def _pairs(raw: Any) -> dict[str, str]:
    """An ordered {id: label} from a dict or a list of [id, label] pairs."""
    if isinstance(raw, Mapping):
        return {str(k): str(v) for k, v in raw.items()}
    out = {}
    for pair in raw or []:
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            out[str(pair[0])] = str(pair[1])
    return out


def raci_html(value: Mapping[str, Any]) -> str:
    """An escaped HTML table of a saved RACI (as :func:`raci_value` builds it)."""
    tasks, roles = _pairs(value.get("tareas")), _pairs(value.get("roles"))
    matrix = value.get("matriz", {})
    esc = html.escape
    head = "".join(f"<th style='padding:4px 8px'>{esc(str(r))}</th>" for r in roles.values())
    rows = []
    for tid, tlabel in tasks.items():
        cells = "".join(
            f"<td style='text-align:center;padding:4px 8px'>"
            f"{esc(str((matrix.get(tid) or {}).get(rid) or '—'))}</td>"
            for rid in roles
        )
        rows.append(f"<tr><th style='text-align:left;padding:4px 8px'>{esc(str(tlabel))}</th>"
                    f"{cells}</tr>")
    return ("<table style='border-collapse:collapse'><thead><tr><th>Tarea</th>"
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def raci_text(value: Mapping[str, Any]) -> str:
    """A plain-text RACI, one line per task, for the plan document."""
    tasks, roles = _pairs(value.get("tareas")), _pairs(value.get("roles"))
    matrix = value.get("matriz", {})
    lines = []
    for tid, tlabel in tasks.items():
        row = matrix.get(tid) or {}
        parts = [f"{roles[r]}: {row[r]}" for r in roles if row.get(r) not in _NONE]
        lines.append(f"- {tlabel} → " + ("; ".join(parts) if parts else "sin asignar"))
    return "\n".join(lines)


def raci_builder(store: Any, tasks: Mapping[str, str], roles: Mapping[str, str],
                 qid: str = "pyme_raci", start: Mapping[str, Mapping[str, str]] | None = None):
    """A grid of dropdowns (task × role) that saves the RACI on every change and checks it.

    A saved RACI is restored; ``start`` fills an unsaved one (nothing is saved until the
    learner changes a cell).
    """
    import ipywidgets as w

    saved = store.get(qid)
    initial = (saved or {}).get("matriz") if isinstance(saved, dict) else None
    initial = initial or start or {}
    options = [(label, letter) for letter, label in RACI_CHOICES.items()]
    controls: dict[str, dict[str, w.Dropdown]] = {}
    cells: list[w.Widget] = [w.HTML("<b>Tarea</b>")]
    cells += [w.HTML(f"<b>{html.escape(label)}</b>") for label in roles.values()]
    for tid, tlabel in tasks.items():
        cells.append(w.HTML(html.escape(tlabel)))
        controls[tid] = {}
        for rid in roles:
            letter = (initial.get(tid) or {}).get(rid, "")
            dd = w.Dropdown(options=options, value=letter if letter in RACI_CHOICES else "",
                            layout=w.Layout(width="auto"))
            controls[tid][rid] = dd
            cells.append(dd)
    grid = w.GridBox(cells, layout=w.Layout(
        grid_template_columns=f"minmax(160px, 1.4fr) repeat({len(roles)}, minmax(120px, 1fr))",
        grid_gap="4px 8px", max_width="900px"))
    status = w.HTML()
    table = w.HTML()

    def matrix() -> dict[str, dict[str, str]]:
        return {t: {r: dd.value for r, dd in row.items()} for t, row in controls.items()}

    def refresh(save: bool) -> None:
        value = raci_value(matrix(), tasks, roles)
        problems = check_raci(value["matriz"], tasks)
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
            status.value = (f"<p>{note}✅ Cada tarea tiene una sola A y al menos una R: "
                            "tu reparto está listo para el plan.</p>")
        table.value = "<p><b>Tu reparto, en tabla:</b></p>" + raci_html(value)

    for row in controls.values():
        for dd in row.values():
            dd.observe(lambda _change: refresh(True), names="value")
    refresh(False)
    return w.VBox([grid, status, table])


def raci_scorer(tasks: Mapping[str, str], roles: Mapping[str, str],
                fixed: Mapping[str, str | list[str]] | None = None,
                sep: str = "·") -> Callable[[Any], Result]:
    """Scorer for a RACI saved by a classify question with items "task·role".

    One point per task that follows the rules (exactly one A, at least one R) and one per
    ``fixed`` cell ("task·role" → accepted letter or letters) that matches the case.
    """
    fixed = dict(fixed or {})

    def scorer(value: Any) -> Result:
        if not isinstance(value, Mapping) or not value:
            return Result(0.0, ["No rellenaste la tabla."], answered=False)
        matrix: dict[str, dict[str, str]] = {}
        for item, letter in value.items():
            task, _, role = str(item).partition(sep)
            if task in tasks and role in roles and isinstance(letter, str):
                matrix.setdefault(task, {})[role] = letter
        problems = check_raci(matrix, tasks)
        bad_tasks = {t for t, label in tasks.items() if any(f"«{label}»" in p for p in problems)}
        lines = [f"Tareas que cumplen las reglas (una A, al menos una R): "
                 f"{len(tasks) - len(bad_tasks)} de {len(tasks)}."]
        lines += ["  ❌ " + p for p in problems]
        facts_ok = 0
        for item, expected in fixed.items():
            accepted = set(expected) if isinstance(expected, (list, tuple, set)) else {expected}
            if value.get(item) in accepted:
                facts_ok += 1
        if fixed:
            lines.append(f"Casillas que encajan con lo que cuenta el caso: {facts_ok} de {len(fixed)}.")
        total = len(tasks) + len(fixed)
        return Result((len(tasks) - len(bad_tasks) + facts_ok) / total, lines)

    return scorer


# ---------------------------------------------------------------------------------------------
# Lesson 04 · strategy followed vs overridden by decree (simulated weeks)
# ---------------------------------------------------------------------------------------------

def simulate_weeks(weeks: int = 16, seed: int = 7) -> dict[str, list[float]]:
    """Simulated weekly customer messages from social media under two ways of working.

    "estrategia": the CM's plan (useful posts, replies the same day) grows slowly.
    "decreto": two offers a day imposed by the boss: a short bump, then fatigue.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    t = np.arange(1, weeks + 1)
    strategy = 5 + 0.45 * t + rng.normal(0, 0.7, weeks)
    decree = 5 + 4 * np.exp(-((t - 2) ** 2) / 6) - 0.08 * t + rng.normal(0, 0.7, weeks)
    decree = np.maximum(decree, 1)
    return {
        "semana": [int(x) for x in t],
        "estrategia": [round(float(x), 1) for x in strategy],
        "decreto": [round(float(x), 1) for x in decree],
    }


def strategy_vs_decree_figure(weeks: int = 16, seed: int = 7, review_every: int = 4):
    """Line chart of :func:`simulate_weeks` with the monthly review points marked."""
    from .charts import PALETTE, plt, spanish_axes

    data = simulate_weeks(weeks, seed)
    pyplot = plt()
    fig, ax = pyplot.subplots(figsize=(7.5, 4.4))
    ax.plot(data["semana"], data["estrategia"], marker="o", color=PALETTE["azul"],
            label="Se sigue la estrategia acordada")
    ax.plot(data["semana"], data["decreto"], marker="s", linestyle="--",
            color=PALETTE["bermellon"], label="«Dos ofertas al día» por decreto")
    top = max(data["estrategia"] + data["decreto"]) * 1.15
    for week in range(review_every, weeks + 1, review_every):
        ax.axvline(week, color=PALETTE["gris"], linestyle=":", linewidth=1)
        ax.text(week, top, "revisión", ha="center", va="top", fontsize=8, color=PALETTE["gris"])
    ax.set_ylim(0, top * 1.05)
    ax.set_xlim(0.5, weeks + 0.5)
    ax.set_xticks(range(1, weeks + 1, 1 if weeks <= 16 else 2))
    ax.set_title("¿Qué pasa con los mensajes de clientes si se impone un decreto?")
    ax.set_xlabel("Semana")
    ax.set_ylabel("Mensajes y reservas por redes en la semana")
    spanish_axes(ax, x_decimals=0, y_decimals=0)
    ax.legend(loc="upper left", frameon=False)
    fig.tight_layout()
    pyplot.close(fig)  # returned, so Jupyter shows it once
    return fig


# ---------------------------------------------------------------------------------------------
# Lesson 04 · "las redes no van de mí": the reviewer's «yo» measure
# ---------------------------------------------------------------------------------------------

#: Rubric weights for a rewritten post in exercise 04 (the «yo» measure weighs most).
REWRITE_RUBRIC: dict[str, float] = {
    "yo": 4.0, "invitacion": 2.0, "tono": 1.5, "ortografia": 1.5, "longitud": 0.5,
    "legibilidad": 0.5,
}


def show_review(text: str, kind: str = "publicacion", title: str = ""):
    """Display the reviewer's card for ``text`` with its «yo» share in one sentence."""
    from IPython.display import HTML, display

    from .review import review
    from .review_widget import card_html

    result = review(text, kind)
    total = result.self_refs + result.reader_refs
    share = round(result.self_ratio * 100)
    measure = (
        f"Medida «yo»: {share} % de las referencias a personas hablan del negocio "
        f"({result.self_refs} de {total:g})." if total else
        "Medida «yo»: el texto no habla ni de ti ni de la clientela."
    )
    head = f"<p><b>{html.escape(title)}</b></p>" if title else ""
    display(HTML(f"{head}<p>{html.escape(measure)}</p>{card_html(result)}"))


def rewrite_scorer(original: str, min_words: int = 25,
                   rubric: Mapping[str, float] | None = None) -> Callable[[Any], Result]:
    """Scorer for a rewritten post: the reviewer's rubric (weighted to the «yo» measure).

    A text shorter than ``min_words`` words, or almost a copy of ``original``, scores 0.
    """
    import difflib

    def scorer(value: Any) -> Result:
        from .review import review_score

        if not isinstance(value, str) or not value.strip():
            return Result(0.0, ["No escribiste ninguna publicación."], answered=False)
        words = len(value.split())
        if words < min_words:
            return Result(0.0, [f"Tu publicación tiene {words} palabras; se pedían al menos "
                                f"{min_words}."])
        similar = difflib.SequenceMatcher(None, original.lower(), value.lower()).ratio()
        if similar > 0.8:
            return Result(0.0, ["Tu texto es casi igual que el original: reescríbelo."])
        weights = dict(rubric or REWRITE_RUBRIC)
        earned, lines = review_score(value, "publicacion", rubric=weights)
        return Result(earned / sum(weights.values()), lines)

    return scorer


# ---------------------------------------------------------------------------------------------
# Lesson 05 · audit of the 8 mistakes (article 003), security checklist, who runs the networks
# ---------------------------------------------------------------------------------------------

#: Example answers (Taller Núñez, invented) for the audit when the learner has not answered.
EXAMPLE_AUDIT: dict[str, int] = {
    "perfil_personal": 5, "mezcla": 4, "irregular": 4, "tono": 3,
    "rechazo": 2, "herramientas": 4, "sin_criterio": 3, "frustracion": 3,
}
EXAMPLE_AUDIT_NAME = "Taller Núñez"


def audit(answers: Mapping[str, Any] | None, priorities: Mapping[str, Mapping[str, Any]]
          ) -> list[dict[str, Any]]:
    """Rows of the self-audit, highest priority first.

    ``answers`` maps mistake id → 1..5 (how much the statement "this happens here" applies);
    ``priorities`` maps mistake id → {"etiqueta", "peso" (1–3), "accion"}. Priority is
    risk × weight on a 0–100 scale, where risk = (answer − 1) / 4. Unanswered items are skipped.
    """
    rows = []
    for mid, info in priorities.items():
        value = (answers or {}).get(mid)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            continue
        weight = float(info.get("peso", 1))
        risk = (value - 1) / 4
        rows.append({
            "id": mid,
            "etiqueta": str(info.get("etiqueta", mid)),
            "accion": str(info.get("accion", "")),
            "respuesta": value,
            "peso": weight,
            "prioridad": round(100 * risk * weight / 3, 1),
        })
    rows.sort(key=lambda r: (-r["prioridad"], -r["peso"], r["id"]))
    return rows


def audit_score(rows: list[Mapping[str, Any]]) -> int:
    """Health of the profiles, 0–100: 100 means none of the mistakes happens."""
    if not rows:
        return 0
    weights = sum(r["peso"] for r in rows)
    risk = sum((r["respuesta"] - 1) / 4 * r["peso"] for r in rows)
    return round(100 * (1 - risk / weights))


def priority_band(priority: float) -> str:
    """'alta', 'media' or 'baja'."""
    return "alta" if priority >= 50 else "media" if priority >= 20 else "baja"


def audit_figure(rows: list[Mapping[str, Any]], example: bool = False):
    """Horizontal bars of the mistakes by priority, coloured by band."""
    from .charts import PALETTE, plt, spanish_axes

    colours = {"alta": PALETTE["bermellon"], "media": PALETTE["naranja"], "baja": PALETTE["celeste"]}
    pyplot = plt()
    fig, ax = pyplot.subplots(figsize=(7.5, 0.45 * len(rows) + 1.8))
    shown = list(reversed(rows))
    ax.barh([r["etiqueta"] for r in shown], [r["prioridad"] for r in shown],
            color=[colours[priority_band(r["prioridad"])] for r in shown])
    for i, r in enumerate(shown):
        ax.text(r["prioridad"] + 1, i, priority_band(r["prioridad"]), va="center", fontsize=8)
    ax.set_xlim(0, 110)
    who = f"Ejemplo: {EXAMPLE_AUDIT_NAME} (respuestas inventadas)" if example else "Tus respuestas"
    ax.set_title(f"¿Qué arreglas primero en tus redes?\n{who}")
    ax.set_xlabel("Prioridad: riesgo × impacto (0 a 100)")
    ax.set_ylabel("Error de la lista")
    spanish_axes(ax, x_decimals=0, y_decimals=None)
    fig.tight_layout()
    pyplot.close(fig)  # returned, so Jupyter shows it once
    return fig


def show_audit(answers: Mapping[str, Any] | None, priorities: Mapping[str, Mapping[str, Any]]):
    """Display the audit: score, figure, caption and prioritized actions (example if empty)."""
    from IPython.display import HTML, display

    from .charts import caption, plt

    rows = audit(answers, priorities)
    example = len(rows) < len(priorities)
    if example:
        rows = audit(EXAMPLE_AUDIT, priorities)
        display(HTML("<p>Aún no has respondido todas las afirmaciones: ves un <b>ejemplo</b> "
                     f"({html.escape(EXAMPLE_AUDIT_NAME)}). Responde y vuelve a ejecutar esta "
                     "celda (Mayús + Intro).</p>"))
    score = audit_score(rows)
    who = f"del {EXAMPLE_AUDIT_NAME}" if example else "de tus perfiles"
    display(HTML(f"<p><b>Salud {html.escape(who)}: {score} de 100</b> "
                 "(100 = no pasa ninguno de los errores).</p>"))
    fig = audit_figure(rows, example=example)
    display(fig)
    plt().close(fig)
    top = [r for r in rows if r["prioridad"] > 0]
    display(caption(
        f"Barras de prioridad de los {len(rows)} errores; "
        + (f"el primero que conviene atacar es «{top[0]['etiqueta']}»." if top
           else "ninguno tiene prioridad: ¡enhorabuena!"),
        simulated=example,
    ))
    actions = "".join(
        f"<li><b>{html.escape(r['etiqueta'])}</b> (prioridad {priority_band(r['prioridad'])}): "
        f"{html.escape(r['accion'])}</li>" for r in top[:5]
    )
    if actions:
        display(HTML(f"<p><b>Tus acciones, por orden:</b></p><ol>{actions}</ol>"))


def security_pending(done: Any, checklist: Mapping[str, str]) -> list[str]:
    """The checklist items (texts, in checklist order) not marked as done."""
    marked = set(done) if isinstance(done, (list, tuple, set)) else set()
    return [text for key, text in checklist.items() if key not in marked]


def show_security(done: Any, checklist: Mapping[str, str]):
    """Display what is left of the security checklist."""
    from IPython.display import HTML, display

    pending = security_pending(done, checklist)
    if not pending:
        display(HTML("<p>✅ Tienes hechas las cinco medidas básicas. Repásalas cada seis meses "
                     "y cada vez que alguien entre o salga del equipo.</p>"))
        return
    items = "".join(f"<li>{html.escape(text)}</li>" for text in pending)
    display(HTML(f"<p><b>Te quedan {len(pending)} de {len(checklist)} medidas:</b></p>"
                 f"<ol>{items}</ol>"))


#: Reasons, per question and option, shown with the recommendation (Spanish).
_REASONS: dict[str, dict[str, tuple[int, int, str]]] = {
    # option id: (points for doing it in-house, points for an agency, reason)
    "tiempo": {
        "poco": (0, 2, "Dedicas menos de una hora a la semana: sin ayuda, las publicaciones "
                       "serían convulsas e irregulares."),
        "algo": (1, 1, "Tienes unas horas a la semana: basta para la parte que solo tú puedes "
                       "hacer (contar lo que pasa, responder, reconocer a tu clientela)."),
        "bastante": (2, 0, "Tienes tiempo de sobra para llevar tú el día a día."),
    },
    "habilidades": {
        "ninguna": (0, 1, "Nadie del equipo domina aún las herramientas: conviene una puesta "
                          "en marcha y formación con principio y fin."),
        "algunas": (1, 0, "Alguien se defiende: con una formación corta puede llevarlo."),
        "buenas": (2, 0, "Tienes a alguien preparado dentro: aprovéchalo."),
    },
    "presupuesto": {
        "minimo": (2, 0, "Con un presupuesto mínimo, una agencia fija no es sostenible: "
                         "invierte en formación puntual."),
        "medio": (1, 1, "Tu presupuesto da para asesoría puntual o un apoyo parcial."),
        "amplio": (0, 2, "Tu presupuesto permite un apoyo profesional continuado."),
    },
    "volumen": {
        "bajo": (1, 0, "Hay pocas consultas y novedades: se lleva bien desde dentro."),
        "medio": (1, 1, "El volumen es moderado: reparte tareas y revisa cada mes."),
        "alto": (0, 2, "Recibes muchas consultas a diario: hace falta método y refuerzo."),
    },
}

RECOMMENDATIONS: dict[str, str] = {
    "dentro": "Desde dentro, con formación puntual",
    "hibrido": "Híbrido: tú llevas la voz y una asesoría te apoya",
    "agencia": "Apoyo profesional continuado, pero con tu voz",
}

_IDENTITY_NOTE = ("En los tres casos, la identidad es una: quien conoce tu negocio y a tu "
                  "clientela (tú o tu equipo) aporta el contenido y reconoce a los buenos "
                  "clientes; nadie puede «hacer de ti» en redes.")


def recommend(answers: Mapping[str, Any]) -> tuple[str, list[str]]:
    """(recommendation id, Spanish reasons) from the four decision answers.

    ``answers`` maps "tiempo", "habilidades", "presupuesto", "volumen" to option ids; missing
    answers are skipped. Full delegation never appears as such: the voice stays in the firm.
    """
    inside = outside = 0
    reasons = []
    for question, options in _REASONS.items():
        choice = answers.get(question)
        if choice in options:
            a, b, why = options[choice]
            inside, outside = inside + a, outside + b
            reasons.append(why)
    if not reasons:
        raise ValueError("no answers")
    if answers.get("presupuesto") == "minimo" or inside - outside >= 3:
        key = "dentro"
    elif outside - inside >= 3 and answers.get("presupuesto") == "amplio":
        key = "agencia"
    else:
        key = "hibrido"
    return key, reasons + [_IDENTITY_NOTE]


def show_recommendation(answers: Mapping[str, Any], example: Mapping[str, str] | None = None):
    """Display the recommendation (for ``example`` answers, labelled, if none are given)."""
    from IPython.display import HTML, display

    given = {k: v for k, v in (answers or {}).items() if v}
    note = ""
    if len(given) < len(_REASONS):
        given = dict(example or {"tiempo": "algo", "habilidades": "ninguna",
                                 "presupuesto": "medio", "volumen": "medio"})
        note = ("<p>Aún no has respondido las cuatro preguntas: ves la recomendación de un "
                "<b>ejemplo</b> (Peluquería Marta). Responde y vuelve a ejecutar esta celda.</p>")
    key, reasons = recommend(given)
    items = "".join(f"<li>{html.escape(r)}</li>" for r in reasons)
    display(HTML(f"{note}<p>👉 <b>{html.escape(RECOMMENDATIONS[key])}</b></p>"
                 f"<p>Por qué:</p><ul>{items}</ul>"))


def decision_answers(store: Any, prefix: str = "decision_") -> dict[str, Any]:
    """The four decision answers saved as "<prefix>tiempo", "<prefix>habilidades"…"""
    return {q: store.get(prefix + q) for q in _REASONS}
