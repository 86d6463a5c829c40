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

from course_utils.reviewer.findings import Finding, Review
from course_utils.reviewer.lexicon import load_info
from course_utils.reviewer.readability import readability_band
from course_utils.reviewer.review import review
from course_utils.reviewer.rubric import (
    DEFAULT_RUBRICS,
    Rubric,
    RubricItem,
    default_rubric,
    review_score,
    rubric_markdown,
)
from course_utils.reviewer.rules import (
    CATEGORIES,
    CATEGORY_LABELS,
    KINDS,
    MIN_SELF_REFS,
    NETWORK_LIMITS,
    SELF_RATIO_THRESHOLD,
)
from course_utils.reviewer.spelling import known, suggest, unknown_words
from course_utils.reviewer.tokens import MAX_REVIEW_CHARS

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
