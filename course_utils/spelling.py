"""Spelling: the hunspell es_ES dictionary (expanded once and cached), unknown words and suggestions."""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class _LazyRe:
    """A regex compiled on first use, so that importing this module stays fast."""

    __slots__ = ("_args", "_rx")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._rx: re.Pattern[str] | None = None

    def __getattr__(self, name: str):
        rx = self._rx
        if rx is None:
            rx = self._rx = re.compile(*self._args)
        return getattr(rx, name)


def _lazy(pattern: str, flags: int = 0) -> _LazyRe:
    return _LazyRe(pattern, flags)


MAX_REVIEW_CHARS = 20_000  # longer texts are reviewed up to here (and the learner is told)
# (used by _prepare here and by review.py, which re-exports it)

DATA_DIR = Path(__file__).resolve().parent / "data"
DICTIONARY_BASENAME = "es_ES"
PROJECT_WORDS_FILE = DATA_DIR / "palabras_proyecto.txt"
_LEXICON_FORMAT = 1
_CACHE_ENV = "REDES_PYMES_CACHE_DIR"


# --------------------------------------------------------------------------------------------
# Dictionary: hunspell es_ES expanded once into a sorted word blob cached on disk
# --------------------------------------------------------------------------------------------
class _Lexicon:
    """Sorted UTF-8 words in one bytes blob with an offsets array: ~11 MB, binary search."""

    __slots__ = ("data", "offsets", "size")

    def __init__(self, data: bytes, offsets: array) -> None:
        self.data = data
        self.offsets = offsets
        self.size = len(offsets) - 1

    def __len__(self) -> int:
        return self.size

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word:
            return False
        key = word.encode("utf-8", "surrogatepass")
        data, off = self.data, self.offsets
        lo, hi = 0, self.size
        while lo < hi:
            mid = (lo + hi) >> 1
            cur = data[off[mid] : off[mid + 1] - 1]
            if cur < key:
                lo = mid + 1
            elif cur > key:
                hi = mid
            else:
                return True
        return False

    @classmethod
    def from_words(cls, words: Iterable[str]) -> _Lexicon:
        encoded = sorted({w.encode("utf-8") for w in words if w})
        header = 16
        offsets = array("I")
        pos = header + 4 * (len(encoded) + 1)
        for w in encoded:
            offsets.append(pos)
            pos += len(w) + 1
        offsets.append(pos)
        head = b"RPLX%04d" % _LEXICON_FORMAT + len(encoded).to_bytes(8, "little")
        data = head + offsets.tobytes() + b"".join(w + b"\n" for w in encoded)
        return cls(data, offsets)

    @classmethod
    def from_bytes(cls, data: bytes) -> _Lexicon:
        if data[:8] != b"RPLX%04d" % _LEXICON_FORMAT:
            raise ValueError("bad lexicon header")
        n = int.from_bytes(data[8:16], "little")
        offsets = array("I")
        offsets.frombytes(data[16 : 16 + 4 * (n + 1)])
        if len(offsets) != n + 1 or offsets[-1] != len(data):
            raise ValueError("truncated lexicon")
        return cls(data, offsets)


_lock = threading.RLock()
_lexicon: _Lexicon | None = None
_spylls_dict = None
_project_words: frozenset[str] | None = None
_known_cache: dict[str, bool] = {}
_suggest_cache: dict[str, list[str]] = {}
load_info: dict[str, object] = {}  # how the dictionary was loaded (for the bench and docs)


def _dictionary_paths() -> tuple[Path, Path]:
    return DATA_DIR / f"{DICTIONARY_BASENAME}.aff", DATA_DIR / f"{DICTIONARY_BASENAME}.dic"


def _cache_dir() -> Path | None:
    env = os.environ.get(_CACHE_ENV)
    if env:
        return Path(env)
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        return None
    return Path(user_cache_dir("redes-pymes", appauthor=False))


def _cache_file() -> Path | None:
    folder = _cache_dir()
    if folder is None:
        return None
    h = hashlib.sha256()
    for p in _dictionary_paths():
        h.update(p.read_bytes())
    h.update(f"{_LEXICON_FORMAT}-{sys.byteorder}".encode())
    return folder / f"lexico-{DICTIONARY_BASENAME}-{h.hexdigest()[:16]}.bin"


