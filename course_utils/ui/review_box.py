"""The reviewer box: write a reply or post, press «Revisar», see the feedback; drafts saved."""

from __future__ import annotations

import errno
import html
import re
from typing import Any

import ipywidgets as widgets

from course_utils.core.formats import es_number, es_points
from course_utils.core.store import AnswerError
from course_utils.reviewer import CATEGORY_LABELS, KINDS, Review, review
from course_utils.ui.widgets import call_later

__all__ = ["card_html", "highlight_html", "review_box", "save_error_message", "spanish_numbers"]

_COLORS = {
    "ortografia": "#fde68a",
    "tono": "#fecaca",
    "yo": "#ddd6fe",
    "estructura": "#bfdbfe",
    "legibilidad": "#bbf7d0",
}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_GREY = "color:#6b7280;font-size:90%"
_RED = "color:#b91c1c"
# What went wrong, in the learner's words, for the usual reasons a file cannot be written
# (looked up by OSError.errno, which is None when the system gave no number)
_OS_REASONS: dict[int | None, str] = {
    errno.EACCES: "no hay permiso para escribir en la carpeta",
    errno.EPERM: "no hay permiso para escribir en la carpeta",
    errno.EROFS: "la carpeta es de solo lectura",
    errno.ENOSPC: "el disco está lleno",
    errno.ENOENT: "la carpeta no existe",
}
if hasattr(errno, "EDQUOT"):  # not on Windows
    _OS_REASONS[errno.EDQUOT] = "se ha llenado tu espacio en disco"
# Errors a store's save() may raise. AnswerError is a ValueError; it is named for the reader.
SAVE_ERRORS = (AnswerError, ValueError, OSError)
# The counter follows every keystroke; the draft is saved after this pause without typing
# (or by «Revisar»), never on every keystroke.
SAVE_PAUSE = 2.0


def _esc(text: str) -> str:
    return html.escape(_CONTROL_RE.sub("�", text), quote=True)


def save_error_message(exc: BaseException) -> str:
    """The Spanish message (addressed as «tú») for a draft that could not be saved."""
    if isinstance(exc, OSError):
        if isinstance(exc, TimeoutError):  # e.g. filelock: another program holds the file
            reason = "otro programa está usando el archivo de respuestas"
        else:
            reason = _OS_REASONS.get(exc.errno) or f"error del sistema: {exc.strerror or exc}"
        return (
            f"No se pudo guardar tu borrador ({reason}). Revisa que la carpeta se pueda "
            "escribir y vuelve a intentarlo."
        )
    # the store's AnswerError (and its ValueErrors) already speak to the learner in Spanish
    return f"No se pudo guardar tu borrador. {exc}"


def spanish_numbers(text: str, result: Review) -> str:
    """The reviewer's own figures (readability index, counts of references) with a decimal comma.

    The reviewer writes them with Python's ``:g`` («índice 86.5»); the learner reads
    «índice 86,5». Only those exact figures are rewritten, never the learner's text.
    """
    figures = {result.readability, result.reader_refs, result.self_refs + result.reader_refs}
    for value in figures:
        if isinstance(value, float) and not value.is_integer():
            pattern = rf"(?<![\d.,]){re.escape(f'{value:g}')}(?![\d])"
            text = re.sub(pattern, es_points(value), text)
    return text


