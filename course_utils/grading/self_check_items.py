"""Each item of a self-checked choice question: the learner's verdict and the key's reason (data/razones.yaml)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from course_utils.core.content import load

__all__ = ["ItemResult", "item_results", "keys_in", "reasons"]


def _text(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


@dataclass
class ItemResult:
    """One item or option of a choice question: how the learner did and why (the key's
    reasoning from data/razones.yaml). verdict: bien | mal | falta | sobra | sin_responder."""

    item: str
    verdict: str
    reason: str = ""


_KINDS = ("single", "multiple", "classify")


def reasons(notebook_id: str) -> dict[str, dict[str, str]]:
    """Question id → item id → the key's reason (data/razones.yaml, read by the content
    loader like every content file), for one exercise."""
    found = load("razones").get(notebook_id) or {}
    return {
        str(q): {str(i): str(r) for i, r in (items or {}).items()}
        for q, items in found.items()
        if isinstance(items, dict)
    }


def keys_in(cells: list) -> dict[str, tuple[str, Any]]:
    """Question id → (kind, key) of every ``grade(…)`` call with a literal key (read, never run)."""
    found: dict[str, tuple[str, Any]] = {}
    for cell in cells:
        if cell.get("cell_type") != "code" or "grade(" not in _text(cell):
            continue
        try:
            tree = ast.parse(_text(cell))
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "grade"):
                continue
            try:
                _notebook, qid, kind, key = (ast.literal_eval(a) for a in node.args[:4])
            except (ValueError, TypeError, SyntaxError):
                continue
            if kind in _KINDS and isinstance(qid, str):
                found[qid] = (kind, key)
    return found


def _accepted(expected: Any) -> set:
    return set(expected) if isinstance(expected, (list, tuple)) else {expected}


def item_results(kind: str, key: Any, value: Any, why: dict[str, str]) -> list[ItemResult]:
    """Each item (classify) or option (single, multiple) with the learner's verdict."""
    out: list[ItemResult] = []
    if value is None or value == [] or value == {} or value == "":
        return out  # the question as a whole says «sin responder»
    if kind == "classify" and isinstance(key, dict):
        given = value if isinstance(value, dict) else {}
        for item, expected in key.items():
            got = given.get(item)
            verdict = (
                "sin_responder"
                if got is None
                else ("bien" if got in _accepted(expected) else "mal")
            )
            out.append(ItemResult(str(item), verdict, why.get(str(item), "")))
    elif kind == "multiple" and isinstance(key, (list, tuple)):
        picked = set(value) if isinstance(value, (list, tuple)) else set()
        options = list(dict.fromkeys([*why, *key, *sorted(picked, key=str)]))
        for option in options:
            right, ticked = option in key, option in picked
            verdict = {
                (True, True): "bien",
                (False, False): "bien",
                (True, False): "falta",
                (False, True): "sobra",
            }[(right, ticked)]
            out.append(ItemResult(str(option), verdict, why.get(str(option), "")))
    elif kind == "single":
        if isinstance(value, str):
            ok = value in _accepted(key)
            out.append(ItemResult(value, "bien" if ok else "mal", why.get(value, "")))
            if not ok:
                for right in sorted(_accepted(key), key=str):
                    out.append(ItemResult(str(right), "falta", why.get(str(right), "")))
    return out
