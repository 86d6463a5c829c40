"""Grading: scores saved answers against a key, with partial credit, for nbgrader tests."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .store import answers_path, read_answers


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
        lines.append(f"Marcaste {misses} opción(es) que no correspondía(n); cada una resta un acierto.")
    return Result(fraction, lines)


def score_classify(value: Any, key: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> Result:
    """Share of items put in the right category (a key value may list several accepted)."""
    if not isinstance(value, Mapping) or not value:
        return Result(0.0, ["No clasificaste ningún elemento."], answered=False)
    right = 0
    lines = []
    for item, expected in key.items():
        accepted = set(expected) if isinstance(expected, (list, tuple, set)) else {expected}
        got = value.get(item)
        name = (labels or {}).get(item, item)
        if got in accepted:
            right += 1
            lines.append(f"✅ {name}")
        elif got is None:
            lines.append(f"⬜ {name}: sin responder")
        else:
            lines.append(f"❌ {name}")
    fraction = right / len(key) if key else 0.0
    lines.insert(0, f"Bien clasificados: {right} de {len(key)}.")
    return Result(fraction, lines)


def score_order(value: Any, key: list[str], method: str = "positions") -> Result:
    """Ordering: share of items in their exact place, or Spearman's rank correlation (>= 0)."""
    if isinstance(value, Mapping):
        positions = {k: v for k, v in value.items() if isinstance(v, int) and not isinstance(v, bool)}
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
    return Result(1.0 if ok else 0.0, ["✅ Cifra correcta." if ok else "❌ La cifra no es correcta."])


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


def grade(
    notebook_id: str,
    qid: str,
    kind: str,
    key: Any,
    points: float,
    folder: str | os.PathLike = ".",
    **options: Any,
) -> float:
    """Score one saved answer for an nbgrader test cell: prints a Spanish review, returns points.

    Use it as the last line of a hidden-tests block, so that nbgrader takes the returned
    number as the cell's (partial) grade. It never raises for a learner's problem: a
    missing or damaged answer scores 0 with a message, so other cells are still graded.
    It prints only to standard output (nbgrader gives 0 to a test cell that writes to stderr).
    """
    return grade_with(
        notebook_id, qid, points, lambda value: score(kind, value, key, **options), folder
    )


def grade_with(
    notebook_id: str,
    qid: str,
    points: float,
    scorer: Callable[[Any], Result | tuple[float, list[str]]],
    folder: str | os.PathLike = ".",
) -> float:
    """Like :func:`grade`, with any ``scorer(value)`` returning a Result or (fraction, lines)."""
    answers, problem = read_answers(answers_path(notebook_id, folder))
    record = answers.get(qid)
    if problem:
        print(problem)
    if not isinstance(record, dict):
        print(f"No se encontró tu respuesta a «{qid}»: 0 de {_fmt(points)} puntos.")
        return 0.0
    try:
        result = scorer(record.get("value"))
        if isinstance(result, tuple):
            result = Result(float(result[0]), list(result[1]))
    except (TypeError, AttributeError, KeyError, ValueError):
        result = Result(0.0, ["Tu respuesta no tiene la forma esperada."])
    if not result.answered:
        print(f"No se encontró tu respuesta a «{qid}».")
    fraction = result.fraction if math.isfinite(result.fraction) else 0.0
    earned = round(max(0.0, min(1.0, fraction)) * points, 2)
    print(f"Pregunta «{qid}»: {_fmt(earned)} de {_fmt(points)} puntos.")
    for line in result.lines:
        print("  " + line)
    return earned


def show_answer(notebook_id: str, qid: str, folder: str | os.PathLike = ".") -> None:
    """Print a learner's saved free text, for whoever grades it by hand (formgrader)."""
    answers, problem = read_answers(answers_path(notebook_id, folder))
    value = (answers.get(qid) or {}).get("value")
    if problem:
        print(problem)
    if isinstance(value, str) and value.strip():
        print(f"Respuesta escrita a «{qid}»:\n")
        print(value)
    else:
        print(f"No se encontró tu respuesta a «{qid}».")


def _fmt(number: float) -> str:
    """1,5 as Spain writes it."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
