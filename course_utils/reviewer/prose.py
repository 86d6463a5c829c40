"""Prose: whether a text is written in Spanish sentences, not a keyword list or gibberish (for grading)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from course_utils.reviewer.rules import (
    FUNCTION_WORDS,
    IRREGULAR_VERB_FORMS,
    PROSE_KEYWORD_RUN,
    PROSE_LIST_PARTS,
    PROSE_MAX_LOOSE_SHARE,
    PROSE_MAX_NAME_SHARE,
    PROSE_MIN_KNOWN_SHARE,
    PROSE_VERB_FROM_WORDS,
)
from course_utils.reviewer.tokens import SENTENCE_RE, lazy, mask, prepare

__all__ = ["Prose", "check_prose", "is_verb"]

# words, numbers and words with digits («24h», «a1b2»), each with its span
_TOKEN_RE = lazy(r"\w+")
# what splits a sentence into parts: commas, semicolons, colons, brackets, slashes, dashes and
# the conjunctions that join the items of a list («gracias y perdón y privado»)
_PART_RE = lazy(r"[,;:()\[\]{}/|·•–—+&]|\s-\s|(?<!\w)(?:[yeou]|ni)(?!\w)", re.I)


@dataclass(frozen=True)
class Prose:
    """What :func:`check_prose` saw: counts, and ``problem``, the Spanish reason («» if prose)."""

    words: int = 0
    unknown: int = 0
    loose: int = 0
    verbs: int = 0
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def is_verb(word: str) -> bool:
    """Whether ``word`` is a form of a Spanish verb (not a participle) in the es_ES dictionary."""
    from course_utils.reviewer.lexicon import load_verbs

    low = word.lower()
    return low in IRREGULAR_VERB_FORMS or low in load_verbs()


def _known(word: str, extra: frozenset[str]) -> bool:
    from course_utils.reviewer.spelling import known

    return word.lower() in FUNCTION_WORDS or known(word, extra)


def _is_name(token: str) -> bool:
    """Whether a word reads as a name or an acronym: «Rosa», «IVA»; not «GRACIAS» (shouted)."""
    return token[:1].isupper() and (not token.isupper() or len(token) <= 4)


def _kind(token: str) -> str:
    """«word» (letters only), «number» (digits, maybe a letter or two: 24h, 2x1) or «mixed»."""
    if token.isalpha():
        return "word"
    letters = sum(ch.isalpha() for ch in token)
    return "mixed" if letters >= 3 else "number"


def check_prose(text: object, *, need_verb: bool = True, extra_words: Iterable[str] = ()) -> Prose:
    """Whether ``text`` is written in Spanish sentences, as the automatic grading asks.

    It is not when fewer than ``PROSE_MIN_KNOWN_SHARE`` of its words that say something (not
    «de», «el», «que»…: ``FUNCTION_WORDS``, which cannot pad a gibberish) are Spanish words (the
    es_ES dictionary, ``palabras_proyecto.txt``, ``extra_words``; capitalised words count as
    names up to ``PROSE_MAX_NAME_SHARE`` of the words), or when more than ``PROSE_MAX_LOOSE_SHARE`` of
    its words stand outside sentences: one-word lines, a sentence that is a list of short parts
    split by commas, three or more words with no little word («de», «que», «te»…) to tie them,
    or ``PROSE_KEYWORD_RUN`` such words in a row; or, with ``need_verb``, when a text of
    ``PROSE_VERB_FROM_WORDS`` words or more has no verb at all. Never raises.
    """
    if not isinstance(text, str):
        return Prose(problem="la respuesta no es un texto.")
    text, _ = prepare(text)
    extra = frozenset(unicodedata.normalize("NFC", w).lower() for w in extra_words)
    words = content = unknown = names = loose = verbs = 0
    short_run: list[tuple[int, int, int]] = []  # (words, loose, verbs) of short sentences before
    for parts in _sentences(mask(text)):
        tally = _tally_words(parts, extra)
        words += tally["words"]
        content += tally["content"]
        unknown += tally["unknown"]
        names += tally["names"]
        verbs += tally["verbs"]
        here = _sentence_loose(parts)
        if sum(len(p) for p in parts) <= 3:  # «Gracias.», «Te llamamos mañana.», «- Teléfono»
            short_run.append((tally["words"], here, tally["verbs"]))
        else:
            loose += _run_loose(short_run) + here
            short_run = []
    loose += _run_loose(short_run)
    if not words:
        return Prose(problem="tu texto no tiene palabras, solo cifras o signos.")
    unknown += max(0, names - int(PROSE_MAX_NAME_SHARE * words))
    counts = {"words": words, "unknown": unknown, "loose": loose, "verbs": verbs}
    if unknown > (1 - PROSE_MIN_KNOWN_SHARE) * content:
        return Prose(
            **counts,
            problem=(
                f"{unknown} de las {content} palabras de tu texto que dicen algo (sin contar "
                "«de», «el», «que» y otras así) no son palabras del español: escribe frases "
                "con palabras de verdad."
            ),
        )
    if loose > PROSE_MAX_LOOSE_SHARE * words and words < 3:
        return Prose(**counts, problem=f"con {words} palabra(s) no hay ninguna frase que valorar.")
    if loose > PROSE_MAX_LOOSE_SHARE * words:
        return Prose(
            **counts,
            problem=(
                f"tu texto no está escrito en frases: {loose} de sus {words} palabras van "
                "sueltas, en listas o seguidas sin nada que las una, como palabras clave."
            ),
        )
    if need_verb and words >= PROSE_VERB_FROM_WORDS and not verbs:
        return Prose(
            **counts,
            problem="tu texto no tiene ningún verbo: es una lista de palabras, no frases.",
        )
    return Prose(**counts, problem="")


def _sentences(masked: str) -> list[list[list[tuple[str, str]]]]:
    """The sentences of a masked text, each as its parts (split at commas, «y»…), each part as
    its tokens with their kind (see :func:`_kind`). Sentences without tokens are left out."""
    out = []
    for sm in SENTENCE_RE.finditer(masked):
        sentence = sm.group()
        parts = []
        start = 0
        cuts = [(m.start(), m.end()) for m in _PART_RE.finditer(sentence)]
        for cut, after in [*cuts, (len(sentence), 0)]:
            toks = [(m.group(), _kind(m.group())) for m in _TOKEN_RE.finditer(sentence, start, cut)]
            if toks:
                parts.append(toks)
            start = after
        if parts:
            out.append(parts)
    return out


def _tally_words(parts: list[list[tuple[str, str]]], extra: frozenset[str]) -> dict[str, int]:
    """Counts of one sentence: words (not numbers), content (not little words), unknown (no
    Spanish word), names (capitalised unknown words) and verbs."""
    tally = dict.fromkeys(("words", "content", "unknown", "names", "verbs"), 0)
    for part in parts:
        for token, kind in part:
            if kind == "number":
                continue
            tally["words"] += 1
            if kind == "word" and token.lower() in FUNCTION_WORDS:
                continue
            tally["content"] += 1
            if kind == "mixed":
                tally["unknown"] += 1
            elif is_verb(token):
                tally["verbs"] += 1
            elif len(token) == 1 or not _known(token, extra):
                tally["names" if _is_name(token) else "unknown"] += 1
    return tally


def _sentence_loose(parts: list[list[tuple[str, str]]]) -> int:
    """Words of one sentence that stand outside a sentence: a one-word sentence, a sentence
    without little words, the items of a list of short parts, bare runs (:func:`_loose_in_part`)."""
    n_tokens = sum(len(p) for p in parts)
    if n_tokens == 1:
        return sum(1 for p in parts for _, kind in p if kind != "number")
    if not any(_ties(p) for p in parts):  # «Gracias gracias.», «Mañana mañana.»
        return sum(1 for p in parts for t, kind in p if kind != "number" and not _is_name(t))
    short = [p for p in parts if len(p) <= 2]
    listed = len(parts) >= PROSE_LIST_PARTS and len(short) >= 0.75 * len(parts)
    loose = 0
    for part in parts:
        if listed and len(part) <= 2:  # an item of a list of short parts
            loose += sum(1 for _, kind in part if kind != "number")
        else:
            loose += _loose_in_part(part)
    return loose


def _run_loose(run: list[tuple[int, int, int]]) -> int:
    """Loose words of short sentences in a row ((words, loose, verbs) each). When they are
    ``PROSE_LIST_PARTS`` or more, those without a verb are the items of a list, one per line or
    per full stop («- Mensaje privado»), and all their words are loose; «¡Te esperamos!» is not."""
    listed = len(run) >= PROSE_LIST_PARTS
    return sum(words if listed and not verbs else loose for words, loose, verbs in run)


def _ties(part: list[tuple[str, str]]) -> int:
    """How many little words (``FUNCTION_WORDS``) a part of a sentence has."""
    return sum(1 for token, kind in part if kind == "word" and token.lower() in FUNCTION_WORDS)


def _loose_in_part(part: list[tuple[str, str]]) -> int:
    """Words of one part of a sentence that no little word ties: all of them in a part of three
    or more words without any, or those in runs of ``PROSE_KEYWORD_RUN`` or more. Capitalised
    words (names) and numbers are never counted, and names break a run."""
    # per token: None for a little word or a name (they end a run), else whether it is a word
    marks = [
        None
        if kind == "word" and (token.lower() in FUNCTION_WORDS or _is_name(token))
        else kind != "number"
        for token, kind in part
    ]
    if not _ties(part):
        bare = sum(1 for token, kind in part if kind != "number" and not _is_name(token))
        return bare if bare >= 3 else 0
    out = run = 0
    for mark in [*marks, None]:
        if mark is None:
            out += run if run >= PROSE_KEYWORD_RUN else 0
            run = 0
        else:
            run += mark
    return out
