"""Lessons as the course lists them: title, minutes, objectives and questions, read from each notebook's metadata; and how an exercise's notebook is named."""

from __future__ import annotations

import ast
import importlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from course_utils.core.errors import CourseError
from course_utils.core.notebook_source import cell_text, parse

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
    parts: tuple[int, ...] = ()  # minutes of each part of a lesson split by «Parte k de n»


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
            parts=tuple(int(m) for m in meta.get("parts", ())),
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


# --- The time model (docs/tiempos.md): what a lesson or an exercise honestly takes ------------

#: Reading speed of a non-specialist adult for instructional text (150–180 words a minute).
WORDS_PER_MINUTE = 160
#: Minutes to answer once the question is read, by kind of answer.
ANSWER_MINUTES = {"single": 0.5, "multiple": 1.0, "number": 1.5}
#: Minutes per item of an answer made of items (classify a comment, rank a step, rate a line).
ITEM_MINUTES = {"classify": 0.3, "order": 0.4, "scale": 0.2}
#: Minutes to write an answer, by the size of its box (``max_chars``): short, medium, long.
WRITTEN_MINUTES = ((600, 3.0), (1200, 5.0), (None, 7.0))
#: Writing a reply or a post with the reviewer: write, read the review, correct.
REVIEWED_MINUTES = 8.0
#: In a graded exercise a written answer is weighed against its rubric (×1.5), and each answer
#: takes a minute more to reread the case and check it before moving on.
GRADED_WRITING_FACTOR = 1.5
GRADED_CHECK_MINUTES = 1.0
#: Looking at a figure and reading its description; working through a worked example
#: (a markdown cell tagged «ejemplo»), on top of reading its words.
FIGURE_MINUTES = 1.0
EXAMPLE_MINUTES = 1.0
#: Interactive tools that are neither a question nor a figure, and the minutes they take.
TOOL_MINUTES = {
    "raci_builder": 6.0,  # fill a who-does-what table
    "month_builder": 8.0,  # lesson 07: objectives, pillars and a weeks × channels grid
    "utm_builder": 2.0,  # lesson 07: type an address, pick a channel, name a campaign, copy
    "budget_calculator": 4.0,  # lesson 07: five figures, read the limit and the stop rule
    "measure_box": 3.0,  # load the example or one's own CSV and read the result
    "maturity_panel": 1.0,  # a radar of one's own answers
    "show_radar": 1.0,
    "show_audit": 1.0,
    "show_security": 1.0,
    "show_recommendation": 1.0,
    "with_smart_check": 1.0,  # read the SMART checker's verdict on one's objective
    "summary": 2.0,  # lesson 06: the plan's summary, the missing parts, the calendar
    "missing": 1.0,
    "fields": 3.0,
    "parts": 2.0,
    "calendar": 2.0,
    "downloads": 1.0,
    "kpis": 5.0,  # lesson 06: two to four indicators with today's figure, target and source
    "budget": 2.0,  # hours a week and euros a month
    "contacts": 4.0,  # who to call in a crisis, how and when
    "contract": 2.0,  # the model and the contract checklist
}
#: Cell tag of a worked example and the heading that opens a part of a long lesson.
EXAMPLE_TAG = "ejemplo"
PART_HEADING = re.compile(r"^#{1,3}\s*Parte\s+(\d+)\s+de\s+(\d+)\b", re.M)
#: A lesson or exercise part longer than this (minutes) should be split (docs/tiempos.md).
MAX_PART_MINUTES = 40
#: Modules whose functions a notebook may call to build a question (read as data here).
_DATA_MODULES = ("triage", "audit", "delegation", "maturity", "objectives")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_URL = re.compile(r"<https?://[^>]*>|\]\([^)]*\)|https?://\S+")
_MARK_SCHEME = re.compile(r"### BEGIN MARK SCHEME.*?### END MARK SCHEME", re.S)


def count_words(text: str) -> int:
    """Words a reader reads in a text (links' addresses and rubrics kept for graders left out)."""
    return len(_WORD.findall(_URL.sub(" ", _MARK_SCHEME.sub(" ", text))))


