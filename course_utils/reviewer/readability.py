"""Readability: the Szigriszt-Pazos score of a Spanish text (textstat's public API) and its band."""

from __future__ import annotations

import math
import threading

from course_utils.core.errors import CourseError
from course_utils.reviewer.rules import READABILITY_BANDS

__all__ = ["ReadabilityError", "readability_band", "readability_score"]

_lock = threading.Lock()
_scorer = None  # our own textstat object, set to Spanish once


class ReadabilityError(CourseError, RuntimeError):
    """The readability score could not be computed (the cause is chained)."""


def readability_band(score: float) -> str:
    """Plain-language band of a Szigriszt-Pazos (INFLESZ) score."""
    for limit, band in READABILITY_BANDS:
        if score >= limit:
            return band
    return "difícil"  # pragma: no cover


def _spanish_textstat():
    """A textstat ``textstatistics`` object of our own, set to Spanish.

    textstat's module-level functions share one object whose language is global state; using
    our own object (public class, public ``set_lang``) leaves the learner's setting alone and
    needs no lock around each score. textstat is imported here, on first use (~0.4 s).
    """
    global _scorer
    with _lock:
        if _scorer is None:
            from textstat.textstat import textstatistics

            scorer = textstatistics()
            scorer.set_lang("es")
            _scorer = scorer
        return _scorer


def readability_score(text: str) -> float:
    """Szigriszt-Pazos perspicuity of ``text``, rounded to one decimal.

    Raises :class:`ReadabilityError` (with the original error chained) if textstat cannot be
    loaded, fails on the text or returns something that is not a finite number.
    """
    try:
        score = float(_spanish_textstat().szigriszt_pazos(text))
    except Exception as exc:  # any textstat failure is reported to the caller
        raise ReadabilityError(f"textstat falló: {type(exc).__name__}: {exc}") from exc
    if not math.isfinite(score):
        raise ReadabilityError(f"textstat devolvió un valor no válido ({score!r})")
    return round(score, 1)
