"""Offline Spanish reviewer for pyme social-media posts and replies: spelling, tone, "yo", structure, readability."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# The dictionary half (lexicon, suggestions, tokenising, unknown words) lives in spelling.py;
# the names below are re-exported so that ``course_utils.review`` keeps its API.
from .spelling import (
    _ENGLISH_ONLY,
    _LETTER_RE,
    _SENTENCE_RE,
    _WORD_RE,
    COMMON_ERRORS,
    MAX_REVIEW_CHARS,
    _known,
    _lazy,
    _LazyRe,
    _mask,
    _match_case,
    _prepare,
    _skip_word,
    _Token,
    _tokens,
    suggest,
    unknown_words,
)
from .spelling import DATA_DIR as DATA_DIR
from .spelling import DICTIONARY_BASENAME as DICTIONARY_BASENAME
from .spelling import PROJECT_WORDS_FILE as PROJECT_WORDS_FILE
from .spelling import _load_lexicon as _load_lexicon
from .spelling import _reset_caches as _reset_caches
from .spelling import load_info as load_info

__all__ = [
    "CATEGORIES",
    "KINDS",
    "NETWORK_LIMITS",
    "Finding",
    "Review",
    "Rubric",
    "RubricItem",
    "default_rubric",
    "review",
    "review_score",
    "rubric_markdown",
    "suggest",
    "unknown_words",
]

CATEGORIES = ("ortografia", "tono", "yo", "estructura", "legibilidad")
KINDS = ("respuesta", "publicacion")
CATEGORY_LABELS = {
    "ortografia": "ortografía",
    "tono": "tono",
    "yo": "demasiado «yo»",
    "estructura": "estructura",
    "legibilidad": "legibilidad",
}
# network -> (hard platform limit, recommended length) in characters
NETWORK_LIMITS: dict[str | None, tuple[int | None, int]] = {
    None: (None, 1000),
    "instagram": (2200, 1000),
    "facebook": (63206, 500),
    "x": (280, 280),
    "linkedin": (3000, 1300),
    "tiktok": (2200, 300),
}
NETWORK_NAMES = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "x": "X",
    "linkedin": "LinkedIn",
    "tiktok": "TikTok",
}
REPLY_RECOMMENDED_CHARS = 900
MAX_SPELLING_FINDINGS = 60
MAX_SUGGESTED_WORDS = 25  # unknown words that get computed suggestions in one review
SELF_RATIO_THRESHOLD = 0.75
MIN_SELF_REFS = 3
MIN_WORDS_READABILITY = 15
LONG_SENTENCE_WORDS = 40


# --------------------------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------------------------
@dataclass
class Finding:
    """One thing to improve. ``start``/``end`` index into ``Review.text``; 0, 0 = whole text."""

    category: str
    start: int
    end: int
    message: str
    suggestion: str = ""
    code: str = ""


@dataclass
class Review:
    """The result of :func:`review`.

    ``text`` is the reviewed text: the input normalised to Unicode NFC and cut at
    ``MAX_REVIEW_CHARS``. Every finding's span points into it (for already-NFC input,
    which is almost all typed text, it is the same as the original string).
    """

    text: str
    kind: str
    network: str | None
    findings: list[Finding]
    summary: str
    word_count: int = 0
    self_refs: int = 0
    reader_refs: float = 0.0
    self_ratio: float = 0.0
    readability: float | None = None
    readability_band: str | None = None
    truncated: bool = False
    elements: dict[str, bool] = field(default_factory=dict)

    def by_category(self, category: str) -> list[Finding]:
        return [f for f in self.findings if f.category == category]

    def categories(self) -> set[str]:
        return {f.category for f in self.findings}

    def codes(self) -> set[str]:
        return {f.code for f in self.findings if f.code}


# --------------------------------------------------------------------------------------------
# Sign-off
# --------------------------------------------------------------------------------------------
_NAME = r"[A-ZÁÉÍÓÚÑ][a-záéíóúüñ]+\.?"
_CLOSING = (r"(?i:un\s+(?:cordial\s+)?(?:saludo|abrazo|beso|besazo|abrazo\s+fuerte)(?:\s+cordial)?"
            r"|saludos(?:\s+cordiales)?|atentamente|abrazos|besos|gracias|hasta\s+pronto"
            r"|nos\s+vemos|fdo\.?:?)")
_SIGNOFF_RE = _lazy(
    rf"(?:^|[.!?…\n:;]|[—–]|\s-|{_CLOSING}\s*[,:.]?)\s*[—–-]?\s*"
    rf"(?!{_CLOSING}\b)(?P<name>{_NAME}(?:\s+(?:y\s+|de\s+|del\s+)?{_NAME}){{0,3}})"
    r"\s*(?:[,(]\s*[^.!?\n]{0,40}?\)?)?\s*[.!]?\s*$"
)
_NOT_NAMES = frozenset(
    "gracias saludos atentamente bss bs besos besitos abrazos hola adiós chao ciao vale ok "
    "genial perfecto pronto hoy mañana bienvenida bienvenido enhorabuena felicidades "
    "asesoría bar peluquería taller tienda equipo dirección administración gerencia atención "
    "empresa restaurante cafetería clínica la el los las un una nos te os muchas mil "
    "estimado estimada cuéntanos escríbenos".split()
)


def _signoff(text: str) -> tuple[int, int] | None:
    """Span of a human sign-off (a name at the end), if any."""
    tail_start = max(0, len(text) - 160)
    tail = text[tail_start:]
    tail = re.sub(r"[^\w.)!]+$", "", tail)  # drop trailing emoji and spaces
    m = _SIGNOFF_RE.search(tail)
    if not m:
        return None
    first = m.group("name").split()[0].rstrip(".").lower()
    if first in _NOT_NAMES:
        return None
    return tail_start + m.start("name"), tail_start + m.end("name")


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------
def _ci(pattern: str) -> _LazyRe:
    return _LazyRe(pattern, re.I)


_V = r"[a-záéíóúüñ]"
_PARTICIPLE = rf"{_V}+(?:ado|ada|ido|ida|ído|ados|idos)|hecho|dicho|visto|puesto|escrito|vuelto|roto|abierto"
# (regex, wrong -> right builder, message)
_CONTEXT_RULES: list[tuple[_LazyRe, str, str, str]] = [
    (_ci(r"(?<=[¿¡])\s*(?:(?:y|pero|entonces|a|de|en|por|para|con|desde|hasta)\s+)?"
         r"(?P<w>que|como|cuando|donde|adonde|quien|quienes|cual|cuales|cuanto|cuanta|cuantos|cuantas)\b"
         r"(?=[^¿?¡!]*[?])"),
     "interrogativo", "En las preguntas, «{w}» lleva tilde: «{fix}».", "{fix}"),
    (_ci(r"(?:^|(?<=[¡,.\s]))(?P<w>que)\s+(?:pena|ilusión|ilusion|alegría|alegria|suerte|ganas|"
         r"bien|bonito|bonita|guapo|guapa|rico|rica|maravilla|pasada|gusto|sorpresa|lujo|"
         r"detalle|emoción|emocion|orgullo|chulo|chula|precioso|preciosa|bueno|buena)\b"),
     "exclamativo", "En las exclamaciones, «{w}» lleva tilde: «{fix}».", "{fix}"),
    (_ci(r"\b(?:sabes|sabías|sabias|sabe|dime|dinos|cuéntanos|pregúntanos|no\s+sé)\s+"
         r"(?P<w>como|cuando|donde|quien|cuanto|cuanta|cuantos|cuantas)\b"),
     "interrogativo", "En las preguntas indirectas, «{w}» lleva tilde: «{fix}».", "{fix}"),
    (_ci(r"\b(?P<w>mas)\b(?!\s+(?:aún|aun)\b)"),
     "tilde", "«Más» (cantidad) lleva tilde; «mas» sin tilde significa «pero» y casi no se usa.",
     "más"),
    (_ci(r"\b(?:ya|no|que|aquí|aqui|ahora|hoy|todo|siempre|también|tambien)\s+(?P<w>esta|estas)\b"
         r"|\b(?P<w2>esta|estas)\s+(?:bien|mal|listo|lista|listos|listas|abierto|abierta|"
         r"cerrado|cerrada|disponible|disponibles|aquí|aqui|ahí|ahi|allí|alli|en|muy|hecho|"
         r"hecha|incluido|incluida|preparado|preparada|encantado|encantada|a\s+punto|"
         rf"{_V}+ndo)\b"),
     "tilde", "Aquí «{w}» es del verbo estar y lleva tilde: «{fix}».", "{fix}"),
    (_ci(r"\b(?P<w>tu)\b(?=\s*(?:[?!.,;:)]|$))"),
     "tilde", "Como pronombre, «tú» lleva tilde.", "tú"),
    (_ci(r"\b(?:para|a|de|por|sin|sobre|hacia|contra|según)\s+(?P<w>mi)\b(?=\s*(?:[?!.,;:)]|$))"),
     "tilde", "Como pronombre, «mí» lleva tilde.", "mí"),
    (_ci(r"\b(?:que|claro\s+que|pues|eso)\s+(?P<w>si)\b(?=\s*(?:[?!.,;:]|$))"),
     "tilde", "El «sí» de afirmar lleva tilde.", "sí"),
    (_ci(r"\bno\s+(?P<w>se)\b(?=\s*(?:[,.!?;:]|$|si\b|qu[eé]\b|c[oó]mo\b|cu[aá]ndo\b|d[oó]nde\b))"),
     "tilde", "«Sé» (del verbo saber) lleva tilde: «no sé».", "sé"),
    (_ci(rf"\b(?:lo|la|los|las|le|les|me|te|se|nos|os|no|ya|nunca|siempre|quien|que)\s+"
         rf"(?P<w>a)\s+(?:{_PARTICIPLE})\b"),
     "haber", "Delante de un participio va el verbo haber: «ha», con hache.", "ha"),
    (_ci(rf"\b(?:yo|ya|no|lo|la|le|me|te|se|nos|os|que)\s+(?P<w>e)\s+(?:{_PARTICIPLE})\b"),
     "haber", "Delante de un participio va el verbo haber: «he», con hache.", "he"),
    (_ci(r"\b(?P<w>haber)\s+si\b"),
     "haber", "Aquí va «a ver» (de mirar), no «haber».", "a ver"),
    (_ci(rf"\b(?P<w>a\s+ver)\s+(?:{_PARTICIPLE})\b"),
     "haber", "Delante de un participio va el verbo «haber», no «a ver».", "haber"),
    (_ci(r"\b(?:he|has|ha|hemos|habéis|habeis|han|haya|hayas|hayan|había)\s+(?P<w>echo)\b"),
     "haber", "Del verbo hacer es «hecho», con hache.", "hecho"),
    (_ci(rf"\b(?P<w>halla|hallas|hallan)\s+(?:{_PARTICIPLE})\b"),
     "haber", "Del verbo haber es «haya» (con y); «halla» es de hallar (encontrar).", "haya"),
]
_ACCENTED = {"que": "qué", "como": "cómo", "cuando": "cuándo", "donde": "dónde",
             "adonde": "adónde", "quien": "quién", "quienes": "quiénes", "cual": "cuál",
             "cuales": "cuáles", "cuanto": "cuánto", "cuanta": "cuánta", "cuantos": "cuántos",
             "cuantas": "cuántas", "esta": "está", "estas": "estás"}


def _check_context(text: str, masked: str, english_spans: list[tuple[int, int]]) -> list[Finding]:
    out: list[Finding] = []
    seen: set[int] = set()
    for rx, _code, msg, fix_tpl in _CONTEXT_RULES:
        for m in rx.finditer(masked):
            group = "w" if m.group("w") is not None else "w2"
            s, e = m.span(group)
            if s in seen or any(a <= s < b for a, b in english_spans):
                continue
            wrong = text[s:e]
            fix = fix_tpl.format(fix=_ACCENTED.get(wrong.lower(), wrong))
            fix = _match_case(wrong, fix)
            seen.add(s)
            out.append(Finding("ortografia", s, e, msg.format(w=wrong, fix=fix),
                               f"Escribe «{fix}».", "tilde"))
    return out


def _check_marks(masked: str, english_spans: list[tuple[int, int]]) -> list[Finding]:
    """Unbalanced ¿? and ¡! (Spanish opens questions and exclamations)."""
    out: list[Finding] = []
    open_pos = {"?": None, "!": None}
    opener = {"?": "¿", "!": "¡"}
    for m in re.finditer(r"[¿?¡!]+|(?<!\.)\.(?!\.)|\n", masked):
        run = m.group()
        if any(a <= m.start() < b for a, b in english_spans):
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
                    out.append(Finding(
                        "ortografia", m.start(), m.end(),
                        f"Falta el signo de apertura «{opener[k]}»: en español las "
                        f"{'preguntas' if k == '?' else 'exclamaciones'} se abren y se cierran.",
                        f"Añade «{opener[k]}» al principio de la "
                        f"{'pregunta' if k == '?' else 'exclamación'}.", "signos"))
                open_pos[k] = None
    for k, pos in open_pos.items():
        if pos is not None:
            out.append(_unclosed(pos, k))
    return out


def _unclosed(pos: int, k: str) -> Finding:
    what = "pregunta" if k == "?" else "exclamación"
    return Finding("ortografia", pos, pos + 1,
                   f"Abres una {what} con «{'¿' if k == '?' else '¡'}» pero no la cierras.",
                   f"Cierra la {what} con «{k}».", "signos")


def _check_spelling(text: str, tokens: list[_Token], extra: frozenset[str],
                    signoff: tuple[int, int] | None,
                    skip_spans: list[tuple[int, int]]) -> tuple[list[Finding], int]:
    """Unknown words; a word already inside a tone finding (e.g. «guapi») is not repeated."""
    out: list[Finding] = []
    suggested = 0
    total = 0
    for i, tok in enumerate(tokens):
        w = tok.word
        if tok.english or _skip_word(w, tok, tokens, i, text, signoff):
            continue
        if any(a <= tok.start < b for a, b in skip_spans):
            continue
        low = w.lower()
        fixed = COMMON_ERRORS.get(low)
        if fixed and not fixed[0]:
            continue
        if not fixed and _known(w, extra):
            continue
        if fixed and low not in ("iva",) and _known(w, extra) and low not in ("aver",):
            # in the dictionary after all (e.g. «bs»): only flag chat abbreviations
            if low not in ("q", "k", "xq", "pq", "tb", "tmb", "bss", "bs"):
                continue
        total += 1
        if len(out) >= MAX_SPELLING_FINDINGS:
            continue
        if fixed:
            sugg = [_match_case(w, fixed[0])]
            msg = fixed[1]
        else:
            sugg = suggest(w) if suggested < MAX_SUGGESTED_WORDS and len(w) <= 25 else []
            suggested += 1
            msg = f"«{w}» no está en el diccionario: revisa cómo se escribe."
        if sugg:
            suggestion = "Quizá quieres decir: " + ", ".join(f"«{s}»" for s in sugg) + "."
        else:
            suggestion = ("Si es un nombre o una palabra de tu sector, puedes ignorarlo "
                          "(o pedir que se añada a la lista de palabras del curso).")
        out.append(Finding("ortografia", tok.start, tok.end, msg, suggestion, "desconocida"))
    return out, total


_TONE_RULES: list[tuple[_LazyRe, str, str, str]] = [
    # (regex, code, message, suggestion)
    (_ci(r"\b(?:usted|tú|tu|vosotros)\s+mient[ea]s?\b|\b(?:es|eso\s+es|esto\s+es)\s+(?:una\s+)?"
         r"(?:(?:total|completa|rotunda)mente\s+)?(?:mentira|falso)\b|\bes\s+falso\s+que\b"),
     "acusacion",
     "Llamar mentiroso a un cliente en público siempre te hace perder, aunque tengas razón.",
     "Cuenta tu versión con datos y sin acusar: «Según nuestro registro, …; ¿nos escribes por privado y lo vemos?»."),
    (_ci(r"\bno\s+es\s+(?:verdad|cierto)\b|\bno\s+tienes?\s+(?:usted\s+)?(?:ni\s+idea|razón|razon)\b"),
     "defensiva",
     "Negar lo que dice el cliente suena defensivo y alarga la discusión.",
     "Reconoce su experiencia («Siento que te llevaras esa impresión») y ofrece una solución."),
    (_ci(r"\b(?:la\s+)?culpa\s+(?:es|fue|será|la\s+tiene)\s+(?:suya|tuya|vuestra|de\s+usted|del?\s+\w+)"
         r"|\bno\s+es\s+(?:culpa|problema)\s+(?:nuestr[oa]|mí[oa]|mi[oa])\b"
         r"|\bno\s+(?:podemos|puedo)\s+hacer\s+nada\b|\b(?:te|le|os)\s+recuerdo\s+que\b"
         r"|\blo\s+aceptaste\s+tú\b|\busted\s+(?:lo|la)\s+firmó\b|\bpretendes?\s+que\b"
         r"|\bno\s+somos\s+una\s+ong\b"),
     "culpa",
     "Echar la culpa al cliente (o a otros) da imagen de no hacerte cargo.",
     "Asume tu parte y di qué vas a hacer: «Lo sentimos; esto es lo que vamos a hacer…»."),
    (_ci(r"\b(?:nos|me)\s+(?:ofende|ofenden|duele|duelen|indigna|parece\s+(?:injusto|fatal|"
         r"vergonzoso|una\s+vergüenza))\b|\bno\s+es\s+justo\b|\bqué\s+poca\s+vergüenza\b"
         r"|\bdespués\s+de\s+todo\s+lo\s+que\b|\bnunca\s+nadie\s+se\s+(?:ha|me|nos)\b"),
     "dolido",
     "Mostrarte dolido u ofendido pone el foco en ti y no en el problema del cliente.",
     "Deja a un lado cómo te sientes y céntrate en lo que ha vivido el cliente y en la solución."),
    (_ci(r"\bsi\s+no\s+(?:le|te|os)\s+gusta\b|(?<!que\s)\bno\s+(?:venga|vuelva|vengas|vuelvas|vengáis)\b"
         r"(?!\s+a\s+(?:pasar|ocurrir|suceder|repetirse))"
         r"|\bv[aá]yase\b|\bl[aá]rguese\b|\bvete\s+a\b|\bdej[ea]\s+de\s+(?:escribir|molestar|mentir)\b"
         r"|\b(?:retire|borre|quite|elimine|retira|borra|quita)\s+(?:la|su|tu|esta|esa)\s+(?:reseña|opinión|comentario)\b"
         r"|\bno\s+vamos\s+a\s+(?:devolver|cambiar|hacer)\s+nada\b|\bno\s+entiendo\s+a\s+qu[eé]\s+viene\b"
         r"|\ba\s+qu[eé]\s+viene\s+(?:esto|esta|este)\b"),
     "agresiva",
     "Esta frase suena agresiva: echa al cliente en lugar de ayudarle.",
     "Sustitúyela por una invitación a resolverlo: «Nos gustaría arreglarlo, ¿nos escribes por privado?»."),
    (_ci(r"\b(?:idiota|imbécil|imbecil|estúpid[oa]s?|estupid[oa]s?|tont[oa]s?|gilipollas|payas[oa]s?"
         r"|maleducad[oa]s?|caradura|mentiros[oa]s?|ignorante|sinvergüenza|impresentable"
         r"|ridícul[oa]|cretin[oa]|tonterías|tonterias|sin\s+fundamento)\b"
         r"|\bno\s+sabes?\s+(?:leer|de\s+lo\s+que\s+habla)"),
     "insulto",
     "Esto es un insulto o una descalificación: en redes todo el mundo lo lee.",
     "Quítalo. Responde a los hechos, nunca a la persona."),
]
_SARCASM_RULES: list[tuple[_LazyRe, str]] = [  # replies only
    (_ci(r"\b(?:ja|je|ji)(?:[\s,]*(?:ja|je|ji)){1,}\b|\b(?:ja){2,}\b|\b(?:je){2,}\b"), "risa"),
    (_ci(r"\bguapi\b|\bcampe[oó]na?\b|\blistill[oa]\b|\bclaro\s+que\s+s[ií],\s+\w+"), "condescendiente"),
    (_ci(r"\bqu[eé]\s+sorpresa\b|\bvaya\s+por\s+dios\b|\bserá\s+que\b|\botr[oa]\s+client[ea]\s+que\b"
         r"|^\s*(?:ya|sí),\s+claro\b|\bcomo\s+siempre\b|\b(?:o\s*sea|osea)\s+que\s+ahora\b"
         r"|(?:^|[.!?]\s+)(?:incre[ií]ble|alucinante|en\s+fin|sin\s+comentarios)\s*[.!…]*\s*$"),
     "ironia"),
]
_IRONY_CUES = _ci(r"\b(?:seguro|claro|vaya|será|otr[oa]|como\s+siempre|supuest[oa])\b")


def _check_tone(text: str, masked: str, kind: str) -> list[Finding]:
    out: list[Finding] = []
    for rx, code, msg, sugg in _TONE_RULES:
        for m in rx.finditer(masked):
            out.append(Finding("tono", m.start(), m.end(), msg, sugg, code))
    if kind == "respuesta":
        for rx, code in _SARCASM_RULES:
            for m in rx.finditer(masked):
                out.append(Finding(
                    "tono", m.start(), m.end(),
                    "Esto puede sonar a ironía o burla; por escrito la ironía casi siempre se "
                    "lee como desprecio.",
                    "Escribe en serio y con respeto: di lo que quieres decir de forma directa.",
                    code))
        for m in re.finditer(r"[«\"“'‘]\s*([a-záéíóúüñ]+(?:\s+[a-záéíóúüñ]+)?)\s*[»\"”'’]", masked):
            out.append(Finding(
                "tono", m.start(), m.end(),
                f"Poner «{m.group(1)}» entre comillas suena irónico, como si no te lo creyeras.",
                "Quita las comillas y habla del problema tal cual.", "comillas"))
        for sm in _SENTENCE_RE.finditer(masked):
            sent = sm.group()
            if ("..." in sent or "…" in sent) and _IRONY_CUES.search(sent):
                pos = sent.find("…") if "…" in sent else sent.find("...")
                out.append(Finding(
                    "tono", sm.start() + pos, sm.start() + pos + (1 if "…" in sent else 3),
                    "Los puntos suspensivos con este tono suenan a ironía.",
                    "Termina la frase con un punto y di las cosas claras.", "ironia"))
    # runs of ! or ?
    for m in re.finditer(r"[!¡?¿]{3,}|(?:[!¡][?¿]|[?¿][!¡])[!¡?¿]*", masked):
        out.append(Finding(
            "tono", m.start(), m.end(),
            f"«{m.group()}»: tantos signos seguidos suenan a grito o a enfado.",
            "Usa un solo signo de apertura y uno de cierre: «¡…!» o «¿…?».", "signos_repetidos"))
    # shouting
    out.extend(_check_caps(masked))
    out.sort(key=lambda f: (f.start, f.end))
    dedup: list[Finding] = []
    for f in out:
        if dedup and f.start < dedup[-1].end and f.code == dedup[-1].code:
            continue
        dedup.append(f)
    return dedup


def _check_caps(masked: str) -> list[Finding]:
    out: list[Finding] = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        if not run:
            return
        letters = sum(len(m.group()) for m in run)
        long_words = sum(1 for m in run if len(m.group()) >= 4)
        if (len(run) >= 3 and long_words >= 1) or (len(run) >= 2 and letters >= 10):
            out.append(Finding(
                "tono", run[0].start(), run[-1].end(),
                "Escribir en MAYÚSCULAS se lee como si estuvieras gritando.",
                "Escribe en minúsculas y, si quieres destacar algo, usa una sola palabra o un emoji.",
                "mayusculas"))
        run.clear()

    for m in _WORD_RE.finditer(masked):
        w = m.group()
        if w.isupper() and len(w) >= 2 or (w.isupper() and run):
            if run:
                gap = masked[run[-1].end() : m.start()]
                if _LETTER_RE.search(gap) or len(gap) > 6:
                    flush()
            run.append(m)
        else:
            flush()
    flush()
    return out


_SELF_WORDS = frozenset("yo me mí mi mis conmigo nosotros nosotras nos nuestro nuestra nuestros "
                        "nuestras".split())
_READER_WORDS = frozenset("tú tu tus te ti contigo usted ustedes vosotros vosotras os vuestro "
                          "vuestra vuestros vuestras".split())
_READER_VERBS = frozenset("tienes quieres puedes sabes sabías prefieres necesitas buscas vienes "
                          "eres estás pides piensas crees opinas gusta gustaría atreverías "
                          "quedas aprendiste revisaste".split())
_FORMAL_WORDS = frozenset("su sus le les".split())
_FORMAL_RE = _ci(r"\busted(?:es)?\b|\bestimad[oa]s?\b|\bsr\.|\bsra\.|\bdisculpe\b|\bperdone\b")
_ENCLITIC_RE = _lazy(r"[áéíóú]\w*(?:nos|te|os|me|lo|la|los|las|le|les|se)$")
_COMPANY_RE = _ci(r"\b(?:la|mi|nuestra)\s+empresa\b(?!\s+de\b)")


def _self_reader(masked: str, tokens: list[_Token]) -> tuple[int, float]:
    formal = bool(_FORMAL_RE.search(masked))
    self_refs = 0
    reader = 0.0
    for tok in tokens:
        low = tok.word.lower()
        if low in _SELF_WORDS:
            self_refs += 1
        elif low in _READER_WORDS or low in _READER_VERBS:
            reader += 1
        elif formal and low in _FORMAL_WORDS:
            reader += 1
        elif len(low) > 4 and _ENCLITIC_RE.search(low):
            reader += 1  # «cuéntanos», «escríbenos», «pásate»: talks to the reader
    self_refs += len(_COMPANY_RE.findall(masked))
    return self_refs, reader


_THANKS_RE = _ci(r"\bgracias\b|\bagradec\w*|\bagradezco\b|\bentendemos\b|\bcomprendemos\b"
                 r"|\bentiendo\s+(?:tu|su)\b|(?<!no\s)\btienes?\s+(?:toda\s+la\s+|usted\s+)?raz[oó]n"
                 r"|\bnos\s+alegra|\bme\s+alegra|\bqu[eé]\s+ilusi[oó]n\b|\bun\s+placer\b")
_PROBLEM_RE = _ci(r"problema|retraso|demora|\berror|queja|molestia|reclam|incidencia|devoluci"
                  r"|defectuos|\brot[oa]s?\b|\btarde\b|\bcobr|fallo|\bmal\b|lament|\bsentimos\b"
                  r"|\bsiento\b|perd[oó]n|disculp|\bfalso\b|mentira|\bculpa\b|no\s+es\s+verdad"
                  r"|tardad|\btarda|no\s+cumpl|decepci|\blío\b|\bespera\b|revis|arregl|solucion"
                  r"|reembols|devolv|\bcambiamos\b|\bno\s+(?:te|le)\s+(?:gust|qued)")
_APOLOGY_RE = _ci(r"perd[oó]n\w*|disculp\w*|\bsentimos\b|\blo\s+siento\b"
                  r"|\bsiento\s+(?:mucho|much[ií]simo|que|lo)\b|lament\w*|\bnos\s+sabe\s+mal\b")
_NEXT_RE = _ci(
    r"\bya\s+(?:hemos|está|esta|lo|la|le|te|tienes)\b|\bhemos\s+(?:revisado|hablado|reforzado|reclamado"
    r"|cambiado|solucionado|corregido|arreglado|asignado|añadido|actualizado|devuelto|pedido"
    r"|contactado|mejorado|abierto|enviado)\b"
    r"|\b(?:te|le|os|les)\s+(?:lo\s+|la\s+)?(?:llamamos|llamaremos|llamaré|devolvemos|devolveremos"
    r"|enviamos|enviaremos|mandamos|mandaremos|escribimos|escribiremos|escribe|cambiamos"
    r"|invitamos|guardamos|arreglamos|reembolsamos|damos|daremos|llevamos|buscamos|reservamos"
    r"|explicamos|esperamos)\b"
    r"|\b(?:te|le|os)\s+(?:llamo|escribo|devuelvo|mando|envío|regalo|regalamos|invito|cambio|arreglo)\b"
    r"|(?<!no\s)\bpodemos\s+(?:revisar|ver|mirar|hablar|arreglar|solucionar|cambiar|devolver|ofrecer)\b"
    r"|\bdesde\s+(?:hoy|ahora|esta\s+semana|este\s+mes|mañana)\b|\ba\s+partir\s+de\b|\bhoy\s+mismo\b|\bmañana\b|\bsin\s+coste\b|\bgratis\b"
    r"|\bbuscamos\s+un\s+hueco\b|\blo\s+(?:revisamos|cambiamos|arreglamos|solucionamos|miramos"
    r"|hablamos|vemos)\b|(?<!no\s)\bvamos\s+a\s+\w+|\bnos\s+pondremos\b|\bpuedes\s+(?:recoger|pasar)"
    r"|\bpásate\b|\bescríb(?:e|a)nos|\bllám(?:a|e)nos|\bmánd(?:a|e)nos|\bescr[ií]benos"
    r"|\bquedamos\s+a\s+(?:su|tu)\s+disposici[oó]n\b|\bnos\s+gustar[ií]a\s+\w+"
)
_PRIVATE_RE = _ci(r"mensaje\s+privado|\bprivado\b|\bpor\s+priv\b|\bcorreo\b|e-?mail|tel[eé]fono"
                  r"|\bll[aá]m(?:a|e)nos\b|\b(?:te|le|os)\s+llam(?:amos|aremos|aré)\b|whatsapp"
                  r"|\bpor\s+interno\b|\b\d{3}\s?\d{3}\s?\d{3}\b")
_PRIVATE_CASE_RE = _lazy(r"\b(?:MD|DM|md|dm|privi)\b")
_PUBLIC_DATA_RE = _ci(
    r"\b(?:dinos|dime|déjanos|dejanos|deja|pon|ponnos|escribe|escríbenos|indícanos|indicanos|"
    r"facilítanos|pásanos|danos|comparte|déjenos|indíquenos|facilítenos)\b[^.!?\n]{0,40}"
    r"\b(?:dirección|direccion|tel[eé]fono|m[oó]vil|dni|iban|tarjeta|cuenta\s+bancaria|"
    r"n[uú]mero\s+de\s+(?:pedido|tel[eé]fono|m[oó]vil|cuenta|tarjeta)|e-?mail|correo)\b"
)
_PUBLIC_PLACE_RE = _ci(r"\baqu[ií]\b|\bpor\s+aqu[ií]\b|\ben\s+(?:los\s+)?comentarios\b|\babajo\b"
                       r"|\bp[uú]blicamente\b|\ben\s+esta\s+(?:publicaci[oó]n|reseña)\b")
_INVITE_RE = _ci(r"cu[eé]ntan\w*|cu[eé]ntame|com[eé]ntanos|\bcomenta\b|\bcomentad\b|déjanos\s+(?:tu|un|en)"
                 r"|\bte\s+leemos\b|\bos\s+leemos\b|\bdinos\b|\bcontadnos\b|\bnos\s+cuentas\b"
                 r"|\bnos\s+cont[aá]is\b|\betiqueta\s+a\b|\bmenciona\s+a\b|\bvota\b|\bresponde\b"
                 r"|\by\s+t[uú]\b")


def _check_structure(text: str, masked: str, kind: str, network: str | None,
                     tone_found: bool, elements: dict[str, bool]) -> list[Finding]:
    out: list[Finding] = []
    n = len(text)
    if kind == "respuesta":
        thanks = bool(_THANKS_RE.search(masked))
        problem = tone_found or bool(_PROBLEM_RE.search(masked))
        apology = bool(_APOLOGY_RE.search(masked))
        nxt = bool(_NEXT_RE.search(masked))
        private = bool(_PRIVATE_RE.search(masked) or _PRIVATE_CASE_RE.search(masked))
        sign = _signoff(text)
        public_data = None
        for sm in _SENTENCE_RE.finditer(masked):
            sent = sm.group()
            m = _PUBLIC_DATA_RE.search(sent)
            if m and _PUBLIC_PLACE_RE.search(sent) and not (
                _PRIVATE_CASE_RE.search(sent) or re.search(r"privad|\bcorreo\b", sent, re.I)
            ):
                public_data = (sm.start() + m.start(), sm.start() + m.end())
                break
        elements.update(agradecimiento=thanks, problema=problem, disculpa=apology,
                        siguiente_paso=nxt, canal_privado=private, firma=sign is not None,
                        datos_en_publico=public_data is not None)
        if not thanks:
            out.append(Finding(
                "estructura", 0, 0,
                "No das las gracias ni reconoces el comentario del cliente.",
                "Empieza agradeciendo: «Gracias por contarnos tu experiencia, …».",
                "sin_agradecimiento"))
        if problem and not apology:
            out.append(Finding(
                "estructura", 0, 0,
                "El cliente cuenta un problema y tu respuesta no incluye una disculpa.",
                "Pide perdón de forma sencilla: «Sentimos mucho lo que pasó» o «Perdona las molestias».",
                "sin_disculpa"))
        if problem and not nxt:
            out.append(Finding(
                "estructura", 0, 0,
                "No propones una solución ni un paso concreto.",
                "Di qué vas a hacer y cuándo: «Hoy mismo te devolvemos el importe», "
                "«Te llamamos mañana para buscar una cita».",
                "sin_siguiente_paso"))
        if public_data is not None:
            out.append(Finding(
                "estructura", public_data[0], public_data[1],
                "Pides datos personales en público: cualquiera podría verlos.",
                "Pide esos datos por mensaje privado, correo o teléfono.", "datos_en_publico"))
        elif problem and not private:
            out.append(Finding(
                "estructura", 0, 0,
                "No ofreces un canal privado para resolver el problema.",
                "Invita a seguir por mensaje privado (MD), correo o teléfono para los datos personales.",
                "sin_canal_privado"))
        if sign is None:
            out.append(Finding(
                "estructura", n, n,
                "La respuesta no termina con una firma: parece escrita por una máquina.",
                "Firma con tu nombre al final, por ejemplo: «Un saludo, Marta».", "sin_firma"))
        if n > REPLY_RECOMMENDED_CHARS:
            out.append(Finding(
                "estructura", 0, 0,
                f"Tu respuesta tiene {n} caracteres: es larga para un comentario.",
                f"Intenta quedarte por debajo de {REPLY_RECOMMENDED_CHARS} caracteres; "
                "lo demás, por privado.", "demasiado_largo"))
    else:
        invite = "?" in masked or bool(_INVITE_RE.search(masked))
        elements.update(invitacion=invite)
        if not invite:
            out.append(Finding(
                "estructura", 0, 0,
                "Tu publicación no invita a conversar: nadie sabe qué responder.",
                "Termina con una pregunta al lector («¿Y tú qué prefieres?») o con «Cuéntanos…».",
                "sin_invitacion"))
        hard, soft = NETWORK_LIMITS[network]
        name = NETWORK_NAMES.get(network or "", "redes sociales")
        elements.update(longitud_ok=True)
        if hard is not None and n > hard:
            elements["longitud_ok"] = False
            out.append(Finding(
                "estructura", hard, n,
                f"Tu publicación tiene {n} caracteres y {name} solo admite {hard}.",
                f"Recórtala hasta {hard} caracteres como mucho.", "demasiado_largo"))
        elif n > soft:
            elements["longitud_ok"] = False
            out.append(Finding(
                "estructura", soft, n,
                f"Tu publicación tiene {n} caracteres: es larga para {name} "
                f"(recomendado: hasta {soft}).",
                "Quédate con la idea principal; el resto puede ir en otra publicación.",
                "demasiado_largo"))
    return out


# --------------------------------------------------------------------------------------------
# Readability
# --------------------------------------------------------------------------------------------
_textstat_lock = threading.Lock()
READABILITY_BANDS = ((80.0, "muy fácil"), (65.0, "fácil"), (55.0, "normal"),
                     (40.0, "algo difícil"), (float("-inf"), "difícil"))


def readability_band(score: float) -> str:
    """Plain-language band of a Szigriszt-Pazos (INFLESZ) score."""
    for limit, band in READABILITY_BANDS:
        if score >= limit:
            return band
    return "difícil"  # pragma: no cover


def _readability(text: str) -> float | None:
    """Szigriszt-Pazos perspicuity (textstat, Spanish). textstat's language is global: restored."""
    import textstat

    with _textstat_lock:
        instance = getattr(textstat, "textstat", textstat)  # the shared textstatistics object
        previous = getattr(instance, "_textstatistics__lang", "en_US")
        try:
            textstat.set_lang("es")
            score = float(textstat.szigriszt_pazos(text))
        except Exception:  # noqa: BLE001 - a score is optional
            return None
        finally:
            textstat.set_lang(previous)
    if score != score or score in (float("inf"), float("-inf")):
        return None
    return round(score, 1)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------
