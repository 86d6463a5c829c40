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


def _as_set(value: Any) -> set:
    if isinstance(value, (list, tuple, set)):
        return {v for v in value if isinstance(v, (str, int))}
    return set()


def score_single(value: Any, key: str | list[str]) -> Result:
    """One right option (or any of several accepted ones): all or nothing."""
    accepted = set(key) if isinstance(key, (list, tuple, set)) else {key}
    if not isinstance(value, str):
        return Result(0.0, ["No elegiste ninguna opción."], answered=False)
    ok = value in accepted
    return Result(1.0 if ok else 0.0, ["✅ Opción correcta." if ok else "❌ Opción incorrecta."])


def score_multiple(value: Any, key: list[str]) -> Result:
    """Right picks minus wrong picks over the number of right options, floored at 0."""
    right = set(key)
    picked = _as_set(value)
    if not isinstance(value, (list, tuple)) or not picked:
        return Result(0.0, ["No marcaste ninguna opción."], answered=False)
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
    if not isinstance(value, Mapping) or not value:
        return Result(0.0, ["No clasificaste ningún elemento."], answered=False)
    right = 0
    lines = []
    for item, expected in key.items():
        accepted = set(expected) if isinstance(expected, (list, tuple, set)) else {expected}
        got = value.get(item)
        name = (labels or {}).get(item, item)
        if isinstance(got, (str, int)) and got in accepted:
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
    against the one it is closest to.
    """
    if key and all(isinstance(k, (list, tuple)) for k in key):
        results = [score_order(value, list(k), method) for k in key]
        return max(results, key=lambda r: r.fraction)
    if isinstance(value, Mapping):
        positions = {
            k: v for k, v in value.items() if isinstance(v, int) and not isinstance(v, bool)
        }
    elif isinstance(value, (list, tuple)):
        positions = {k: i + 1 for i, k in enumerate(value) if isinstance(k, str)}
    else:
        positions = {}
    if not positions:
        return Result(0.0, ["No ordenaste ningún elemento."], answered=False)
    n = len(key)
    expected = {item: i + 1 for i, item in enumerate(key)}
    if method == "positions":
        right = sum(1 for item in key if positions.get(item) == expected[item])
        return Result(right / n, [f"Elementos en su lugar: {right} de {n}."])
    if method == "rank":
        if len(positions) < n or any(item not in positions for item in key) or n < 2:
            return Result(0.0, ["El orden está incompleto: coloca todos los elementos."])
        d2 = sum((positions[item] - expected[item]) ** 2 for item in key)
        rho = 1 - 6 * d2 / (n * (n * n - 1))
        return Result(max(0.0, rho), [f"Parecido con el orden de referencia: {max(0.0, rho):.0%}."])
    raise ValueError(f"unknown ordering method: {method}")


def parse_number(value: Any) -> float | None:
    """A number from a saved value, accepting Spanish decimals ('3,5') and '1.200'."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    text = value.strip().replace(" ", "").replace("%", "").replace("€", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") >= 1 and all(len(part) == 3 for part in text.split(".")[1:]):
        text = text.replace(".", "")  # 1.200 as Spain writes twelve hundred
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def score_number(value: Any, key: float, tolerance: float = 0.0) -> Result:
    """A number within ``tolerance`` of the key."""
    number = parse_number(value)
    if number is None:
        return Result(0.0, ["No escribiste un número válido."], answered=value is not None)
    ok = abs(number - float(key)) <= tolerance + 1e-9
    return Result(
        1.0 if ok else 0.0, ["✅ Cifra correcta." if ok else "❌ La cifra no es correcta."]
    )


def score_text(value: Any, min_words: int = 1) -> Result:
    """Free text: only whether it was written (its sense is graded by hand)."""
    words = len(value.split()) if isinstance(value, str) else 0
    if words == 0:
        return Result(0.0, ["No escribiste ninguna respuesta."], answered=False)
    ok = words >= min_words
    line = f"Respuesta de {words} palabras." + ("" if ok else f" Se pedían al menos {min_words}.")
    return Result(1.0 if ok else 0.0, [line])


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
    neither an apology nor a step, earns nothing for tone, spelling and «yo».
    """
    from .reviewer.structure import comment_context

    need = comment_context(comment) if comment is not None else {}
    if problem is not None:
        need["problem"] = problem
    if private is not None:
        need["private"] = private

    def scorer(value: Any) -> Result:
        from .reviewer import default_rubric, review_score

        if not isinstance(value, str) or not value.strip():
            return Result(0.0, ["No escribiste ninguna respuesta."], answered=False)
        earned, lines = review_score(
            value, kind="respuesta", problem=need.get("problem"), private=need.get("private")
        )
        total = default_rubric("respuesta").total
        return Result(earned / total if total else 0.0, lines)

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
    as talking about yourself: «El Bar Sol es el mejor bar…» is still «yo, yo, yo».
    """
    if self_names is None:
        from .content import business_names

        self_names = business_names()
    names = tuple(self_names)

    def scorer(value: Any) -> Result:
        from .reviewer import review_score

        if not isinstance(value, str) or not value.strip():
            return Result(0.0, ["No escribiste ninguna publicación."], answered=False)
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
        weights = dict(rubric or REWRITE_RUBRIC)
        earned, lines = review_score(value, "publicacion", rubric=weights, self_names=names)
        fraction = earned / sum(weights.values())
        if repeated:
            share = len(distinct) / len(sentences)
            fraction *= share
            lines.append(
                f"Repites frases: de {len(sentences)} frases, {len(distinct)} son distintas, "
                f"así que cuenta el {share:.0%} de la puntuación."
            )
        return Result(fraction, lines)

    return scorer


def smart_structure_score(value: Any) -> Result:
    """A written objective: share of the five parts present (0 if it only asks for presence)."""
    from .objectives import ELEMENT_NAMES, is_presence_only, smart_elements

    if not isinstance(value, str) or not value.strip():
        return Result(0.0, ["No escribiste ningún objetivo."], answered=False)
    if is_presence_only(value):
        return Result(0.0, ["Es un objetivo de presencia («estar en…»): no cuenta como objetivo."])
    parts = smart_elements(value)
    found = sum(parts.values())
    lines = [f"Partes del objetivo presentes: {found} de {len(parts)}."]
    for key, present in parts.items():
        lines.append(f"{'✅' if present else '❌'} {ELEMENT_NAMES[key]}")
    return Result(found / len(parts), lines)


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
    from . import raci

    fixed = dict(fixed or {})

    def scorer(value: Any) -> Result:
        if not isinstance(value, Mapping) or not value:
            return Result(0.0, ["No rellenaste la tabla."], answered=False)
        matrix: dict[str, dict[str, str]] = {}
        for item, letter in value.items():
            task, _, role = str(item).partition(sep)
            if task in tasks and role in roles and isinstance(letter, str):
                matrix.setdefault(task, {})[role] = letter
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
            if value.get(item) in accepted:
                facts_ok += 1
        if fixed:
            lines.append(
                f"Casillas que encajan con lo que cuenta el caso: {facts_ok} de {len(fixed)}."
            )
        total = len(tasks) + len(fixed)
        return Result((len(tasks) - len(bad_tasks) + facts_ok) / total, lines)

    return scorer
