"""Offline Spanish reviewer for pyme replies and posts: the public API, re-exported."""

# Importing this package is cheap: the dictionary, spylls and textstat load on first use and the
# regexes compile on first use. One job per module: tokens (words and sentences), lexicon (the
# expanded es_ES dictionary), spelling (known words, suggestions), rules (the rules as data),
# findings (Finding, Review), tone and structure (checks), readability (textstat), review
# (review() and its summary) and rubric (grading).
#
# Note: ``course_utils.reviewer.review`` is the *function* here; to reach the module, write
# ``from course_utils.reviewer.review import ...`` (or use importlib.import_module).

from __future__ import annotations

from .findings import Finding, Review
from .lexicon import load_info
from .readability import readability_band
from .review import review
from .rubric import (
    DEFAULT_RUBRICS,
    Rubric,
    RubricItem,
    default_rubric,
    review_score,
    rubric_markdown,
)
from .rules import (
    CATEGORIES,
    CATEGORY_LABELS,
    KINDS,
    MIN_SELF_REFS,
    NETWORK_LIMITS,
    SELF_RATIO_THRESHOLD,
)
from .spelling import known, suggest, unknown_words
from .tokens import MAX_REVIEW_CHARS

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "DEFAULT_RUBRICS",
    "KINDS",
    "MAX_REVIEW_CHARS",
    "MIN_SELF_REFS",
    "NETWORK_LIMITS",
    "SELF_RATIO_THRESHOLD",
    "Finding",
    "Review",
    "Rubric",
    "RubricItem",
    "default_rubric",
    "known",
    "load_info",
    "readability_band",
    "review",
    "review_score",
    "rubric_markdown",
    "suggest",
    "unknown_words",
]
