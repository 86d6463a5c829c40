"""The course home page: lessons and exercises in order, the owner's progress and the next step."""

from __future__ import annotations

import html
from pathlib import Path

from course_utils.core.lessons import LessonError, course, exercise_notebook
from course_utils.core.store import FILE_PREFIX, read_answers
from course_utils.owner.progress import LessonProgress, course_progress, next_step
from course_utils.ui import lean

PLAN_LESSON = "06-mi-plan"


def lesson_state(row: LessonProgress) -> str:
    """«Hecha», «Sin empezar» or «En curso: 3 de 8», as the table says it."""
    if row.complete:
        return "✓ Hecha"
    if row.answered == 0:
        return "Sin empezar"
    return f"En curso: {row.answered} de {len(row.lesson.questions)}"


def exercise_rows(root: Path) -> list[tuple[str, str, str, int]]:
    """(number, title, link from lessons/, answers saved) for every exercise in exercises/."""
    try:
        titles = {lesson.number: lesson.short_title for lesson in course(root)}
    except LessonError:
        titles = {}
    rows = []
    for folder in sorted((root / "exercises").glob("[0-9][0-9]-*")):
        notebook = folder / exercise_notebook(folder.name)
        if not notebook.is_file():
            continue
        answers, _ = read_answers(folder / f"{FILE_PREFIX}{folder.name}.json")
        title = titles.get(folder.name[:2], folder.name[3:].replace("-", " ").capitalize())
        rows.append(
            (folder.name[:2], title, f"../exercises/{folder.name}/{notebook.name}", len(answers))
        )
    return rows


def home_html(root: str | Path) -> str:
    """The home page as HTML: progress, next step, lessons, exercises and the plan."""
    root = Path(root)
    try:
        lessons = course_progress(root)
    except LessonError as problem:
        return f"<p><b>No se puede leer el curso:</b> {html.escape(str(problem))}</p>"
    exercises = exercise_rows(root)
    done = sum(row.complete for row in lessons)
    checks = sum(row.checks for row in lessons)
    right = sum(row.right for row in lessons)
    started = sum(1 for row in exercises if row[3])
    minutes = sum(row.lesson.minutes for row in lessons)
    step = next_step(lessons)
    if step is None:
        nxt = (
            "<p class='curso-siguiente'>¡Has terminado todas las lecciones! "
            f"<a href='{PLAN_LESSON}.ipynb'>Descarga tu plan</a> e imprímelo.</p>"
        )
    else:
        verb = "Sigue" if any(row.answered for row in lessons) else "Empieza"
        nxt = (
            f"<p class='curso-siguiente'>{verb} por aquí: "
            f"<a href='{html.escape(step.lesson.path.name)}'>Lección {step.lesson.number} · "
            f"{html.escape(step.lesson.short_title)}</a></p>"
        )
    lines = [
        f"<p>¡Hola! Llevas <b>{done} de {len(lessons)} lecciones</b> hechas (unos {minutes} "
        f"minutos en total), <b>{right} de {checks}</b> preguntas de práctica acertadas y "
        f"<b>{started} de {len(exercises)}</b> ejercicios empezados. Tus respuestas se guardan "
        "solas y vuelven cada vez que abres una página.</p>",
        nxt,
        "<h2>Lecciones</h2>",
        _lessons_table(lessons),
    ]
    if exercises:
        lines += [
            "<h2>Ejercicios</h2>",
            "<p>Cada lección tiene un ejercicio para practicar con tu negocio. Al final de cada "
            "uno, «Corregir mi ejercicio» te dice cómo lo has hecho.</p>",
            _exercises_table(exercises),
        ]
    lines.append(
        "<p class='curso-nota'>¿Prefieres ver los cuadernos de Jupyter? Cierra el curso y "
        "ábrelo con <code>curso abrir --cuadernos</code>.</p>"
    )
    return "<div class='curso-inicio'>" + "".join(lines) + "</div>"


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th scope='col'>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table class='curso-tabla'><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _link(href: str, text: str) -> str:
    return f"<a href='{html.escape(href)}'>{html.escape(text)}</a>"


def _lessons_table(lessons: list[LessonProgress]) -> str:
    rows = [
        [
            row.lesson.number,
            _link(row.lesson.path.name, row.lesson.short_title),
            f"{row.lesson.minutes} min"
            + (f" ({len(row.lesson.parts)} partes)" if row.lesson.parts else ""),
            html.escape(lesson_state(row)),
            f"{row.right} de {row.checks}" if row.checks else "—",
        ]
        for row in lessons
    ]
    return _table(["Nº", "Lección", "Duración", "Estado", "Práctica acertada"], rows)


def _exercises_table(exercises: list[tuple[str, str, str, int]]) -> str:
    rows = [
        [number, _link(href, title), f"{saved} respuestas guardadas" if saved else "Sin empezar"]
        for number, title, href, saved in exercises
    ]
    return _table(["Nº", "Ejercicio", "Estado"], rows)


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
    from IPython.display import display

    display(lean.HTML(STYLE + home_html(Path(root))))