def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(
            f"Tipo de texto no válido: {kind!r}. Usa «respuesta» (respuesta a un comentario) "
            "o «publicacion» (publicación)."
        )


def _check_network(network: str | None) -> None:
    if network not in NETWORK_LIMITS:
        names = ", ".join(f"«{k}»" for k in NETWORK_LIMITS if k)
        raise ValueError(f"Red social no válida: {network!r}. Usa {names} o None.")


def review(text: str, kind: str = "respuesta", network: str | None = None,
           extra_words: Iterable[str] = ()) -> Review:
    """Review a reply (``kind="respuesta"``) or a post (``kind="publicacion"``) in Spanish."""
    _check_kind(kind)
    _check_network(network)
    text, truncated = _prepare(text)
    what = "tu respuesta" if kind == "respuesta" else "tu publicación"
    if not _LETTER_RE.search(text):
        summary = (f"Todavía no hay nada que revisar: escribe {what} y pulsa «Revisar». "
                   "Te diré qué está bien y qué puedes mejorar.")
        return Review(text=text, kind=kind, network=network, findings=[], summary=summary)

    extra = frozenset(unicodedata.normalize("NFC", w).lower() for w in extra_words)
    masked = _mask(text)
    tokens = _tokens(masked)
    english_spans = _english_spans(masked)
    signoff = _signoff(text)  # names in a sign-off are not spell-checked
    findings: list[Finding] = []

    tone = _check_tone(text, masked, kind)
    tone_spans = [(f.start, f.end) for f in tone if f.code != "mayusculas"]
    spelling, spelling_total = _check_spelling(text, tokens, extra, signoff, tone_spans)
    findings += spelling
    findings += _check_context(text, masked, english_spans)
    findings += _check_marks(masked, english_spans)
    findings += tone

    self_refs, reader_refs = _self_reader(masked, tokens)
    total_refs = self_refs + reader_refs
    ratio = round(self_refs / total_refs, 2) if total_refs else 0.0
    if self_refs >= MIN_SELF_REFS and ratio >= SELF_RATIO_THRESHOLD:
        pct = round(ratio * 100)
        findings.append(Finding(
            "yo", 0, 0,
            f"El {pct} % de las referencias a personas hablan de ti o de tu negocio "
            f"({self_refs} de {total_refs:g}: «yo», «nos», «nuestro»…) y solo el {100 - pct} % "
            "del cliente.",
            "Habla más de lo que gana el cliente: cambia «nuestro producto es…» por "
            "«con esto tú…», y pregúntale su opinión.", "yo"))

    elements: dict[str, bool] = {}
    findings += _check_structure(text, masked, kind, network, bool(tone), elements)

    word_count = len(tokens)
    score = band = None
    if word_count >= MIN_WORDS_READABILITY:
        score = _readability(masked)
        band = readability_band(score) if score is not None else None
        if band == "difícil" or (band == "algo difícil" and word_count >= 40):
            findings.append(Finding(
                "legibilidad", 0, 0,
                f"Tu texto es {band} de leer (índice Szigriszt-Pazos: {score:g}). En redes se "
                "lee deprisa y desde el móvil.",
                "Usa frases cortas (menos de 20 palabras) y palabras sencillas: «según la ley» "
                "en lugar de «en virtud de lo dispuesto en la normativa».", "dificil"))
        for sm in _SENTENCE_RE.finditer(masked):
            n_words = len(_WORD_RE.findall(sm.group()))
            if n_words > LONG_SENTENCE_WORDS:
                findings.append(Finding(
                    "legibilidad", sm.start(), sm.end(),
                    f"Esta frase tiene {n_words} palabras: cuesta seguirla.",
                    "Pártela en dos o tres frases más cortas.", "frase_larga"))
    if truncated:
        findings.append(Finding(
            "legibilidad", MAX_REVIEW_CHARS, MAX_REVIEW_CHARS,
            f"Tu texto es muy largo: solo he revisado los primeros {MAX_REVIEW_CHARS:,} "
            "caracteres.".replace(",", "."),
            "En redes sociales, los textos cortos funcionan mucho mejor.", "recortado"))

    findings.sort(key=lambda f: (CATEGORIES.index(f.category), f.start, f.end))
    result = Review(text=text, kind=kind, network=network, findings=findings, summary="",
                    word_count=word_count, self_refs=self_refs, reader_refs=reader_refs,
                    self_ratio=ratio, readability=score, readability_band=band,
                    truncated=truncated, elements=elements)
    result.summary = _summary(result, spelling_total)
    return result


