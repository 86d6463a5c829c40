"""A notebook's session: its questions, one answers store, one mode, and who listens to saves."""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from typing import Any

import ipywidgets as w

from course_utils.core import specs
from course_utils.core.errors import CourseError
from course_utils.core.store import AnswerStore
from course_utils.core.text import answered as _answered
from course_utils.ui import lean
from course_utils.ui.order import Order
from course_utils.ui.widgets import (
    Classify,
    MultipleChoice,
    Number,
    Question,
    SavedHook,
    Scale,
    SingleChoice,
    Text,
    short,
)

#: The one registry of question kinds: a widget for each name of specs.TYPES (a test checks).
QUESTION_TYPES: dict[str, type[Question]] = {
    "single": SingleChoice,
    "multiple": MultipleChoice,
    "classify": Classify,
    "order": Order,
    "scale": Scale,
    "number": Number,
    "text": Text,
}


class UnansweredError(CourseError, AssertionError):
    """Questions still unanswered when nbgrader's Validate runs the exercise (Spanish message)."""


class Session:
    """The questions of one notebook, sharing one answers store and one mode."""

    def __init__(self, notebook_id: str, mode: str = "practice", folder: str = ".") -> None:
        if mode not in specs.MODES:
            raise ValueError(f"Modo desconocido: {mode!r}. Usa 'practice' o 'graded'.")
        self.store = AnswerStore(notebook_id, folder)
        self.mode = mode
        self.questions: dict[str, Question] = {}
        self._ids: dict[str, dict] = {}
        self._listeners: dict[str, dict[Any, SavedHook]] = {}

    def ask(self, spec: dict) -> Question:
        """Build the question described by ``spec`` (its "type" picks the widget).

        The spec is checked first (:mod:`course_utils.core.specs`): a typo, a key that names no
        option or a repeated id stops here with a Spanish message that names the question and
        the field, instead of a widget that silently misbehaves.
        """
        specs.validate(spec, self.mode)
        specs.check_unique(spec["id"], self._ids, spec)  # the same cell run again is fine
        question = QUESTION_TYPES[spec["type"]](spec, self.store, self.mode)
        question.saved_hooks.append(self._saved)
        self.questions[question.qid] = question
        return question

    def on_saved(self, qids: Iterable[str], callback: SavedHook, key: Any = None) -> None:
        """Call ``callback(qid, value)`` after each save of one of ``qids`` (live panels).

        In-process, in the same kernel. A later registration with the same ``key`` replaces
        the earlier one, so a panel whose cell runs again does not draw twice.
        """
        for qid in qids:
            self._listeners.setdefault(qid, {})[callback if key is None else key] = callback

    def _saved(self, qid: str, value: Any) -> None:
        failed: Exception | None = None
        for callback in list(self._listeners.get(qid, {}).values()):
            try:
                callback(qid, value)
            except Exception as exc:  # the others still run; the question says one failed
                failed = exc
        if failed is not None:
            raise failed

    def answers(self) -> dict[str, Any]:
        """Saved values of this notebook, keyed by question id."""
        return {qid: rec.get("value") for qid, rec in self.store.load().items()}

    def pending(self) -> list[str]:
        """What a learner reads for each question asked here that has no saved answer yet."""
        answers = self.answers()
        out = []
        for qid in self.store.asked:
            if not _answered(answers.get(qid)):
                question = self.questions.get(qid)
                prompt = str(question.spec.get("prompt", "")) if question else ""
                prompt = prompt or self.store.labels.get(qid, "")
                out.append(f"«{short(prompt, 60)}»" if prompt else f"«{qid}»")
        return out

    def item_labels(self) -> dict[str, dict[str, str]]:
        """Question id → item or option id → its text, for the questions asked here."""
        labels: dict[str, dict[str, str]] = {}
        for qid, question in self.questions.items():
            raw = question.spec.get("items") or question.spec.get("options") or {}
            if isinstance(raw, dict):
                labels[qid] = {str(k): str(v) for k, v in raw.items()}
            elif isinstance(raw, list):
                labels[qid] = {chr(ord("a") + i): str(v) for i, v in enumerate(raw)}
        return labels

    def check_answered(self) -> w.HTML:
        """Say which questions are still unanswered; under nbgrader's Validate, fail with it.

        nbgrader's Validate button reports a locked cell that fails, so an empty exercise never
        shows «Success»; a normal run only shows the list (it never stops the notebook).
        """
        pending = self.pending()
        if pending and os.environ.get("NBGRADER_EXECUTION") == "validate":
            raise UnansweredError(self._pending_message(pending))
        shown = lean.HTML(self._pending_html(pending))
        shown.add_class("curso-estado")
        # redrawn after every save, so that it says «terminado» as soon as all is answered
        self.store.after_save.append(lambda _qid, _value: _redraw(shown, self))
        return shown

    def _pending_message(self, pending: list[str]) -> str:
        count = (
            "Te queda 1 pregunta sin responder"
            if len(pending) == 1
            else f"Te quedan {len(pending)} preguntas sin responder"
        )
        return f"{count}: {', '.join(pending)}."

    def _pending_html(self, pending: list[str]) -> str:
        if not pending:
            return (
                "<p><span aria-hidden='true'>✅</span> <b style='color:#116329'>Terminado: "
                "has respondido todas las preguntas.</b></p>"
            )
        message = html.escape(self._pending_message(pending))
        return f"<p><b style='color:#7d4e00'>Todavía no has terminado.</b> {message}</p>"


def _redraw(shown: w.HTML, session: Session) -> None:
    shown.value = session._pending_html(session.pending())


def start(notebook_id: str, mode: str = "practice", folder: str = ".") -> Session:
    """Open the answers of a notebook: ``curso = start("01-despersonalizar")``."""
    return Session(notebook_id, mode, folder)
