"""Small text helpers every part of the course shares: what counts as an answer, text without accents for matching, one-line shortening."""

from __future__ import annotations

import unicodedata
from typing import Any


def answered(value: Any) -> bool:
    """Whether a saved value counts as an answer (blank text and empty choices do not)."""
    if isinstance(value, str):
        return bool(value.strip())
    return value not in (None, [], {})


def plain(text: str) -> str:
    """Lower case without accents, for matching («Categorías» → «categorias»)."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def shorten(text: str, limit: int) -> str:
    """The text on one line, cut at a word with «…» when longer than ``limit``."""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] if " " in flat[: limit - 1] else flat[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"