def _english_spans(masked: str) -> list[tuple[int, int]]:
    spans = []
    for sm in _SENTENCE_RE.finditer(masked):
        lows = [w.lower() for w in _WORD_RE.findall(sm.group())]
        eng = sum(1 for w in lows if w in _ENGLISH_ONLY)
        if lows and eng >= 2 and eng >= 0.3 * len(lows):
            spans.append(sm.span())
    return spans


_PRIORITY = ("tono", "estructura", "yo", "ortografia", "legibilidad")
_ADVICE = {
    "tono": "Empieza por el tono: es lo que más pesa en cómo te ven tus clientes.",
    "estructura": "Empieza por la estructura: agradece, discúlpate si hace falta, propón una "
                  "solución y firma con tu nombre.",
    "yo": "Empieza por hablar menos de tu negocio y más de tu cliente.",
    "ortografia": "Empieza por la ortografía: unas pocas faltas restan mucha confianza.",
    "legibilidad": "Empieza por acortar las frases: en el móvil se lee deprisa.",
}


def _summary(r: Review, spelling_total: int) -> str:
    what = "tu respuesta" if r.kind == "respuesta" else "tu publicación"
    counts: dict[str, int] = {}
    for f in r.findings:
        if f.code == "recortado":
            continue
        counts[f.category] = counts.get(f.category, 0) + 1
    if spelling_total > counts.get("ortografia", 0) and "ortografia" in counts:
        counts["ortografia"] += spelling_total - len([f for f in r.findings if f.code == "desconocida"])
    parts = []
    if not counts:
        parts.append(f"¡Muy bien! No he encontrado nada que corregir en {what}.")
    else:
        total = sum(counts.values())
        detail = ", ".join(f"{n} de {CATEGORY_LABELS[c]}" for c in _PRIORITY
                           if (n := counts.get(c)))
        plural = "aspecto" if total == 1 else "aspectos"
        parts.append(f"He encontrado {total} {plural} que puedes mejorar en {what} ({detail}).")
        first = next(c for c in _PRIORITY if c in counts)
        parts.append(_ADVICE[first])
    if r.readability_band:
        parts.append(f"Se lee de forma {r.readability_band} (índice {r.readability:g} sobre 100).")
    if r.truncated:
        parts.append(f"Ojo: el texto era muy largo y solo he revisado los primeros "
                     f"{MAX_REVIEW_CHARS:,} caracteres.".replace(",", "."))
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RubricItem:
    """One rubric line: ``key`` (what is checked), Spanish ``label``, ``points``, ``how``."""

    key: str
    label: str
    points: float
    how: str = ""


