"""RACI for social media tasks: the letters, the rules (one A, at least one R) and how a matrix is saved and shown (lesson 03)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

#: Letters a cell can take, with the Spanish meaning shown in the builder.
CHOICES: dict[str, str] = {
    "": "—",
    "R": "R · lo hace",
    "A": "A · decide y responde",
    "A/R": "A/R · decide y lo hace",
    "C": "C · se le consulta",
    "I": "I · se le informa",
}
_NONE = {"", "—", "-", None}


def has_role(letter: Any, role: str) -> bool:
    """Whether a cell's letter includes ``role`` ("A/R" counts as both A and R)."""
    return isinstance(letter, str) and role in letter.split("/")


def check(matrix: Mapping[str, Mapping[str, Any]], tasks: Mapping[str, str]) -> list[str]:
    """Spanish problems of a RACI: every task needs exactly one A and at least one R.

    ``matrix`` maps task id → {role id → letter}.
    """
    problems = []
    for task, label in tasks.items():
        row = matrix.get(task) or {}
        n_a = sum(1 for letter in row.values() if has_role(letter, "A"))
        n_r = sum(1 for letter in row.values() if has_role(letter, "R"))
        if n_a == 0:
            problems.append(f"«{label}»: falta quien decide y responde del resultado (una A).")
        elif n_a > 1:
            problems.append(f"«{label}»: hay {n_a} A; deja una sola persona que responda.")
        if n_r == 0:
            problems.append(f"«{label}»: nadie lo hace (falta al menos una R).")
    return problems


def saved_value(
    matrix: Mapping[str, Mapping[str, Any]], tasks: Mapping[str, str], roles: Mapping[str, str]
) -> dict:
    """The saved form of a RACI: labels travel with the letters, for the plan of lesson 06.

    Tasks and roles are lists of [id, label] pairs, because the answers store sorts the keys
    of objects and their order matters in the plan.
    """
    clean = {
        t: {r: matrix[t][r] for r in roles if (matrix.get(t) or {}).get(r) not in _NONE}
        for t in tasks
        if t in matrix
    }
    return {
        "tareas": [[k, v] for k, v in tasks.items()],
        "roles": [[k, v] for k, v in roles.items()],
        "matriz": clean,
    }


def _pairs(raw: Any) -> dict[str, str]:
    """An ordered {id: label} from a dict or a list of [id, label] pairs."""
    if isinstance(raw, Mapping):
        return {str(k): str(v) for k, v in raw.items()}
    out = {}
    for pair in raw or []:
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            out[str(pair[0])] = str(pair[1])
    return out


def as_rows(value: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    """A saved RACI as a table: the headers («Tarea» and each role) and one row per task,
    a dash where a cell is empty (the plan's HTML and PDF draw it)."""
    tasks, roles = _pairs(value.get("tareas")), _pairs(value.get("roles"))
    matrix = value.get("matriz", {})
    matrix = matrix if isinstance(matrix, Mapping) else {}
    rows = []
    for tid, tlabel in tasks.items():
        row = matrix.get(tid)
        row = row if isinstance(row, Mapping) else {}
        rows.append([str(tlabel)] + [str(row.get(rid) or "—") for rid in roles])
    return ["Tarea", *roles.values()], rows


def as_html(value: Mapping[str, Any]) -> str:
    """An escaped HTML table of a saved RACI (as :func:`saved_value` builds it)."""
    headers, rows = as_rows(value)
    esc = html.escape
    head = "".join(f"<th style='padding:4px 8px'>{esc(r)}</th>" for r in headers[1:])
    body = []
    for task, *cells in rows:
        tds = "".join(f"<td style='text-align:center;padding:4px 8px'>{esc(c)}</td>" for c in cells)
        body.append(f"<tr><th style='text-align:left;padding:4px 8px'>{esc(task)}</th>{tds}</tr>")
    return (
        "<table style='border-collapse:collapse'><thead><tr><th>Tarea</th>"
        f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def as_text(value: Mapping[str, Any]) -> str:
    """A plain-text RACI, one line per task, for the plan document."""
    tasks, roles = _pairs(value.get("tareas")), _pairs(value.get("roles"))
    matrix = value.get("matriz", {})
    lines = []
    for tid, tlabel in tasks.items():
        row = matrix.get(tid) or {}
        parts = [f"{roles[r]}: {row[r]}" for r in roles if row.get(r) not in _NONE]
        lines.append(f"- {tlabel} → " + ("; ".join(parts) if parts else "sin asignar"))
    return "\n".join(lines)
