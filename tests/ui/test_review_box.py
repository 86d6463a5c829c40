"""Tests for the reviewer box: escaping, drafts kept, and what happens when saving fails."""

from __future__ import annotations

import errno
import html

import pytest

from course_utils.core.store import AnswerError, AnswerStore
from course_utils.reviewer import review
from course_utils.ui.review_box import card_html, highlight_html, review_box, save_error_message

FOLDER_HINT = "Revisa que la carpeta se pueda escribir y vuelve a intentarlo."


class FailingStore:
    """A store whose save() always raises ``error`` (and that has nothing saved)."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.saves = 0

    def get(self, qid, default=None):
        return default

    def save(self, qid, value):
        self.saves += 1
        raise self.error


def test_widget_escapes_learner_text_and_saves_draft(tmp_path):
    store = AnswerStore("revisor-prueba", folder=tmp_path)
    box = review_box(store, "q1", prompt="Responde a <b>Ana</b>")
    evil = 'Gracias <script>alert("x")</script> <img src=x onerror=alert(1)> ¡hola!!! Marta'
    box.textarea.value = evil
    box.revisar()
    html_out = box.card.value
    assert "<script" not in html_out and "<img" not in html_out
    assert "&lt;script&gt;" in html_out and "&lt;img src=x onerror=alert(1)&gt;" in html_out
    assert "<mark" in html_out and "Borrador guardado" in html_out
    assert 'role="alert"' not in html_out
    assert "<b>Ana</b>" not in box.children[0].value
    assert store.get("q1") == evil
    again = review_box(AnswerStore("revisor-prueba", folder=tmp_path), "q1")
    assert again.textarea.value == evil


def test_widget_keeps_the_draft_without_pressing_revisar(tmp_path):
    store = AnswerStore("revisor-prueba", folder=tmp_path)
    box = review_box(store, "q2")
    assert box.textarea.continuous_update is True  # the counter follows every keystroke
    box.textarea.value = "Gracias por contarlo, Rosa. — Marta"
    assert "35/2.000 caracteres" in box.children[2].children[1].value
    assert store.get("q2") is None  # not on every keystroke: after a pause
    box.save_draft()  # what the pause triggers
    assert store.get("q2") == "Gracias por contarlo, Rosa. — Marta"
    assert "Borrador guardado" in box.children[2].children[1].value
    box.textarea.value = "x" * 3000  # over the limit: not saved, nothing lost
    box.save_draft()
    assert store.get("q2") == "Gracias por contarlo, Rosa. — Marta"


def test_typing_saves_once_after_a_pause(tmp_path, monkeypatch):
    import time

    from course_utils.ui import review_box as module

    monkeypatch.setattr(module, "SAVE_PAUSE", 0.2)
    store = AnswerStore("revisor-prueba", folder=tmp_path)
    box = review_box(store, "q3")
    for n in range(1, 8):
        box.textarea.value = "Gracias"[:n]
    assert store.record("q3") is None
    time.sleep(0.6)
    assert store.record("q3")["value"] == "Gracias" and store.record("q3")["attempts"] == 1


def test_the_reviewers_figures_get_a_decimal_comma():
    from course_utils.reviewer import review
    from course_utils.ui.review_box import spanish_numbers

    text = (
        "Hola, Carmen. Gracias por contarnos lo que pasó con tu corte. Perdona: no escuchamos "
        "lo que pedías. Te invito a volver esta semana y lo arreglamos sin coste. Un saludo, Marta."
    )
    result = review(text, "respuesta")
    assert result.readability is not None and not float(result.readability).is_integer()
    html_out = card_html(result)
    assert f"índice {result.readability:g}" not in html_out
    assert f"índice {str(result.readability).replace('.', ',')}" in html_out
    assert spanish_numbers("1.200 y 86.5", result) == "1.200 y 86.5".replace(
        f"{result.readability:g}", str(result.readability).replace(".", ",")
    )


@pytest.mark.parametrize(
    "error, detail",
    [
        (
            PermissionError(errno.EACCES, "Permission denied", "respuestas-x.json"),
            "no hay permiso para escribir en la carpeta",
        ),
        (OSError(errno.ENOSPC, "No space left on device"), "el disco está lleno"),
        (OSError(errno.EIO, "Input/output error"), "error del sistema: Input/output error"),
        (TimeoutError("lock"), "otro programa está usando el archivo de respuestas"),
        (
            AnswerError(
                "Tu respuesta es demasiado larga para guardarla (más de 100 KB). "
                "Acórtala y vuelve a intentarlo."
            ),
            "Tu respuesta es demasiado larga",
        ),
    ],
)
def test_save_failure_keeps_the_text_and_still_shows_the_review(error, detail):
    store = FailingStore(error)
    box = review_box(store, "q1", kind="publicacion", network="x")
    text = "¿Te vienes a la terraza? Hoy hechamos el cierre pronto."
    box.textarea.value = text
    box.save_draft()  # the save after a pause in typing fails: reported by the counter
    counter = box.children[2].children[1].value
    assert "No se pudo guardar tu borrador" in counter and html.escape(detail) in counter
    box.revisar()
    card = box.card.value
    assert store.saves == 2
    assert box.textarea.value == text  # nothing the learner wrote is lost
    assert html.escape(review(text, "publicacion", network="x").summary) in card
    assert "hechamos</mark>" in card  # the review itself is shown, highlights included
    assert 'role="alert"' in card and "No se pudo guardar tu borrador" in card
    assert html.escape(detail) in card
    if isinstance(error, OSError):
        assert FOLDER_HINT in card


def test_real_store_in_a_folder_that_cannot_be_written(tmp_path, monkeypatch):
    store = AnswerStore("revisor-prueba", folder=tmp_path)

    def refuse(self, answers):
        raise PermissionError(errno.EACCES, "Permission denied", str(self.path))

    monkeypatch.setattr(AnswerStore, "_write_unlocked", refuse)
    box = review_box(store, "q1")
    box.textarea.value = "Gracias por tu reseña, Lucía. Un abrazo, Javi"
    box.revisar()
    assert "No se pudo guardar tu borrador (no hay permiso" in box.card.value
    assert FOLDER_HINT in box.card.value
    assert "He encontrado" in box.card.value or "Muy bien" in box.card.value
    assert box.textarea.value == "Gracias por tu reseña, Lucía. Un abrazo, Javi"


def test_unreadable_answers_file_still_gives_a_box():
    class UnreadableStore(FailingStore):
        def get(self, qid, default=None):
            raise PermissionError(errno.EACCES, "Permission denied")

    box = review_box(UnreadableStore(PermissionError(errno.EACCES, "Permission denied")), "q1")
    assert "No se pudo leer tu borrador guardado" in box.card.value
    assert box.textarea.value == ""
    box.textarea.value = "Gracias, Ana. Marta"
    box.revisar()
    assert "No se pudo guardar tu borrador" in box.card.value


def test_save_error_message_speaks_to_the_learner():
    msg = save_error_message(PermissionError(errno.EACCES, "Permission denied"))
    assert msg == (
        "No se pudo guardar tu borrador (no hay permiso para escribir en la carpeta). "
        + FOLDER_HINT
    )
    assert (
        save_error_message(AnswerError("Acórtala.")) == "No se pudo guardar tu borrador. Acórtala."
    )


def test_card_and_highlight_escape_everything():
    r = review('Usted miente <b>"ya"</b>!!! Marta', "respuesta")
    out = card_html(r, "<i>nota</i>")
    assert "<b>" not in out and "<i>" not in out and "&lt;i&gt;nota&lt;/i&gt;" in out
    assert "<mark" in highlight_html(r) and "&lt;b&gt;" in highlight_html(r)
    assert 'role="alert"' in card_html(r, "fallo", note_is_error=True)


def test_the_box_asks_what_the_exercise_grading_asks(tmp_path):
    """A greeting that ignores a complaint is not «¡Muy bien!» when the comment has a problem."""
    from course_utils.core.store import AnswerStore
    from course_utils.ui.review_box import review_box

    box = review_box(AnswerStore("t01", tmp_path), "respuesta", problem=True, private=True)
    box.textarea.value = "Gracias. Un saludo, Andrés"
    box.revisar()
    assert "Muy bien" not in box.card.value
    assert "disculp" in box.card.value.lower() or "paso" in box.card.value.lower()
