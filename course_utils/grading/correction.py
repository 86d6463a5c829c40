"""The instructor's pipeline: collect, check, grade, feedback and grades sheet for one or more exercises, in Spanish."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from course_utils.core.errors import CourseError
from course_utils.core.formats import es_points
from course_utils.core.plain_text import csv_cell, visible
from course_utils.grading.collect import CollectReport, SetAside, collect_assignment
from course_utils.grading.feedback_release import release_feedback as publish_feedback
from course_utils.grading.submissions import (
    Check,
    autograde_staged,
    nbgrader,
    record_rejects,
    stage_assignment,
)

GRADES_FOLDER = "notas"


class CorrectionError(CourseError, RuntimeError):
    """The command itself cannot run (no course folder, unknown exercise): a Spanish message."""


@dataclass
class Row:
    """One learner's result in one exercise."""

    student: str
    assignment: str
    points: dict[str, float | None] = field(default_factory=dict)  # per graded cell
    total: float = 0.0
    maximum: float = 0.0
    manual_pending: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rejected: bool = False


def find_course(start: Path | None = None) -> Path:
    """The course folder: the current folder or a parent with nbgrader_config.py and solutions/."""
    here = Path(start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        if (folder / "nbgrader_config.py").is_file() and (folder / "solutions").is_dir():
            return folder
    raise CorrectionError(
        "No encuentro la carpeta del curso: ejecuta la orden donde están «nbgrader_config.py» y "
        "«solutions/» (la carpeta del curso)."
    )


def known_assignments(course: Path) -> list[str]:
    """The exercises of the course, from solutions/."""
    return sorted(p.name for p in (course / "solutions").iterdir() if p.is_dir())


def check_assignments(course: Path, wanted: list[str], all_: bool) -> list[str]:
    """The exercises asked for, checked against the course (Spanish error if unknown)."""
    known = known_assignments(course)
    if all_:
        return known
    if not wanted:
        raise CorrectionError(
            "Di qué ejercicio corregir (por ejemplo «00-primeros-pasos») o usa --todos."
        )
    unknown = [a for a in wanted if a not in known]
    if unknown:
        raise CorrectionError(
            f"No existe el ejercicio «{unknown[0]}». Ejercicios del curso: {', '.join(known)}."
        )
    return list(wanted)


def unexpected_folders(course: Path, assignments: list[str]) -> dict[str, list[str]]:
    """Problems that are not about one exercise: unknown exercise folders, duplicated learners."""
    submitted = course / "submitted"
    problems: dict[str, list[str]] = {}
    if not submitted.is_dir():
        return problems
    known = set(known_assignments(course))
    seen: dict[str, str] = {}
    for folder in sorted(submitted.iterdir()):
        student = folder.name
        key = re.sub(r"\s+", "", student).casefold()
        if key in seen:
            for name in (seen[key], student):
                problems.setdefault(name, []).append(
                    f"Hay dos carpetas para la misma persona («{seen[key]}» y «{student}»): "
                    "revisa cuál es la buena."
                )
        seen.setdefault(key, student)
        if folder.is_dir() and not folder.is_symlink():
            for sub in sorted(folder.iterdir()):
                if sub.name not in known and sub.name != "timestamp.txt":
                    problems.setdefault(student, []).append(
                        f"«{sub.name}» no es un ejercicio de este curso: no se ha corregido."
                    )
    return problems


def collect(course: Path, assignment: str, student: str | None = None) -> CollectReport:
    """Collect submissions from nbgrader's exchange (on a hub), trusting nothing (collect.py)."""
    return collect_assignment(course, assignment, student)


def _collection_notes(
    rows: list[Row], assignment: str, set_aside: list[SetAside], feedback: dict[str, str]
) -> list[Row]:
    """``rows`` with the set-aside submissions and unpublished feedback in the problems of the
    learners concerned; a learner whose own submissions were all set aside gets a row too."""
    by_student = {r.student: r for r in rows}
    for item in set_aside:
        if item.own and item.student is not None and item.student not in by_student:
            by_student[item.student] = Row(item.student, assignment, rejected=True)
            rows.append(by_student[item.student])
    for item in set_aside:
        for name in dict.fromkeys(n for n in (item.student, item.owner) if n in by_student):
            by_student[name].problems.append(item.line())
    for name, reason in feedback.items():
        if name in by_student:
            by_student[name].problems.append(f"Devolución no publicada: {reason}")
    return rows


class _Progress:
    """Prints «[3/30] ana» as nbgrader reaches each learner."""

    def __init__(self, total: int, say: Callable[[str], None]) -> None:
        self.total, self.done, self.say = total, 0, say

    def __call__(self, student: str) -> None:
        self.done += 1
        self.say(f"  [{min(self.done, self.total)}/{self.total}] {visible(student, 64)}")


def results(course: Path, assignment: str, checks: dict[str, Check]) -> list[Row]:
    """Every learner's row for ``assignment``, read from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    rows: list[Row] = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            return rows
        for student in sorted(checks):
            check = checks[student]
            row = Row(
                student, assignment, problems=list(check.problems), rejected=not check.accepted
            )
            if not check.safe_id:  # set aside before grading: never in the gradebook
                rows.append(row)
                continue
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                row.problems.append("No aparece en el libro de notas: no se ha podido corregir.")
                rows.append(row)
                continue
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if not grade.max_score:
                        continue  # a check worth no points (the list of unanswered questions)
                    row.points[grade.name] = (
                        grade.manual_score if grade.manual_score is not None else grade.auto_score
                    )
                    row.maximum += grade.max_score
                    if grade.needs_manual_grade:
                        row.manual_pending.append(grade.name)
            row.total = submission.score
            row.problems += [
                p for p in engine_findings(course, assignment, student) if p not in row.problems
            ]
            rows.append(row)
    return rows


def engine_findings(course: Path, assignment: str, student: str) -> list[str]:
    """What the grading engine noted in a learner's graded notebooks (Spanish)."""
    import json

    from course_utils.grading.engine import REPORT_KEY

    found = []
    for path in sorted((course / "autograded" / student / assignment).glob("*.ipynb")):
        try:
            report = json.loads(path.read_text(encoding="utf-8"))["metadata"].get(REPORT_KEY, {})
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not isinstance(report, dict):
            continue
        if report.get("respuestas"):
            found.append(str(report["respuestas"]))
        found += [str(reason) for reason in (report.get("apartadas") or {}).values()]
        if report.get("ignoradas"):
            found.append(
                f"{report['ignoradas']} respuestas con un identificador no válido (ignoradas)."
            )
        if report.get("a_mano"):
            found.append(
                "Por un error del ejercicio (no de la persona), corrige a mano: "
                + ", ".join(str(g) for g in report["a_mano"])
                + "."
            )
        if report.get("celdas_anadidas"):
            found.append(f"Añadió {report['celdas_anadidas']} celdas (ignoradas).")
        if report.get("celdas_restauradas"):
            found.append(f"Faltaban {len(report['celdas_restauradas'])} celdas (restauradas).")
    return found


def write_grades(course: Path, rows: list[Row]) -> Path:
    """notas/notas.csv: one row per learner and exercise, a column per graded cell."""
    folder = course / GRADES_FOLDER
    folder.mkdir(exist_ok=True)
    path = folder / "notas.csv"
    previous = []
    if path.exists():  # keep the other exercises' rows when only some are corrected
        with path.open(encoding="utf-8", newline="") as fh:
            done = {(csv_cell(r.student), csv_cell(r.assignment)) for r in rows}
            previous = [
                r for r in csv.DictReader(fh) if (r.get("alumno"), r.get("ejercicio")) not in done
            ]
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row.points if c not in columns]
    for old in previous:
        columns += [c for c in old if c not in columns and c not in _FIXED]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*_FIXED[:2], *columns, *_FIXED[2:]])
        writer.writeheader()
        for old in previous:  # a sheet written before the CSV rule is neutralised too
            writer.writerow(
                {
                    k: csv_cell(v) if k in _TEXT and isinstance(v, str) else v
                    for k, v in old.items()
                    if k is not None
                }
            )
        for row in sorted(rows, key=lambda r: (r.assignment, r.student)):
            # text cells pass OWASP's CSV-injection rule (a learner names folders and files)
            writer.writerow(
                {
                    "alumno": csv_cell(row.student),
                    "ejercicio": csv_cell(row.assignment),
                    **{c: "" if v is None else f"{v:g}" for c, v in row.points.items()},
                    "total": f"{row.total:g}",
                    "maximo": f"{row.maximum:g}",
                    "pendiente_a_mano": csv_cell(" ".join(row.manual_pending)),
                    "problemas": csv_cell(" ".join(row.problems)),
                }
            )
    return path


