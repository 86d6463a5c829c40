"""Widget kit: questions built from plain data that save their answers and restore them."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import ipywidgets as w
from traitlets import TraitError

from course_utils.core.formats import es_number
from course_utils.core.specs import MODES
from course_utils.core.store import AnswerError, AnswerStore, format_time
from course_utils.core.text import shorten
from course_utils.grading import scoring
from course_utils.ui import lean

NONE_LABEL = "— elige —"
SCALE_LEGEND = "1 = nada de acuerdo · 5 = totalmente de acuerdo"
SCALE_WORDS = ("Nada", "Poco", "A medias", "Bastante", "Totalmente")
WIDE = w.Layout(width="auto", max_width="760px")
# Verdict colours: each has at least 4.5:1 contrast on white (WCAG AA), tested.
VERDICT_COLOURS = {"correct": "#116329", "partial": "#7d4e00", "wrong": "#a40e26"}
NOTE_COLOURS = {"warning": "#7d4e00", "error": "#a40e26"}
SavedHook = Callable[[str, Any], None]


def verdict_html(kind: str, text: str, emoji: str = "") -> str:
    """A verdict in words and colour (the emoji only decorates): «Correcto», «Incorrecto», «Casi»."""
    deco = f"<span aria-hidden='true'>{emoji}</span> " if emoji else ""
    return (
        f"<p class='curso-veredicto curso-{kind}' style='color:{VERDICT_COLOURS[kind]}'>"
        f"{deco}<b>{html.escape(text)}</b></p>"
    )


def note(kind: str, text: str) -> str:
    return f"<span style='color:{NOTE_COLOURS[kind]}'>{html.escape(text)}</span>"


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
        if spec.get("prompt"):
            store.labels[self.qid] = str(spec["prompt"])
        self._restoring = False
        #: called as hook(qid, value) after each successful save (live panels listen here)
        self.saved_hooks: list[SavedHook] = []
        self.status = lean.HTML(layout=lean.STATUS_LINE)
        self.status.add_class("curso-estado")  # announced when it changes (the page's script)
        self.feedback = lean.HTML()
        controls = self.build()
        buttons = self.buttons()
        self.box = lean.VBox(
            [lean.HTML(f"<p><b>{rich(spec.get('prompt', ''))}</b></p>"), *controls]
            + ([lean.HBox(buttons)] if buttons else [])
            + [self.status, self.feedback],
            layout=lean.CARD,
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

    def _clear(self) -> None:
        """Back to empty after a saved value that could not be restored."""
        try:
            self.set_value(None)
        except (TypeError, ValueError, KeyError, AttributeError, TraitError):
            pass

    # -- shared behaviour ------------------------------------------------------
    def buttons(self) -> list[w.Widget]:
        if self.mode == "practice" and self.has_check and "answer" in self.spec:
            check = lean.Button(
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
        try:
            record = self.store.record(self.qid)
        except (OSError, ValueError) as exc:  # never raise into the page
            record = None
            self.status.value = note(
                "warning", f"⚠️ No se pudieron leer tus respuestas guardadas ({exc})."
            )
        for warning in self.store.warnings:
            self.status.value = note("warning", warning)
        if not isinstance(record, dict):
            return
        self._restoring = True
        try:
            self.set_value(record.get("value"))
        except (TypeError, ValueError, KeyError, AttributeError, TraitError):
            self._clear()
            self.status.value = note(
                "warning",
                "No se pudo recuperar tu respuesta anterior (no tenía la forma esperada): "
                "vuelve a responder.",
            )
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
            self.status.value = note("error", f"⚠️ {exc}")
            return None
        except OSError as exc:
            self.status.value = note(
                "error",
                f"⚠️ No se pudo guardar tu respuesta ({exc.strerror or exc}). Revisa que la "
                "carpeta se pueda escribir y vuelve a intentarlo.",
            )
            return None
        self.status.value = f"✓ Guardado {format_time(record['saved_at'])}."
        for warning in self.store.warnings[known:]:
            self.status.value += "<br>" + note("warning", warning)
        if self.mode == "practice" and not self.has_check and self.spec.get("explanation"):
            self.feedback.value = f"<p>💡 {rich(self.spec['explanation'])}</p>"
        self._notify(record.get("value"))
        return record

    def _notify(self, value: Any) -> None:
        for hook in list(self.saved_hooks):
            try:
                hook(self.qid, value)
            except Exception:  # a panel that fails must not break the question
                self.status.value += "<br>" + note(
                    "warning", "No se pudo actualizar el resultado que depende de esta pregunta."
                )

    def result(self) -> scoring.Result:
        options = {k: self.spec[k] for k in ("tolerance", "method", "min_words") if k in self.spec}
        return scoring.score(self.kind, self.value, self.spec["answer"], **options)

    def check(self) -> scoring.Result:
        """Practice mode: show right or wrong with the explanations."""
        result = self.result()
        if not result.answered:
            self.feedback.value = "<p>Primero responde y después pulsa «Comprobar».</p>"
            return result
        parts = [self.verdict(result), self.explain(result)]
        if self.spec.get("explanation") and self.shows_explanation(result):
            parts.append(f"<p>💡 {rich(self.spec['explanation'])}</p>")
        self.feedback.value = "".join(parts)
        return result

    def verdict(self, result: scoring.Result) -> str:
        """«Correcto», «Casi: 3 de 4 bien» or «Incorrecto», in words and colour."""
        if result.fraction >= 0.999:
            return verdict_html("correct", "¡Correcto!", "🎉")
        if result.fraction > 0:
            tally = self.tally()
            text = (
                f"Casi: {tally[0]} de {tally[1]} bien." if tally else "Casi: revisa la explicación."
            )
            return verdict_html("partial", text, "🟡")
        return verdict_html(
            "wrong", "Incorrecto. Todavía no: lee la explicación y vuelve a intentarlo.", "❌"
        )

    def tally(self) -> tuple[int, int] | None:
        """(right, total) for questions with parts; None for all-or-nothing ones."""
        return None

    def shows_explanation(self, result: scoring.Result) -> bool:
        return True

    def explain(self, result: scoring.Result) -> str:
        return "".join(f"<div>{html.escape(line)}</div>" for line in result.lines)

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.box._repr_mimebundle_(**kwargs)


class SingleChoice(Question):
    kind = "single"

    def build(self) -> list[w.Widget]:
        self.options = _options(self.spec["options"])
        self.control = lean.RadioButtons(
            options=[(text, oid) for oid, text in self.options],
            value=None,
            description="Respuesta:",
            layout=WIDE,
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
            oid: lean.Checkbox(value=False, description=text, indent=False, layout=WIDE)
            for oid, text in self.options
        }
        for box in self.boxes.values():
            self._watch(box)
        return [lean.HTML("<i>Puedes marcar varias.</i>"), *self.boxes.values()]

    @property
    def value(self) -> list[str]:
        return [oid for oid, box in self.boxes.items() if box.value]

    def set_value(self, value: Any) -> None:
        if value is not None and not isinstance(value, (list, tuple)):
            raise TypeError("a multiple-choice answer is a list")
        chosen = set(value or [])
        for oid, box in self.boxes.items():
            box.value = oid in chosen

    def tally(self) -> tuple[int, int] | None:
        right = set(self.spec.get("answer") or [])
        return len(right & set(self.value)), len(right)


class PerItem(Question):
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
                lean.VBox(
                    [lean.HTML(f"<p style='margin:6px 0 0'><b>{n}.</b> {rich(text)}</p>"), control]
                )
            )
        return rows

    @property
    def value(self) -> dict[str, Any]:
        return {iid: c.value for iid, c in self.controls.items() if c.value is not None}

    def set_value(self, value: Any) -> None:
        if value is not None and not isinstance(value, dict):
            raise TypeError("a per-item answer is a mapping")
        value = value or {}
        for iid, control in self.controls.items():
            control.value = value.get(iid)

    def _right(self, iid: str) -> bool:
        key = self.spec.get("answer")
        expected = key.get(iid) if isinstance(key, dict) else None
        accepted = set(expected) if isinstance(expected, (list, tuple)) else {expected}
        return self.value.get(iid) in accepted

    def tally(self) -> tuple[int, int]:
        items = self.items()
        return sum(self._right(iid) for iid, _ in items), len(items)

    def explain(self, result: scoring.Result) -> str:
        notes = self.spec.get("explanations", {})
        out = [f"<p>{html.escape(result.lines[0])}</p><ul>"] if result.lines else ["<ul>"]
        for iid, text in self.items():
            if self.value.get(iid) is None:
                label = "⬜ <b>Sin responder</b>"
            elif self._right(iid):
                label = mark(True, "Correcto")
            else:
                label = mark(False, "Incorrecto")
            comment = notes.get(iid, "")
            out.append(f"<li>{label}: <i>{rich(short(text))}</i> {rich(comment)}</li>")
        return "".join(out) + "</ul>"


def mark(ok: bool, word: str) -> str:
    """✅/❌ with the word in colour, so that right and wrong never rest on the emoji alone."""
    colour = VERDICT_COLOURS["correct" if ok else "wrong"]
    emoji = "✅" if ok else "❌"
    return f"<span aria-hidden='true'>{emoji}</span> <b style='color:{colour}'>{word}</b>"


def short(text: str, limit: int = 70) -> str:
    """``text`` on one line, cut at a word with an ellipsis (core.text.shorten)."""
    return shorten(text, limit)


class Classify(PerItem):
    kind = "classify"

    def build(self) -> list[w.Widget]:
        cats = _options(self.spec["categories"])
        label = self.spec.get("label", "Clasificación")

        def make(n: int, iid: str, text: str) -> w.Widget:
            return lean.Dropdown(
                options=[(NONE_LABEL, None)] + [(t, c) for c, t in cats],
                value=None,
                description=f"{label} {n}:",
            )

        return self.rows(make)

    def result(self) -> scoring.Result:
        labels = {iid: short(text, 40) for iid, text in self.items()}
        return scoring.score_classify(self.value, self.spec["answer"], labels)


class Scale(PerItem):
    kind = "scale"
    has_check = False

    def build(self) -> list[w.Widget]:
        # Native radio inputs: the checked one is what assistive technology reads, and the
        # arrow keys move between the five options (ToggleButtons are plain buttons).
        def make(n: int, iid: str, text: str) -> w.Widget:
            return lean.RadioButtons(
                options=[(f"{v} {word}", v) for v, word in enumerate(SCALE_WORDS, start=1)],
                value=None,
                orientation="horizontal",
                description=f"Afirmación {n}:",
                tooltip=f"Afirmación {n}: {short(text, 120)}",
                layout=WIDE,
            )

        return [lean.HTML(f"<i>{SCALE_LEGEND}</i>"), *self.rows(make)]


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
        return [lean.HBox([self.control] + ([w.Label(unit)] if unit else []))]

    @property
    def value(self) -> str | None:
        return self.control.value.strip() or None

    def set_value(self, value: Any) -> None:
        if value is not None and not isinstance(value, (str, int, float)):
            raise TypeError("a number answer is a string or a number")
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
            # the value (and so the counter) follows every keystroke; saving does not:
            # it waits for «Guardar» or a pause of SAVE_PAUSE seconds without typing
            continuous_update=True,
            rows=int(self.spec.get("rows", 5)),
            layout=lean.FULL_WIDTH,
            style={"description_width": "initial"},
        )
        self.counter = lean.HTML()
        self._timer: Any = None
        self.control.observe(lambda _: self._typed(), names="value")
        self._count()
        return [self.control, self.counter]

    SAVE_PAUSE = 2.0

    def _typed(self) -> None:
        self._count()
        if self._restoring:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = call_later(self.SAVE_PAUSE, self._autosave)

    def _autosave(self) -> None:
        self._timer = None
        try:
            unchanged = self.value == self.store.get(self.qid, "")
        except (OSError, ValueError):
            unchanged = False  # saving says what is wrong
        if not unchanged and len(self.value) <= self.max_chars:
            self.save()

    def buttons(self) -> list[w.Widget]:
        button = lean.Button(description="Guardar", icon="save", tooltip="Guardar tu respuesta")
        button.on_click(lambda _: self.save())
        return [button]

    def _count(self) -> None:
        n = len(self.control.value)
        colour = NOTE_COLOURS["error"] if n > self.max_chars else "#57606a"
        self.counter.value = (
            f"<small style='color:{colour}'>{es_number(n)} / {es_number(self.max_chars)} "
            "caracteres</small>"
        )

    @property
    def value(self) -> str:
        return self.control.value

    def set_value(self, value: Any) -> None:
        if value is not None and not isinstance(value, str):
            raise TypeError("a text answer is a string")
        self.control.value = value or ""

    def save(self) -> dict | None:
        if len(self.value) > self.max_chars:
            self.status.value = note(
                "error",
                f"⚠️ Tu texto tiene {es_number(len(self.value))} caracteres y el máximo es "
                f"{es_number(self.max_chars)}. Acórtalo y vuelve a pulsar «Guardar»: no se ha "
                "guardado todavía.",
            )
            return None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        return super().save()


def call_later(seconds: float, action: Callable[[], None]) -> Any:
    """Run ``action`` after a pause, on the kernel's event loop when there is one."""
    try:
        import asyncio

        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    if loop is not None:
        return loop.call_later(seconds, action)
    import threading

    timer = threading.Timer(seconds, action)
    timer.daemon = True
    timer.start()
    return timer
