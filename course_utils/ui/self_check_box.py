"""The self-check box: «Corregir mi ejercicio» shows the automatic score and the rubrics; on a hub, «Entregar a mi formador»."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from .. import self_check
from ..formats import es_points
from ..self_check import ManualPart, SelfCheck

__all__ = ["report_html", "self_check_box"]

_RED = "color:#b91c1c"
_GREY = "color:#57606a"
_CARD = "border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;margin:8px 0;max-width:760px"
HAND = "lo corregirá tu formador a mano"
_TITLE_POINTS = re.compile(r"\s*\([^()]*\bpuntos?\b[^()]*\)$")
OFF_HUB = (
    "📮 <b>Para entregarlo</b>, tu formador o formadora te dirá cómo (por ejemplo, enviando la "
    "carpeta del ejercicio con tu archivo <code>{file}</code>). Si haces el curso por tu cuenta, "
    "no tienes que enviar nada: tus respuestas quedan guardadas para ti."
)


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _pending_html(pending: list[str] | None, answered: int) -> str:
    if pending is None:
        return f"<p>Tienes {answered} respuestas guardadas.</p>"
    if not pending:
        return "<p>✅ <b>Has respondido todas las preguntas.</b></p>"
    items = "".join(f"<li>{_esc(p)}</li>" for p in pending)
    return f"<p>⏳ <b>Te quedan por responder:</b></p><ul>{items}</ul>"


def _manual_html(part: ManualPart) -> str:
    from ..reviewer import review
    from .review_box import card_html

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
        body = _esc(text).replace("\n", "<br>")
        out.append(
            '<p>Tu texto:</p><blockquote style="border-left:3px solid #d0d7de;'
            f'margin:0 0 8px;padding:4px 10px">{body}</blockquote>'
        )
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


def report_html(check: SelfCheck, pending: list[str] | None = None) -> str:
    """The result of a self-check as HTML; every text from answers or files is escaped."""
    if check.status in ("error", "respuestas_no_validas"):
        return f'<p role="alert" style="{_RED}">⚠️ {_esc(check.message)}</p>'
    if check.status == "sin_claves":
        return f"<p>ℹ️ {_esc(check.message)}</p>" + _pending_html(pending, len(check.answered))
    out = []
    if check.message:
        out.append(f"<p>ℹ️ {_esc(check.message)}</p>")
    out.append(
        f"<h4>Tu puntuación automática: {es_points(check.earned)} de "
        f"{es_points(check.auto_total)} puntos automáticos</h4>"
    )
    if check.manual_total:
        out.append(
            f"<p>Además, {es_points(check.manual_total)} puntos de este ejercicio los corregirá "
            "tu formador a mano: más abajo tienes lo que mirará.</p>"
        )
    for n, q in enumerate(check.questions, start=1):
        lines = "".join(f"<li>{_esc(line)}</li>" for line in q.lines)
        out.append(
            f'<div style="{_CARD}"><p><b>{_esc(q.title or f"Pregunta {n}")}</b> · '
            f"{es_points(q.earned)} de {es_points(q.points)} puntos · {_esc(q.verdict_text)}</p>"
            + (f"<ul>{lines}</ul>" if lines else "")
            + "</div>"
        )
    out += [_manual_html(part) for part in check.manual]
    if pending:
        out.append(_pending_html(pending, len(check.answered)))
    out.append(
        f'<p style="{_GREY}">Los puntos automáticos son los que dará la corrección del curso a '
        "estas respuestas. Puedes cambiar lo que quieras y volver a corregir: no cuenta como "
        "entrega.</p>"
    )
    return "".join(out)


def self_check_box(session: Any, folder: str | Path | None = None) -> widgets.VBox:
    """«Corregir mi ejercicio» (and «Entregar a mi formador» on a hub) for a graded notebook.

    ``session`` is what ``start(..., mode="graded")`` returned (or its answers store). Nothing
    is computed until a button is pressed, and nothing the buttons do raises into the page.
    """
    store = getattr(session, "store", session)
    notebook_id = str(getattr(store, "notebook_id", ""))
    where = Path(folder) if folder is not None else Path(getattr(store, "path", "x")).parent
    intro = widgets.HTML(
        "<h3>Corrige tu ejercicio</h3><p>Pulsa «Corregir mi ejercicio» para ver tu puntuación "
        "automática con las respuestas que tienes guardadas y qué mirará tu formador o formadora "
        "en lo que se corrige a mano.</p>"
    )
    button = widgets.Button(
        description="Corregir mi ejercicio",
        button_style="primary",
        icon="check",
        tooltip="Calcula tu puntuación automática con tus respuestas guardadas",
        layout=widgets.Layout(width="auto"),
    )
    result = widgets.HTML()
    result.add_class("curso-estado")

    def pending() -> list[str] | None:
        try:
            found = session.pending()
        except Exception:  # a store or an object without questions asked here
            return None
        return found if isinstance(found, list) else None

    def corregir(_button: Any = None) -> None:
        button.disabled = True
        result.value = f'<p style="{_GREY}">Corrigiendo…</p>'
        try:
            result.value = report_html(self_check.check_exercise(where, notebook_id), pending())
        except Exception as exc:  # never a traceback in the page
            result.value = (
                f'<p role="alert" style="{_RED}">⚠️ No se ha podido corregir el ejercicio '
                f"({_esc(type(exc).__name__)}). Tus respuestas siguen guardadas.</p>"
            )
        finally:
            button.disabled = False

    button.on_click(corregir)
    children: list[widgets.Widget] = [intro, button, result]
    send = sent = None
    if self_check.on_hub():
        send = widgets.Button(
            description="Entregar a mi formador",
            button_style="success",
            icon="paper-plane",
            tooltip="Entrega el ejercicio y tus respuestas en el taller",
            layout=widgets.Layout(width="auto"),
        )
        sent = widgets.HTML()
        sent.add_class("curso-estado")

        def entregar(_button: Any = None) -> None:
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

        send.on_click(entregar)
        children += [send, sent]
    else:
        entregar = None
        file = f"respuestas-{notebook_id}.json"
        children.append(widgets.HTML(f"<p>{OFF_HUB.format(file=_esc(file))}</p>"))
    box = widgets.VBox(children)
    box.add_class("curso-autocorreccion")
    # handles for tests and notebooks
    box.button, box.result, box.corregir = button, result, corregir  # type: ignore[attr-defined]
    box.submit_button, box.submitted, box.entregar = send, sent, entregar  # type: ignore[attr-defined]
    return box
