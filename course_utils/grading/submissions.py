"""Submissions: checks each learner's folder, stages a copy without links for nbgrader, grades the class and records rejects."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from course_utils.grading import intake
from course_utils.grading.intake import LIMITS, Limits, Refused, size_text
from course_utils.grading.release import nbgrader_env

#: The staged copies nbgrader grades (regular files only, checked by course_utils.grading.intake).
STAGING = ".curso-entregas"
#: What staging found, beside (never inside) each staged exercise folder: a learner's files
#: cannot reach it, and the engine reads it only when it grades the staged copies.
MANIFEST_PREFIX = ".curso-revision-"


@dataclass
class Check:
    """What was found in one learner's submission of one exercise (messages in Spanish)."""

    student: str
    problems: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    notebook_ok: bool = True
    #: False for a folder name that is not a safe student id: it never reaches the gradebook
    safe_id: bool = True

    @property
    def accepted(self) -> bool:
        """Whether nbgrader can grade it (a broken or missing notebook cannot be)."""
        return self.notebook_ok and self.safe_id


def manifest_path(staging: Path, student: str, assignment: str) -> Path:
    """Where staging leaves what it found about ``student``'s ``assignment``."""
    return staging / student / f"{MANIFEST_PREFIX}{assignment}.json"


def check_and_stage(
    submitted: Path,
    staging: Path,
    student: str,
    assignment: str,
    notebooks: list[str],
    limits: Limits = LIMITS,
    room: int | None = None,
) -> tuple[Check, int]:
    """Check ``submitted``/<student>/<assignment> and copy what may be graded to ``staging``.

    Nothing is read through a link (course_utils.grading.intake); only regular files within the
    limits are copied, and the timestamp in nbgrader's format. ``room`` is what the class may
    still stage (bytes). Returns the check and the bytes staged.
    """
    found = intake.check_submission(
        submitted, [student, assignment], notebooks, student=student, limits=limits
    )
    check = Check(
        student, list(found.problems), list(found.links), found.notebooks_ok, found.safe_id
    )
    if not found.safe_id:
        return check, 0
    target = staging / student / assignment
    if target.exists() or target.is_symlink():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    staged = 0
    if not found.refused and room is not None and found.total_bytes > room:
        check.problems.append(
            f"No se ha corregido: con esta entrega ({size_text(found.total_bytes)}), las de la "
            f"clase pasarían de {size_text(limits.class_bytes)}, el límite por ejercicio. Revisa "
            f"las entregas más grandes y corrige a esta persona con «curso corregir "
            f"{assignment} --alumno {student}»."
        )
        check.notebook_ok = False
    elif not found.refused:
        for entry in found.files:
            parts = entry.path.split("/")
            try:
                data = intake.read_file(
                    submitted, [student, assignment, *parts], intake.file_limit(entry.path, limits)
                )
            except Refused as exc:  # changed since it was checked
                check.problems.append(str(exc))
                continue
            except FileNotFoundError:
                check.problems.append(f"«{entry.path}» desapareció mientras se revisaba.")
                continue
            if staged + len(data) > limits.learner_bytes:
                check.problems.append(
                    f"«{entry.path}» no se ha tenido en cuenta: la entrega pasaría de "
                    f"{size_text(limits.learner_bytes)}, el límite por persona y ejercicio."
                )
                continue
            (target / entry.path).parent.mkdir(parents=True, exist_ok=True)
            (target / entry.path).write_bytes(data)
            staged += len(data)
        if found.timestamp:
            (target / intake.TIMESTAMP).write_text(found.timestamp + "\n", encoding="utf-8")
    if not check.notebook_ok:
        for name in notebooks:
            (target / f"{name}.ipynb").unlink(missing_ok=True)
    manifest_path(staging, student, assignment).write_text(
        json.dumps({"problemas": check.problems, "enlaces": check.links}, ensure_ascii=False),
        "utf-8",
    )
    return check, staged


def staged_findings(course: Path, submitted_directory: str, student: str, assignment: str) -> dict:
    """What staging found about a submission, when nbgrader grades the staged copies ({}
    otherwise: a file in a learner's own folder is never taken for the course's findings)."""
    if os.path.normpath(submitted_directory) != STAGING:
        return {}
    try:
        raw = intake.read_file(
            course, [STAGING, student, f"{MANIFEST_PREFIX}{assignment}.json"], 1_000_000
        )
        data = json.loads(raw.decode("utf-8"))
    except (Refused, OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def notebooks_of(course: Path, assignment: str) -> list[str]:
    """The notebooks an exercise is made of (from the source folder)."""
    return sorted(p.stem for p in (course / "solutions" / assignment).glob("*.ipynb"))


def stage_assignment(
    course: Path, assignment: str, only: str | None = None, limits: Limits = LIMITS
) -> dict[str, Check]:
    """Stage every learner's submission of ``assignment`` (or ``only`` one) under STAGING."""
    submitted = course / "submitted"
    staging = course / STAGING
    notebooks = notebooks_of(course, assignment)
    checks = {}
    listed = submitted.is_dir() and not submitted.is_symlink()
    students = sorted(p.name for p in submitted.iterdir()) if listed else []
    if only is not None:
        students = [s for s in students if s == only]
    room = limits.class_bytes
    for student in students:
        if (
            not os.path.lexists(submitted / student / assignment)
            and not (submitted / student).is_symlink()
        ):
            continue
        checks[student], staged = check_and_stage(
            submitted, staging, student, assignment, notebooks, limits, room
        )
        room -= staged
    return checks


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run an nbgrader command in ``course`` (its output captured for the log)."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
    )


def record_rejects(course: Path, assignment: str, checks: dict[str, Check]) -> None:
    """Learners whose notebook nbgrader could not grade: 0 in every cell, with the reason."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student, check in checks.items():
            if check.accepted or not check.safe_id:  # an unsafe id never enters the gradebook
                continue
            reason = " ".join(check.problems)
            try:
                gb.find_student(student)
            except MissingEntry:
                gb.add_student(student)
            submission = gb.update_or_create_submission(assignment, student)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
                for comment in notebook.comments:
                    comment.auto_comment = reason
            gb.db.commit()


def autograde_staged(
    course: Path,
    assignment: str,
    student: str | None = None,
    progress: Callable[[str], None] = lambda _student: None,
) -> str:
    """Run nbgrader autograde over the staged copies, reporting each learner as it starts."""
    args = [
        sys.executable,
        "-m",
        "nbgrader",
        "autograde",
        assignment,
        "--force",
        f"--CourseDirectory.submitted_directory={STAGING}",
    ]
    if student:
        args.append(f"--student={student}")
    log: list[str] = []
    seen: set[str] = set()
    with subprocess.Popen(
        args,
        cwd=course,
        env=nbgrader_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as proc:
        assert proc.stdout is not None  # stdout=PIPE
        for line in proc.stdout:
            log.append(line)
            found = re.search(rf"{re.escape(STAGING)}/([^/]+)/{re.escape(assignment)}/", line)
            if found and found.group(1) not in seen:
                seen.add(found.group(1))
                progress(found.group(1))
    return "".join(log)


def grade_assignment(course: Path, assignment: str) -> tuple[dict[str, Check], str]:
    """Stage, autograde (one nbgrader run for the class) and record rejects; (checks, log)."""
    course = Path(course).resolve()
    checks = stage_assignment(course, assignment)
    log = autograde_staged(course, assignment)
    record_rejects(course, assignment, checks)
    return checks, log