_FIXED = ["alumno", "ejercicio", "total", "maximo", "pendiente_a_mano", "problemas"]
_TEXT = {"alumno", "ejercicio", "pendiente_a_mano", "problemas"}


def summary_table(rows: list[Row]) -> str:
    """The Spanish summary printed at the end: learner, points per question, total, to do.

    Names and problems are shown with :func:`course_utils.core.plain_text.visible`: a folder name
    or file name cannot move the terminal's cursor or colour it."""
    lines = []
    for assignment in sorted({r.assignment for r in rows}):
        group = [r for r in rows if r.assignment == assignment]
        cells = []
        for row in group:
            cells += [c for c in row.points if c not in cells]
        lines.append(f"\nEjercicio {visible(assignment)} ({len(group)} entregas)")
        header = ["Alumno", *cells, "Total", "A mano", "Problemas"]
        table = [header]
        for row in group:
            table.append(
                [
                    visible(row.student, 64),
                    *["—" if (got := row.points.get(c)) is None else es_points(got) for c in cells],
                    f"{es_points(row.total)} de {es_points(row.maximum)}",
                    str(len(row.manual_pending)) if row.manual_pending else "—",
                    visible(("RECHAZADA: " if row.rejected else "") + " ".join(row.problems))
                    or "—",
                ]
            )
        widths = [min(max(len(r[i]) for r in table), 40) for i in range(len(header) - 1)]
        for r in table:
            lines.append(
                "  ".join(c[:40].ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1]
            )
    return "\n".join(lines)


