"""Progress: how much of each lesson the learner has answered (and right), the exercises self-checked and the next step, read from the answers files."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from course_utils.core.lessons import Lesson, course
from course_utils.core.notebook_source import code_trees
from course_utils.core.store import answers_path, read_answers
from course_utils.core.text import answered
from course_utils.grading import scoring

#: Fields of a question spec that score it (read from the lesson's source, never executed).
_KEY_FIELDS = ("id", "type", "answer", "tolerance", "method")


@dataclass
class LessonProgress:
    """One lesson: how many of its questions have a saved answer and how many checks are right."""

    lesson: Lesson
    answered: int
    #: practice questions with a key in the lesson (the ones «Comprobar» checks)
    checks: int = 0
    right: int = 0
    pending: list[str] = field(default_factory=list)  # question ids still unanswered

    @property
    def share(self) -> float:
        total = len(self.lesson.questions)
        return self.answered / total if total else 0.0

    @property
    def complete(self) -> bool:
        return bool(self.lesson.questions) and not self.pending


@cache
def _keys(path: Path, mtime: float) -> dict[str, dict[str, Any]]:
    """Question id → {"type", "answer", …} of the practice questions written in a lesson.

    The spec dicts of the notebook's code cells are read as literals (only the fields that
    score them), so nothing of the notebook runs.
    """
    keys: dict[str, dict[str, Any]] = {}
    for tree in code_trees(path):
        for node in ast.walk(tree):
            if not isinstance(node, ast.Dict):
                continue
            spec: dict[str, Any] = {}
            for k, v in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(k, ast.Constant)
                    and isinstance(k.value, str)
                    and k.value in _KEY_FIELDS
                ):
                    try:
                        spec[k.value] = ast.literal_eval(v)
                    except (ValueError, TypeError, SyntaxError):
                        pass
            if {"id", "type", "answer"} <= set(spec):
                keys[str(spec.pop("id"))] = spec
    return keys


def practice_keys(lesson: Lesson) -> dict[str, dict[str, Any]]:
    """The keys of a lesson's practice questions (cached while the notebook is unchanged)."""
    try:
        return _keys(lesson.path, lesson.path.stat().st_mtime)
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _is_right(spec: dict[str, Any], value: Any) -> bool:
    options = {k: spec[k] for k in ("tolerance", "method") if k in spec}
    try:
        return scoring.score(spec["type"], value, spec["answer"], **options).fraction >= 0.999
    except (ValueError, TypeError, KeyError):
        return False


def course_progress(root: str | Path) -> list[LessonProgress]:
    """Progress of every lesson in ``root/lessons``, in course order.

    A question id that an earlier lesson also asks (lesson 06 lets the owner edit answers of
    lessons 00–05 under the same ids) counts as answered when either lesson saved it.
    """
    rows = []
    seen: dict[str, Any] = {}  # answers of earlier lessons, by question id
    for lesson in course(root):
        records, _ = read_answers(answers_path(lesson.id, lesson.path.parent))
        values = {q: r.get("value") for q, r in records.items()}
        keys = practice_keys(lesson)
        done, pending, right = 0, [], 0
        for qid in lesson.questions:
            value = values.get(qid)
            if not answered(value):
                value = seen.get(qid)
            if answered(value):
                done += 1
                right += qid in keys and _is_right(keys[qid], value)
            else:
                pending.append(qid)
        checks = sum(1 for q in lesson.questions if q in keys)
        rows.append(LessonProgress(lesson, done, checks, right, pending))
        for qid in lesson.questions:
            if answered(values.get(qid)):
                seen[qid] = values[qid]
    return rows


def map_rows(root: str | Path) -> list[dict]:
    """The rows the course map draws: number, short title, minutes and share answered."""
    return [
        {
            "number": p.lesson.number,
            "title": p.lesson.short_title,
            "minutes": p.lesson.minutes,
            "share": p.share,
        }
        for p in course_progress(root)
    ]


def exercises_checked(root: str | Path) -> tuple[int, int]:
    """(exercises with an answers file, exercises) in ``root/exercises``: the self-checked ones."""
    folders = sorted(p for p in (Path(root) / "exercises").glob("[0-9][0-9]-*") if p.is_dir())
    done = sum(1 for f in folders if any(f.glob("respuestas-*.json")))
    return done, len(folders)


def next_step(rows: list[LessonProgress]) -> LessonProgress | None:
    """The first lesson not complete, or None when every lesson is."""
    return next((row for row in rows if not row.complete), None)


def progress_table(root: str | Path) -> str:
    """A plain-text table of the course and the learner's progress (Spanish)."""
    rows = course_progress(root)
    lines = ["Lección                                          Duración  Respondidas  Bien"]
    for row in rows:
        title = f"{row.lesson.number} {row.lesson.short_title}"
        right = f"{row.right} de {row.checks}" if row.checks else "—"
        lines.append(
            f"{title[:47]:<48} {row.lesson.minutes:>4} min  "
            f"{row.answered:>3} de {len(row.lesson.questions):<3}  {right}"
        )
    total = sum(r.lesson.minutes for r in rows)
    lines.append(f"En total, {len(rows)} lecciones y unos {total} minutos.")
    lines.append(
        "«Bien» cuenta las preguntas de práctica (las que tienen «Comprobar») que tu respuesta "
        "guardada acierta."
    )
    done, exercises = exercises_checked(root)
    if exercises:
        lines.append(f"Ejercicios con respuestas guardadas: {done} de {exercises}.")
    step = next_step(rows)
    if step is None:
        lines.append("¡Has respondido todas las lecciones! Descarga tu plan: curso plan.")
    else:
        left = len(step.pending)
        lines.append(
            f"Siguiente paso: {step.lesson.number} {step.lesson.short_title} "
            f"({step.lesson.path.name}), te {'queda 1 pregunta' if left == 1 else f'quedan {left} preguntas'}."
        )
    return "\n".join(lines)
