"""Self-check: an exercise scored from its saved answers with the instructors' engine, and its submission to nbgrader's exchange on a hub."""

from __future__ import annotations

import ast
import copy
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course_utils.core.formats import es_points
from course_utils.core.lessons import exercise_notebook
from course_utils.core.notebook_source import cell_text, parse
from course_utils.core.store import FILE_PREFIX
from course_utils.core.text import answered as _answered
from course_utils.grading import intake
from course_utils.grading.correction import CorrectionError, find_course
from course_utils.grading.engine import (
    REPORT_KEY,
    GradeFromAnswers,
    rebuild,
)
from course_utils.grading.self_check_items import ItemResult, item_results, keys_in, reasons

#: Set by JupyterHub in every single-user server: the box offers to submit only there.
HUB_VARIABLE = "JUPYTERHUB_USER"
SUBMIT_TIMEOUT = 120  # seconds; a submission copies one small folder

NO_KEYS = (
    "En esta copia del curso no están las soluciones, así que la corrección automática la hace "
    "tu formador o formadora cuando entregas el ejercicio. Aquí puedes ver qué preguntas te "
    "quedan por responder."
)
NO_ANSWERS = (
    "Todavía no hay ninguna respuesta guardada. Responde a las preguntas y vuelve a pulsar "
    "«Corregir mi ejercicio»."
)
#: Verdicts in words, for the learner.
VERDICTS = {
    "correcta": "✅ Correcta",
    "en_parte": "🟡 Bien en parte",
    "incorrecta": "❌ Incorrecta",
    "sin_responder": "⬜ Sin responder",
    "error": "⚠️ No se ha podido corregir automáticamente: lo revisará tu formador o formadora",
}
_QID = re.compile(
    r"""\b(?:grade|grade_with|show_answer)\(\s*["'][^"']+["']\s*,\s*["']([A-Za-z0-9_.-]+)["']"""
)
_SHOWN = re.compile(r"""\bshow_answer\(\s*["'][^"']+["']\s*,\s*["']([A-Za-z0-9_.-]+)["']""")
_HEADING = re.compile(r"^#+\s*(.+?)\s*$")
_RUBRIC_TOTAL = re.compile(r"^Total: [\d,]+/[\d,]+ puntos\.$")  # the reviewer's own scale
_POINTS_NOTE = re.compile(r"\s*\([^()]*\bpuntos?\b[^()]*\)$")


@dataclass
class QuestionResult:
    """One automatically graded cell: its points, what it earned and the engine's review."""

    grade_id: str
    title: str
    qids: list[str]
    points: float
    earned: float = 0.0
    verdict: str = "sin_responder"
    lines: list[str] = field(default_factory=list)
    #: question id → its items or options, one by one (choice questions with a literal key)
    items: dict[str, list[ItemResult]] = field(default_factory=dict)

    @property
    def verdict_text(self) -> str:
        return VERDICTS[self.verdict]


@dataclass
class ManualPart:
    """A part graded by hand: its rubric criteria and the written answers it grades."""

    grade_id: str
    title: str
    points: float
    criteria: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    #: qid → (reviewer kind, problem, private) for texts the course's reviewer can read
    reviews: dict[str, tuple[str, bool | None, bool | None]] = field(default_factory=dict)


@dataclass
class SelfCheck:
    """The result of «Corregir mi ejercicio» (messages in Spanish)."""

    notebook_id: str
    status: str  # corregido | sin_respuestas | respuestas_no_validas | sin_claves | error
    message: str = ""
    questions: list[QuestionResult] = field(default_factory=list)
    manual: list[ManualPart] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)  # question ids with a saved answer

    @property
    def earned(self) -> float:
        return round(sum(q.earned for q in self.questions), 2)

    @property
    def auto_total(self) -> float:
        return round(sum(q.points for q in self.questions), 2)

    @property
    def manual_total(self) -> float:
        return round(sum(m.points for m in self.manual), 2)

    @property
    def scored(self) -> bool:
        return self.status in ("corregido", "sin_respuestas")

    def summary(self) -> str:
        """«7,5 de 12 puntos automáticos» (and what is graded by hand)."""
        text = f"{es_points(self.earned)} de {es_points(self.auto_total)} puntos automáticos"
        if self.manual_total:
            text += f"; {es_points(self.manual_total)} puntos más los corregirá tu formador a mano"
        return text + "."


