"""Real nbgrader round trip: release from solutions/, autograde many kinds of submission."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from conftest import ROOT
from course_utils.release import assignments, nbgrader_env

REFERENCE = ROOT / "tests" / "data" / "reference"
ASSIGNMENTS = assignments(ROOT)
KEY_MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN MARK SCHEME", "grade(", "grade_with(")


def nbgrader(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"],
        cwd=cwd, env=nbgrader_env(), capture_output=True, text=True, check=check,
    )


def answers_doc(assignment: str, answers: dict) -> str:
    return json.dumps({
        "schema": 1,
        "notebook": assignment,
        "answers": {qid: {"value": v, "saved_at": "2026-11-23T10:00:00+01:00", "attempts": 1}
                    for qid, v in answers.items()},
    }, ensure_ascii=False)


def reference(assignment: str) -> dict:
    return json.loads((REFERENCE / f"{assignment}.json").read_text(encoding="utf-8"))


def canonical(path: Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A throw-away course: the source, a fresh release and gradebook, a stray answers file."""
    course = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions", course / "solutions",
                    ignore=shutil.ignore_patterns("respuestas-*", ".ipynb_checkpoints"))
    for name in ASSIGNMENTS:
        nbgrader("generate_assignment", name, "--force", cwd=course)
    # A stray, perfect answers file in every source folder, as an instructor who ran a source
    # notebook would leave: autograde must not copy it over any student's answers.
    for name in ASSIGNMENTS:
        stray = course / "solutions" / name / f"respuestas-{name}.json"
        stray.write_text(answers_doc(name, reference(name)["perfect"]), encoding="utf-8")
    return course


def test_every_assignment_has_reference_answers():
    assert ASSIGNMENTS, "no assignments in solutions/"
    for name in ASSIGNMENTS:
        ref = reference(name)
        assert ref["perfect"] and ref["partial"]["answers"] and ref["partial"]["expected"]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_release_equals_a_fresh_one(name, tmp_path):
    from course_utils.release import generate

    course = tmp_path
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions" / name, course / "solutions" / name)
    generate(course, course / "fresh")
    fresh = sorted(p.relative_to(course / "fresh" / name) for p in (course / "fresh" / name).rglob("*") if p.is_file())
    committed_dir = ROOT / "exercises" / name
    committed = sorted(p.relative_to(committed_dir) for p in committed_dir.rglob("*") if p.is_file()
                       and ".ipynb_checkpoints" not in p.parts and not p.name.startswith("respuestas-"))
    assert fresh == committed, "exercises/ is out of date: run `make ejercicios`"
    for rel in fresh:
        new, old = course / "fresh" / name / rel, committed_dir / rel
        if rel.suffix == ".ipynb":
            assert canonical(new) == canonical(old), f"{rel} differs: run `make ejercicios`"
        else:
            assert new.read_bytes() == old.read_bytes()


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_reveals_no_key(name):
    folder = ROOT / "exercises" / name
    assert not list(folder.glob("respuestas-*")), "an answers file was released"
    for nb_path in folder.glob("*.ipynb"):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        text = json.dumps(nb, ensure_ascii=False)
        for marker in KEY_MARKERS:
            assert marker not in text, f"{marker!r} in released {nb_path.name}"
        for cell in nb["cells"]:
            assert '"answer"' not in "".join(cell["source"]), "a key in released widget data"


def submit(course: Path, name: str, student: str, answers_text: str | None) -> None:
    folder = course / "submitted" / student / name
    folder.mkdir(parents=True, exist_ok=True)
    for nb in (course / "exercises" / name).glob("*.ipynb"):
        shutil.copy(nb, folder)
    if answers_text is not None:
        (folder / f"respuestas-{name}.json").write_text(answers_text, encoding="utf-8")


def auto_scores(course: Path, name: str, student: str) -> dict[str, float]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission(name, student)
        return {
            grade.name: grade.auto_score
            for notebook in submission.notebooks for grade in notebook.grades
            if grade.auto_score is not None
        }


