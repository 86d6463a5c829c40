"""Profile audit and account security: the eight mistakes ranked by priority, and the security checklist (lesson 05)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from course_utils.core.content import business_name, business_of, load


def mistakes() -> dict[str, dict[str, Any]]:
    """Mistake id → {"statement", "label", "weight", "action"}, in the audit's order."""
    return {k: dict(v) for k, v in load("audit")["mistakes"].items()}


def statements() -> dict[str, str]:
    """Mistake id → the statement the learner rates 1–5 (the items of the audit's scale)."""
    return {k: str(v["statement"]) for k, v in mistakes().items()}


def example_answers() -> dict[str, int]:
    """The invented example firm's ratings, shown until the learner has rated every statement."""
    return {k: int(v) for k, v in load("audit")["example"]["answers"].items()}


def example_name() -> str:
    """ "Taller Núñez": the invented example firm."""
    return business_name(load("audit")["example"]["business"])


def example_of() -> str:
    """ "del Taller Núñez": the example firm after «de»."""
    return business_of(load("audit")["example"]["business"])


def rank(
    answers: Mapping[str, Any] | None, items: Mapping[str, Mapping[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Rows of the self-audit, highest priority first.

    ``answers`` maps mistake id → 1..5 (how much "this happens here" applies). Priority is
    risk × weight on a 0–100 scale, where risk = (answer − 1) / 4 and weight is 1–3.
    Unanswered items are skipped.
    """
    items = mistakes() if items is None else items
    answers = answers if isinstance(answers, Mapping) else {}
    rows: list[dict[str, Any]] = []
    for mid, info in items.items():
        value = answers.get(mid)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            continue
        weight = float(info.get("weight", 1))
        risk = (value - 1) / 4
        rows.append(
            {
                "id": mid,
                "label": str(info.get("label", mid)),
                "action": str(info.get("action", "")),
                "answer": value,
                "weight": weight,
                "priority": round(100 * risk * weight / 3, 1),
            }
        )
    rows.sort(key=lambda r: (-r["priority"], -r["weight"], r["id"]))
    return rows


def health(rows: Sequence[Mapping[str, Any]]) -> int:
    """Health of the profiles, 0–100: 100 means none of the mistakes happens."""
    if not rows:
        return 0
    weights = sum(r["weight"] for r in rows)
    risk = sum((r["answer"] - 1) / 4 * r["weight"] for r in rows)
    return round(100 * (1 - risk / weights))


def band(priority: float) -> str:
    """'alta', 'media' or 'baja', from the limits in audit.yaml."""
    limits = load("audit")["bands"]
    if priority >= limits["alta"]:
        return "alta"
    return "media" if priority >= limits["media"] else "baja"


# -- security ---------------------------------------------------------------------------------


def security_measures() -> dict[str, dict[str, str]]:
    """Measure id → {"name", "done", "todo"}, in the checklist's order."""
    return {k: dict(v) for k, v in load("security")["measures"].items()}


def security_checklist() -> dict[str, str]:
    """Measure id → how it reads once done (the options of the lesson's checklist)."""
    return {k: v["done"] for k, v in security_measures().items()}


def security_names() -> dict[str, str]:
    """Measure id → its short name (the categories of exercise 05)."""
    return {k: v["name"] for k, v in security_measures().items()}


def security_pending(done: Any) -> list[str]:
    """What to do for each measure not marked as done, in checklist order."""
    marked = set(done) if isinstance(done, (list, tuple, set)) else set()
    return [v["todo"] for k, v in security_measures().items() if k not in marked]


def security_advice() -> str:
    """When to review the checklist again."""
    return str(load("security")["review_advice"])
