"""The self-check box: «Corregir mi ejercicio» shows the score item by item with reasons, and the rubrics; on a hub, «Entregar a mi formador»; alone, a self-assessment against the rubric."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from course_utils.core.formats import es_points
from course_utils.core.store import AnswerStore
from course_utils.grading import self_check
from course_utils.grading.self_check import ItemResult, ManualPart, QuestionResult, SelfCheck
from course_utils.ui import lean
from course_utils.ui.widgets import VERDICT_COLOURS, rich

__all__ = ["report_html", "self_check_box"]

_RED = "color:#b91c1c"
_GREY = "color:#57606a"
_CARD = "border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;margin:8px 0;max-width:760px"
HAND = "lo corregirá tu formador a mano"
_TITLE_POINTS = re.compile(r"\s*\([^()]*\bpuntos?\b[^()]*\)$")
ON_HUB = (
    "<h3>Cómo se entrega</h3><p>Tus respuestas ya están guardadas. Cuando termines, pulsa "
    "«Entregar a mi formador»: se entregan la página y tus respuestas, y verás «¡Entregado!».</p>"
)
ALONE = (
    "<h3>Y ahora</h3><p>No tienes que enviar nada: tus respuestas quedan guardadas en tu "
    "ordenador y vuelven cada vez que abres este ejercicio. Puedes cambiarlas y volver a pulsar "
    "«Corregir mi ejercicio» tantas veces como quieras.</p>"
)
#: (colour kind, decoration, words) of each verdict of a question, and of an item
_QUESTION_WORDS = {
    "correcta": ("correct", "✅", "Correcta"),
    "en_parte": ("partial", "🟡", "Bien en parte"),
    "incorrecta": ("wrong", "❌", "Incorrecta"),
    "sin_responder": ("partial", "⬜", "Sin responder"),
    "error": ("partial", "⚠️", "No se ha podido corregir sola"),
}
_ITEM_WORDS = {
    "bien": ("correct", "✅", "Bien"),
    "mal": ("wrong", "❌", "No"),
    "falta": ("wrong", "❌", "Te faltó marcarla"),
    "sobra": ("wrong", "❌", "No correspondía marcarla"),
    "sin_responder": ("partial", "⬜", "Sin responder"),
}
_SINGLE_WORDS = {
    "bien": "Tu elección es la correcta",
    "mal": "Tu elección no es la correcta",
    "falta": "La correcta era esta",
}


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _words(kind: str, emoji: str, words: str) -> str:
    """A verdict in words and colour; the emoji only decorates (hidden from screen readers)."""
    return (
        f"<span aria-hidden='true'>{emoji}</span> "
        f"<b style='color:{VERDICT_COLOURS[kind]}'>{_esc(words)}</b>"
    )


def _items_html(q: QuestionResult, labels: dict[str, dict[str, str]]) -> str:
    """Each item or option by its text, its verdict in words, and why when it is wrong."""
    out = []
    for qid, items in q.items.items():
        texts = labels.get(qid, {})
        rows = []
        for item in items:
            rows.append(_item_html(item, texts, single=len(items) <= 2 and _is_single(items)))
        if rows:
            out.append("<ul class='curso-items'>" + "".join(rows) + "</ul>")
    return "".join(out)


def _is_single(items: list[ItemResult]) -> bool:
    return items[0].verdict in ("bien", "mal") and all(i.verdict == "falta" for i in items[1:])


def _item_html(item: ItemResult, texts: dict[str, str], single: bool = False) -> str:
    text = texts.get(item.item) or item.item
    kind, emoji, words = _ITEM_WORDS[item.verdict]
    if single:
        words = _SINGLE_WORDS[item.verdict]
    reason = (
        f"<br><span>Por qué: {_esc(item.reason)}</span>"
        if item.reason and item.verdict != "bien"
        else ""
    )
    return f"<li>{_words(kind, emoji, words)}: <i>{rich(text)}</i>{reason}</li>"


_TRAINER_SENTENCE = re.compile(r"[^.]*\b(formador|formadora|taller)\b[^.]*\.\s*")


def _alone_line(line: str) -> str:
    """An engine line without its sentences about a trainer (for one person alone)."""
    return _TRAINER_SENTENCE.sub("", line).strip()


def _pending_html(pending: list[str] | None, answered: int) -> str:
    if pending is None:
        return f"<p>Tienes {answered} respuestas guardadas.</p>"
    if not pending:
        return (
            "<p>"
            + _words("correct", "✅", "Terminado: has respondido todas las preguntas.")
            + "</p>"
        )
    items = "".join(f"<li>{_esc(p)}</li>" for p in pending)
    return f"<p><b>Te quedan por responder:</b></p><ul>{items}</ul>"


def _manual_html(part: ManualPart) -> str:
    from course_utils.reviewer import review
    from course_utils.ui.review_box import card_html

    title = _TITLE_POINTS.sub("", part.title)
    out = [
        f'<div style="{_CARD}"><p>✍️ <b>{_esc(title)}</b> · {es_points(part.points)} puntos · '
        f"<b>{HAND}</b>.</p>"
    ]
    if part.criteria:
        out.append("<p>Esto es lo que mirará:</p><ul>")
        for criterion, points in part.criteria:
            shown = (
                f" <i>({_esc(points)} {'punto' if points == '1' else 'puntos'})</i>"
                if points
                else ""
            )
            out.append(f"<li>{_esc(criterion)}{shown}</li>")
        out.append("</ul>")
    out += [f'<p style="{_GREY}">{_esc(note)}</p>' for note in part.notes]
    for qid, text in part.texts.items():
        if not text.strip():
            out.append(f"<p>⬜ Todavía no has escrito nada en «{_esc(qid)}».</p>")
            continue
        out.append(_your_text(text))
        if qid in part.reviews:
            kind, problem, private = part.reviews[qid]
            try:
                card = card_html(review(text, kind, problem=problem, private=private))
            except (ValueError, TypeError):
                continue
            out.append(
                "<p><b>Revisión automática del texto</b> (orientativa: te ayuda a mejorarlo, "
                f"pero la nota de esta parte la pone tu formador o formadora):</p>{card}"
            )
    out.append("</div>")
    return "".join(out)


def _your_text(text: str) -> str:
    """The learner's own written answer, quoted and escaped, line breaks kept."""
    body = _esc(text).replace("\n", "<br>")
    return (
        '<p>Tu texto:</p><blockquote style="border-left:3px solid #d0d7de;'
        f'margin:0 0 8px;padding:4px 10px">{body}</blockquote>'
    )


