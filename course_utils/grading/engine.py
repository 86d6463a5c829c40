"""Autograde engine for nbgrader: rebuilds each submission from the source and scores the answers file as data, running no learner code."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import os
import re
import tempfile
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Float

from course_utils.core.errors import CourseError
from course_utils.core.lessons import exercise_answers_id
from course_utils.core.plain_text import markdown_literal, visible
from course_utils.core.store import FILE_PREFIX
from course_utils.grading import intake

#: Where the engine leaves what it found, in the autograded notebook's metadata.
REPORT_KEY = "curso_correccion"
_ASKED_ID = re.compile(
    r"""["']id["']\s*:\s*["']([A-Za-z0-9_.-]+)["']|\.store\s*,\s*["']([A-Za-z0-9_.-]+)["']"""
)
_START = re.compile(r"""start\(\s*["']([A-Za-z0-9_.-]+)["']""")
#: The question a test cell grades or shows: the second argument of grade/grade_with/show_answer.
_GRADED_ID = re.compile(
    r"""\b(?:grade|grade_with|show_answer)\(\s*["'][^"']+["']\s*,\s*["']([A-Za-z0-9_.-]+)["']"""
)
MAX_PRINTED = 20_000  # characters of a test cell's review kept in the graded notebook
COURSE_FAULT = (
    "Esta pregunta no se ha podido corregir automáticamente por un error del ejercicio, no de "
    "tu respuesta: tu formador o formadora la corregirá a mano."
)


class SubmissionRefused(CourseError):
    """nbgrader's own autograde does not grade a submission; the message (Spanish) says why."""


# -- reading a submission's answers: data only, no links, bounded ------------------------------


def answers_id(cells: Any, notebook: str) -> str:
    """The id of the answers file a notebook saves to: its ``start("…")`` call.

    ``notebook`` is nbgrader's notebook name (the file stem, «ejercicio-01-…»); without a
    ``start`` call the id is that name without the exercise prefix («01-…»).
    """
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, Mapping) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if found := _START.search(source):
            return found.group(1)
    return exercise_answers_id(notebook)


def read_submitted_answers(
    folder: str | os.PathLike, notebook_id: str
) -> tuple[dict[str, dict] | None, str | None]:
    """The answers of ``respuestas-<notebook_id>.json`` in ``folder``, or (None, Spanish reason).

    The file is read as :func:`course_utils.grading.intake.read_answers` reads it (no link followed,
    a regular file within the size limit, the store's shape); answers that cannot be graded
    are left out. Nothing else in the folder is read.
    """
    read = intake.read_answers(folder, [], notebook_id)
    return read.answers, read.problem


# -- rebuilding the notebook from the source ---------------------------------------------------


def _grade_id(cell: Mapping[str, Any]) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader") or {}
    return meta.get("grade_id") if isinstance(meta, Mapping) else None


def rebuild(submitted: Any, source: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, dict]:
    """The source notebook, whatever the submission holds, and what differed.

    Exercise notebooks have no editable cells (answers live in the answers file), so the graded
    notebook is the instructor's source: cells a learner added are dropped (never rendered or
    run), deleted cells come back, and edited locked cells are restored. The report counts them.
    """
    cells = submitted.get("cells") if isinstance(submitted, Mapping) else None
    cells = cells if isinstance(cells, list) else []
    known = {gid for c in source.cells if (gid := _grade_id(c)) is not None}
    seen = [gid for c in cells if isinstance(c, Mapping) and (gid := _grade_id(c)) in known]
    added = sum(1 for c in cells if not isinstance(c, Mapping) or _grade_id(c) not in known)
    missing = sorted(known - set(seen))
    rebuilt = copy.deepcopy(source)
    for cell in rebuilt.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    report = {"celdas_anadidas": added, "celdas_restauradas": missing}
    return rebuilt, report


def _note(report: Mapping[str, Any]) -> str | None:
    """A Spanish note for the top of the graded notebook when the submission was altered.

    Counts are written as Markdown; anything that may hold a learner's text (file names,
    question ids) goes in a fenced block, so none of it is ever rendered as a link or image.
    """
    parts, details = [], []
    if report.get("celdas_anadidas"):
        parts.append(
            f"Se han ignorado {int(report['celdas_anadidas'])} celdas añadidas al cuaderno: "
            "la corrección solo lee tu archivo de respuestas."
        )
    if report.get("celdas_restauradas"):
        parts.append(f"Se han restaurado {len(report['celdas_restauradas'])} celdas que faltaban.")
    if report.get("enlaces"):
        parts.append(f"Se han ignorado {len(report['enlaces'])} enlaces a otros archivos.")
    if report.get("a_mano"):
        parts.append(
            f"{len(report['a_mano'])} preguntas no se han podido corregir automáticamente por "
            "un error del ejercicio, no de tus respuestas: se corregirán a mano."
        )
    if report.get("respuestas"):
        details.append(str(report["respuestas"]))
    details += [str(reason) for reason in (report.get("apartadas") or {}).values()]
    if report.get("ignoradas"):
        details.append(
            f"Se han ignorado {int(report['ignoradas'])} respuestas con un identificador de "
            "pregunta no válido."
        )
    if not parts and not details:
        return None
    text = "**Nota de la corrección.** " + " ".join(parts)
    if details:
        text += "\n\n" + markdown_literal("\n".join(details))
    return text


# -- scoring one cell from the answers ---------------------------------------------------------


class _TimeUp(BaseException):
    """A test cell ran past its time (a BaseException: a scorer's ``except Exception`` cannot
    swallow it)."""


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Stop the block after ``seconds`` with :class:`_TimeUp` (only where a signal can: the main
    thread of a Unix process, as `nbgrader autograde` runs; elsewhere the block is not timed)."""
    import signal
    import threading

    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def time_up(signum, frame):
        raise _TimeUp(f"the test cell ran for more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_test_cell(
    source: str,
    answers: Mapping[str, dict] | None,
    notebook_id: str,
    label: str,
    document: str | None = None,
    seconds: float = 0,
) -> tuple[str, Any, str | None]:
    """Run an instructor's test cell (from the source) against a copy of the validated answers.

    Returns (printed text, value of the last expression, error text or None): whatever the
    cell or a scorer does (raises, exits, returns anything, runs past ``seconds`` when that is
    more than 0), this returns. The cell runs in a
    temporary folder that holds only the validated answers (``document``, the compact JSON
    :func:`course_utils.grading.intake.parse_answers` made, or ``answers``), so it reads nothing else of
    the submission.
    """
    import ast

    out = io.StringIO()
    namespace: dict[str, Any] = {"__name__": "__curso_correccion__"}
    previous = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="correccion-") as tmp:
        try:
            if document is None and answers is not None:
                document = json.dumps(
                    {"schema": 1, "notebook": notebook_id, "answers": dict(answers)},
                    separators=(",", ":"),
                )
            if document is not None:
                (Path(tmp) / f"{FILE_PREFIX}{notebook_id}.json").write_text(
                    document, encoding="utf-8"
                )
            tree = ast.parse(source, filename=label)
            last = tree.body[-1] if tree.body else None
            if isinstance(last, ast.Expr):
                tree.body.pop()
            else:
                last = None
            os.chdir(tmp)
            with _time_limit(seconds), contextlib.redirect_stdout(out):
                exec(compile(tree, label, "exec"), namespace)  # the instructor's test code
                value = (
                    eval(compile(ast.Expression(last.value), label, "eval"), namespace)
                    if last is not None
                    else None
                )
        except (Exception, SystemExit, _TimeUp):  # the exercise's error: hand grading, the log
            return out.getvalue(), None, traceback.format_exc(limit=3)
        finally:
            os.chdir(previous)
    return out.getvalue(), value, None


def describe_answer(value: Any, limit: int = 20_000) -> str:
    """A saved answer as plain text for the grader's view (formgrader escapes text output).

    Nested lists and groups are written without recursion, and the text is cut at ``limit``
    characters, whatever the value holds.
    """
    parts: list[str] = []
    stack: list[Any] = [value]
    size = 0
    while stack and size <= limit:
        item = stack.pop()
        if isinstance(item, str):  # the learner's text, or a _Literal of ours
            parts.append(item)
            size += len(item)
        elif isinstance(item, Mapping):
            pieces: list[Any] = []
            for n, (key, inner) in enumerate(item.items()):
                pieces += [_Literal("\n" if n else ""), _Literal(f"{key} → "), inner]
            stack.extend(reversed(pieces))
        elif isinstance(item, list):
            pieces = []
            for n, inner in enumerate(item):
                pieces += [_Literal(", " if n else ""), inner]
            stack.extend(reversed(pieces))
        else:
            parts.append(json.dumps(item, ensure_ascii=False))
            size += len(parts[-1])
    text = "".join(parts)
    return text if len(text) <= limit and not stack else text[:limit] + "…"


class _Literal(str):
    """A piece of :func:`describe_answer`'s own punctuation (never a learner's value)."""


def _printable(text: str, limit: int = MAX_PRINTED) -> str:
    """Text a notebook can hold: no lone surrogate, at most ``limit`` characters."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[:limit] + "\n[…]\n"


