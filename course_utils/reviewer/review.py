"""The review: spelling-in-context, «yo» and readability checks, review() and its summary."""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterable

from course_utils.reviewer.findings import Finding, Review
from course_utils.reviewer.readability import ReadabilityError, readability_band, readability_score
from course_utils.reviewer.rules import (
    ACCENTED,
    ADVICE,
    ALWAYS_FLAG,
    CATEGORIES,
    CATEGORY_LABELS,
    CHAT_ABBREVIATIONS,
    COMMON_ERRORS,
    COMPANY_RE,
    CONTEXT_RULES,
    ENCLITIC_RE,
    FORMAL_RE,
    FORMAL_WORDS,
    KINDS,
    LONG_SENTENCE_WORDS,
    MARKS_RE,
    MAX_SPELLING_FINDINGS,
    MAX_SUGGESTED_WORDS,
    MIN_SELF_REFS,
    MIN_WORDS_READABILITY,
    NETWORK_LIMITS,
    POSSESSIVE_RATIO_THRESHOLD,
    POSSESSIVE_WORDS,
    PRIORITY,
    READER_VERBS,
    READER_WORDS,
    SELF_RATIO_THRESHOLD,
    SELF_WORDS,
)
from course_utils.reviewer.spelling import known, skip_word, suggest
from course_utils.reviewer.structure import check_structure, signoff
from course_utils.reviewer.tokens import (
    LETTER_RE,
    MAX_REVIEW_CHARS,
    SENTENCE_RE,
    WORD_RE,
    Token,
    english_spans,
    mask,
    match_case,
    prepare,
    tokens,
)
from course_utils.reviewer.tone import check_tone

__all__ = ["Finding", "Review", "check_kind", "check_network", "review"]

READABILITY_FAILED = (
    "No he podido calcular la legibilidad de tu texto; el resto de la revisión sí está completa."
)


def _check_context(text: str, masked: str, eng_spans: list[tuple[int, int]]) -> list[Finding]:
    """Accents and «ha/a», «he/e»… that depend on the sentence (``CONTEXT_RULES``)."""
    out: list[Finding] = []
    seen: set[int] = set()
    for rx, _code, msg, fix_tpl in CONTEXT_RULES:
        for m in rx.finditer(masked):
            group = "w" if m.group("w") is not None else "w2"
            s, e = m.span(group)
            if s in seen or any(a <= s < b for a, b in eng_spans):
                continue
            wrong = text[s:e]
            fix = fix_tpl.format(fix=ACCENTED.get(wrong.lower(), wrong))
            fix = match_case(wrong, fix)
            seen.add(s)
            out.append(
                Finding(
                    "ortografia", s, e, msg.format(w=wrong, fix=fix), f"Escribe «{fix}».", "tilde"
                )
            )
    return out


def _check_marks(masked: str, eng_spans: list[tuple[int, int]]) -> list[Finding]:
    """Unbalanced ¿? and ¡! (Spanish opens questions and exclamations)."""
    out: list[Finding] = []
    open_pos = {"?": None, "!": None}
    opener = {"?": "¿", "!": "¡"}
    for m in MARKS_RE.finditer(masked):
        run = m.group()
        if any(a <= m.start() < b for a, b in eng_spans):
            continue
        if run in (".", "\n"):
            for k, pos in open_pos.items():
                if pos is not None:
                    out.append(_unclosed(pos, k))
            open_pos = {"?": None, "!": None}
            continue
        for ch in run:
            if ch in "¿¡":
                k = "?" if ch == "¿" else "!"
                if open_pos[k] is None:
                    open_pos[k] = m.start() + run.index(ch)
        for k in ("?", "!"):
            if k in run:
                if open_pos[k] is None and opener[k] not in run:
                    out.append(
                        Finding(
                            "ortografia",
                            m.start(),
                            m.end(),
                            f"Falta el signo de apertura «{opener[k]}»: en español las "
                            f"{'preguntas' if k == '?' else 'exclamaciones'} se abren y se cierran.",
                            f"Añade «{opener[k]}» al principio de la "
                            f"{'pregunta' if k == '?' else 'exclamación'}.",
                            "signos",
                        )
                    )
                open_pos[k] = None
    for k, pos in open_pos.items():
        if pos is not None:
            out.append(_unclosed(pos, k))
    return out


