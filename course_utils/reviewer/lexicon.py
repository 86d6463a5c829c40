"""The es_ES dictionary: hunspell (via spylls) expanded once into word blobs (all words, verb forms) cached on disk."""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from array import array
from collections.abc import Iterable
from pathlib import Path

from course_utils.core.cache_folder import cache_dir

__all__ = [
    "DATA_DIR",
    "DICTIONARY_BASENAME",
    "Lexicon",
    "forget",
    "load_info",
    "load_lexicon",
    "load_spylls",
    "load_verbs",
    "verbs_info",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"  # course_utils/data
DICTIONARY_BASENAME = "es_ES"
_LEXICON_FORMAT = 1
# es_ES flags of the verbs: the conjugations (R, E, I, X) are carried only by infinitives; D
# adds the participles, left out of the verb forms because they work as adjectives («privado»)
_VERB_FLAGS = frozenset("REIX")
_PARTICIPLE_FLAG = "D"


# --------------------------------------------------------------------------------------------
# Dictionary: hunspell es_ES expanded once into a sorted word blob cached on disk
# --------------------------------------------------------------------------------------------
class Lexicon:
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
    def from_words(cls, words: Iterable[str]) -> Lexicon:
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
    def from_bytes(cls, data: bytes) -> Lexicon:
        if data[:8] != b"RPLX%04d" % _LEXICON_FORMAT:
            raise ValueError("bad lexicon header")
        n = int.from_bytes(data[8:16], "little")
        offsets = array("I")
        offsets.frombytes(data[16 : 16 + 4 * (n + 1)])
        if len(offsets) != n + 1 or offsets[-1] != len(data):
            raise ValueError("truncated lexicon")
        return cls(data, offsets)


_lock = threading.RLock()
_lexicon: Lexicon | None = None
_verbs: Lexicon | None = None
_spylls_dict = None
load_info: dict[str, object] = {}  # how the dictionary was loaded (for the bench and docs)
verbs_info: dict[str, object] = {}  # how the verb forms were loaded


def _dictionary_paths() -> tuple[Path, Path]:
    return DATA_DIR / f"{DICTIONARY_BASENAME}.aff", DATA_DIR / f"{DICTIONARY_BASENAME}.dic"


def _cache_file(prefix: str = "lexico") -> Path | None:
    folder = cache_dir()
    h = hashlib.sha256()
    for p in _dictionary_paths():
        h.update(p.read_bytes())
    h.update(f"{_LEXICON_FORMAT}-{sys.byteorder}".encode())
    return folder / f"{prefix}-{DICTIONARY_BASENAME}-{h.hexdigest()[:16]}.bin"


def load_spylls():
    """The spylls hunspell dictionary (slow: ~1.2 s, ~70 MB); used to build and to suggest."""
    global _spylls_dict
    with _lock:
        if _spylls_dict is None:
            from spylls.hunspell import Dictionary

            _spylls_dict = Dictionary.from_files(str(DATA_DIR / DICTIONARY_BASENAME))
        return _spylls_dict


def _expand_dictionary(dic) -> set[str]:
    """All word forms of a hunspell dictionary (stems x prefixes x up to two suffixes)."""
    return _expand_words(dic.aff, ((word.stem, word.flags) for word in dic.dic.words))


def _expand_verbs(dic) -> set[str]:
    """The verb forms of the es_ES dictionary: conjugations, infinitives, gerunds and forms with
    pronouns attached («cuéntanos»), not participles. Irregular verbs that the dictionary
    lists as plain words (ser, estar, haber…) are in ``rules.IRREGULAR_VERB_FORMS``."""
    return _expand_words(
        dic.aff,
        (
            (word.stem, set(word.flags) - {_PARTICIPLE_FLAG})
            for word in dic.dic.words
            if _VERB_FLAGS & set(word.flags)
        ),
    )


def _expand_words(aff, words: Iterable[tuple[str, Iterable[str]]]) -> set[str]:
    """All forms of ``words`` ((stem, flags) pairs) under the affix rules ``aff``."""
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
    for stem, flags in words:
        if forbidden and forbidden in flags:
            continue
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


def load_lexicon() -> Lexicon:
    """Lazily load the expanded dictionary (disk cache, or build it once: ~5 s)."""
    global _lexicon
    if _lexicon is not None:
        return _lexicon
    with _lock:
        if _lexicon is None:
            _lexicon = _load("lexico", _expand_dictionary, load_info)
        return _lexicon


def load_verbs() -> Lexicon:
    """Lazily load the verb forms of the dictionary (disk cache, or build them once: ~2 s)."""
    global _verbs
    if _verbs is not None:
        return _verbs
    with _lock:
        if _verbs is None:
            _verbs = _load("verbos", _expand_verbs, verbs_info)
        return _verbs


def _load(prefix: str, expand, info: dict[str, object]) -> Lexicon:
    """A Lexicon read from its cache file ``prefix-…bin``, or built with ``expand`` and cached."""
    import time

    t0 = time.perf_counter()
    lex = None
    path = None
    try:
        path = _cache_file(prefix)
        if path is not None and path.is_file():
            lex = Lexicon.from_bytes(path.read_bytes())
            info.update(source="cache", path=str(path))
    except (OSError, ValueError):
        lex = None
    if lex is None:
        lex = Lexicon.from_words(expand(load_spylls()))
        info.update(source="built", path=str(path) if path else None)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                tmp.write_bytes(lex.data)
                os.replace(tmp, path)
            except OSError:
                info["cache_error"] = True
    info.update(seconds=time.perf_counter() - t0, words=len(lex), bytes=len(lex.data))
    return lex


def forget() -> None:
    """Forget the loaded dictionary and spylls object (for tests and the bench)."""
    global _lexicon, _verbs, _spylls_dict
    with _lock:
        _lexicon = None
        _verbs = None
        _spylls_dict = None
        load_info.clear()
        verbs_info.clear()
