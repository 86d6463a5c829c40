"""The course home page: lessons and exercises in order, the owner's progress and the next step."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from ..lessons import Lesson, LessonError, course
from ..store import FILE_PREFIX, answers_path, read_answers

#: The home notebook, beside the lessons (its stem is not a lesson number, so it is no lesson).
HOME = "inicio"
PLAN_LESSON = "06-mi-plan"


@dataclass(frozen=True)
class Row:
    """One line of the home page: a lesson or an exercise and how far the owner got."""

    kind: str  # "lección" or "ejercicio"
    number: str
    title: str
    href: str  # relative to lessons/, works in Voilà and in JupyterLab
    minutes: int | None
    answered: int
    total: int | None  # None when the page does not list its questions

    @property
    def state(self) -> str:
        if self.answered == 0:
            return "Sin empezar"
        if self.total and self.answered >= self.total:
            return "Hecha" if self.kind == "lección" else "Respondido"
        if self.total:
            return f"En curso: {self.answered} de {self.total}"
        return f"En curso: {self.answered} respuestas"

    @property
    def done(self) -> bool:
        return bool(self.total) and self.answered >= self.total


def lesson_rows(root: Path) -> list[Row]:
    """Every lesson with its answered questions (read from its answers file, never run)."""
    rows = []
    for lesson in course(root):
        answers, _ = read_answers(answers_path(lesson.id, lesson.path.parent))
        answered = sum(1 for q in lesson.questions if q in answers)
        rows.append(_lesson_row(lesson, answered))
    return rows


def _lesson_row(lesson: Lesson, answered: int) -> Row:
    return Row(
        kind="lección",
        number=lesson.number,
        title=lesson.short_title,
        href=lesson.path.name,
        minutes=lesson.minutes,
        answered=answered,
        total=len(lesson.questions),
    )


def exercise_rows(root: Path) -> list[Row]:
    """Every exercise notebook in exercises/, with how many answers its file holds."""
    try:
        titles = {lesson.number: lesson.short_title for lesson in course(root)}
    except LessonError:
        titles = {}
    rows = []
    for folder in sorted((root / "exercises").glob("[0-9][0-9]-*")):
        notebook = folder / f"{folder.name}.ipynb"
        if not notebook.is_file():
            continue
        answers, _ = read_answers(folder / f"{FILE_PREFIX}{folder.name}.json")
        title = titles.get(folder.name[:2], folder.name[3:].replace("-", " ").capitalize())
        rows.append(
            Row(
                kind="ejercicio",
                number=folder.name[:2],
                title=title,
                href=f"../exercises/{folder.name}/{notebook.name}",
                minutes=None,
                answered=len(answers),
                total=None,
            )
        )
    return rows


def next_step(lessons: list[Row]) -> Row | None:
    """The first lesson not yet done (None when all are)."""
    return next((row for row in lessons if not row.done), None)


def home_html(root: str | Path) -> str:
    """The home page as HTML: greeting, next step, lessons, exercises and the plan."""
    root = Path(root)
    try:
        lessons = lesson_rows(root)
    except LessonError as problem:
        return f"<p><b>No se puede leer el curso:</b> {html.escape(str(problem))}</p>"
    exercises = exercise_rows(root)
    done = sum(row.done for row in lessons)
    step = next_step(lessons)
    if step is None:
        nxt = (
            "<p class='curso-siguiente'>Has terminado todas las lecciones. "
            f"<a href='{PLAN_LESSON}.ipynb'>Descarga tu plan</a> e imprímelo.</p>"
        )
    else:
        verb = "Sigue" if any(row.answered for row in lessons) else "Empieza"
        nxt = (
            f"<p class='curso-siguiente'>{verb} por aquí: <a href='{html.escape(step.href)}'>"
            f"Lección {step.number} · {html.escape(step.title)}</a></p>"
        )
    minutes = sum(row.minutes or 0 for row in lessons)
    lines = [
        f"<p>¡Hola! Llevas <b>{done} de {len(lessons)} lecciones</b> hechas "
        f"(unos {minutes} minutos en total). Tus respuestas se guardan solas y vuelven "
        "cada vez que abres una página.</p>",
        nxt,
        "<h2>Lecciones</h2>",
        _table(lessons, with_minutes=True),
    ]
    if exercises:
        lines += [
            "<h2>Ejercicios</h2>",
            "<p>Cada lección tiene un ejercicio para practicar lo aprendido con tu negocio. "
            "Al final de cada uno, «Corregir mi ejercicio» te dice cómo lo has hecho.</p>",
            _table(exercises, with_minutes=False),
        ]
    lines.append(
        "<p class='curso-nota'>¿Prefieres ver los cuadernos de Jupyter? Cierra el curso y "
        "ábrelo con <code>curso abrir --cuadernos</code>.</p>"
    )
    return "<div class='curso-inicio'>" + "".join(lines) + "</div>"


def _table(rows: list[Row], with_minutes: bool) -> str:
    head = "<tr><th scope='col'>Nº</th><th scope='col'>Página</th>"
    head += "<th scope='col'>Duración</th>" if with_minutes else ""
    head += "<th scope='col'>Estado</th></tr>"
    body = []
    for row in rows:
        cells = [
            f"<td>{row.number}</td>",
            f"<td><a href='{html.escape(row.href)}'>{html.escape(row.title)}</a></td>",
        ]
        if with_minutes:
            cells.append(f"<td>{row.minutes} min</td>")
        mark = "✓ " if row.done else ""
        cells.append(f"<td>{mark}{html.escape(row.state)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        "<table class='curso-tabla'><thead>"
        + head
        + "</thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


STYLE = """<style>
.curso-inicio { font-size: 1.05rem; }
.curso-tabla { border-collapse: collapse; margin: 0.5rem 0 1.5rem 0; }
.curso-tabla th, .curso-tabla td { padding: 0.4rem 0.8rem; border-bottom: 1px solid #ccc;
  text-align: left; }
.curso-tabla a, .curso-siguiente a { color: #0b5394; text-decoration: underline; }
.curso-siguiente a { font-weight: bold; }
.curso-siguiente { font-size: 1.2rem; background: #e8f0fe; padding: 0.8rem 1rem;
  border-left: 4px solid #0b5394; }
.curso-nota { color: #444; font-size: 0.95rem; }
</style>"""


def show_home(root: str | Path = "..") -> None:
    """Display the home page in the notebook (Voilà or JupyterLab).

    As a widget: links in a widget open in the same tab, where an HTML output's links get
    target=_blank from the page's sanitiser (one new tab per lesson)."""
    import ipywidgets as w
    from IPython.display import display

    display(w.HTML(STYLE + home_html(Path(root))))