@dataclass
class TimeEstimate:
    """What the time model counts in a notebook (or one part of it) and the minutes it gives."""

    words: int = 0  # read: markdown and the text of questions (and their feedback in practice)
    answers: dict[str, int] = field(default_factory=dict)  # kind of answer → how many
    figures: int = 0
    examples: int = 0
    reading_minutes: float = 0.0
    answer_minutes: float = 0.0
    other_minutes: float = 0.0  # figures, worked examples, tools

    @property
    def minutes(self) -> float:
        return self.reading_minutes + self.answer_minutes + self.other_minutes

    @property
    def questions(self) -> int:
        return sum(self.answers.values())

    def add(self, other: TimeEstimate) -> None:
        self.words += other.words
        for k, n in other.answers.items():
            self.answers[k] = self.answers.get(k, 0) + n
        self.figures += other.figures
        self.examples += other.examples
        self.reading_minutes += other.reading_minutes
        self.answer_minutes += other.answer_minutes
        self.other_minutes += other.other_minutes


def _evaluate(node: ast.AST, names: dict) -> object:
    """The value of a question's expression: literals, earlier literal variables, data calls."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Dict):
        return {
            _evaluate(k, names): _evaluate(v, names)
            for k, v in zip(node.keys, node.values, strict=True)
            if k
        }
    if isinstance(node, ast.List | ast.Tuple):
        return [_evaluate(e, names) for e in node.elts]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in _DATA_MODULES
    ):
        module = importlib.import_module(f"course_utils.{node.func.value.id}")
        args = [_evaluate(a, names) for a in node.args]
        return getattr(module, node.func.attr)(*args)
    return None


def _texts(value: object) -> str:
    if isinstance(value, dict):
        return "\n".join(_texts(v) for v in value.values())
    if isinstance(value, list | tuple):
        return "\n".join(_texts(v) for v in value)
    return str(value) if isinstance(value, str) else ""


def _question_estimate(spec: dict, practice: bool) -> TimeEstimate:
    kind = str(spec.get("type", "single"))
    shown = [spec.get("prompt"), spec.get("label"), spec.get("options"), spec.get("items")]
    categories = spec.get("categories")
    if isinstance(categories, dict | list):
        shown.append(categories)
    if practice:  # in a lesson, the learner reads the feedback after «Comprobar»
        explanations = spec.get("explanations")
        if kind == "single" and isinstance(explanations, dict) and explanations:
            shown.append(max(explanations.values(), key=lambda t: len(str(t))))
        elif explanations:
            shown.append(explanations)
        shown.append(spec.get("explanation"))
    words = count_words(_texts(shown))
    items = spec.get("items") or spec.get("options") or {}
    if kind in ITEM_MINUTES:
        answer = ITEM_MINUTES[kind] * max(1, len(items))
    elif kind == "text":
        size = int(spec.get("max_chars") or 600)
        answer = next(m for limit, m in WRITTEN_MINUTES if limit is None or size <= limit)
    else:
        answer = ANSWER_MINUTES.get(kind, 1.0)
    if not practice:
        answer = answer * (GRADED_WRITING_FACTOR if kind == "text" else 1) + GRADED_CHECK_MINUTES
    return TimeEstimate(
        words=words,
        answers={kind: 1},
        reading_minutes=words / WORDS_PER_MINUTE,
        answer_minutes=answer,
    )


def _code_estimate(source: str, names: dict, practice: bool) -> TimeEstimate:
    est = TimeEstimate()
    tree = parse(source)
    if tree is None:
        return est
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                value = _evaluate(node.value, names)
                if value is not None:
                    names[target.id] = value
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "ask" and node.args:
            spec = _evaluate(node.args[0], names)
            if isinstance(spec, dict):
                est.add(_question_estimate(spec, practice))
        elif name == "review_box":
            prompt = next((k.value for k in node.keywords if k.arg == "prompt"), None)
            words = count_words(_texts(_evaluate(prompt, names))) if prompt else 0
            est.add(
                TimeEstimate(
                    words=words,
                    answers={"revisada": 1},
                    reading_minutes=words / WORDS_PER_MINUTE,
                    answer_minutes=REVIEWED_MINUTES
                    if practice
                    else REVIEWED_MINUTES * GRADED_WRITING_FACTOR + GRADED_CHECK_MINUTES,
                )
            )
        elif name in ("show_figure", "show_radar") or (name == "print" and practice):
            est.add(TimeEstimate(figures=1, other_minutes=FIGURE_MINUTES))
        elif name in TOOL_MINUTES:
            est.add(TimeEstimate(other_minutes=TOOL_MINUTES[name]))
    return est


def _cell_estimates(cells: list[dict], practice: bool) -> list[TimeEstimate]:
    names: dict = {}
    out = []
    for cell in cells:
        if cell["cell_type"] == "markdown":
            words = count_words(cell_text(cell))
            example = EXAMPLE_TAG in cell.get("metadata", {}).get("tags", [])
            out.append(
                TimeEstimate(
                    words=words,
                    examples=int(example),
                    reading_minutes=words / WORDS_PER_MINUTE,
                    other_minutes=EXAMPLE_MINUTES * example,
                )
            )
        elif cell["cell_type"] == "code":
            out.append(_code_estimate(cell_text(cell), names, practice))
        else:
            out.append(TimeEstimate())
    return out


def markdown_words(path: str | Path) -> int:
    """Words a reader reads in the markdown cells of a notebook."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    return sum(count_words(cell_text(c)) for c in cells if c["cell_type"] == "markdown")