def _unclosed(pos: int, k: str) -> Finding:
    """A question or exclamation opened at ``pos`` and never closed."""
    what = "pregunta" if k == "?" else "exclamación"
    return Finding(
        "ortografia",
        pos,
        pos + 1,
        f"Abres una {what} con «{'¿' if k == '?' else '¡'}» pero no la cierras.",
        f"Cierra la {what} con «{k}».",
        "signos",
    )


def _check_spelling(
    text: str,
    toks: list[Token],
    extra: frozenset[str],
    sign: tuple[int, int] | None,
    skip_spans: list[tuple[int, int]],
) -> tuple[list[Finding], int]:
    """Unknown words; a word already inside a tone finding (e.g. «guapi») is not repeated."""
    out: list[Finding] = []
    suggested = 0
    total = 0
    for i, tok in enumerate(toks):
        w = tok.word
        if tok.english or skip_word(w, tok, toks, i, text, sign):
            continue
        if any(a <= tok.start < b for a, b in skip_spans):
            continue
        low = w.lower()
        fixed = COMMON_ERRORS.get(low)
        if fixed and not fixed[0]:
            continue
        if not fixed and known(w, extra):
            continue
        if fixed and low not in ALWAYS_FLAG and known(w, extra) and low not in CHAT_ABBREVIATIONS:
            continue  # in the dictionary after all: only chat abbreviations are still flagged
        total += 1
        if len(out) >= MAX_SPELLING_FINDINGS:
            continue
        if fixed:
            sugg = [match_case(w, fixed[0])]
            msg = fixed[1]
        else:
            sugg = suggest(w) if suggested < MAX_SUGGESTED_WORDS and len(w) <= 25 else []
            suggested += 1
            msg = f"«{w}» no está en el diccionario: revisa cómo se escribe."
        if sugg:
            suggestion = "Quizá quieres decir: " + ", ".join(f"«{s}»" for s in sugg) + "."
        else:
            suggestion = (
                "Si es un nombre o una palabra de tu sector, puedes ignorarlo "
                "(o pedir que se añada a la lista de palabras del curso)."
            )
        out.append(Finding("ortografia", tok.start, tok.end, msg, suggestion, "desconocida"))
    return out, total


def _self_reader(
    masked: str, toks: list[Token], self_names: Iterable[str] = ()
) -> tuple[int, float, int]:
    """References to the business («yo», «nos», «la empresa», its own name), to the reader
    («tú», «dinos») and, among the first, the possessives («nuestro», «mi»)."""
    formal = bool(FORMAL_RE.search(masked))
    self_refs = possessives = 0
    reader = 0.0
    for tok in toks:
        low = tok.word.lower()
        if low in SELF_WORDS:
            self_refs += 1
            possessives += low in POSSESSIVE_WORDS
        elif low in READER_WORDS or low in READER_VERBS:
            reader += 1
        elif formal and low in FORMAL_WORDS:
            reader += 1
        elif len(low) > 4 and ENCLITIC_RE.search(low):
            reader += 1  # «cuéntanos», «escríbenos», «pásate»: talks to the reader
    self_refs += len(COMPANY_RE.findall(masked))
    for name in {n.strip() for n in self_names if isinstance(n, str) and n.strip()}:
        # «El Bar Sol es el mejor bar…»: praising the firm by its name is still talking about you
        self_refs += len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", masked, re.IGNORECASE))
    return self_refs, reader, possessives


def check_kind(kind: str) -> None:
    """Raise a Spanish ValueError unless ``kind`` is «respuesta» or «publicacion»."""
    if kind not in KINDS:
        raise ValueError(
            f"Tipo de texto no válido: {kind!r}. Usa «respuesta» (respuesta a un comentario) "
            "o «publicacion» (publicación)."
        )


