"""Widget kit: questions built from plain data that save their answers and restore them."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from typing import Any

import ipywidgets as w
from traitlets import TraitError

from .. import scoring, specs
from ..store import AnswerError, AnswerStore, format_time

MODES = ("practice", "graded")
NONE_LABEL = "— elige —"
SCALE_LEGEND = "1 = nada de acuerdo · 5 = totalmente de acuerdo"
WIDE = w.Layout(width="auto", max_width="760px")


def rich(text: str) -> str:
    """Author text to safe HTML: escaped, with **bold** and line breaks."""
    escaped = html.escape(str(text))
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)
    return escaped.replace("\n", "<br>")


def _options(raw: Any) -> list[tuple[str, str]]:
    """(id, text) pairs from a dict {id: text} or a list of texts (ids a, b, c…)."""
    if isinstance(raw, dict):
        return [(str(k), str(v)) for k, v in raw.items()]
    return [(chr(ord("a") + i), str(text)) for i, text in enumerate(raw or [])]


class Question:
    """One question: its controls, a status line and (in practice mode) its feedback."""

    kind = ""
    has_check = True

    def __init__(self, spec: dict, store: AnswerStore, mode: str = "practice") -> None:
        if mode not in MODES:
            raise ValueError(f"Modo desconocido: {mode!r}. Usa 'practice' o 'graded'.")
        self.spec, self.store, self.mode = spec, store, mode
        self.qid = spec["id"]
        self._restoring = False
        self.status = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.feedback = w.HTML()
        controls = self.build()
        buttons = self.buttons()
        self.box = w.VBox(
            [w.HTML(f"<p><b>{rich(spec.get('prompt', ''))}</b></p>"), *controls]
            + ([w.HBox(buttons)] if buttons else [])
            + [self.status, self.feedback],
            layout=w.Layout(border="1px solid #d0d7de", padding="8px 12px", margin="8px 0"),
        )
        self.box.add_class("curso-pregunta")
        self._restore()

    # -- to be defined by each question type ----------------------------------
    def build(self) -> list[w.Widget]:
        raise NotImplementedError

    @property
    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    # -- shared behaviour ------------------------------------------------------
    def buttons(self) -> list[w.Widget]:
        if self.mode == "practice" and self.has_check and "answer" in self.spec:
            check = w.Button(
                description="Comprobar", icon="check", tooltip="Comprobar tu respuesta"
            )
            check.on_click(lambda _: self.check())
            return [check]
        return []

    def _watch(self, control: w.Widget) -> None:
        control.observe(lambda _change: self._changed(), names="value")

    def _changed(self) -> None:
        if not self._restoring:
            self.save()

    def _restore(self) -> None:
        record = self.store.record(self.qid)
        for warning in self.store.warnings:
            self.status.value = f"<span style='color:#9a6700'>{html.escape(warning)}</span>"
        if record is None:
            return
        self._restoring = True
        try:
            self.set_value(record.get("value"))
        except (TypeError, ValueError, KeyError, AttributeError, TraitError):
            self.status.value = "No se pudo recuperar tu respuesta anterior: vuelve a responder."
            return
        finally:
            self._restoring = False
        self.status.value = (
            f"Respuesta recuperada (guardada {format_time(record.get('saved_at'))})."
        )

    def save(self) -> dict | None:
        """Save the current value; show when, or a Spanish message if it cannot be saved."""
        known = len(self.store.warnings)
        try:
            record = self.store.save(self.qid, self.value)
        except AnswerError as exc:
            self.status.value = f"<span style='color:#cf222e'>⚠️ {html.escape(str(exc))}</span>"
            return None
        except OSError as exc:
            self.status.value = (
                "<span style='color:#cf222e'>⚠️ No se pudo guardar tu respuesta "
                f"({html.escape(exc.strerror or str(exc))}). Revisa que la carpeta se pueda "
                "escribir y vuelve a intentarlo.</span>"
            )
            return None
        self.status.value = f"✓ Guardado {format_time(record['saved_at'])}."
        for warning in self.store.warnings[known:]:
            self.status.value += f"<br><span style='color:#9a6700'>{html.escape(warning)}</span>"
        if self.mode == "practice" and not self.has_check and self.spec.get("explanation"):
            self.feedback.value = f"<p>💡 {rich(self.spec['explanation'])}</p>"
        return record

    def result(self) -> scoring.Result:
        options = {k: self.spec[k] for k in ("tolerance", "method", "min_words") if k in self.spec}
        return scoring.score(self.kind, self.value, self.spec["answer"], **options)

    def check(self) -> scoring.Result:
        """Practice mode: show right or wrong with the explanations."""
        result = self.result()
        if not result.answered:
            self.feedback.value = "<p>Primero responde y después pulsa «Comprobar».</p>"
            return result
        verdict = (
            "🎉 ¡Correcto!"
            if result.fraction >= 0.999
            else "🟡 Casi: revisa lo marcado con ❌."
            if result.fraction > 0
            else "❌ Todavía no. Lee la explicación y vuelve a intentarlo."
        )
        parts = [f"<p><b>{verdict}</b></p>", self.explain(result)]
        if self.spec.get("explanation"):
            parts.append(f"<p>💡 {rich(self.spec['explanation'])}</p>")
        self.feedback.value = "".join(parts)
        return result

    def explain(self, result: scoring.Result) -> str:
        return "".join(f"<div>{html.escape(line)}</div>" for line in result.lines)

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.box._repr_mimebundle_(**kwargs)


class SingleChoice(Question):
    kind = "single"

    def build(self) -> list[w.Widget]:
        self.options = _options(self.spec["options"])
        self.control = w.RadioButtons(
            options=[(text, oid) for oid, text in self.options],
            value=None,
            description="Respuesta:",
            layout=WIDE,
            style={"description_width": "initial"},
        )
        self._watch(self.control)
        return [self.control]

    @property
    def value(self) -> Any:
        return self.control.value

    def set_value(self, value: Any) -> None:
        self.control.value = value

    def explain(self, result: scoring.Result) -> str:
        note = self.spec.get("explanations", {}).get(self.value)
        return f"<p>{rich(note)}</p>" if note else ""


class MultipleChoice(Question):
    kind = "multiple"

    def build(self) -> list[w.Widget]:
        self.options = _options(self.spec["options"])
        self.boxes = {
            oid: w.Checkbox(value=False, description=text, indent=False, layout=WIDE)
            for oid, text in self.options
        }
        for box in self.boxes.values():
            self._watch(box)
        return [w.HTML("<i>Puedes marcar varias.</i>"), *self.boxes.values()]

    @property
    def value(self) -> list[str]:
        return [oid for oid, box in self.boxes.items() if box.value]

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for oid, box in self.boxes.items():
            box.value = oid in chosen


class _PerItem(Question):
    """Shared parts of questions that ask one thing per item (classify, order, scale)."""

    def items(self) -> list[tuple[str, str]]:
        return _options(self.spec["items"])

    def rows(self, make: Callable[[int, str, str], w.Widget]) -> list[w.Widget]:
        self.controls: dict[str, w.Widget] = {}
        rows = []
        for n, (iid, text) in enumerate(self.items(), start=1):
            control = make(n, iid, text)
            self.controls[iid] = control
            self._watch(control)
            rows.append(
                w.VBox([w.HTML(f"<p style='margin:6px 0 0'><b>{n}.</b> {rich(text)}</p>"), control])
            )
        return rows

    @property
    def value(self) -> dict[str, Any]:
        return {iid: c.value for iid, c in self.controls.items() if c.value is not None}

    def set_value(self, value: Any) -> None:
        for iid, choice in (value or {}).items():
            if iid in self.controls:
                self.controls[iid].value = choice

    def explain(self, result: scoring.Result) -> str:
        key, notes = self.spec["answer"], self.spec.get("explanations", {})
        out = [f"<p>{html.escape(result.lines[0])}</p><ul>"] if result.lines else ["<ul>"]
        for iid, text in self.items():
            expected = key.get(iid) if isinstance(key, dict) else None
            accepted = set(expected) if isinstance(expected, (list, tuple)) else {expected}
            mark = "✅" if self.value.get(iid) in accepted else "❌"
            note = notes.get(iid, "")
            out.append(f"<li>{mark} <i>{rich(_short(text))}</i> {rich(note)}</li>")
        return "".join(out) + "</ul>"


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Classify(_PerItem):
    kind = "classify"

    def build(self) -> list[w.Widget]:
        cats = _options(self.spec["categories"])
        label = self.spec.get("label", "Clasificación")

        def make(n: int, iid: str, text: str) -> w.Widget:
            return w.Dropdown(
                options=[(NONE_LABEL, None)] + [(t, c) for c, t in cats],
                value=None,
                description=f"{label} {n}:",
                style={"description_width": "initial"},
            )

        return self.rows(make)

    def result(self) -> scoring.Result:
        labels = {iid: _short(text, 40) for iid, text in self.items()}
        return scoring.score_classify(self.value, self.spec["answer"], labels)


class Order(_PerItem):
    kind = "order"

    def build(self) -> list[w.Widget]:
        n_items = len(self.items())

        def make(n: int, iid: str, text: str) -> w.Widget:
            return w.Dropdown(
                options=[(NONE_LABEL, None)] + [(f"{p}.º", p) for p in range(1, n_items + 1)],
                value=None,
                description=f"Posición del elemento {n}:",
                style={"description_width": "initial"},
            )

        rows = self.rows(make)
        return [w.HTML("<i>Da a cada elemento su posición (1.º = lo primero).</i>"), *rows]

    def save(self) -> dict | None:
        record = super().save()
        taken = [p for p in self.value.values()]
        if record and len(taken) != len(set(taken)):
            self.status.value += (
                " <span style='color:#9a6700'>Ojo: hay posiciones repetidas.</span>"
            )
        return record

    def explain(self, result: scoring.Result) -> str:
        names = dict(self.items())
        order = "".join(f"<li>{rich(names[i])}</li>" for i in self.spec["answer"])
        return f"<p>{html.escape(result.lines[0])}</p><p>Orden recomendado:</p><ol>{order}</ol>"


class Scale(_PerItem):
    kind = "scale"
    has_check = False

    def build(self) -> list[w.Widget]:
        def make(n: int, iid: str, text: str) -> w.Widget:
            return w.ToggleButtons(
                options=[(str(v), v) for v in range(1, 6)],
                value=None,
                description=f"Afirmación {n}:",
                tooltips=[
                    "Nada de acuerdo",
                    "Poco",
                    "A medias",
                    "Bastante",
                    "Totalmente de acuerdo",
                ],
                style={"description_width": "initial", "button_width": "3em"},
            )

        return [w.HTML(f"<i>{SCALE_LEGEND}</i>"), *self.rows(make)]


class Number(Question):
    kind = "number"

    def build(self) -> list[w.Widget]:
        self.control = w.Text(
            value="",
            description=self.spec.get("label", "Tu cifra:"),
            placeholder="por ejemplo, 3,5",
            continuous_update=False,
            style={"description_width": "initial"},
        )
        self._watch(self.control)
        unit = self.spec.get("unit")
        return [w.HBox([self.control] + ([w.Label(unit)] if unit else []))]

    @property
    def value(self) -> str | None:
        return self.control.value.strip() or None

    def set_value(self, value: Any) -> None:
        self.control.value = "" if value is None else str(value)

    def save(self) -> dict | None:
        if self.value is not None and scoring.parse_number(self.value) is None:
            self.status.value = "⚠️ Escribe solo una cifra, por ejemplo 1.200 o 3,5."
            return None
        return super().save()


class Text(Question):
    kind = "text"
    has_check = False

    def build(self) -> list[w.Widget]:
        self.max_chars = int(self.spec.get("max_chars", 2000))
        self.control = w.Textarea(
            value="",
            placeholder=self.spec.get("placeholder", "Escribe aquí tu respuesta…"),
            description=self.spec.get("label", "Tu respuesta:"),
            continuous_update=False,
            rows=int(self.spec.get("rows", 5)),
            layout=w.Layout(width="100%", max_width="760px"),
            style={"description_width": "initial"},
        )
        self._watch(self.control)
        self.counter = w.HTML()
        self.control.observe(lambda _: self._count(), names="value")
        self._count()
        return [self.control, self.counter]

    def buttons(self) -> list[w.Widget]:
        button = w.Button(description="Guardar", icon="save", tooltip="Guardar tu respuesta")
        button.on_click(lambda _: self.save())
        return [button]

    def _count(self) -> None:
        n = len(self.control.value)
        colour = "#cf222e" if n > self.max_chars else "#57606a"
        self.counter.value = (
            f"<small style='color:{colour}'>{n} / {self.max_chars} caracteres</small>"
        )

    @property
    def value(self) -> str:
        return self.control.value

    def set_value(self, value: Any) -> None:
        self.control.value = value if isinstance(value, str) else ""

    def save(self) -> dict | None:
        if len(self.value) > self.max_chars:
            self.status.value = (
                f"⚠️ Tu texto tiene {len(self.value)} caracteres y el máximo es {self.max_chars}. "
                "Acórtalo y vuelve a pulsar «Guardar»: no se ha guardado todavía."
            )
            return None
        return super().save()


TYPES: dict[str, type[Question]] = {
    "single": SingleChoice,
    "multiple": MultipleChoice,
    "classify": Classify,
    "order": Order,
    "scale": Scale,
    "number": Number,
    "text": Text,
}


class UnansweredError(AssertionError):
    """Questions still unanswered when nbgrader's Validate runs the exercise (Spanish message)."""