def _load_spylls():
    """The spylls hunspell dictionary (slow: ~1.2 s, ~70 MB); used to build and to suggest."""
    global _spylls_dict
    with _lock:
        if _spylls_dict is None:
            from spylls.hunspell import Dictionary

            _spylls_dict = Dictionary.from_files(str(DATA_DIR / DICTIONARY_BASENAME))
        return _spylls_dict


def _expand_dictionary(dic) -> set[str]:
    """All word forms of a hunspell dictionary (stems x prefixes x up to two suffixes)."""
    aff = dic.aff
    sfx_table, pfx_table = aff.SFX, aff.PFX
    forbidden = aff.FORBIDDENWORD
    needaffix = aff.NEEDAFFIX

    def add_sfx(stem: str, s) -> str | None:
        if not s.cond_regexp.search(stem):
            return None
        if s.strip:
            if not stem.endswith(s.strip):
                return None
            stem = stem[: len(stem) - len(s.strip)]
        return stem + s.add

    def add_pfx(stem: str, p) -> str | None:
        if not p.cond_regexp.search(stem):
            return None
        if p.strip:
            if not stem.startswith(p.strip):
                return None
            stem = stem[len(p.strip) :]
        return p.add + stem

    forms: set[str] = set()
    for word in dic.dic.words:
        flags = word.flags
        if forbidden and forbidden in flags:
            continue
        stem = word.stem
        if not (needaffix and needaffix in flags):
            forms.add(stem)
        suffixed: list[tuple[str, bool]] = []
        for flag in flags:
            for s in sfx_table.get(flag, ()):
                form = add_sfx(stem, s)
                if form is None:
                    continue
                forms.add(form)
                suffixed.append((form, s.crossproduct))
                for flag2 in s.flags:
                    for s2 in sfx_table.get(flag2, ()):
                        form2 = add_sfx(form, s2)
                        if form2 is not None:
                            forms.add(form2)
        for flag in flags:
            for p in pfx_table.get(flag, ()):
                form = add_pfx(stem, p)
                if form is None:
                    continue
                forms.add(form)
                if p.crossproduct:
                    for sform, cross in suffixed:
                        if cross:
                            both = add_pfx(sform, p)
                            if both is not None:
                                forms.add(both)
    return forms


def _load_lexicon() -> _Lexicon:
    """Lazily load the expanded dictionary (disk cache, or build it once: ~5 s)."""
    global _lexicon
    if _lexicon is not None:
        return _lexicon
    with _lock:
        if _lexicon is not None:
            return _lexicon
        import time

        t0 = time.perf_counter()
        path = None
        try:
            path = _cache_file()
            if path is not None and path.is_file():
                _lexicon = _Lexicon.from_bytes(path.read_bytes())
                load_info.update(source="cache", path=str(path))
        except (OSError, ValueError):
            _lexicon = None
        if _lexicon is None:
            lex = _Lexicon.from_words(_expand_dictionary(_load_spylls()))
            load_info.update(source="built", path=str(path) if path else None)
            if path is not None:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                    tmp.write_bytes(lex.data)
                    os.replace(tmp, path)
                except OSError:
                    load_info["cache_error"] = True
            _lexicon = lex
        load_info.update(seconds=time.perf_counter() - t0, words=len(_lexicon),
                         bytes=len(_lexicon.data))
        return _lexicon


def _load_project_words() -> frozenset[str]:
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


def _reset_caches() -> None:
    """Forget everything loaded (for tests and the bench)."""
    global _lexicon, _spylls_dict, _project_words
    with _lock:
        _lexicon = None
        _spylls_dict = None
        _project_words = None
        _known_cache.clear()
        _suggest_cache.clear()
        load_info.clear()


