"""Comment triage: the kinds of comment, the actions and the response flowchart (lesson 01, exercise 01)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course_utils.core.content import load


def kinds() -> dict[str, str]:
    """Comment kind id → label ("positivo" → "Positivo o constructivo")."""
    return dict(load("triage")["kinds"])


def actions() -> dict[str, str]:
    """Action id → label ("privado" → "Pasar a privado")."""
    return dict(load("triage")["actions"])


def action_notes() -> dict[str, str]:
    """Action id → one sentence on how to do it well."""
    return dict(load("triage")["action_notes"])


def flowchart() -> list[dict[str, Any]]:
    """The flowchart's steps in order: question, what they match, and the action if «sí»."""
    return [dict(step) for step in load("triage")["flowchart"]]


def fallback() -> str:
    """What to do when no step of the flowchart fits."""
    return str(load("triage")["fallback"])


def recommended_action(kind: str, serious: bool = False, personal_data: bool = False) -> str:
    """The flowchart's action id for a comment of ``kind`` (see :func:`kinds`).

    ``serious``: threats, legal, health or safety risk; ``personal_data``: the fix needs the
    customer's order, phone or appointment, so it goes on in private after a public answer.
    """
    known = kinds()
    if kind not in known:
        raise ValueError(f"Tipo de comentario desconocido: {kind!r}. Tipos: {', '.join(known)}.")
    for step in flowchart():
        if step.get("serious") and serious:
            return step["action"]
        if kind in step.get("kinds", ()):
            if step.get("personal_data") and not personal_data:
                continue
            return step["action"]
    raise ValueError(f"the flowchart in triage.yaml has no exit for {kind!r}")


def triage_key(feed: Mapping[str, Mapping[str, Any]]) -> tuple[dict, dict]:
    """Answer keys (kind, action) of a comment feed {id: {"kind", "action"?, "also"?}}.

    The action defaults to the flowchart's; "also" lists other acceptable actions.
    """
    kind_key, action_key = {}, {}
    for cid, item in feed.items():
        kind_key[cid] = item["kind"]
        main = item.get("action") or recommended_action(
            item["kind"], item.get("serious", False), item.get("personal_data", False)
        )
        also = [a for a in item.get("also", []) if a != main]
        action_key[cid] = [main, *also] if also else main
    return kind_key, action_key