@dataclass(frozen=True)
class Rubric:
    """A grading rubric for one kind of text (readable by instructors)."""

    kind: str
    items: tuple[RubricItem, ...]
    max_spelling_errors: int = 2

    @property
    def total(self) -> float:
        return round(sum(i.points for i in self.items), 2)


_REPLY_ITEMS = (
    RubricItem("tono", "Tono respetuoso (sin ataques, gritos, ironía ni culpas)", 3.0,
               "Ningún aviso de tono."),
    RubricItem("agradecimiento", "Agradece o reconoce el comentario", 1.0,
               "«Gracias», «agradecemos», «tienes razón», «entendemos»…"),
    RubricItem("disculpa", "Pide disculpas si hay un problema", 1.0,
               "«Perdona», «sentimos», «lamentamos»… (si no hay problema, punto completo)."),
    RubricItem("siguiente_paso", "Propone una solución o un paso concreto", 1.5,
               "Qué vas a hacer y cuándo (si no hay problema, punto completo)."),
    RubricItem("canal_privado", "Lleva los datos personales a un canal privado", 1.0,
               "Mensaje privado, MD, correo o teléfono; nunca pedir datos en público."),
    RubricItem("firma", "Firma con un nombre", 0.5, "Un nombre al final: «Un saludo, Marta»."),
    RubricItem("ortografia", "Ortografía cuidada", 1.0,
               "Como mucho {max} faltas (palabras desconocidas, tildes, ¿? y ¡!)."),
    RubricItem("yo", "Habla del cliente más que de ti", 1.0,
               f"Menos del {round(SELF_RATIO_THRESHOLD * 100)} % de referencias a «yo/nosotros» "
               f"(se mira a partir de {MIN_SELF_REFS})."),
)
_POST_ITEMS = (
    RubricItem("tono", "Tono adecuado (sin gritos ni ironía)", 2.0, "Ningún aviso de tono."),
    RubricItem("invitacion", "Invita a conversar", 2.0,
               "Una pregunta al lector, «cuéntanos», «¿y tú?»…"),
    RubricItem("longitud", "Longitud adecuada para la red", 1.5,
               "Dentro del límite de la red (X: 280 caracteres)."),
    RubricItem("ortografia", "Ortografía cuidada", 2.0,
               "Como mucho {max} faltas (palabras desconocidas, tildes, ¿? y ¡!)."),
    RubricItem("yo", "Habla del cliente más que de ti", 1.5,
               f"Menos del {round(SELF_RATIO_THRESHOLD * 100)} % de referencias a «yo/nosotros» "
               f"(se mira a partir de {MIN_SELF_REFS})."),
    RubricItem("legibilidad", "Fácil de leer", 1.0,
               "Índice Szigriszt-Pazos no «difícil» («algo difícil» cuenta solo en textos de "
               f"40 palabras o más) y sin frases de más de {LONG_SENTENCE_WORDS} palabras."),
)
DEFAULT_RUBRICS = {"respuesta": Rubric("respuesta", _REPLY_ITEMS),
                   "publicacion": Rubric("publicacion", _POST_ITEMS)}