# -- where the keys are -------------------------------------------------------------------------


def course_root(folder: str | os.PathLike) -> Path | None:
    """The course folder above ``folder`` (with solutions/ and nbgrader_config.py), or None."""
    try:
        return find_course(Path(folder))
    except (CorrectionError, OSError):
        return None


def source_notebook(folder: str | os.PathLike, notebook_id: str) -> Path | None:
    """The instructor's source of the exercise whose answers id is ``notebook_id``
    (solutions/<assignment>/ejercicio-<assignment>.ipynb): in solutions/<this folder>/ first,
    then in any folder of solutions/."""
    root = course_root(folder)
    if root is None:
        return None
    solutions = root / "solutions"
    name = exercise_notebook(notebook_id)
    for path in [
        solutions / Path(folder).resolve().name / name,
        *sorted(solutions.glob(f"*/{name}")),
    ]:
        if path.is_file():
            return path
    return None


def _meta(cell: Any) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader") or {}
    return meta if isinstance(meta, dict) else {}


def _title(cells: list, index: int) -> str:
    """The heading of the nearest markdown cell at or above ``index`` (its first line)."""
    for cell in reversed(cells[: index + 1]):
        if cell.get("cell_type") == "markdown":
            found = _HEADING.match(
                cell_text(cell).strip().splitlines()[0] if cell_text(cell).strip() else ""
            )
            if found:
                return _POINTS_NOTE.sub("", found.group(1))
    return ""


def _review_settings(cells: list) -> dict[str, tuple[str, bool | None, bool | None]]:
    """What the reviewer needs for each written answer, read (never run) from the source."""
    found: dict[str, tuple[str, bool | None, bool | None]] = {}
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell_text(cell)
        if "rewrite_scorer(" in source:
            for qid in _SHOWN.findall(source):
                found.setdefault(qid, ("publicacion", None, None))
        tree = parse(source)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name != "review_box" or len(node.args) < 2:
                continue
            try:
                qid = ast.literal_eval(node.args[1])
                options = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
            except ValueError:
                continue
            if isinstance(qid, str):
                found[qid] = (
                    str(options.get("kind", "respuesta")),
                    options.get("problem"),
                    options.get("private"),
                )
    return found


