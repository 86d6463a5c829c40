"""Saving from a box: «✓ Guardado», or the Spanish reason (escaped) and nothing lost."""

from __future__ import annotations

import pytest

from course_utils.core.store import AnswerStore
from course_utils.ui.saving import saved_note, try_save


class Refusing:
    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def save(self, qid, value):
        raise self.exc


def test_a_saved_value_says_so_and_is_in_the_file(tmp_path):
    store = AnswerStore("07-tu-mes-en-redes", tmp_path)
    assert saved_note(store, "pyme_mes", {"a": 1}) == "✓ Guardado."
    assert saved_note(store, "pyme_mes", {"a": 2}, "✓ Guardado para tu plan.") == (
        "✓ Guardado para tu plan."
    )
    assert AnswerStore("07-tu-mes-en-redes", tmp_path).get("pyme_mes") == {"a": 2}


@pytest.mark.parametrize("exc", [PermissionError("sin <b>permiso</b>"), ValueError("Acórtala.")])
def test_a_refused_save_gives_the_reason_escaped(exc):
    reason = try_save(Refusing(exc), "q", "x")
    assert reason.startswith("No se ha podido guardar: ") and "sigue aquí" in reason
    note = saved_note(Refusing(exc), "q", "x")
    assert note.startswith("⚠️ No se ha podido guardar") and "<b>" not in note