def default_rubric(kind: str = "respuesta") -> Rubric:
    """The default rubric for ``kind``."""
    _check_kind(kind)
    return DEFAULT_RUBRICS[kind]


def _resolve_rubric(rubric: Rubric | Mapping[str, float] | None, kind: str) -> Rubric:
    base = default_rubric(kind)
    if rubric is None:
        return base
    if isinstance(rubric, Rubric):
        return rubric
    if isinstance(rubric, Mapping):
        known = {i.key for i in base.items}
        unknown = [k for k in rubric if k not in known and k != "max_spelling_errors"]
        if unknown:
            raise ValueError(f"Criterios desconocidos en la rúbrica: {', '.join(map(str, unknown))}. "
                             f"Usa: {', '.join(sorted(known))}.")
        items = tuple(RubricItem(i.key, i.label, float(rubric.get(i.key, i.points)), i.how)
                      for i in base.items)
        max_err = int(rubric.get("max_spelling_errors", base.max_spelling_errors))
        return Rubric(kind, items, max_err)
    raise TypeError("La rúbrica debe ser un objeto Rubric, un diccionario {criterio: puntos} o None.")


def _fmt(x: float) -> str:
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return s.replace(".", ",")


def review_score(text: str, kind: str = "respuesta",
                 rubric: Rubric | Mapping[str, float] | None = None,
                 network: str | None = None) -> tuple[float, list[str]]:
    """Partial credit for an exercise: (points earned, Spanish line per rubric item)."""
    _check_kind(kind)
    rub = _resolve_rubric(rubric, kind)
    r = review(text, kind, network=network)
    lines: list[str] = []
    earned = 0.0
    if not r.word_count:
        for item in rub.items:
            lines.append(f"❌ {item.label}: 0/{_fmt(item.points)}. No has escrito nada todavía.")
        lines.append(f"Total: 0/{_fmt(rub.total)} puntos.")
        return 0.0, lines
    cats = r.categories()
    codes = r.codes()
    el = r.elements
    n_spelling = len(r.by_category("ortografia"))
    for item in rub.items:
        ok, note = _rubric_item(item.key, r, el, cats, codes, n_spelling, rub.max_spelling_errors)
        pts = item.points if ok else 0.0
        earned += pts
        mark = "✅" if ok else "❌"
        lines.append(f"{mark} {item.label}: {_fmt(pts)}/{_fmt(item.points)}. {note}")
    earned = round(earned, 2)
    lines.append(f"Total: {_fmt(earned)}/{_fmt(rub.total)} puntos.")
    return earned, lines


