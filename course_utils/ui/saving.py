"""Saving a box's answer from a widget event: saved, or the Spanish reason it was not (and what the person typed stays in the box)."""

from __future__ import annotations

import html
from typing import Any


def try_save(store: Any, qid: str, value: Any) -> str | None:
    """Save ``value`` as ``qid``; the Spanish reason when it could not be saved (nothing else
    changes: the old answer stays in the file and the box keeps what was typed)."""
    try:
        store.save(qid, value)
    except (OSError, ValueError) as exc:  # AnswerError (too long…) is a ValueError
        return f"No se ha podido guardar: {exc} Lo que has escrito sigue aquí."
    return None


def saved_note(store: Any, qid: str, value: Any, done: str = "✓ Guardado.") -> str:
    """Save ``value`` and say so in one escaped line for a box's status: ``done``, or ⚠️ and
    the reason."""
    problem = try_save(store, qid, value)
    return done if problem is None else "⚠️ " + html.escape(problem)