def _stream(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("stream", name="stdout", text=text)


# -- the nbgrader preprocessors ----------------------------------------------------------------


class _CourseAware(NbGraderPreprocessor):
    """Knows where the course's folders are (nbgrader runs from the course folder)."""

    def _paths(self, resources: Mapping[str, Any]) -> tuple[Path, Path, Path]:
        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        submitted = Path(
            coursedir.format_path(
                coursedir.submitted_directory, info["student"], info["assignment"]
            )
        )
        autograded = Path(
            coursedir.format_path(
                coursedir.autograded_directory, info["student"], info["assignment"]
            )
        )
        source = Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"]))
        return submitted, autograded, source / f"{info['notebook']}.ipynb"

    def _chain(self, resources: Mapping[str, Any]) -> tuple[Path, list[str]]:
        """The course folder and the folders from it down to the submission (each checked)."""
        coursedir = CourseDirectory(config=self.config)
        return intake.relative_parts(Path(coursedir.root), self._paths(resources)[0])

    def _staged(self, resources: Mapping[str, Any]) -> dict:
        """What `curso corregir`'s staging found ({} on any other path: never a learner's file)."""
        from course_utils.grading.submissions import staged_findings

        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        return staged_findings(
            Path(coursedir.root),
            coursedir.submitted_directory,
            info["student"],
            info["assignment"],
        )


class RebuildFromSource(_CourseAware):
    """Sanitize step: the graded notebook is the source's; a submission with a link is refused."""

    def preprocess(self, nb, resources):
        _, _, source_path = self._paths(resources)
        root, parts = self._chain(resources)
        # nbgrader has already copied the submission's files: the course's guard (see
        # guard_nbgrader_autograde) refused any with a link before that; this checks again.
        found = intake.check_submission(root, parts, [])
        if found.refused or found.links or found.unsafe:
            raise SubmissionRefused(
                f"{resources['nbgrader']['student']}: " + " ".join(found.unsafe or found.problems)
            )
        source = nbformat.read(source_path, as_version=4)
        rebuilt, report = rebuild(nb, source)
        report["enlaces"] = sorted(str(p) for p in self._staged(resources).get("enlaces", []))
        rebuilt.metadata[REPORT_KEY] = report
        if report["celdas_anadidas"] or report["celdas_restauradas"]:
            self.log.warning("%s: %s", visible(resources["nbgrader"]["student"]), report)
        return rebuilt, resources


class GradeFromAnswers(_CourseAware):
    """Autograde step: each test cell's score computed from the answers file, no kernel started.

    Every cell is graded on its own: an answer that cannot be graded makes only its question 0
    (with a reason that says so), and a test cell that fails (an error of the exercise, not of
    the learner) is listed for hand grading (see :class:`QueueForHandGrading`), as is one that
    runs past ``time_limit``.
    """

    time_limit = Float(
        60.0, help="Seconds a test cell may run before it is left for hand grading (0: no limit)."
    ).tag(config=True)

    def preprocess(self, nb, resources):
        notebook_id = answers_id(nb.cells, resources["nbgrader"]["notebook"])
        root, parts = self._chain(resources)
        read = intake.read_answers(root, parts, notebook_id)
        if read.answers is None:  # staging may know better why the file is not there
            name = f"«{FILE_PREFIX}{notebook_id}.json»"
            staged = [p for p in self._staged(resources).get("problemas", []) if name in str(p)]
            read.problem = str(staged[0]) if staged else read.problem
        report = dict(nb.metadata.get(REPORT_KEY, {}))
        report.update(
            respuestas=read.problem, apartadas=dict(read.set_aside), ignoradas=read.ignored
        )
        by_hand = []
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("points"):
                continue  # a check worth no points (which questions are unanswered): not graded
            if meta.get("grade"):
                if not self._grade(cell, read, notebook_id, report):
                    by_hand.append(meta["grade_id"])
            else:
                self._show_answer(cell, read)
        report["a_mano"] = by_hand
        nb.metadata[REPORT_KEY] = report
        note = _note(report)
        if note:
            nb.cells.insert(0, nbformat.v4.new_markdown_cell(note))
        return nb, resources

    def _grade(self, cell, read: intake.Answers, notebook_id: str, report: dict) -> bool:
        """Score one test cell into its outputs; False when the course, not the answer, failed."""
        label = f"<{cell.metadata['nbgrader']['grade_id']}>"
        asked = list(dict.fromkeys(_GRADED_ID.findall(cell.source)))
        aside = [read.set_aside[q] for q in asked if q in read.set_aside]
        lines = ([read.problem] if read.problem else []) + aside
        if asked and len(aside) == len(asked):  # nothing of it can be graded: 0, with the reason
            printed, value, error = "", 0.0, None
        else:
            printed, value, error = run_test_cell(
                cell.source,
                read.answers,
                notebook_id,
                label,
                read.document or None,
                self.time_limit,
            )
        points = _cell_points(cell)
        score = None
        if error is None:
            try:
                score = float(value) if not isinstance(value, (bool, str)) else None
            except (TypeError, ValueError, OverflowError):
                score = None
            if score is not None and not math.isfinite(score):
                score = None
        if score is None:  # the test cell failed or returned no number of points
            self.log.error(
                "test cell %s of %s could not grade (an error of the exercise, queued for hand "
                "grading):\n%s",
                label,
                notebook_id,
                error or f"it returned {type(value).__name__}, not a number of points",
            )
            if "error del ejercicio" not in printed:
                printed += ("\n" if printed else "") + COURSE_FAULT
        text = _printable("\n".join(lines) + ("\n" if lines else "") + printed)
        outputs = [_stream(text)] if text else []
        if score is not None:  # graded by the course
            score = min(max(score, 0.0), points) if points else max(score, 0.0)
            outputs.append(
                nbformat.v4.new_output(
                    "execute_result", data={"text/plain": repr(score)}, execution_count=1
                )
            )
        else:
            outputs.append(
                nbformat.v4.new_output(
                    "error",
                    ename="ErrorDelEjercicio",
                    evalue="La corrección automática de esta celda falló; revísala a mano.",
                    traceback=[],
                )
            )
        cell.outputs = outputs
        return score is not None

    @staticmethod
    def _show_answer(cell, read: intake.Answers) -> None:
        ids = [a or b for a, b in _ASKED_ID.findall(cell.source)]
        if not ids or (read.answers is None and not read.set_aside):
            return
        lines = []
        for qid in dict.fromkeys(ids):
            record = (read.answers or {}).get(qid)
            if qid in read.set_aside:
                shown = read.set_aside[qid]
            else:
                shown = describe_answer(record.get("value")) if isinstance(record, dict) else "—"
            lines.append(f"Respuesta guardada a «{qid}»:\n{shown}\n")
        cell.outputs = [_stream(_printable("\n".join(lines)))]


def _cell_points(cell) -> float:
    try:
        points = float(cell.metadata["nbgrader"].get("points") or 0)
    except (TypeError, ValueError):
        return 0.0
    return points if math.isfinite(points) and points > 0 else 0.0


class QueueForHandGrading(NbGraderPreprocessor):
    """Autograde step after SaveAutoGrades: cells the course failed to grade go to hand grading.

    SaveAutoGrades gives such a cell 0 (it has an error output) and no hand grading; this marks
    it ``needs_manual_grade``, so formgrader and `curso corregir` list it as pending.
    """

    def preprocess(self, nb, resources):
        pending = (nb.metadata.get(REPORT_KEY) or {}).get("a_mano") or []
        if pending:
            from nbgrader.api import Gradebook

            info = resources["nbgrader"]
            with Gradebook(info["db_url"]) as gb:
                for grade_id in pending:
                    grade = gb.find_grade(
                        grade_id, info["notebook"], info["assignment"], info["student"]
                    )
                    grade.needs_manual_grade = True
                gb.db.commit()
        return nb, resources


# -- nbgrader's own commands: the same checks before it copies anything ---------------------------


def refusal(coursedir: Any, assignment: str, student: str, used: int = 0) -> tuple[str | None, int]:
    """Why nbgrader's own autograde must not touch ``student``'s ``assignment`` (Spanish), or
    None; and the bytes it holds. ``used``: what this run already graded (the class limit)."""
    root = Path(coursedir.root)
    folder = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))
    base, parts = intake.relative_parts(root, folder)
    source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
    notebooks = sorted(p.stem for p in source.glob("*.ipynb"))
    found = intake.check_submission(base, parts, notebooks, student=student)
    reasons = list(found.unsafe)
    if not found.notebooks_ok:
        reasons += [p for p in found.problems if p not in reasons and "cuaderno" in p]
    if not reasons and used + found.total_bytes > intake.LIMITS.class_bytes:
        reasons.append(
            f"las entregas de la clase pasarían de {intake.size_text(intake.LIMITS.class_bytes)}, "
            "el límite por ejercicio."
        )
    if not reasons:
        return None, found.total_bytes
    shown = visible(student, 64)
    advice = (
        f"Corrígela con «curso corregir {assignment} --alumno {student}»"
        if found.safe_id
        else f"Renombra la carpeta y corrígela con «curso corregir {assignment}»"
    )
    return (
        f"nbgrader no corrige la entrega de «{shown}» en «{assignment}» desde la carpeta "
        f"entregada: {' '.join(reasons)} {advice}: revisa cada entrega y corrige una copia sin "
        "enlaces, sin leer nada fuera de la carpeta de cada persona."
    ), found.total_bytes