def report_html(
    check: SelfCheck,
    pending: list[str] | None = None,
    labels: dict[str, dict[str, str]] | None = None,
    alone: bool = False,
) -> str:
    """The result of a self-check as HTML; every text from answers or files is escaped.

    ``labels`` (question id → item id → text) names the items by their text; ``alone`` (no
    hub) leaves out the parts graded by hand, which the box turns into a self-assessment.
    """
    labels = labels or {}
    if check.status in ("error", "respuestas_no_validas"):
        return f'<p role="alert" style="{_RED}">⚠️ {_esc(check.message)}</p>'
    if check.status == "sin_claves":
        return f"<p>ℹ️ {_esc(check.message)}</p>" + _pending_html(pending, len(check.answered))
    out = []
    if check.message:
        out.append(f"<p>ℹ️ {_esc(check.message)}</p>")
    if alone:
        out.append(
            f"<h4>Tu resultado: {es_points(check.earned)} de {es_points(check.auto_total)} "
            "puntos en las preguntas que se corrigen solas</h4>"
        )
    else:
        out.append(
            f"<h4>Tu puntuación automática: {es_points(check.earned)} de "
            f"{es_points(check.auto_total)} puntos automáticos</h4>"
        )
        if check.manual_total:
            out.append(
                f"<p>Además, {es_points(check.manual_total)} puntos de este ejercicio los "
                "corregirá tu formador a mano: más abajo tienes lo que mirará.</p>"
            )
    for n, q in enumerate(check.questions, start=1):
        kind, emoji, words = _QUESTION_WORDS[q.verdict]
        if q.items:
            shown = [line for line in q.lines[:1] if not line.startswith(("✅", "❌", "⬜"))]
            shown += [line for line in q.lines[1:] if line.startswith("ℹ️ Por qué esta clave")]
            detail = "".join(f"<p>{_esc(line)}</p>" for line in shown) + _items_html(q, labels)
        else:
            shown = [_alone_line(line) for line in q.lines] if alone else q.lines
            lines = "".join(f"<li>{_esc(line)}</li>" for line in shown if line)
            detail = f"<ul>{lines}</ul>" if lines else ""
        out.append(
            f'<div style="{_CARD}"><p><b>{_esc(q.title or f"Pregunta {n}")}</b> · '
            f"{es_points(q.earned)} de {es_points(q.points)} puntos · "
            f"{_words(kind, emoji, words)}</p>{detail}</div>"
        )
    if not alone:
        out += [_manual_html(part) for part in check.manual]
    if pending is not None:
        out.append(_pending_html(pending, len(check.answered)))
    if alone:
        out.append(
            f'<p style="{_GREY}">Puedes cambiar lo que quieras y volver a corregir tantas veces '
            "como quieras.</p>"
        )
    else:
        out.append(
            f'<p style="{_GREY}">Los puntos automáticos son los que dará la corrección del curso '
            "a estas respuestas. Puedes cambiar lo que quieras y volver a corregir: no cuenta "
            "como entrega.</p>"
        )
    return "".join(out)


