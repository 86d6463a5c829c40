"""Progress: which questions of each lesson the learner has answered, read from answers files."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .store import answers_path, read_answers

_QID = re.compile(r"""["']id["']\s*:\s*["']([A-Za-z0-9_.-]+)["']""")
# widgets that save through the store directly: review_box(curso.store, "qid"…), qid="…"
_STORE_QID = re.compile(r"""(?:\.store,\s*|qid\s*=\s*)["']([A-Za-z0-9_.-]+)["']""")
_DURATION = re.compile(r"⏱️?\s*(?:\*\*)?\s*(\d+)\s*min", re.IGNORECASE)


@dataclass
class LessonProgress:
    """One lesson: its title, minutes, questions asked in it and how many are answered."""

    notebook_id: str
    title: str
    minutes: int | None
    questions: list[str]
    answered: int

    @property
    def share(self) -> float:
        return self.answered / len(self.questions) if self.questions else 0.0


def lesson_questions(notebook: Path) -> tuple[str, int | None, list[str]]:
    """Title, duration in minutes and question ids of a lesson notebook (read as JSON)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    title, minutes, ids = notebook.stem, None, []
    for cell in nb.get("cells", []):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            if title == notebook.stem:
                heading = re.search(r"^#\s+(.+)$", source, re.MULTILINE)
                if heading:
                    title = heading.group(1).strip()
            if minutes is None and (found := _DURATION.search(source)):
                minutes = int(found.group(1))
        else:
            found = _QID.findall(source) if ".ask(" in source else []
            found += _STORE_QID.findall(source)
            ids.extend(qid for qid in found if qid not in ids)
    return title, minutes, ids


def course_progress(root: Path) -> list[LessonProgress]:
    """Progress of every lesson in ``root/lessons``, in course order."""
    lessons = []
    for notebook in sorted((Path(root) / "lessons").glob("[0-9][0-9]-*.ipynb")):
        title, minutes, ids = lesson_questions(notebook)
        answers, _ = read_answers(answers_path(notebook.stem, notebook.parent))
        done = sum(1 for qid in ids if qid in answers)
        lessons.append(LessonProgress(notebook.stem, title, minutes, ids, done))
    return lessons


def progress_table(root: Path) -> str:
    """A plain-text table of the course and the learner's progress (Spanish)."""
    rows = course_progress(root)
    lines = ["Lección                                               Duración  Respondidas"]
    for row in rows:
        minutes = f"{row.minutes} min" if row.minutes else "—"
        lines.append(f"{row.title[:52]:<53} {minutes:>8}  {row.answered:>3} de {len(row.questions)}")
    total = sum(r.minutes or 0 for r in rows)
    lines.append(f"En total, unos {total} minutos de lecciones.")
    return "\n".join(lines)