def _answered(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value not in (None, [], {})


class Session:
    """The questions of one notebook, sharing one answers store and one mode."""

    def __init__(self, notebook_id: str, mode: str = "practice", folder: str = ".") -> None:
        if mode not in MODES:
            raise ValueError(f"Modo desconocido: {mode!r}. Usa 'practice' o 'graded'.")
        self.store = AnswerStore(notebook_id, folder)
        self.mode = mode
        self.questions: dict[str, Question] = {}
        self._ids: dict[str, dict] = {}

    def ask(self, spec: dict) -> Question:
        """Build the question described by ``spec`` (its "type" picks the widget).

        The spec is checked first (:mod:`course_utils.specs`): a typo, a key that names no
        option or a repeated id stops here with a Spanish message that names the question and
        the field, instead of a widget that silently misbehaves.
        """
        specs.validate(spec, self.mode)
        specs.check_unique(spec["id"], self._ids, spec)  # the same cell run again is fine
        question = TYPES[spec["type"]](spec, self.store, self.mode)
        self.questions[question.qid] = question
        return question

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
                out.append(f"«{_short(prompt, 60)}»" if prompt else f"«{qid}»")
        return out

    def check_answered(self) -> w.HTML:
        """Say which questions are still unanswered; under nbgrader's Validate, fail with it.

        nbgrader's Validate button reports a locked cell that fails, so an empty exercise never
        shows «Success»; a normal run only shows the list (it never stops the notebook).
        """
        pending = self.pending()
        if not pending:
            return w.HTML(
                "<p>✅ <b>Has respondido todas las preguntas.</b> Ya puedes entregar.</p>"
            )
        count = (
            "Te queda 1 pregunta sin responder"
            if len(pending) == 1
            else f"Te quedan {len(pending)} preguntas sin responder"
        )
        message = f"{count}: {', '.join(pending)}. Respóndelas antes de entregar el ejercicio."
        if os.environ.get("NBGRADER_EXECUTION") == "validate":
            raise UnansweredError(message)
        return w.HTML(f"<p>⏳ <b>Todavía no has terminado.</b> {html.escape(message)}</p>")


def start(notebook_id: str, mode: str = "practice", folder: str = ".") -> Session:
    """Open the answers of a notebook: ``curso = start("01-despersonalizar")``."""
    return Session(notebook_id, mode, folder)
