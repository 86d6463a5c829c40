"""Lessons as the course lists them: title, minutes, objectives and questions, read from each notebook's metadata; and how an exercise's notebook is named."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from course_utils.core.errors import CourseError

#: Where a lesson notebook keeps what the course map, the progress view and the README read.
METADATA_KEY = "course"

#: An exercise's notebook is «ejercicio-<assignment>.ipynb» in solutions/<assignment>/ (and so in
#: exercises/<assignment>/): JupyterLab's tab shows only the file name, and a lesson and its
#: exercise must not read the same. Its answers id stays the assignment («01-…»): the notebook
#: calls ``start("01-…", mode="graded")`` and saves ``respuestas-01-….json``.
EXERCISE_PREFIX = "ejercicio-"


def exercise_notebook(assignment: str) -> str:
    """The file name of an exercise's notebook: «ejercicio-01-despersonalizar-la-critica.ipynb»."""
    return f"{EXERCISE_PREFIX}{assignment}.ipynb"


def exercise_answers_id(notebook: str) -> str:
    """The answers id (the assignment) of an exercise notebook given by its name or stem.

    Only for when the notebook's own ``start("…")`` call cannot be read: that call is the truth.
    """
    stem = notebook[: -len(".ipynb")] if notebook.endswith(".ipynb") else notebook
    return stem.removeprefix(EXERCISE_PREFIX)


class LessonError(CourseError, ValueError):
    """A lesson notebook without the course's metadata; the message says which and what (Spanish)."""


@dataclass(frozen=True)
class Lesson:
    """One lesson of the course, as its notebook's metadata describes it."""

    id: str  # the notebook's stem, also the id of its answers file
    number: str  # "01"
    title: str  # the notebook's heading
    short_title: str  # for the course map, the README and navigation
    minutes: int
    objectives: tuple[str, ...]
    questions: tuple[str, ...]  # ids of the answers it saves, in order
    path: Path


def read_lesson(path: str | Path) -> Lesson:
    """The :class:`Lesson` described in ``metadata.course`` of a lesson notebook."""
    path = Path(path)
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"][METADATA_KEY]
        return Lesson(
            id=path.stem,
            number=path.stem[:2],
            title=str(meta["title"]),
            short_title=str(meta.get("short_title") or meta["title"]),
            minutes=int(meta["minutes"]),
            objectives=tuple(str(o) for o in meta["objectives"]),
            questions=tuple(str(q) for q in meta.get("questions", ())),
            path=path,
        )
    except (OSError, json.JSONDecodeError) as exc:
        raise LessonError(f"No se pudo leer la lección «{path.name}» ({exc}).") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise LessonError(
            f"La lección «{path.name}» no tiene bien sus datos del curso "
            f"(metadata.{METADATA_KEY}: falta o no vale {exc})."
        ) from exc


def course(root: str | Path) -> list[Lesson]:
    """Every lesson in ``root/lessons``, in course order."""
    return [read_lesson(p) for p in sorted((Path(root) / "lessons").glob("[0-9][0-9]-*.ipynb"))]


#: Reading speed the course assumes for its estimate (words a minute).
WORDS_PER_MINUTE = 130
#: Minutes the estimate adds for each question the lesson saves.
MINUTES_PER_QUESTION = 1
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def markdown_words(path: str | Path) -> int:
    """Words in every markdown cell of a notebook (hyphenated and apostrophe words count once)."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    text = "\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "markdown"
    )
    return len(_WORD.findall(text))


def estimated_minutes(path: str | Path) -> float:
    """Honest reading time of a lesson: markdown words / 130 plus one minute per question.

    The questions are those listed in ``metadata.course.questions``; the result is not rounded
    (a lesson states it rounded to the nearest 5 minutes).
    """
    return markdown_words(path) / WORDS_PER_MINUTE + MINUTES_PER_QUESTION * len(
        read_lesson(path).questions
    )