def check_network(network: str | None) -> None:
    """Raise a Spanish ValueError unless ``network`` is a known network or None."""
    if network not in NETWORK_LIMITS:
        names = ", ".join(f"«{k}»" for k in NETWORK_LIMITS if k)
        raise ValueError(f"Red social no válida: {network!r}. Usa {names} o None.")


def _check_self(
    self_refs: int, total_refs: float, ratio: float, possessives: int = 0
) -> list[Finding]:
    """Too much «yo»: the business takes most of the references to people, or «nuestro…,
    mi…» take ``POSSESSIVE_RATIO_THRESHOLD`` of them (a text about your things)."""
    share = possessives / total_refs if total_refs else 0.0
    if possessives >= MIN_SELF_REFS and share >= POSSESSIVE_RATIO_THRESHOLD:
        pct = round(share * 100)
        return [
            Finding(
                "yo",
                0,
                0,
                f"El {pct} % de las referencias a personas son «nuestro», «nuestra», «mi»… "
                f"({possessives} de {total_refs:g}): tu texto habla de tus cosas más que del "
                "cliente.",
                "Cambia el sujeto: en lugar de «nuestro menú, nuestra terraza», cuenta qué "
                "encontrará quien venga («te espera un menú…») y pregúntale algo.",
                "yo",
            )
        ]
    if self_refs < MIN_SELF_REFS or ratio < SELF_RATIO_THRESHOLD:
        return []
    pct = round(ratio * 100)
    return [
        Finding(
            "yo",
            0,
            0,
            f"El {pct} % de las referencias a personas hablan de ti o de tu negocio "
            f"({self_refs} de {total_refs:g}: «yo», «nos», «nuestro»…) y solo el {100 - pct} % "
            "del cliente.",
            "Habla más de lo que gana el cliente: cambia «nuestro producto es…» por "
            "«con esto tú…», y pregúntale su opinión.",
            "yo",
        )
    ]


def _readability(masked: str) -> tuple[float | None, str]:
    """The score, or None and a note for the learner; a failure is also a RuntimeWarning."""
    try:
        return readability_score(masked), ""
    except ReadabilityError as exc:
        warnings.warn(
            f"Revisor: no se pudo calcular la legibilidad ({exc}).", RuntimeWarning, stacklevel=3
        )
        return None, READABILITY_FAILED


def _check_readability(
    masked: str, score: float | None, band: str | None, word_count: int
) -> list[Finding]:
    """A hard text (by its score) and sentences of more than ``LONG_SENTENCE_WORDS`` words."""
    out: list[Finding] = []
    if band == "difícil" or (band == "algo difícil" and word_count >= 40):
        out.append(
            Finding(
                "legibilidad",
                0,
                0,
                f"Tu texto es {band} de leer (índice Szigriszt-Pazos: {score:g}). En redes se "
                "lee deprisa y desde el móvil.",
                "Usa frases cortas (menos de 20 palabras) y palabras sencillas: «según la ley» "
                "en lugar de «en virtud de lo dispuesto en la normativa».",
                "dificil",
            )
        )
    for sm in SENTENCE_RE.finditer(masked):
        n_words = len(WORD_RE.findall(sm.group()))
        if n_words > LONG_SENTENCE_WORDS:
            out.append(
                Finding(
                    "legibilidad",
                    sm.start(),
                    sm.end(),
                    f"Esta frase tiene {n_words} palabras: cuesta seguirla.",
                    "Pártela en dos o tres frases más cortas.",
                    "frase_larga",
                )
            )
    return out


