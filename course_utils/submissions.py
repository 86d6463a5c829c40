"""Submissions: checks each learner's folder, stages a copy without links for nbgrader, grades the class and records rejects."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .release import nbgrader_env
from .store import FILE_PREFIX, MAX_FILE_BYTES

#: The staged copy nbgrader grades (regular files only); the manifest nbgrader never copies.
STAGING = ".curso-entregas"
MANIFEST = ".curso-revision.json"
MAX_SUBMISSION_FILE = 20_000_000  # a bigger file is not staged (no exercise needs one)


@dataclass
class Check:
    """What was found in one learner's submission of one exercise (messages in Spanish)."""

    student: str
    problems: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    notebook_ok: bool = True

    @property
    def accepted(self) -> bool:
        """Whether nbgrader can grade it (a broken or missing notebook cannot be)."""
        return self.notebook_ok


def _notebook_problem(path: Path) -> str | None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return f"No se entregó el cuaderno «{path.name}»."
    if stat.S_ISLNK(info.st_mode):
        return f"El cuaderno «{path.name}» es un enlace a otro archivo, no un cuaderno entregado."
    if not stat.S_ISREG(info.st_mode):
        return f"«{path.name}» no es un archivo normal."
    if info.st_size > MAX_SUBMISSION_FILE:
        return f"El cuaderno «{path.name}» es demasiado grande ({info.st_size // 1_000_000} MB)."
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return f"El cuaderno «{path.name}» está dañado (no es un cuaderno de Jupyter válido)."
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return f"El cuaderno «{path.name}» está dañado (no tiene celdas)."
    return None


def check_and_stage(source: Path, target: Path, student: str, notebooks: list[str]) -> Check:
    """Copy the regular files of ``source`` to ``target`` (no links, nothing huge) and check them.

    Nothing is read through a link: links, pipes and devices are listed, never opened.
    """
    check = Check(student)
    target.mkdir(parents=True, exist_ok=True)
    if source.is_symlink() or not source.is_dir():
        check.problems.append("La carpeta de la entrega no existe o es un enlace.")
        check.notebook_ok = False
        _write_manifest(target, check)
        return check
    for folder, dirs, files in os.walk(source, followlinks=False):
        here = Path(folder)
        for name in list(dirs):
            if (here / name).is_symlink():
                dirs.remove(name)
                check.links.append(str((here / name).relative_to(source)))
        for name in files:
            path = here / name
            rel = path.relative_to(source)
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                check.links.append(str(rel))
                continue
            if not stat.S_ISREG(info.st_mode):
                check.problems.append(
                    f"«{rel}» no es un archivo normal y no se ha tenido en cuenta."
                )
                continue
            limit = MAX_FILE_BYTES if name.startswith(FILE_PREFIX) else MAX_SUBMISSION_FILE
            if info.st_size > limit:
                check.problems.append(
                    f"«{rel}» es demasiado grande ({info.st_size // 1_000_000} MB) y no se ha leído."
                )
                continue
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / rel, follow_symlinks=False)
    for link in check.links:
        check.problems.append(f"«{link}» es un enlace a otro archivo: no se ha leído.")
    for notebook in notebooks:
        problem = _notebook_problem(source / f"{notebook}.ipynb")
        if problem:
            check.problems.append(problem)
            check.notebook_ok = False
            (target / f"{notebook}.ipynb").unlink(missing_ok=True)
    _write_manifest(target, check)
    return check


def _write_manifest(target: Path, check: Check) -> None:
    (target / MANIFEST).write_text(
        json.dumps({"problemas": check.problems, "enlaces": check.links}, ensure_ascii=False),
        "utf-8",
    )


def read_manifest(folder: Path) -> dict:
    """What staging found in a submission ({} when it was not staged)."""
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def notebooks_of(course: Path, assignment: str) -> list[str]:
    """The notebooks an exercise is made of (from the source folder)."""
    return sorted(p.stem for p in (course / "solutions" / assignment).glob("*.ipynb"))


def stage_assignment(course: Path, assignment: str, only: str | None = None) -> dict[str, Check]:
    """Stage every learner's submission of ``assignment`` (or ``only`` one) under STAGING."""
    submitted = course / "submitted"
    staging = course / STAGING
    notebooks = notebooks_of(course, assignment)
    checks = {}
    students = sorted(p.name for p in submitted.iterdir()) if submitted.is_dir() else []
    if only is not None:
        students = [s for s in students if s == only]
    for student in students:
        if (submitted / student).is_symlink():
            checks[student] = Check(
                student,
                ["La carpeta de la entrega es un enlace a otra carpeta: no se ha leído."],
                notebook_ok=False,
            )
            continue
        if not (submitted / student / assignment).exists():
            continue
        target = staging / student / assignment
        if target.exists():
            shutil.rmtree(target)
        checks[student] = check_and_stage(
            submitted / student / assignment, target, student, notebooks
        )
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
            if check.accepted:
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