def self_assessment(part: ManualPart, store: AnswerStore) -> Any:
    """A written answer weighed by its writer: her text, the reviewer's card and one check box
    per rubric criterion, ticked by her and kept in ``store`` (never points waiting for
    nobody). None when the part has no criteria."""
    from course_utils.reviewer import review
    from course_utils.ui.review_box import card_html

    if not part.criteria:
        return None
    title = _TITLE_POINTS.sub("", part.title)
    title = re.sub(r"^Corrección a mano d(e la|el)\s*", "", title).strip() or title
    head = [f"<h4>Valora tu respuesta: {_esc(title)}</h4>"]
    for qid, text in part.texts.items():
        if not text.strip():
            head.append("<p>Todavía no has escrito nada aquí.</p>")
            continue
        head.append(_your_text(text))
        if qid in part.reviews:
            kind, problem, private = part.reviews[qid]
            try:
                head.append(
                    "<p><b>Lo que ve el revisor automático</b> (orientativo):</p>"
                    + card_html(review(text, kind, problem=problem, private=private))
                )
            except (ValueError, TypeError):
                pass
    head.append("<p>Léelo con calma y marca cada criterio que tu texto cumple:</p>")
    qid = re.sub(r"[^A-Za-z0-9_-]", "_", part.grade_id or "texto")
    try:
        ticked = store.get(qid, [])
    except (OSError, ValueError):
        ticked = []
    ticked = ticked if isinstance(ticked, list) else []
    boxes = [
        lean.Checkbox(value=str(n) in ticked, description=criterion, indent=False)
        for n, (criterion, _points) in enumerate(part.criteria, start=1)
    ]
    tally = lean.HTML()
    tally.add_class("curso-estado")

    def count(_change: Any = None, save: bool = True) -> None:
        chosen = [str(n) for n, box in enumerate(boxes, start=1) if box.value]
        if save:
            try:
                store.save(qid, chosen)
            except (OSError, ValueError):
                tally.value = f'<p style="{_RED}">⚠️ No se ha podido guardar lo que marcaste.</p>'
                return
        done = len(chosen) == len(boxes)
        tally.value = (
            "<p>"
            + _words(
                "correct" if done else "partial",
                "✅" if done else "✍️",
                f"Cumple {len(chosen)} de {len(boxes)} criterios."
                + ("" if done else " Mejora tu texto con los que faltan y vuelve a valorarlo."),
            )
            + "</p>"
        )

    for box in boxes:
        box.observe(count, names="value")
    count(save=False)
    shown = lean.VBox([lean.HTML("".join(head)), *boxes, tally], layout=lean.CARD)
    shown.add_class("curso-autoevaluacion")
    shown.boxes, shown.tally = boxes, tally
    return shown