def _is_exercise(path: Path) -> bool:
    return path.name.startswith(EXERCISE_PREFIX)


def estimate(path: str | Path) -> TimeEstimate:
    """The time model applied to a whole lesson or exercise notebook (see docs/tiempos.md)."""
    return _sum(estimate_parts(path))


def _sum(parts: list[TimeEstimate]) -> TimeEstimate:
    total = TimeEstimate()
    for part in parts:
        total.add(part)
    return total


def estimate_parts(path: str | Path) -> list[TimeEstimate]:
    """The model for each part of a notebook split by «Parte k de n» headings (one if none).

    Cells before the first part's heading belong to the first part; «Ideas clave», «Fuentes»
    and the navigation after the last part belong to the last.
    """
    path = Path(path)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    per_cell = _cell_estimates(cells, practice=not _is_exercise(path))
    parts = [TimeEstimate()]
    seen_heading = False
    for cell, est in zip(cells, per_cell, strict=True):
        if cell["cell_type"] == "markdown" and PART_HEADING.search(cell_text(cell)):
            if seen_heading:
                parts.append(TimeEstimate())
            seen_heading = True
        parts[-1].add(est)
    return parts


def estimated_minutes(path: str | Path) -> float:
    """Honest time of a lesson or an exercise by the model in docs/tiempos.md (not rounded).

    Reading at 160 words a minute (markdown and the questions' text; in a lesson, also the
    feedback), plus minutes per answer by kind, per figure, per worked example and per tool.
    """
    return estimate(path).minutes


def stated_minutes(minutes: float) -> int:
    """The minutes a page states for an estimate: rounded to the nearest 5, at least 5."""
    return max(5, 5 * round(minutes / 5))


def _exercise_notebooks(root: Path) -> list[Path]:
    return sorted(root.glob(f"solutions/*/{EXERCISE_PREFIX}*.ipynb"))


def time_table(root: str | Path) -> str:
    """The table of docs/tiempos.md: each lesson's and exercise's time by the model (Spanish)."""
    root = Path(root)
    rows = [
        "| Cuaderno | Palabras | Preguntas (clic / clasificar u ordenar / escritas) "
        "| Figuras y ejemplos | Lectura | Respuestas | Otros | Total | Redondeado |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lesson_paths = sorted((root / "lessons").glob("[0-9][0-9]-*.ipynb"))
    for path in [*lesson_paths, *_exercise_notebooks(root)]:
        est = estimate(path)
        a = est.answers
        clicks = a.get("single", 0) + a.get("multiple", 0) + a.get("number", 0)
        items = a.get("classify", 0) + a.get("order", 0) + a.get("scale", 0)
        written = a.get("text", 0) + a.get("revisada", 0)
        if _is_exercise(path):
            name, stated = f"Ejercicio {path.stem.removeprefix(EXERCISE_PREFIX)[:2]}", ""
        else:
            lesson = read_lesson(path)
            name, stated = f"Lección {lesson.number}", ""
            if lesson.parts:
                stated = " (" + " + ".join(str(p) for p in lesson.parts) + ")"
        rows.append(
            f"| {name} | {est.words:,} | {clicks} / {items} / {written} "
            f"| {est.figures} / {est.examples} | {est.reading_minutes:.0f} "
            f"| {est.answer_minutes:.0f} | {est.other_minutes:.0f} | {est.minutes:.0f} "
            f"| {stated_minutes(est.minutes)}{stated} |".replace(",", ".")
        )
    return "\n".join(rows)