def _known(word: str, extra: frozenset[str] | set[str] = frozenset()) -> bool:
    low = word.lower()
    if low in _load_project_words() or low in extra:
        return True
    hit = _known_cache.get(word)
    if hit is not None:
        return hit
    lex = _load_lexicon()
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
COMMON_ERRORS: dict[str, tuple[str, str]] = {
    # wrong form -> (suggestion, explanation)
    "aver": ("a ver", "«Aver» no existe: se escribe «a ver» (de mirar) o «haber» (verbo)."),
    "haiga": ("haya", "«Haiga» es un vulgarismo: la forma correcta es «haya»."),
    "haigan": ("hayan", "«Haigan» es un vulgarismo: la forma correcta es «hayan»."),
    "hechamos": ("echamos", "«Echar» se escribe sin hache: «echamos»."),
    "hechar": ("echar", "«Echar» se escribe sin hache."),
    "hechado": ("echado", "«Echar» se escribe sin hache: «echado»."),
    "heché": ("eché", "«Echar» se escribe sin hache: «eché»."),
    "hecha": ("", ""),  # valid word (de «hacer»): placeholder, never flagged
    "nueba": ("nueva", "«Nueva» se escribe con uve."),
    "nuebo": ("nuevo", "«Nuevo» se escribe con uve."),
    "nuebas": ("nuevas", "«Nuevas» se escribe con uve."),
    "nuebos": ("nuevos", "«Nuevos» se escribe con uve."),
    "q": ("que", "Evita abreviar «que» como «q»: en nombre de tu negocio, escribe las palabras enteras."),
    "k": ("que", "Evita abreviar «que» como «k»: escribe las palabras enteras."),
    "xq": ("porque", "Evita abreviaturas de chat como «xq»: escribe «porque» (o «por qué»)."),
    "pq": ("porque", "Evita abreviaturas de chat como «pq»: escribe «porque» (o «por qué»)."),
    "tb": ("también", "Evita abreviaturas de chat como «tb»: escribe «también»."),
    "tmb": ("también", "Evita abreviaturas de chat como «tmb»: escribe «también»."),
    "bss": ("besos", "«Bss» es una abreviatura de chat: mejor «Un abrazo» y tu nombre."),
    "bs": ("besos", "«Bs» es una abreviatura de chat: mejor «Un abrazo» y tu nombre."),
    "wapa": ("guapa", "Se escribe «guapa» (no «wapa»)."),
    "wapo": ("guapo", "Se escribe «guapo» (no «wapo»)."),
    "grasias": ("gracias", "«Gracias» se escribe con ce."),
    "nadien": ("nadie", "«Nadien» es un vulgarismo: se dice «nadie»."),
    "asin": ("así", "«Asín» es un vulgarismo: se dice «así»."),
    "porfa": ("por favor", "«Porfa» es coloquial: escribe «por favor»."),
    "cocreta": ("croqueta", "Se escribe «croqueta»."),
    "cocretas": ("croquetas", "Se escribe «croquetas»."),
    "dijistes": ("dijiste", "La forma correcta es «dijiste», sin ese final."),
    "fuistes": ("fuiste", "La forma correcta es «fuiste», sin ese final."),
    "hicistes": ("hiciste", "La forma correcta es «hiciste», sin ese final."),
    "estubo": ("estuvo", "«Estuvo» se escribe con uve."),
    "tubo": ("", ""),  # valid (un tubo)
    "iva": ("IVA", "«IVA» es una sigla: se escribe en mayúsculas."),
}

_ALPHABET = "abcdefghijklmnopqrstuvwxyzñáéíóúü"
_ACCENT_MAP = str.maketrans("áéíóúü", "aeiouu")
_CONFUSIONS = {("b", "v"), ("v", "b"), ("c", "z"), ("z", "c"), ("s", "c"), ("c", "s"),
               ("s", "z"), ("z", "s"), ("g", "j"), ("j", "g"), ("y", "i"), ("i", "y"),
               ("k", "c"), ("x", "s")}
_REP = (("ll", "y"), ("y", "ll"), ("güe", "hue"), ("hue", "güe"), ("güi", "hui"),
        ("ke", "que"), ("ki", "qui"), ("mb", "nv"), ("nv", "mb"), ("cc", "x"), ("x", "cc"),
        ("w", "gu"), ("gu", "w"), ("ks", "x"))


def _match_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _fast_candidates(low: str) -> list[tuple[int, str]]:
    """Known words one edit (or one REP swap) away from ``low``, with a rank (lower = better)."""
    lex = _load_lexicon()
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