def _rubric_item(key: str, r: Review, el: dict[str, bool], cats: set[str], codes: set[str],
                 n_spelling: int, max_err: int) -> tuple[bool, str]:
    problem = el.get("problema", False)
    if key == "tono":
        n = len(r.by_category("tono"))
        return (n == 0, "Tono correcto." if n == 0 else f"Hay {n} aviso(s) de tono.")
    if key == "agradecimiento":
        ok = el.get("agradecimiento", False)
        return ok, "Das las gracias." if ok else "Falta agradecer el comentario."
    if key == "disculpa":
        if not problem:
            return True, "No hacía falta: no hay ningún problema del que disculparse."
        ok = el.get("disculpa", False)
        return ok, "Pides disculpas." if ok else "Falta una disculpa («Sentimos…», «Perdona…»)."
    if key == "siguiente_paso":
        if not problem:
            return True, "No hacía falta: no hay ningún problema que resolver."
        ok = el.get("siguiente_paso", False)
        return ok, "Propones un paso concreto." if ok else "Falta decir qué vas a hacer y cuándo."
    if key == "canal_privado":
        if el.get("datos_en_publico"):
            return False, "Pides datos personales en público."
        if not problem:
            return True, "No hacía falta: no hay datos personales que tratar."
        ok = el.get("canal_privado", False)
        return ok, ("Ofreces un canal privado." if ok
                    else "Falta ofrecer mensaje privado, correo o teléfono.")
    if key == "firma":
        ok = el.get("firma", False)
        return ok, "Firmas con tu nombre." if ok else "Falta firmar con tu nombre."
    if key == "ortografia":
        ok = n_spelling <= max_err
        return ok, f"{n_spelling} falta(s) de ortografía (máximo {max_err})."
    if key == "yo":
        ok = "yo" not in cats
        return ok, (f"Proporción «yo»: {round(r.self_ratio * 100)} %." if ok else
                    f"Hablas demasiado de ti ({round(r.self_ratio * 100)} % de las referencias).")
    if key == "invitacion":
        ok = "sin_invitacion" not in codes
        return ok, "Invitas a conversar." if ok else "Falta una pregunta o invitación al lector."
    if key == "longitud":
        ok = "demasiado_largo" not in codes
        return ok, "Longitud adecuada." if ok else "Es demasiado larga para la red."
    if key == "legibilidad":
        ok = "legibilidad" not in cats
        band = f" Se lee de forma {r.readability_band}." if r.readability_band else ""
        return ok, ("Fácil de leer." if ok else "Cuesta leerla.") + band
    return False, "Criterio desconocido."


def rubric_markdown(rubric: Rubric | Mapping[str, float] | None = None,
                    kind: str = "respuesta") -> str:
    """The rubric as a Spanish markdown table for instructors."""
    if isinstance(rubric, Rubric):
        kind = rubric.kind
    rub = _resolve_rubric(rubric, kind)
    title = "respuesta a un comentario" if rub.kind == "respuesta" else "publicación"
    lines = [f"**Rúbrica: {title}** (total {_fmt(rub.total)} puntos)", "",
             "| Criterio | Puntos | Cómo lo comprueba el revisor |", "| --- | ---: | --- |"]
    for item in rub.items:
        how = item.how.replace("{max}", str(rub.max_spelling_errors)).replace("|", "\\|")
        lines.append(f"| {item.label} | {_fmt(item.points)} | {how} |")
    lines.append(f"| **Total** | **{_fmt(rub.total)}** | |")
    return "\n".join(lines) + "\n"