def _rubric(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The criteria of a markdown rubric table, and the lines that follow it."""
    criteria, notes, header_seen, table_done = [], [], False, False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            cols = [c.strip() for c in stripped.strip("|").split("|")]
            if not header_seen:
                header_seen = True
            elif not all(set(c) <= set("-: ") for c in cols):
                criteria.append((cols[0], cols[1] if len(cols) > 1 else ""))
            continue
        if criteria and stripped and not stripped.startswith("#"):
            table_done = True
        if table_done and stripped and not stripped.startswith("#"):
            notes.append(stripped)
    return criteria, notes


def _points(meta: dict) -> float:
    try:
        points = float(meta.get("points") or 0)
    except (TypeError, ValueError):
        return 0.0
    return points if math.isfinite(points) else 0.0


# -- scoring with the instructors' engine -------------------------------------------------------


def _engine_outputs(source: Any, folder: Path, notebook: str) -> Any:
    """The source notebook graded by GradeFromAnswers against ``folder``'s answers file.

    The engine is the one nbgrader's autograde runs (nbgrader_config.py): the notebook is
    rebuilt from the source and each hidden test of the source is scored against a copy of the
    answers, read from ``folder`` without following links. No cell of the learner's notebook
    is read or run. ``notebook`` is the source's name as nbgrader knows it (its file stem); the
    answers file is the one its ``start("…")`` call names.
    """
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(folder.parent)
    config.CourseDirectory.directory_structure = "{assignment_id}"
    config.CourseDirectory.submitted_directory = "."
    nb, report = rebuild(copy.deepcopy(source), source)
    nb.metadata[REPORT_KEY] = report
    resources = {"nbgrader": {"student": ".", "assignment": folder.name, "notebook": notebook}}
    graded, _ = GradeFromAnswers(config=config).preprocess(nb, resources)
    return graded


def _review_lines(outputs: list) -> list[str]:
    """The engine's Spanish review of one cell, without the learner's own text repeated."""
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    lines = text.splitlines()
    result: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith("Respuesta escrita a «"):
            skipping = True
            continue
        if line.startswith("Pregunta «") and line.rstrip().endswith("puntos."):
            skipping = False
            continue  # the score is shown in the table
        if not skipping and line.strip() and not _RUBRIC_TOTAL.match(line.strip()):
            result.append(line.strip())
    return result


def _key_reasons(notebook: str, qids: list[str]) -> list[str]:
    """Why a debatable key is what it is (data/claves.yaml), shown once the learner has answered."""
    from course_utils.core.content import key_reasons

    return [
        f"ℹ️ Por qué esta clave: {reason}"
        for (qid, _item), reason in key_reasons(notebook).items()
        if qid in qids
    ]


def check_exercise(folder: str | os.PathLike, notebook_id: str) -> SelfCheck:
    """Score the answers saved in ``folder`` as nbgrader's autograde would; never raises."""
    folder = Path(folder).resolve()
    try:
        return _check(folder, notebook_id)
    except Exception as exc:  # the page must never show a traceback
        return SelfCheck(
            notebook_id,
            "error",
            "No se ha podido corregir el ejercicio ahora mismo "
            f"({type(exc).__name__}). Tus respuestas siguen guardadas; si vuelve a pasar, "
            "díselo a tu formador o formadora.",
        )


def _check(folder: Path, notebook_id: str) -> SelfCheck:
    name = f"{FILE_PREFIX}{notebook_id}.json"
    exists = os.path.lexists(folder / name)
    # the checks every grading path makes (course_utils.grading.intake): no link, a regular file
    # within its size limit, the store's shape, and each answer on its own
    read = intake.read_answers(folder, [], notebook_id) if exists else intake.Answers({})
    answers, problem = read.answers, read.problem
    answered = [q for q, r in (answers or {}).items() if _answered(r.get("value"))]
    answered += list(read.set_aside)  # answered, but not in a shape that can be graded
    path = source_notebook(folder, notebook_id)
    if path is None:
        message = NO_KEYS + (f" {problem}" if problem else "")
        return SelfCheck(notebook_id, "sin_claves", message, answered=answered)
    import nbformat

    source = nbformat.read(path, as_version=4)
    cells = source.cells
    check = SelfCheck(notebook_id, "corregido", answered=answered)
    for index, cell in enumerate(cells):
        meta = _meta(cell)
        if cell.cell_type == "code" and meta.get("grade") and _points(meta) > 0:
            qids = list(dict.fromkeys(_QID.findall(cell_text(cell))))
            check.questions.append(
                QuestionResult(meta.get("grade_id", ""), _title(cells, index), qids, _points(meta))
            )
    _manual_parts(check, cells, answers or {})
    if problem:
        check.status = "respuestas_no_validas"
        check.message = problem + (
            " Vuelve a responder alguna pregunta: se guardará un archivo nuevo (el dañado se "
            "aparta con otro nombre, no se pierde) y pulsa otra vez «Corregir mi ejercicio»."
            if "dañado" in problem or "no es válido" in problem
            else " Pide ayuda a tu formador o formadora."
        )
        return check
    if not exists:
        check.status, check.message = "sin_respuestas", NO_ANSWERS
        return check
    from nbgrader.utils import determine_grade

    graded = {_meta(c).get("grade_id"): c for c in _engine_outputs(source, folder, path.stem).cells}
    keys, why = keys_in(cells), reasons(notebook_id)
    for question in check.questions:
        for qid in question.qids:
            if qid in keys:
                record = (answers or {}).get(qid)
                value = record.get("value") if isinstance(record, dict) else None
                kind, key = keys[qid]
                try:
                    question.items[qid] = item_results(kind, key, value, why.get(qid, {}))
                except (TypeError, ValueError):  # an answer of another shape: the score says so
                    pass
        cell = graded.get(question.grade_id)
        if cell is None:
            continue
        question.lines = _review_lines(cell.outputs) + _key_reasons(path.name, question.qids)
        if any(o.get("output_type") == "error" for o in cell.outputs):
            question.verdict, question.earned = "error", 0.0
            continue
        score, _ = determine_grade(cell)  # what nbgrader's SaveAutoGrades records
        question.earned = round(float(score or 0.0), 2)
        if question.earned >= question.points - 1e-9:
            question.verdict = "correcta"
        elif question.earned > 0:
            question.verdict = "en_parte"
        elif question.qids and not any(q in answered for q in question.qids):
            question.verdict = "sin_responder"
        else:
            question.verdict = "incorrecta"
    return check


def _manual_parts(check: SelfCheck, cells: list, answers: dict) -> None:
    """The hand-graded parts (nbgrader tasks), with the written answers shown before each."""
    reviews = _review_settings(cells)
    shown: list[str] = []
    for cell in cells:
        meta = _meta(cell)
        if cell.cell_type == "code" and meta.get("grade"):
            shown += [q for q in _SHOWN.findall(cell_text(cell)) if q not in shown]
            continue
        if cell.cell_type != "markdown" or not (meta.get("task") or meta.get("grade")):
            continue
        text = cell_text(cell)
        criteria, notes = _rubric(text)
        heading = _HEADING.match(text.strip().splitlines()[0]) if text.strip() else None
        part = ManualPart(
            meta.get("grade_id", ""),
            heading.group(1) if heading else "Corrección a mano",
            _points(meta),
            criteria,
            notes,
        )
        for qid in shown:
            record = answers.get(qid)
            value = record.get("value") if isinstance(record, dict) else None
            part.texts[qid] = value if isinstance(value, str) else ""
            if qid in reviews:
                part.reviews[qid] = reviews[qid]
        shown = []
        check.manual.append(part)


# -- submitting on a hub (nbgrader's exchange) --------------------------------------------------


def on_hub() -> bool:
    """Whether this kernel runs in a JupyterHub user's server."""
    return bool(os.environ.get(HUB_VARIABLE))


@dataclass
class Submission:
    """How a submission went (a Spanish message for the learner)."""

    ok: bool
    message: str


def exchange_settings(folder: str | os.PathLike) -> dict[str, Any]:
    """nbgrader's settings as the hub provides them (its config files), for this exercise.

    The files are read the way nbgrader reads them: Jupyter's config folders, then the folder
    the exercise was fetched into (which wins).
    """
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import (
        ConfigFileNotFound,
        JSONFileConfigLoader,
        PyFileConfigLoader,
    )

    folder = Path(folder).resolve()
    config = Config()
    for where in [*reversed(jupyter_config_path()), str(folder.parent)]:
        for loader in (PyFileConfigLoader, JSONFileConfigLoader):
            suffix = "py" if loader is PyFileConfigLoader else "json"
            try:
                config.merge(loader(f"nbgrader_config.{suffix}", path=where).load_config())
            except ConfigFileNotFound:
                continue
    course = config.CourseDirectory.get("course_id", "") or ""
    student = config.CourseDirectory.get("student_id", "*") or "*"
    return {
        "course": str(course),
        "root": str(config.Exchange.get("root", "/usr/local/share/nbgrader/exchange")),
        "path_includes_course": bool(config.Exchange.get("path_includes_course", False)),
        "student": os.environ.get(HUB_VARIABLE, "") if student == "*" else str(student),
    }


_NBGRADER_ERRORS = (
    ("Assignment not found", "Tu formador o formadora no ha publicado «{a}» en el taller."),
    ("Inbound directory doesn't exist", "El intercambio del taller no está preparado para «{c}»."),
    ("Unwritable directory", "No se puede escribir en la carpeta de intercambio del taller."),
    ("You don't have write permissions", "No tienes permiso para entregar en el taller."),
    ("You do not have access", "No estás dada o dado de alta en el curso «{c}»."),
    ("No course id", "El taller no tiene configurado el curso."),
)


def submit(folder: str | os.PathLike, timeout: float = SUBMIT_TIMEOUT) -> Submission:
    """Submit the exercise in ``folder`` with ``nbgrader submit``; never raises."""
    folder = Path(folder).resolve()
    assignment = folder.name
    ask = " Díselo a tu formador o formadora."
    if not on_hub():
        return Submission(False, "Solo se puede entregar desde el taller (JupyterHub).")
    try:
        settings = exchange_settings(folder)
    except Exception as exc:
        return Submission(
            False,
            f"La configuración de nbgrader del taller tiene un error ({type(exc).__name__})." + ask,
        )
    course, root = settings["course"], Path(settings["root"])
    if not course:
        return Submission(
            False, "Este taller no tiene configurado el intercambio de ejercicios (nbgrader)." + ask
        )
    if not root.is_dir():
        return Submission(
            False, f"No se encuentra la carpeta de intercambio del taller ({root})." + ask
        )
    if not (root / course / "outbound" / assignment).is_dir():
        return Submission(
            False,
            f"«{assignment}» no es un ejercicio publicado en el taller para el curso «{course}». "
            "Abre el ejercicio que descargaste en la pestaña «Assignments» (botón «Fetch») y "
            "entrégalo desde allí.",
        )
    base = folder.parent
    if settings["path_includes_course"]:
        if base.name != course:
            return Submission(
                False,
                f"Este cuaderno no está en la carpeta «{course}/{assignment}» que crea «Fetch»: "
                "abre el ejercicio descargado y entrégalo desde allí.",
            )
        base = base.parent
    if not list(folder.glob("*.ipynb")):
        return Submission(False, f"No hay ningún cuaderno en «{assignment}» que entregar.")
    from course_utils.grading.release import nbgrader_env

    command = [
        sys.executable,
        "-m",
        "nbgrader",
        "submit",
        assignment,
        f"--course={course}",
        f"--Exchange.root={root}",
        f"--Exchange.assignment_dir={base}",
    ]
    if settings["student"]:
        command.append(f"--student={settings['student']}")
    try:
        done = subprocess.run(
            command,
            cwd=base,
            env=nbgrader_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return Submission(False, "La entrega tarda demasiado; inténtalo de nuevo en un momento.")
    except OSError as exc:
        return Submission(False, f"No se ha podido entregar ({exc.strerror or exc}).{ask}")
    if done.returncode == 0:
        return Submission(
            True,
            f"¡Entregado! Tu formador o formadora ya tiene «{assignment}» con tus respuestas. "
            "Si cambias algo, puedes volver a entregar: contará la última entrega.",
        )
    said = done.stdout + done.stderr
    for marker, message in _NBGRADER_ERRORS:
        if marker in said:
            return Submission(False, message.format(a=assignment, c=course) + ask)
    last = [line for line in said.splitlines() if line.strip()][-1:] or ["sin detalles"]
    return Submission(False, f"No se ha podido entregar el ejercicio ({last[0][:200]})." + ask)