def suggest(word: str, limit: int = 3, thorough: bool = False) -> list[str]:
    """Spelling suggestions for ``word`` (fast; ``thorough=True`` also asks hunspell: slow)."""
    word = unicodedata.normalize("NFC", word or "").strip()
    if not word or len(word) > 40:
        return []
    low = word.lower()
    key = f"{low}|{limit}|{thorough}"
    if key in _suggest_cache:
        return [_match_case(word, s) for s in _suggest_cache[key]]
    out: list[str] = []
    fixed = COMMON_ERRORS.get(low)
    if fixed and fixed[0]:
        out.append(fixed[0])
    for _, cand in _fast_candidates(low):
        if cand not in out:
            out.append(cand)
        if len(out) >= limit:
            break
    if thorough and len(out) < limit:
        try:
            for cand in _load_spylls().suggest(low):
                if cand not in out:
                    out.append(cand)
                if len(out) >= limit:
                    break
        except Exception:  # noqa: BLE001 - suggestions are best effort
            pass
    out = out[:limit]
    if len(_suggest_cache) > 20_000:
        _suggest_cache.clear()
    _suggest_cache[key] = out
    return [_match_case(word, s) for s in out]


# --------------------------------------------------------------------------------------------
# Tokenising
# --------------------------------------------------------------------------------------------
_SKIP_RE = _lazy(
    r"```.*?(?:```|$)"  # fenced code
    r"|`[^`\n]{0,200}`"  # inline code
    r"|<[^<>\n]{0,300}>"  # HTML tags
    r"|&[#\w]{1,10};"  # HTML entities
    r"|\b(?:https?://|www\.)\S+"  # links
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mails
    r"|[@#]\w+",  # mentions and hashtags
    re.S,
)
_WORD_RE = _lazy(r"(?<!\w)[^\W\d_]+(?!\w)")
_LETTER_RE = _lazy(r"[^\W\d_]")
_SENTENCE_RE = _lazy(r"[^.!?…\n]+(?:[.!?…]+|\n|$)")
_ENGLISH = frozenset(
    "the you we our your thank thanks so much loved love having see soon and for with is are "
    "was were this that it of to be will have has my me great amazing enjoy enjoyed visit "
    "again wonderful hope next time".split()
)
_ENGLISH_ONLY = _ENGLISH - {"me"}


def _mask(text: str) -> str:
    """``text`` with links, code, HTML tags, mentions and hashtags blanked (same length)."""
    return _SKIP_RE.sub(lambda m: " " * len(m.group()), text)


@dataclass
class _Token:
    word: str
    start: int
    end: int
    sentence_start: bool
    english: bool


def _tokens(masked: str) -> list[_Token]:
    out: list[_Token] = []
    for sm in _SENTENCE_RE.finditer(masked):
        words = list(_WORD_RE.finditer(masked, sm.start(), sm.end()))
        if not words:
            continue
        lows = [w.group().lower() for w in words]
        eng = sum(1 for w in lows if w in _ENGLISH_ONLY)
        english = eng >= 2 and eng >= 0.3 * len(lows)
        for i, w in enumerate(words):
            out.append(_Token(w.group(), w.start(), w.end(), i == 0, english))
    return out


def _skip_word(w: str, tok: _Token, tokens: list[_Token], i: int, text: str,
               signoff: tuple[int, int] | None) -> bool:
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
        if i + 1 < len(tokens) and tokens[i + 1].word[:1].isupper() and not tokens[i + 1].sentence_start:
            return True  # «Luis Núñez»
    if not w.isalpha():
        return True
    return False


# --------------------------------------------------------------------------------------------
# Text preparation and unknown words
# --------------------------------------------------------------------------------------------
def _prepare(text: object) -> tuple[str, bool]:
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


def unknown_words(text: str, extra_words: Iterable[str] = ()) -> list[str]:
    """Words of ``text`` that neither the es_ES dictionary nor the project list know.

    Skips links, e-mails, @mentions, #hashtags, `code`, HTML tags, words with digits,
    acronyms of up to four capitals and capitalised words in mid-sentence (likely names).
    Returns each unknown word once, in order of appearance.
    """
    text, _ = _prepare(text)
    extra = frozenset(unicodedata.normalize("NFC", w).lower() for w in extra_words)
    masked = _mask(text)
    tokens = _tokens(masked)
    out: list[str] = []
    seen: set[str] = set()
    for i, tok in enumerate(tokens):
        if _skip_word(tok.word, tok, tokens, i, text, None):
            continue
        if tok.word not in seen and not _known(tok.word, extra):
            seen.add(tok.word)
            out.append(tok.word)
    return out
