"""Scoring: how an answer (plain data) scores against a key, with partial credit and Spanish lines; no nbgrader, no UI."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Result:
    """How an answer scored: a fraction in [0, 1] and Spanish lines, one per item."""

    fraction: float
    lines: list[str] = field(default_factory=list)
    answered: bool = True


#: Texts longer than this are scored on their beginning (the reviewer's own limit).
MAX_TEXT_CHARS = 20_000

#: What each written answer's automatic part looks at; the rest is graded by hand.
AUTO_REPLY = (
    "Esto es solo la parte automática: la rúbrica del revisor mira la forma de tu respuesta "
    "(agradecer, disculparte, proponer un paso, ofrecer un canal privado, firmar, el tono, la "
    "ortografía y el «yo»). Lo que dices y cómo lo dices lo valora a mano tu formador o "
    "formadora con la rúbrica del enunciado."
)
AUTO_REWRITE = (
    "Esto es solo la parte automática: el revisor mira la medida «yo», la invitación a "
    "conversar, el tono, la ortografía, la longitud y la legibilidad. De quién hablas, qué "
    "aportas y cómo invitas a conversar lo valora a mano tu formador o formadora con la "
    "rúbrica del enunciado."
)
AUTO_SMART = (
    "Esto es solo la parte automática: comprueba que estén las cinco piezas. Si el objetivo "
    "tiene sentido para el caso lo valora a mano tu formador o formadora."
)
AUTO_TEXT = (
    "Esto es solo la parte automática: comprueba que hayas escrito al menos {min_words} "
    "palabras en frases. El contenido lo valora a mano tu formador o formadora con la rúbrica "
    "del enunciado."
)


def wrong_form(expected: str) -> Result:
    """0 for a saved value of the wrong shape, with a line that blames the answer's form."""
    return Result(0.0, [f"La respuesta no tiene la forma esperada: {expected}"])


