"""Spelling: known words (dictionary + project list), suggestions, and which words to skip."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable

from course_utils.reviewer.lexicon import DATA_DIR, forget, load_lexicon, load_spylls
from course_utils.reviewer.rules import COMMON_ERRORS
from course_utils.reviewer.tokens import Token, mask, match_case, prepare, tokens

__all__ = [
    "PROJECT_WORDS_FILE",
    "known",
    "reset_caches",
    "skip_word",
    "suggest",
    "unknown_words",
]

PROJECT_WORDS_FILE = DATA_DIR / "palabras_proyecto.txt"

_lock = threading.Lock()
_project_words: frozenset[str] | None = None
_known_cache: dict[str, bool] = {}
_suggest_cache: dict[str, list[str]] = {}


def _load_project_words() -> frozenset[str]:
    """The words of ``palabras_proyecto.txt`` (lower-case, NFC; ``#`` starts a comment)."""
    global _project_words
    if _project_words is None:
        words: set[str] = set()
        try:
            lines = PROJECT_WORDS_FILE.read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        for line in lines:
            line = line.split("#", 1)[0].strip()
            for w in re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", line)):
                words.add(w.lower())
        _project_words = frozenset(words)
    return _project_words


def reset_caches() -> None:
    """Forget everything loaded: dictionary, project words, caches (for tests and the bench)."""
    global _project_words
    with _lock:
        forget()
        _project_words = None
        _known_cache.clear()
        _suggest_cache.clear()


def known(word: str, extra: frozenset[str] | set[str] = frozenset()) -> bool:
    """Whether ``word`` is in the project list, in ``extra`` (lower-case) or in the dictionary."""
    low = word.lower()
    if low in _load_project_words() or low in extra:
        return True
    hit = _known_cache.get(word)
    if hit is not None:
        return hit
    lex = load_lexicon()
    ok = word in lex
    if not ok and word[:1].isupper():
        ok = low in lex or (word.isupper() and word[0] + word[1:].lower() in lex)
    if len(_known_cache) > 200_000:
        _known_cache.clear()
    _known_cache[word] = ok
    return ok


# --------------------------------------------------------------------------------------------
# Spelling suggestions
# --------------------------------------------------------------------------------------------
_ALPHABET = "abcdefghijklmnopqrstuvwxyzñáéíóúü"
_ACCENT_MAP = str.maketrans("áéíóúü", "aeiouu")
_CONFUSIONS = {
    ("b", "v"),
    ("v", "b"),
    ("c", "z"),
    ("z", "c"),
    ("s", "c"),
    ("c", "s"),
    ("s", "z"),
    ("z", "s"),
    ("g", "j"),
    ("j", "g"),
    ("y", "i"),
    ("i", "y"),
    ("k", "c"),
    ("x", "s"),
}
_REP = (
    ("ll", "y"),
    ("y", "ll"),
    ("güe", "hue"),
    ("hue", "güe"),
    ("güi", "hui"),
    ("ke", "que"),
    ("ki", "qui"),
    ("mb", "nv"),
    ("nv", "mb"),
    ("cc", "x"),
    ("x", "cc"),
    ("w", "gu"),
    ("gu", "w"),
    ("ks", "x"),
)


def _fast_candidates(low: str) -> list[tuple[int, str]]:
    """Known words one edit (or one REP swap) away from ``low``, with a rank (lower = better)."""
    lex = load_lexicon()
    seen: dict[str, int] = {}
    base = low.translate(_ACCENT_MAP)

    def consider(cand: str, rank: int) -> None:
        if cand and cand != low and (cand not in seen or seen[cand] > rank) and cand in lex:
            if cand.translate(_ACCENT_MAP) == base:
                rank = 0
            seen[cand] = rank

    n = len(low)
    for i in range(n):
        consider(low[:i] + low[i + 1 :], 2 if low[i] != "h" else 1)  # deletion
        if i + 1 < n:
            consider(low[:i] + low[i + 1] + low[i] + low[i + 2 :], 2)  # transposition
        for ch in _ALPHABET:
            if ch != low[i]:
                rank = 1 if (low[i], ch) in _CONFUSIONS else 3
                consider(low[:i] + ch + low[i + 1 :], rank)
    for i in range(n + 1):
        for ch in _ALPHABET:
            consider(low[:i] + ch + low[i:], 1 if ch == "h" else 3)
    for a, b in _REP:
        start = low.find(a)
        while start != -1:
            consider(low[:start] + b + low[start + len(a) :], 1)
            start = low.find(a, start + 1)
    return sorted(((r, w) for w, r in seen.items()), key=lambda t: (t[0], t[1]))


#: a suggestion is a word an owner would know: in the dictionary and at least this common
#: (Zipf scale of wordfreq: 3 is about once per million words)
COMMON_ZIPF = 3.0
_VOWELS = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # loaded on the first suggestion

    return zipf_frequency(word, "es")


def _accented_candidates(low: str) -> list[str]:
    """Known words two usual slips away: a missing initial h, b/v, and one missing accent
    («avia» → «había»)."""
    lex = load_lexicon()
    bases = {low, "h" + low, low.replace("v", "b"), "h" + low.replace("v", "b")}
    bases |= {b.replace("b", "v") for b in set(bases)}
    found = []
    for base in bases:
        for i, ch in enumerate(base):
            if ch in _VOWELS:
                cand = base[:i] + _VOWELS[ch] + base[i + 1 :]
                if cand != low and cand in lex:
                    found.append(cand)
        if base != low and base in lex:
            found.append(base)
    return found


def suggest(word: str, limit: int = 3, thorough: bool = False) -> list[str]:
    """Spelling suggestions for ``word`` (fast; ``thorough=True`` also asks hunspell: slow)."""
    word = unicodedata.normalize("NFC", word or "").strip()
    if not word or len(word) > 40:
        return []
    low = word.lower()
    key = f"{low}|{limit}|{thorough}"
    if key in _suggest_cache:
        return [match_case(word, s) for s in _suggest_cache[key]]
    out: list[str] = []
    fixed = COMMON_ERRORS.get(low)
    if fixed and fixed[0]:
        out.append(fixed[0])
    ranked = _fast_candidates(low) + [(1, c) for c in _accented_candidates(low)]
    # real words an owner knows, the closest and then the most common first
    common = [(r, -_zipf(c), c) for r, c in ranked]
    for _, _, cand in sorted(t for t in common if -t[1] >= COMMON_ZIPF):
        if cand not in out:
            out.append(cand)
        if len(out) >= limit:
            break
    if thorough and len(out) < limit:
        try:
            for cand in load_spylls().suggest(low):
                if cand not in out and _zipf(cand) >= COMMON_ZIPF:
                    out.append(cand)
                if len(out) >= limit:
                    break
        except Exception:  # suggestions are best effort
            pass
    out = out[:limit]
    if len(_suggest_cache) > 20_000:
        _suggest_cache.clear()
    _suggest_cache[key] = out
    return [match_case(word, s) for s in out]


def skip_word(
    w: str, tok: Token, toks: list[Token], i: int, text: str, signoff: tuple[int, int] | None
) -> bool:
    """Whether the ``i``-th token is left out of the spelling check (sizes, acronyms, names…)."""
    if signoff and signoff[0] <= tok.start < signoff[1]:
        return True
    if len(w) > 40 or (len(w) == 1 and w.lower() not in COMMON_ERRORS):
        return True  # sizes (talla M), initials
    if w.isupper() and 1 < len(w) <= 4:  # acronyms: IVA, ITV, DNI, MD
        return True
    if w[:1].isupper() and not w.isupper():
        if not tok.sentence_start:
            return True  # a capitalised word mid-sentence: probably a name
        nxt = text[tok.end : tok.end + 2]
        if nxt.startswith(",") and w.lower() not in COMMON_ERRORS:
            return True  # «Emma, gracias…»: a name in vocative
        if i + 1 < len(toks) and toks[i + 1].word[:1].isupper() and not toks[i + 1].sentence_start:
            return True  # «Luis Núñez»
    if not w.isalpha():
        return True
    return False


def unknown_words(text: str, extra_words: Iterable[str] = ()) -> list[str]:
    """Words of ``text`` that neither the es_ES dictionary nor the project list know.

    Skips links, e-mails, @mentions, #hashtags, `code`, HTML tags, words with digits,
    acronyms of up to four capitals and capitalised words in mid-sentence (likely names).
    Returns each unknown word once, in order of appearance.
    """
    text, _ = prepare(text)
    extra = frozenset(unicodedata.normalize("NFC", w).lower() for w in extra_words)
    masked = mask(text)
    toks = tokens(masked)
    out: list[str] = []
    seen: set[str] = set()
    for i, tok in enumerate(toks):
        if skip_word(tok.word, tok, toks, i, text, None):
            continue
        if tok.word not in seen and not known(tok.word, extra):
            seen.add(tok.word)
            out.append(tok.word)
    return out