def highlight_html(result: Review) -> str:
    """The reviewed text as HTML, findings' spans marked; every piece of text is escaped."""
    text = result.text
    spans = sorted(
        (
            (f.start, f.end, f.category)
            for f in result.findings
            if 0 <= f.start < f.end <= len(text)
        ),
        key=lambda s: (s[0], -s[1]),
    )
    out: list[str] = []
    pos = 0
    for start, end, cat in spans:
        if start < pos:  # overlapping spans: keep the first
            continue
        out.append(_esc(text[pos:start]))
        label = _esc(CATEGORY_LABELS.get(cat, cat))
        out.append(
            f'<mark style="background:{_COLORS.get(cat, "#e5e7eb")};padding:0 2px" '
            f'title="{label}">{_esc(text[start:end])}</mark>'
        )
        pos = end
    out.append(_esc(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def card_html(result: Review, saved_note: str = "", *, note_is_error: bool = False) -> str:
    """The feedback card: summary, highlighted text and one line per finding (all escaped).

    ``saved_note`` goes at the bottom: grey, or red and announced (``role="alert"``) when
    ``note_is_error`` (e.g. the draft could not be saved).
    """
    parts = [
        '<div role="region" aria-label="Resultado de la revisión" '
        'style="border:1px solid #d1d5db;border-radius:8px;padding:12px;max-width:760px">',
        f"<p><strong>{_esc(spanish_numbers(result.summary, result))}</strong></p>",
    ]
    if result.text.strip():
        parts.append(
            '<div style="background:#f9fafb;padding:8px;border-radius:6px;white-space:normal">'
            f"{highlight_html(result)}</div>"
        )
    if result.findings:
        parts.append("<ul>")
        for f in result.findings:
            cat = _esc(CATEGORY_LABELS.get(f.category, f.category))
            fragment = ""
            if 0 <= f.start < f.end <= len(result.text) and f.end - f.start <= 80:
                fragment = f" «{_esc(result.text[f.start : f.end])}»"
            parts.append(
                f'<li><span style="background:{_COLORS.get(f.category, "#e5e7eb")};'
                f'padding:0 4px;border-radius:4px">{cat}</span>{fragment}: '
                f"{_esc(spanish_numbers(f.message, result))} "
                f"<em>{_esc(spanish_numbers(f.suggestion, result))}</em></li>"
            )
        parts.append("</ul>")
    if saved_note:
        if note_is_error:
            parts.append(f'<p role="alert" style="{_RED}">{_esc(saved_note)}</p>')
        else:
            parts.append(f'<p style="{_GREY}">{_esc(saved_note)}</p>')
    parts.append("</div>")
    return "".join(parts)


def _saved_note(record: Any) -> str:
    when = record.get("saved_at") if isinstance(record, dict) else None
    if not when:
        return "Borrador guardado."
    return f"Borrador guardado el {str(when)[:10]} a las {str(when)[11:16]}."


def review_box(
    store: Any,
    qid: str,
    kind: str = "respuesta",
    prompt: str = "",
    placeholder: str = "",
    network: str | None = None,
    max_chars: int = 2000,
    *,
    problem: bool | None = None,
    private: bool | None = None,
) -> widgets.VBox:
    """A text area + «Revisar» button; saves the draft in ``store`` and shows the feedback.

    If the draft cannot be saved (a folder that cannot be written, a full disk, an answer the
    store refuses), the text stays in the box, the review is still shown and a red note says
    what happened.

    For a reply, ``problem`` (the comment reports a problem) and ``private`` (solving it needs
    the customer's data) make the review ask for what the exercise's grading asks for; None
    guesses it from the reply.
    """
    if kind not in KINDS:
        review("", kind)  # raises the Spanish ValueError
    what = "tu respuesta" if kind == "respuesta" else "tu publicación"
    read_problem = ""
    try:
        saved = store.get(qid, None)
    except SAVE_ERRORS:  # an answers file that cannot be read: start empty, and say so
        saved = None
        read_problem = (
            "No se pudo leer tu borrador guardado. Puedes escribir igualmente: al pulsar "
            "«Revisar» se intentará guardar de nuevo."
        )
    initial = saved if isinstance(saved, str) else ""
    label = prompt or f"Escribe aquí {what}"
    labels = getattr(store, "labels", None)
    if isinstance(labels, dict):
        labels[qid] = label
    header = widgets.HTML(f"<p><strong>{_esc(label)}</strong></p>")
    area = widgets.Textarea(
        value=initial[:max_chars],
        placeholder=placeholder or f"Escribe {what}…",
        description="Texto:",
        tooltip=label,
        continuous_update=True,  # the counter follows typing; saving waits for a pause
        layout=widgets.Layout(width="100%", height="160px"),
    )
    button = widgets.Button(
        description="Revisar",
        button_style="primary",
        icon="check",
        tooltip=f"Revisa {what} y guarda el borrador",
    )
    counter = widgets.HTML()
    card = widgets.HTML()

    def update_counter(_change: Any = None) -> None:
        n = len(area.value)
        color = "#b91c1c" if n > max_chars else "#6b7280"
        counter.value = (
            f'<span style="color:{color};font-size:90%">{es_number(n)}/{es_number(max_chars)} '
            "caracteres</span>"
        )

    def save(text: str) -> tuple[str, bool]:
        """Save the draft: (note for the learner, whether it failed)."""
        try:
            return _saved_note(store.save(qid, text)), False
        except SAVE_ERRORS as exc:
            return save_error_message(exc), True

    pending: dict[str, Any] = {"timer": None}

    def cancel_pending() -> None:
        if pending["timer"] is not None:
            pending["timer"].cancel()
            pending["timer"] = None

    def on_click(_button: Any = None) -> None:
        cancel_pending()
        text = area.value
        if len(text) > max_chars:
            card.value = card_html(
                review(text[:max_chars], kind, network=network, problem=problem, private=private),
                f"Tu texto tiene {es_number(len(text))} caracteres y el máximo es "
                f"{es_number(max_chars)}: recórtalo para poder guardarlo.",
            )
            return
        note, failed = save(text)
        card.value = card_html(
            review(text, kind, network=network, problem=problem, private=private),
            note,
            note_is_error=failed,
        )

    def on_type(_change: Any = None) -> None:
        """Every keystroke moves the counter; the draft waits for a pause to be saved."""
        update_counter()
        cancel_pending()
        pending["timer"] = call_later(SAVE_PAUSE, save_draft)

    def save_draft(_change: Any = None) -> None:
        """Keep the draft even if «Revisar» is never pressed (saved after a pause in typing)."""
        pending["timer"] = None
        update_counter()
        text = area.value
        if len(text) > max_chars:
            return
        try:
            unchanged = text == store.get(qid, None)
        except SAVE_ERRORS:
            unchanged = False  # cannot read it back: try to save, which reports the problem
        if unchanged:
            return
        note, failed = save(text)
        style = _RED if failed else _GREY
        counter.value += f' <span style="{style}">· {_esc(note)}</span>'

    area.observe(on_type, names="value")
    button.on_click(on_click)
    update_counter()
    if read_problem:
        card.value = f'<p role="alert" style="{_RED}">{_esc(read_problem)}</p>'
    elif initial:
        restored = (
            "Se ha recuperado tu borrador guardado. Pulsa «Revisar» para ver los comentarios."
        )
        card.value = f'<p style="color:#6b7280">{_esc(restored)}</p>'
    box = widgets.VBox([header, area, widgets.HBox([button, counter]), card])
    box.add_class("revisor-redes")
    # handles for tests and notebooks
    box.textarea, box.button, box.card = area, button, card
    box.revisar = on_click
    box.save_draft = save_draft  # what the pause triggers
    return box