def review(
    text: str,
    kind: str = "respuesta",
    network: str | None = None,
    extra_words: Iterable[str] = (),
    *,
    problem: bool | None = None,
    private: bool | None = None,
    self_names: Iterable[str] = (),
) -> Review:
    """Review a reply (``kind="respuesta"``) or a post (``kind="publicacion"``) in Spanish.

    For a reply, ``problem`` and ``private`` say what the answered comment needs (see
    ``structure.comment_context``); None guesses it from the reply. ``self_names``: the
    business's own names («Bar Sol»), counted as talking about yourself.
    """
    check_kind(kind)
    check_network(network)
    text, truncated = prepare(text)
    what = "tu respuesta" if kind == "respuesta" else "tu publicación"
    if not LETTER_RE.search(text):
        summary = (
            f"Todavía no hay nada que revisar: escribe {what} y pulsa «Revisar». "
            "Te diré qué está bien y qué puedes mejorar."
        )
        return Review(text=text, kind=kind, network=network, findings=[], summary=summary)

    extra = frozenset(unicodedata.normalize("NFC", w).lower() for w in extra_words)
    masked = mask(text)
    toks = tokens(masked)
    eng_spans = english_spans(masked)
    sign = signoff(text)  # names in a sign-off are not spell-checked
    findings: list[Finding] = []

    tone = check_tone(masked, kind)
    tone_spans = [(f.start, f.end) for f in tone if f.code != "mayusculas"]
    spelling, spelling_total = _check_spelling(text, toks, extra, sign, tone_spans)
    findings += spelling
    findings += _check_context(text, masked, eng_spans)
    findings += _check_marks(masked, eng_spans)
    findings += tone

    self_refs, reader_refs, possessives = _self_reader(masked, toks, self_names)
    total_refs = self_refs + reader_refs
    ratio = round(self_refs / total_refs, 2) if total_refs else 0.0
    findings += _check_self(self_refs, total_refs, ratio, possessives)

    elements: dict[str, bool] = {}
    findings += check_structure(
        text, masked, kind, network, bool(tone), elements, problem=problem, private=private
    )

    word_count = len(toks)
    score = band = None
    note = ""
    if word_count >= MIN_WORDS_READABILITY:
        score, note = _readability(masked)
        band = readability_band(score) if score is not None else None
        findings += _check_readability(masked, score, band, word_count)
    if truncated:
        findings.append(
            Finding(
                "legibilidad",
                MAX_REVIEW_CHARS,
                MAX_REVIEW_CHARS,
                f"Tu texto es muy largo: solo he revisado los primeros {MAX_REVIEW_CHARS:,} "
                "caracteres.".replace(",", "."),
                "En redes sociales, los textos cortos funcionan mucho mejor.",
                "recortado",
            )
        )

    findings.sort(key=lambda f: (CATEGORIES.index(f.category), f.start, f.end))
    result = Review(
        text=text,
        kind=kind,
        network=network,
        findings=findings,
        summary="",
        word_count=word_count,
        self_refs=self_refs,
        reader_refs=reader_refs,
        self_ratio=ratio,
        readability=score,
        readability_band=band,
        readability_note=note,
        truncated=truncated,
        elements=elements,
    )
    result.summary = _summary(result, spelling_total)
    return result


def _summary(r: Review, spelling_total: int) -> str:
    """The Spanish summary: how many things to improve, where to start, readability, cuts."""
    what = "tu respuesta" if r.kind == "respuesta" else "tu publicación"
    counts: dict[str, int] = {}
    for f in r.findings:
        if f.code == "recortado":
            continue
        counts[f.category] = counts.get(f.category, 0) + 1
    if spelling_total > counts.get("ortografia", 0) and "ortografia" in counts:
        counts["ortografia"] += spelling_total - len(
            [f for f in r.findings if f.code == "desconocida"]
        )
    parts = []
    if not counts:
        parts.append(f"¡Muy bien! No he encontrado nada que corregir en {what}.")
    else:
        total = sum(counts.values())
        detail = ", ".join(f"{n} de {CATEGORY_LABELS[c]}" for c in PRIORITY if (n := counts.get(c)))
        plural = "aspecto" if total == 1 else "aspectos"
        parts.append(f"He encontrado {total} {plural} que puedes mejorar en {what} ({detail}).")
        first = next(c for c in PRIORITY if c in counts)
        parts.append(ADVICE[first])
    if r.readability_band:
        parts.append(f"Se lee de forma {r.readability_band} (índice {r.readability:g} sobre 100).")
    if r.readability_note:
        parts.append(r.readability_note)
    if r.truncated:
        parts.append(
            f"Ojo: el texto era muy largo y solo he revisado los primeros "
            f"{MAX_REVIEW_CHARS:,} caracteres.".replace(",", ".")
        )
    return " ".join(parts)
