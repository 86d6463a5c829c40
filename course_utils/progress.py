"""Progress: how much of each lesson the learner has answered, read from the answers files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .lessons import Lesson, course
from .store import answers_path, read_answers


@dataclass
class LessonProgress:
    """One lesson and how many of its questions have a saved answer."""

    lesson: Lesson
    answered: int

    @property
    def share(self) -> float:
        total = len(self.lesson.questions)
        return self.answered / total if total else 0.0


def course_progress(root: str | Path) -> list[LessonProgress]:
    """Progress of every lesson in ``root/lessons``, in course order."""
    rows = []
    for lesson in course(root):
        answers, _ = read_answers(answers_path(lesson.id, lesson.path.parent))
        rows.append(LessonProgress(lesson, sum(1 for q in lesson.questions if q in answers)))
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


def progress_table(root: str | Path) -> str:
    """A plain-text table of the course and the learner's progress (Spanish)."""
    rows = course_progress(root)
    lines = ["Lección                                               Duración  Respondidas"]
    for row in rows:
        title = f"{row.lesson.number} {row.lesson.short_title}"
        lines.append(
            f"{title[:52]:<53} {row.lesson.minutes:>4} min  "
            f"{row.answered:>3} de {len(row.lesson.questions)}"
        )
    total = sum(r.lesson.minutes for r in rows)
    lines.append(f"En total, {len(rows)} lecciones y unos {total} minutos.")
    return "\n".join(lines)