def _unanswered(value: Any) -> bool:
    """Whether ``value`` is no answer at all: None, or an empty text, list or object."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, tuple, dict)) and not value


def _option(value: Any) -> bool:
    """Whether ``value`` can name an option (a text or a whole number, never true/false)."""
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _accepted(key: Any) -> set:
    """The accepted values of a key: one value, or a list of several."""
    return set(key) if isinstance(key, (list, tuple, set, frozenset)) else {key}


def _cut(text: str) -> tuple[str, list[str]]:
    """``text`` cut at ``MAX_TEXT_CHARS``, and the line that says so (if it was cut)."""
    if len(text) <= MAX_TEXT_CHARS:
        return text, []
    limit = f"{MAX_TEXT_CHARS:,}".replace(",", ".")
    return text[:MAX_TEXT_CHARS], [
        f"Tu texto es muy largo: solo se han valorado sus primeros {limit} caracteres."
    ]


def _not_prose(problem: str, share: str) -> Result:
    """0 for a text that is not written in sentences, saying why and what is graded by hand."""
    return Result(0.0, [f"Sin puntuación automática: {problem}", share])


def score_single(value: Any, key: str | list[str]) -> Result:
    """One right option (or any of several accepted ones): all or nothing."""
    if _unanswered(value):
        return Result(0.0, ["No elegiste ninguna opción."], answered=False)
    if not isinstance(value, str):
        return wrong_form("se esperaba una de las opciones.")
    ok = value in _accepted(key)
    return Result(1.0 if ok else 0.0, ["✅ Opción correcta." if ok else "❌ Opción incorrecta."])


def score_multiple(value: Any, key: list[str]) -> Result:
    """Right picks minus wrong picks over the number of right options, floored at 0."""
    if _unanswered(value):
        return Result(0.0, ["No marcaste ninguna opción."], answered=False)
    if not isinstance(value, (list, tuple)):
        return wrong_form("se esperaba la lista de las opciones que marcaste.")
    picked = {v for v in value if _option(v)}
    if not picked:
        return wrong_form("ninguno de los elementos de la lista es una opción.")
    right = set(key)
    hits, misses = len(picked & right), len(picked - right)
    fraction = max(0.0, (hits - misses) / len(right)) if right else 0.0
    lines = [f"Aciertos: {hits} de {len(right)}."]
    if misses:
        lines.append(
            f"Marcaste {misses} opción(es) que no correspondía(n); cada una resta un acierto."
        )
    return Result(fraction, lines)


def score_classify(
    value: Any, key: Mapping[str, Any], labels: Mapping[str, str] | None = None
) -> Result:
    """Share of items put in the right category (a key value may list several accepted)."""
    if _unanswered(value):
        return Result(0.0, ["No clasificaste ningún elemento."], answered=False)
    if not isinstance(value, Mapping):
        return wrong_form("se esperaba una categoría para cada elemento.")
    right = 0
    lines = []
    for item, expected in key.items():
        got = value.get(item)
        name = (labels or {}).get(item, item)
        if _option(got) and got in _accepted(expected):
            right += 1
            lines.append(f"✅ {name}")
        elif got is None:
            lines.append(f"⬜ {name}: sin responder")
        else:
            lines.append(f"❌ {name}")
    fraction = right / len(key) if key else 0.0
    lines.insert(0, f"Bien clasificados: {right} de {len(key)}.")
    return Result(fraction, lines)


def score_order(value: Any, key: list[str] | list[list[str]], method: str = "positions") -> Result:
    """Ordering: share of items in their exact place, or Spearman's rank correlation (>= 0).

    ``key`` is one order, or a list of orders that are all defensible: the answer scores
    against the one it is closest to. A saved order is a list of items or an object
    {item: position}; positions outside 1…n are not read.
    """
    if method not in ("positions", "rank"):
        raise ValueError(f"unknown ordering method: {method}")
    if key and all(isinstance(k, (list, tuple)) for k in key):
        results = [score_order(value, list(k), method) for k in key]
        return max(results, key=lambda r: r.fraction)
    if _unanswered(value):
        return Result(0.0, ["No ordenaste ningún elemento."], answered=False)
    n = len(key)
    if isinstance(value, Mapping):
        positions = {
            k: v
            for k, v in value.items()
            if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= n
        }
    elif isinstance(value, (list, tuple)):
        positions = {}
        for i, k in enumerate(value):
            if isinstance(k, str):
                positions.setdefault(k, i + 1)
    else:
        return wrong_form("se esperaba el orden de los elementos.")
    if not positions or not n:
        return wrong_form("no se reconoce ningún elemento en su lugar.")
    expected = {item: i + 1 for i, item in enumerate(key)}
    if method == "positions":
        right = sum(1 for item in key if positions.get(item) == expected[item])
        return Result(right / n, [f"Elementos en su lugar: {right} de {n}."])
    if n < 2 or any(item not in positions for item in key):
        return Result(0.0, ["El orden está incompleto: coloca todos los elementos."])
    d2 = sum((positions[item] - expected[item]) ** 2 for item in key)
    rho = max(0.0, min(1.0, 1 - 6 * d2 / (n * (n * n - 1))))
    return Result(rho, [f"Parecido con el orden de referencia: {rho:.0%}."])


def parse_number(value: Any) -> float | None:
    """A number from a saved value, accepting Spanish decimals ('3,5') and '1.200'; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:  # an integer too large for any cifra
            return None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if not isinstance(value, str) or len(value) > 100 or "_" in value:
        return None
    text = value.strip().replace(" ", "").replace("%", "").replace("€", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") >= 1 and all(len(part) == 3 for part in text.split(".")[1:]):
        text = text.replace(".", "")  # 1.200 as Spain writes twelve hundred
    try:
        number = float(text)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def score_number(value: Any, key: float, tolerance: float = 0.0) -> Result:
    """A number within ``tolerance`` of the key."""
    if _unanswered(value):
        return Result(0.0, ["No escribiste ningún número."], answered=False)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return wrong_form("se esperaba una cifra.")
    number = parse_number(value)
    if number is None:
        return Result(0.0, ["No escribiste un número válido."])
    ok = abs(number - float(key)) <= tolerance + 1e-9
    return Result(
        1.0 if ok else 0.0, ["✅ Cifra correcta." if ok else "❌ La cifra no es correcta."]
    )


def score_text(value: Any, min_words: int = 1) -> Result:
    """Free text: only whether it was written (its sense is graded by hand).

    Asked for two words or more, it must also be written in sentences
    (``reviewer.prose.check_prose``): a list of keywords or gibberish scores 0.
    """
    if _unanswered(value):
        return Result(0.0, ["No escribiste ninguna respuesta."], answered=False)
    if not isinstance(value, str):
        return wrong_form("se esperaba un texto.")
    words = len(value.split())
    share = AUTO_TEXT.format(min_words=min_words)
    if words < min_words:
        return Result(0.0, [f"Respuesta de {words} palabras. Se pedían al menos {min_words}."])
    if min_words > 1:
        from course_utils.reviewer.prose import check_prose

        prose = check_prose(value)
        if not prose.ok:
            return _not_prose(prose.problem, share)
        return Result(1.0, [f"Respuesta de {words} palabras.", share])
    return Result(1.0, [f"Respuesta de {words} palabras."])


def score(kind: str, value: Any, key: Any, **options: Any) -> Result:
    """Score ``value`` for a question of ``kind`` against ``key``."""
    if kind == "single":
        return score_single(value, key)
    if kind == "multiple":
        return score_multiple(value, key)
    if kind == "classify":
        return score_classify(value, key, options.get("labels"))
    if kind == "order":
        return score_order(value, key, options.get("method", "positions"))
    if kind == "number":
        return score_number(value, key, options.get("tolerance", 0.0))
    if kind == "text":
        return score_text(value, options.get("min_words", 1))
    raise ValueError(f"cannot score questions of kind {kind!r}")


# -- scorers for the course's own kinds of answer ---------------------------------------------


def reply_scorer(value: Any) -> Result:
    """A written reply, its context guessed from the reply itself (free practice).

    An exercise that shows the comment uses :func:`reply_scorer_for`, so that a reply to a
    complaint must apologise and offer a step even if it never names the problem.
    """
    return reply_scorer_for()(value)


def reply_scorer_for(
    comment: str | None = None, *, problem: bool | None = None, private: bool | None = None
) -> Callable[[Any], Result]:
    """A reply to ``comment``, scored with the reviewer's default rubric as a fraction of its total.

    What the comment needs is read from its text (``reviewer.structure.comment_context``) or
    given: ``problem`` (it reports a problem: the reply must apologise and offer a next step)
    and ``private`` (solving it needs the customer's data: the reply must move to a private
    channel). A reply under ``MIN_REPLY_WORDS`` words, or one that meets a complaint with
    neither an apology nor a step, earns nothing for tone, spelling and «yo»; a text that is not
    written in sentences (``reviewer.prose.check_prose``: keyword lists, gibberish) earns
    nothing at all, and repeated sentences scale the score down (a sentence said twice counts
    once). The last line says what the automatic part looks at (``AUTO_REPLY``).
    """
    from course_utils.reviewer.structure import comment_context

    need = comment_context(comment) if comment is not None else {}
    if problem is not None:
        need["problem"] = problem
    if private is not None:
        need["private"] = private

    def scorer(value: Any) -> Result:
        from course_utils.reviewer import default_rubric, review_score
        from course_utils.reviewer.prose import check_prose

        if _unanswered(value):
            return Result(0.0, ["No escribiste ninguna respuesta."], answered=False)
        if not isinstance(value, str):
            return wrong_form("se esperaba un texto.")
        value, cut = _cut(value)
        prose = check_prose(value)
        if not prose.ok:
            return _not_prose(prose.problem, AUTO_REPLY)
        earned, lines = review_score(
            value, kind="respuesta", problem=need.get("problem"), private=need.get("private")
        )
        total = default_rubric("respuesta").total
        fraction = earned / total if total else 0.0
        fraction, repeats = _repeats_count_once(value, fraction)
        return Result(fraction, cut + lines + repeats + [AUTO_REPLY])

    return scorer


#: Rubric weights for a rewritten post (exercise 04): the «yo» measure weighs most.
REWRITE_RUBRIC: dict[str, float] = {
    "yo": 4.0,
    "invitacion": 2.0,
    "tono": 1.5,
    "ortografia": 1.5,
    "longitud": 0.5,
    "legibilidad": 0.5,
}


def _sentences(text: str) -> list[str]:
    """The sentences of ``text``, each reduced to its lower-case words (for spotting repeats)."""
    out = []
    for part in re.split(r"[.!?…\n]+", text):
        words = re.findall(r"[^\W\d_]+|\d+", part.lower())
        if words:
            out.append(" ".join(words))
    return out


def _repeats_count_once(text: str, fraction: float) -> tuple[float, list[str]]:
    """``fraction`` scaled by the share of distinct sentences (a sentence said twice counts
    once), and the line that says so; unchanged, with no line, if no sentence repeats."""
    sentences = _sentences(text)
    distinct = len(set(sentences))
    if distinct == len(sentences):
        return fraction, []
    share = distinct / len(sentences)
    return fraction * share, [
        f"Repites frases: de {len(sentences)} frases, {distinct} son distintas, "
        f"así que cuenta el {share:.0%} de la puntuación."
    ]


def rewrite_scorer(
    original: str,
    min_words: int = 25,
    rubric: Mapping[str, float] | None = None,
    self_names: Iterable[str] | None = None,
) -> Callable[[Any], Result]:
    """A rewritten post: the reviewer's rubric (weighted to the «yo» measure).

    A text shorter than ``min_words`` words (repeated sentences counted once), or almost a copy
    of ``original``, scores 0; repeated sentences scale the rest down (a sentence said twice
    counts once). ``self_names``, the businesses' names (by default the course's five), count
    as talking about yourself: «El Bar Sol es el mejor bar…» is still «yo, yo, yo». A text that
    is not written in sentences (``reviewer.prose.check_prose``) scores 0. The last line says
    what the automatic part looks at (``AUTO_REWRITE``).
    """
    if self_names is None:
        from course_utils.core.content import business_names

        self_names = business_names()
    names = tuple(self_names)

    def scorer(value: Any) -> Result:
        from course_utils.reviewer import review_score
        from course_utils.reviewer.prose import check_prose

        if _unanswered(value):
            return Result(0.0, ["No escribiste ninguna publicación."], answered=False)
        if not isinstance(value, str):
            return wrong_form("se esperaba un texto.")
        value, cut = _cut(value)
        sentences = _sentences(value)
        distinct = list(dict.fromkeys(sentences))
        words = sum(len(s.split()) for s in distinct)
        repeated = len(sentences) - len(distinct)
        if words < min_words:
            extra = " sin contar las frases repetidas" if repeated else ""
            return Result(
                0.0,
                [f"Tu publicación tiene {words} palabras{extra}; se pedían al menos {min_words}."],
            )
        similar = difflib.SequenceMatcher(None, original.lower(), value.lower()).ratio()
        if similar > 0.8:
            return Result(0.0, ["Tu texto es casi igual que el original: reescríbelo."])
        prose = check_prose(value, extra_words=names)
        if not prose.ok:
            return _not_prose(prose.problem, AUTO_REWRITE)
        weights = dict(rubric or REWRITE_RUBRIC)
        earned, lines = review_score(value, "publicacion", rubric=weights, self_names=names)
        fraction, repeats = _repeats_count_once(value, earned / sum(weights.values()))
        return Result(fraction, cut + lines + repeats + [AUTO_REWRITE])

    return scorer


def smart_structure_score(value: Any) -> Result:
    """A written objective: share of the five parts present (0 if it only asks for presence,
    or if it is not written in Spanish words: a list of the pieces is still fine)."""
    from course_utils.reviewer.prose import check_prose
    from course_utils.topics.objectives import ELEMENT_NAMES, is_presence_only, smart_elements

    if _unanswered(value):
        return Result(0.0, ["No escribiste ningún objetivo."], answered=False)
    if not isinstance(value, str):
        return wrong_form("se esperaba un texto.")
    value, cut = _cut(value)
    if is_presence_only(value):
        return Result(0.0, ["Es un objetivo de presencia («estar en…»): no cuenta como objetivo."])
    prose = check_prose(value, need_verb=False)
    if not prose.ok:
        return _not_prose(prose.problem, AUTO_SMART)
    parts = smart_elements(value)
    found = sum(parts.values())
    lines = cut + [f"Partes del objetivo presentes: {found} de {len(parts)}."]
    for key, present in parts.items():
        lines.append(f"{'✅' if present else '❌'} {ELEMENT_NAMES[key]}")
    return Result(found / len(parts), lines + [AUTO_SMART])


def raci_scorer(
    tasks: Mapping[str, str],
    roles: Mapping[str, str],
    fixed: Mapping[str, str | list[str]] | None = None,
    sep: str = "·",
) -> Callable[[Any], Result]:
    """A RACI saved by a classify question with items "task·role".

    One point per task that follows the rules (exactly one A, at least one R) and one per
    ``fixed`` cell ("task·role" → accepted letter or letters) that matches the case.
    """
    from course_utils.topics import raci

    fixed = dict(fixed or {})

    def scorer(value: Any) -> Result:
        if _unanswered(value):
            return Result(0.0, ["No rellenaste la tabla."], answered=False)
        if not isinstance(value, Mapping):
            return wrong_form("se esperaba una letra para cada casilla de la tabla.")
        matrix: dict[str, dict[str, str]] = {}
        for item, letter in value.items():
            task, _, role = str(item).partition(sep)
            if task in tasks and role in roles and isinstance(letter, str):
                matrix.setdefault(task, {})[role] = letter
        if not matrix:
            return wrong_form("ninguna casilla con letra corresponde a la tabla.")
        problems = raci.check(matrix, tasks)
        bad_tasks = {t for t, label in tasks.items() if any(f"«{label}»" in p for p in problems)}
        lines = [
            f"Tareas que cumplen las reglas (una A, al menos una R): "
            f"{len(tasks) - len(bad_tasks)} de {len(tasks)}."
        ]
        lines += ["  ❌ " + p for p in problems]
        facts_ok = 0
        for item, expected in fixed.items():
            accepted = set(expected) if isinstance(expected, (list, tuple, set)) else {expected}
            got = value.get(item)
            if isinstance(got, str) and got in accepted:
                facts_ok += 1
        if fixed:
            lines.append(
                f"Casillas que encajan con lo que cuenta el caso: {facts_ok} de {len(fixed)}."
            )
        total = len(tasks) + len(fixed)
        return Result((len(tasks) - len(bad_tasks) + facts_ok) / total, lines)

    return scorer