def self_check_box(session: Any, folder: str | Path | None = None) -> widgets.VBox:
    """«Corregir mi ejercicio» (and «Entregar a mi formador» on a hub) for a graded notebook.

    ``session`` is what ``start(..., mode="graded")`` returned (or its answers store). Nothing
    is computed until a button is pressed, and nothing the buttons do raises into the page.
    Outside a hub the box speaks to one person alone: no trainer, and the parts graded by
    hand become a self-assessment against their rubric.
    """
    store = getattr(session, "store", session)
    notebook_id = str(getattr(store, "notebook_id", ""))
    where = Path(folder) if folder is not None else Path(getattr(store, "path", "x")).parent
    on_hub = self_check.on_hub()
    if on_hub:
        intro = widgets.HTML(
            "<h3>Corrige tu ejercicio</h3><p>Pulsa «Corregir mi ejercicio» para ver tu "
            "puntuación automática con las respuestas que tienes guardadas y qué mirará tu "
            "formador o formadora en lo que se corrige a mano.</p>"
        )
    else:
        intro = widgets.HTML(
            "<h3>Corrige tu ejercicio</h3><p>Pulsa «Corregir mi ejercicio» para ver, pregunta "
            "a pregunta, qué has acertado y por qué, y para valorar tus respuestas escritas con "
            "sus criterios.</p>"
        )
    button = widgets.Button(
        description="Corregir mi ejercicio",
        button_style="primary",
        icon="check",
        tooltip="Corrige tus respuestas guardadas",
        layout=widgets.Layout(width="auto"),
    )
    said = widgets.HTML()
    said.add_class("curso-estado")  # short, and announced: the result follows below
    result = widgets.HTML()
    assessed = widgets.VBox()

    def pending() -> list[str] | None:
        try:
            found = session.pending()
        except Exception:  # a store or an object without questions asked here
            return None
        return found if isinstance(found, list) else None

    def labels() -> dict[str, dict[str, str]]:
        try:
            found = session.item_labels()
        except Exception:  # a bare store: items are named by their ids
            return {}
        return found if isinstance(found, dict) else {}

    def corregir(_button: Any = None) -> None:
        button.disabled = True
        said.value = f'<p style="{_GREY}">Corrigiendo…</p>'
        try:
            check = self_check.check_exercise(where, notebook_id)
            result.value = report_html(check, pending(), labels(), alone=not on_hub)
            if not on_hub and check.scored:
                mine = AnswerStore(f"{notebook_id}-autoevaluacion", where)
                parts = [self_assessment(part, mine) for part in check.manual]
                assessed.children = [p for p in parts if p is not None]
            said.value = "<p>Corregido: tu resultado está aquí debajo.</p>"
        except Exception as exc:  # never a traceback in the page
            said.value = ""
            result.value = (
                f'<p role="alert" style="{_RED}">⚠️ No se ha podido corregir el ejercicio '
                f"({_esc(type(exc).__name__)}). Tus respuestas siguen guardadas.</p>"
            )
        finally:
            button.disabled = False

    button.on_click(corregir)
    children: list[widgets.Widget] = [intro, button, said, result, assessed]
    send = sent = None
    entregar: Callable[..., None] | None = None  # «Entregar a mi formador», on a hub
    if on_hub:
        send = widgets.Button(
            description="Entregar a mi formador",
            button_style="success",
            icon="paper-plane",
            tooltip="Entrega el ejercicio y tus respuestas en el taller",
            layout=widgets.Layout(width="auto"),
        )
        sent = widgets.HTML()
        sent.add_class("curso-estado")

        def submit(_button: Any = None) -> None:
            send.disabled = True
            sent.value = f'<p style="{_GREY}">Entregando…</p>'
            try:
                done = self_check.submit(where)
                style = "color:#1a7f37" if done.ok else _RED
                role = "status" if done.ok else "alert"
                sent.value = f'<p role="{role}" style="{style}">{_esc(done.message)}</p>'
            except Exception as exc:
                sent.value = (
                    f'<p role="alert" style="{_RED}">⚠️ No se ha podido entregar '
                    f"({_esc(type(exc).__name__)}). Díselo a tu formador o formadora.</p>"
                )
            finally:
                send.disabled = False

        send.on_click(submit)
        entregar = submit
        children += [widgets.HTML(ON_HUB), send, sent]
    else:
        children.append(widgets.HTML(ALONE))
    box = widgets.VBox(children)
    box.add_class("curso-autocorreccion")
    # handles for tests and notebooks
    box.button, box.result, box.corregir = button, result, corregir
    box.assessment = assessed
    box.submit_button, box.submitted, box.entregar = send, sent, entregar
    return box