def max_auto(course: Path, name: str) -> dict[str, float]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assignment = gb.find_assignment(name)
        return {cell.name: cell.max_score for nb in assignment.notebooks
                for cell in nb.grade_cells if cell.cell_type == "code"}


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_autograde_many_submissions(course, name):
    ref = reference(name)
    partial = ref["partial"]
    students = {
        "perfecta": answers_doc(name, ref["perfect"]),
        "en-blanco": None,
        "parcial": answers_doc(name, partial["answers"]),
        "sin-archivo": None,
        "danado": '{"schema": 1, "answers": {"p1": {"val',
        "lista": json.dumps([1, 2, 3]),
        "tipos-raros": answers_doc(name, {qid: {"x": [None]} for qid in ref["perfect"]}),
        "enorme": None,  # written below: 50 MB
    }
    for student, text in students.items():
        submit(course, name, student, text)
    huge = course / "submitted" / "enorme" / name / f"respuestas-{name}.json"
    with huge.open("w", encoding="utf-8") as fh:
        fh.write('{"schema": 1, "answers": {"p1": {"value": "')
        chunk = "x" * 1_000_000
        for _ in range(50):
            fh.write(chunk)
        fh.write('"}}}')
    # the blank release: the untouched released notebook with an empty answers file
    (course / "submitted" / "en-blanco" / name / f"respuestas-{name}.json").write_text(
        answers_doc(name, {}), encoding="utf-8")

    run = nbgrader("autograde", name, "--force", cwd=course, check=False)
    assert run.returncode == 0, run.stderr[-3000:]

    maximum = max_auto(course, name)
    assert maximum, "no autograded cells"
    perfect = auto_scores(course, name, "perfecta")
    assert perfect == pytest.approx(maximum), "a perfect submission must get every automatic point"
    for student in ("en-blanco", "sin-archivo", "danado", "lista", "tipos-raros", "enorme"):
        scores = auto_scores(course, name, student)
        assert set(scores) == set(maximum), student
        assert sum(scores.values()) == 0, f"{student} got {scores}"
    got = auto_scores(course, name, "parcial")
    assert got == pytest.approx(partial["expected"], abs=0.011)
    assert 0 < sum(got.values()) < sum(maximum.values())

    # Spanish messages for the broken ones, in the autograded notebooks
    broken = {
        "sin-archivo": "No se encontró el archivo de respuestas",
        "danado": "está dañado",
        "lista": "no es válido",
        "enorme": "demasiado grande",
    }
    for student, message in broken.items():
        nb = next((course / "autograded" / student / name).glob("*.ipynb")).read_text(encoding="utf-8")
        assert message in nb, student
    # the answers file the student submitted is the one graded (not the stray one in solutions/)
    graded = json.loads((course / "autograded" / "parcial" / name / f"respuestas-{name}.json").read_text(encoding="utf-8"))
    assert {q: r["value"] for q, r in graded["answers"].items()} == partial["answers"]

    # feedback: generated for everybody, shows the Spanish review, never the tests or the key
    fb = nbgrader("generate_feedback", name, "--force", cwd=course, check=False)
    assert fb.returncode == 0, fb.stderr[-3000:]
    html = next((course / "feedback" / "parcial" / name).glob("*.html")).read_text(encoding="utf-8")
    assert "puntos" in html
    assert "BEGIN HIDDEN TESTS" not in html and "grade(" not in html and "grade_with(" not in html


def test_export_grades(course):
    # needs at least one autograded assignment in the module's course
    if not (course / "autograded").exists():
        nbgrader("autograde", ASSIGNMENTS[0], cwd=course, check=False)
    out = course / "notas.csv"
    run = nbgrader("export", f"--to={out}", cwd=course, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {"assignment", "student_id", "score", "max_score"} <= set(rows[0])


def test_exchange_release_fetch_submit_collect(tmp_path):
    """One learner through nbgrader's exchange, with a temporary exchange root."""
    name = "00-primeros-pasos"
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o777)
    course = tmp_path / "instructor"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions" / name, course / "solutions" / name)
    common = [f"--Exchange.root={exchange}", "--CourseDirectory.course_id=redes-pymes"]
    nbgrader("generate_assignment", name, "--force", cwd=course)
    nbgrader("release_assignment", name, *common, cwd=course)

    home = tmp_path / "alumna"
    home.mkdir()
    nbgrader("fetch_assignment", name, "--course=redes-pymes", f"--Exchange.root={exchange}", cwd=home)
    fetched = home / name
    assert (fetched / f"{name}.ipynb").exists()
    (fetched / f"respuestas-{name}.json").write_text(
        answers_doc(name, reference(name)["perfect"]), encoding="utf-8")
    nbgrader("submit", name, "--course=redes-pymes", f"--Exchange.root={exchange}",
             "--student=alumna", cwd=home)

    nbgrader("collect", name, *common, cwd=course)
    collected = course / "submitted" / "alumna" / name
    assert (collected / f"respuestas-{name}.json").exists(), "the answers file must travel"
    nbgrader("autograde", name, cwd=course)
    assert auto_scores(course, name, "alumna") == pytest.approx(max_auto(course, name))
