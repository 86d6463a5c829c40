"""Tokenising: text preparation, masking of links and code, words, sentences, English."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "ENGLISH_ONLY",
    "ENGLISH_WORDS",
    "LETTER_RE",
    "MAX_REVIEW_CHARS",
    "SENTENCE_RE",
    "SKIP_RE",
    "WORD_RE",
    "LazyRe",
    "Token",
    "ci",
    "english_spans",
    "is_english",
    "lazy",
    "mask",
    "match_case",
    "prepare",
    "tokens",
]

MAX_REVIEW_CHARS = 20_000  # longer texts are reviewed up to here (and the learner is told)


class LazyRe:
    """A regex compiled on first use, so that importing the reviewer stays fast."""

    __slots__ = ("_args", "_rx")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._rx: re.Pattern[str] | None = None

    @property
    def is_compiled(self) -> bool:
        """Whether the regex has been compiled yet (for the import-cost tests)."""
        return self._rx is not None

    def __getattr__(self, name: str):
        rx = self._rx
        if rx is None:
            rx = self._rx = re.compile(*self._args)
        return getattr(rx, name)


def lazy(pattern: str, flags: int = 0) -> LazyRe:
    """A :class:`LazyRe` for ``pattern``."""
    return LazyRe(pattern, flags)


def ci(pattern: str) -> LazyRe:
    """A case-insensitive :class:`LazyRe` for ``pattern``."""
    return LazyRe(pattern, re.I)


SKIP_RE = lazy(
    r"```.*?(?:```|$)"  # fenced code
    r"|`[^`\n]{0,200}`"  # inline code
    r"|<[^<>\n]{0,300}>"  # HTML tags
    r"|&[#\w]{1,10};"  # HTML entities
    r"|\b(?:https?://|www\.)\S+"  # links
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mails
    r"|[@#]\w+",  # mentions and hashtags
    re.S,
)
WORD_RE = lazy(r"(?<!\w)[^\W\d_]+(?!\w)")
LETTER_RE = lazy(r"[^\W\d_]")
SENTENCE_RE = lazy(r"[^.!?…\n]+(?:[.!?…]+|\n|$)")
ENGLISH_WORDS = frozenset(
    "the you we our your thank thanks so much loved love having see soon and for with is are "
    "was were this that it of to be will have has my me great amazing enjoy enjoyed visit "
    "again wonderful hope next time".split()
)
ENGLISH_ONLY = ENGLISH_WORDS - {"me"}  # «me» is Spanish too


def is_english(lower_words: list[str]) -> bool:
    """Whether a sentence (its words, lower-cased) reads as English rather than Spanish."""
    eng = sum(1 for w in lower_words if w in ENGLISH_ONLY)
    return eng >= 2 and eng >= 0.3 * len(lower_words)


def prepare(text: object) -> tuple[str, bool]:
    """``text`` normalised to NFC and cut at ``MAX_REVIEW_CHARS``; and whether it was cut."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise TypeError("El texto que quieres revisar debe ser una cadena de caracteres (str).")
    truncated = len(text) > MAX_REVIEW_CHARS * 2
    if truncated:
        text = text[: MAX_REVIEW_CHARS * 2]
    text = unicodedata.normalize("NFC", text)
    if len(text) > MAX_REVIEW_CHARS:
        text, truncated = text[:MAX_REVIEW_CHARS], True
    return text, truncated


def mask(text: str) -> str:
    """``text`` with links, code, HTML tags, mentions and hashtags blanked (same length)."""
    return SKIP_RE.sub(lambda m: " " * len(m.group()), text)


@dataclass
class Token:
    """One word of the masked text: its span, whether it opens a sentence, whether in English."""

    word: str
    start: int
    end: int
    sentence_start: bool
    english: bool


def tokens(masked: str) -> list[Token]:
    """The words of a masked text, sentence by sentence."""
    out: list[Token] = []
    for sm in SENTENCE_RE.finditer(masked):
        words = list(WORD_RE.finditer(masked, sm.start(), sm.end()))
        if not words:
            continue
        english = is_english([w.group().lower() for w in words])
        for i, w in enumerate(words):
            out.append(Token(w.group(), w.start(), w.end(), i == 0, english))
    return out


def english_spans(masked: str) -> list[tuple[int, int]]:
    """Spans of the sentences written in English (left out of the Spanish checks)."""
    spans = []
    for sm in SENTENCE_RE.finditer(masked):
        lows = [w.lower() for w in WORD_RE.findall(sm.group())]
        if lows and is_english(lows):
            spans.append(sm.span())
    return spans


def match_case(model: str, word: str) -> str:
    """``word`` in the case of ``model`` (ALL CAPS, Capitalised or as is)."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