#: The attribute that marks nbgrader's init_destination as already wrapped by the guard below.
_GUARD_MARK = "_curso_guard"


def guard_nbgrader_autograde() -> None:
    """Make nbgrader's own autograde (the command, formgrader's «Autograde» button) check each
    submission with course_utils.grading.intake before it reads or copies anything of it.

    nbgrader copies a submission's files following links, and reads its timestamp and
    notebooks, before any preprocessor runs; its only step earlier than that is
    ``Autograde.init_destination``, which this wraps (nbgrader_config.py calls this). A
    submission `curso corregir` would set aside is refused with :class:`SubmissionRefused`:
    nbgrader logs the Spanish reason, grades the others and ends with an error.
    """
    from nbgrader.converters import Autograde

    wrapped = Autograde.init_destination
    if getattr(wrapped, _GUARD_MARK, False):
        return

    def init_destination(self, assignment_id: str, student_id: str) -> bool:
        excluded = (self.coursedir.student_id_exclude or "").split(",")
        if student_id not in excluded:
            used = getattr(self, "_curso_bytes", 0)
            reason, size = refusal(self.coursedir, assignment_id, student_id, used)
            if reason:
                self.log.error(reason)
                raise SubmissionRefused(reason)
            self._curso_bytes = used + size
        return wrapped(self, assignment_id, student_id)

    setattr(init_destination, _GUARD_MARK, True)
    Autograde.init_destination = init_destination