def correct(
    course: Path,
    assignments: list[str],
    student: str | None = None,
    collect_first: bool = False,
    release_feedback: bool = False,
    say: Callable[[str], None] = print,
) -> list[Row]:
    """Grade ``assignments`` end to end; a broken submission never stops the others."""
    course = Path(course).resolve()
    stray = unexpected_folders(course, assignments)
    rows: list[Row] = []
    for assignment in assignments:
        set_aside: list[SetAside] = []
        if collect_first:
            say(f"Recogiendo las entregas de «{assignment}»…")
            collected = collect(course, assignment, student)
            for line in collected.lines():
                say("  " + line)
            if collected.error:
                say("Sigo con lo que ya hay en submitted/.")
            set_aside = collected.set_aside
        checks = stage_assignment(course, assignment, only=student)
        if not checks:
            say(f"«{assignment}»: no hay entregas en submitted/.")
            rows += _collection_notes([], assignment, set_aside, {})
            continue
        for name, problems in stray.items():
            if name in checks:
                checks[name].problems += problems
        say(f"Corrigiendo «{assignment}»: {len(checks)} entregas.")
        log = autograde_staged(course, assignment, student, _Progress(len(checks), say))
        record_rejects(course, assignment, checks)
        (course / GRADES_FOLDER).mkdir(exist_ok=True)
        (course / GRADES_FOLDER / f"registro-{assignment}.log").write_text(log, encoding="utf-8")
        feedback = ["generate_feedback", assignment, "--force"]
        if student:
            feedback.append(f"--student={student}")
        if nbgrader(course, *feedback).returncode != 0:
            say(f"«{assignment}»: no se pudo generar alguna devolución; mira notas/registro-*.log.")
        unpublished: dict[str, str] = {}
        if release_feedback:
            published = publish_feedback(course, assignment, student)
            for line in published.lines():
                say("  " + line)
            unpublished = published.skipped
        rows += _collection_notes(
            results(course, assignment, checks), assignment, set_aside, unpublished
        )
    if rows:
        write_grades(course, rows)
        nbgrader(course, "export", f"--to={GRADES_FOLDER}/nbgrader-export.csv")
    return rows
