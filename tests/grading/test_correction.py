"""The instructor's pipeline on a class of 30 seeded learners and 12 kinds of broken submission."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

import nbformat
import pytest

from course_utils.core.lessons import exercise_notebook
from course_utils.grading import class_report, correction
from course_utils.grading.submissions import nbgrader
from support import KEY_MARKERS, ROOT, answers_doc, copy_course, released_course
from support.gradebook import max_scores

pytestmark = pytest.mark.nbgrader

EXERCISE = "00-primeros-pasos"
REFERENCE = json.loads(
    (ROOT / "tests" / "data" / "reference" / f"{EXERCISE}.json").read_text("utf-8")
)


def doc(answers: dict) -> str:
    return answers_doc(EXERCISE, answers)


def class_of_30() -> dict[str, str]:
    """Learner → which reference answers they gave, drawn with a fixed seed."""
    rng = random.Random(2026)
    return {f"alumno{n:02d}": rng.choice(["perfect", "partial", "none"]) for n in range(1, 31)}


# name → (how to build it, words expected in its reason)
BROKEN = {
    "roto-carpeta-vacia": ("empty", "No se entregó el cuaderno"),
    "roto-otro-ejercicio": ("wrong-assignment", "no es un ejercicio de este curso"),
    "roto-sin-cuaderno": ("no-notebook", "No se entregó el cuaderno"),
    "roto-cuaderno-no-json": ("not-json", "está dañado"),
    "roto-sin-respuestas": ("no-answers", "No se entregó el archivo de respuestas"),
    "roto-respuestas-vacias": ("raw:", "dañado"),
    "roto-respuestas-danadas": ("raw:{roto", "dañado"),
    "roto-forma-rara": ("raw:[1, 2]", "no es válido"),
    "roto-enorme": ("huge", "demasiado grande"),
    "roto-enlace": ("link", "enlace"),
    "roto-html-unicode": ("html", None),
    "Roto-Duplicado": ("duplicate", "dos carpetas para la misma persona"),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("clase")
    copy_course(course, f"solutions/{EXERCISE}")
    assert nbgrader(course, "generate_assignment", EXERCISE, "--force").returncode == 0
    release = course / "exercises" / EXERCISE / exercise_notebook(EXERCISE)

    def submit(student: str, answers: str | None, notebook: bool = True) -> Path:
        folder = course / "submitted" / student / EXERCISE
        folder.mkdir(parents=True, exist_ok=True)
        if notebook:
            shutil.copy(release, folder)
        if answers is not None:
            (folder / f"respuestas-{EXERCISE}.json").write_text(answers, encoding="utf-8")
        return folder

    for student, kind in class_of_30().items():
        answers = {"perfect": REFERENCE["perfect"], "partial": REFERENCE["partial"]["answers"]}
        submit(student, doc(answers[kind]) if kind in answers else None)
    for student, (kind, _) in BROKEN.items():
        if kind == "empty":
            (course / "submitted" / student / EXERCISE).mkdir(parents=True)
        elif kind == "wrong-assignment":
            submit(student, doc(REFERENCE["perfect"]))
            (course / "submitted" / student / "99-inventado").mkdir()
        elif kind == "no-notebook":
            submit(student, doc(REFERENCE["perfect"]), notebook=False)
        elif kind == "not-json":
            submit(student, doc(REFERENCE["perfect"]), notebook=False)
            (course / "submitted" / student / EXERCISE / exercise_notebook(EXERCISE)).write_text(
                "{roto"
            )
        elif kind == "no-answers":
            submit(student, None)
        elif kind.startswith("raw:"):
            submit(student, kind[4:])
        elif kind == "huge":
            submit(student, doc(dict(REFERENCE["perfect"], relleno="x" * 6_000_000)))
        elif kind == "link":
            folder = submit(student, None)
            (folder / f"respuestas-{EXERCISE}.json").symlink_to(
                course / "submitted" / "alumno01" / EXERCISE / f"respuestas-{EXERCISE}.json"
            )
        elif kind == "html":
            text = "<script>alert(1)</script> Ｈｏｌａ \u202e 😊 " * 5
            submit(student, doc(dict(REFERENCE["perfect"], p6=text)))
        elif kind == "duplicate":
            submit(student, doc(REFERENCE["perfect"]))
            submit("roto-duplicado", doc(REFERENCE["perfect"]))
    return course


@pytest.fixture(scope="module")
def first_run(course):
    said: list[str] = []
    rows = correction.correct(course, [EXERCISE], say=said.append)
    page = class_report.build(course, [EXERCISE])
    return rows, said, page


def test_totals_equal_the_hand_worked_points(course, first_run):
    rows = {r.student: r for r in first_run[0]}
    auto = max_scores(course, EXERCISE)
    expected = {
        "perfect": sum(auto.values()),
        "partial": sum(REFERENCE["partial"]["expected"].values()),
        "none": 0.0,
    }
    for student, kind in class_of_30().items():
        got = sum(v or 0 for k, v in rows[student].points.items() if k in auto)
        assert got == pytest.approx(expected[kind], abs=0.011), student


def test_every_broken_submission_is_listed_with_its_spanish_reason(first_run):
    rows = {r.student: r for r in first_run[0]}
    for student, (_, words) in BROKEN.items():
        assert student in rows, student
        if words:
            assert any(words in p for p in rows[student].problems), (
                student,
                rows[student].problems,
            )
    assert rows["roto-cuaderno-no-json"].rejected and rows["roto-sin-cuaderno"].rejected
    assert rows["roto-cuaderno-no-json"].total == 0


def test_the_sheet_has_every_learner_and_a_column_per_question(course, first_run):
    with (course / "notas" / "notas.csv").open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert {r["alumno"] for r in table} == {r.student for r in first_run[0]}
    assert set(max_scores(course, EXERCISE)) <= set(table[0])
    assert (course / "notas" / "nbgrader-export.csv").is_file()


def test_feedback_for_each_graded_learner_shows_no_key(course, first_run):
    for row in first_run[0]:
        if row.rejected:
            continue
        html = (
            course / "feedback" / row.student / EXERCISE / f"ejercicio-{EXERCISE}.html"
        ).read_text()
        for marker in KEY_MARKERS:
            assert marker not in html, (row.student, marker)
        assert "<script>alert(1)" not in html


def test_progress_and_summary_are_spanish(first_run):
    rows, said, _ = first_run
    assert said[0].startswith("Corrigiendo «00-primeros-pasos»")
    staged = int(said[0].split(": ")[1].split()[0])
    progress = [line.strip() for line in said[1:] if line.strip().startswith("[")]
    assert progress[0].startswith(f"[1/{staged}]") and len(progress) >= staged - 3
    table = correction.summary_table(rows)
    assert "Alumno" in table and "RECHAZADA" in table and "de " in table


def test_the_class_report_and_its_figures_exist(course, first_run):
    page = first_run[2]
    text = page.read_text(encoding="utf-8")
    for img in ("notas-por-ejercicio.png", f"{EXERCISE}-preguntas.png"):
        assert (page.parent / img).stat().st_size > 5_000
        assert img in text
    assert "Respuestas equivocadas más elegidas" in text
    assert "<script>alert(1)" not in text


def test_a_second_run_gives_identical_results(course, first_run):
    sheet = (course / "notas" / "notas.csv").read_text(encoding="utf-8")
    again = correction.correct(course, [EXERCISE], say=lambda _: None)
    assert (course / "notas" / "notas.csv").read_text(encoding="utf-8") == sheet
    assert [(r.student, r.total) for r in again] == [(r.student, r.total) for r in first_run[0]]


def test_regrading_one_learner_touches_no_one_else(course, first_run):
    others = {
        p: p.stat().st_mtime_ns
        for p in (course / "feedback").rglob("*.html")
        if "alumno02" not in p.parts
    }
    rows = correction.correct(course, [EXERCISE], student="alumno02", say=lambda _: None)
    assert [r.student for r in rows] == ["alumno02"]
    assert {p: p.stat().st_mtime_ns for p in others} == others
    with (course / "notas" / "notas.csv").open(encoding="utf-8") as fh:
        assert len({r["alumno"] for r in csv.DictReader(fh)}) == len(first_run[0])


def test_an_unknown_exercise_or_folder_is_a_spanish_error(tmp_path):
    with pytest.raises(correction.CorrectionError, match="carpeta del curso"):
        correction.find_course(tmp_path)
    with pytest.raises(correction.CorrectionError, match="No existe el ejercicio «99»"):
        correction.check_assignments(ROOT, ["99"], all_=False)
    assert correction.check_assignments(ROOT, [], all_=True)[0] == "00-primeros-pasos"


def test_the_source_keys_are_read_for_the_report():
    questions = class_report.source_questions(
        ROOT / "solutions" / EXERCISE / exercise_notebook(EXERCISE)
    )
    assert questions["p1"]["kind"] == "single" and "key" in questions["p1"]
    assert questions["p3"]["labels"]  # option and category texts, for the report's table
    wrong = class_report.wrong_choices(
        "classify", {"a": "x", "b": ["y", "z"]}, [{"a": "y", "b": "z"}, {"a": "y"}, "junk"]
    )
    assert wrong == {"a → y": 2}


def test_nbformat_can_read_every_feedback_source(course, first_run):
    for nb in (course / "autograded").rglob("*.ipynb"):
        nbformat.validate(nbformat.read(nb, as_version=4))


def test_one_learner_through_a_real_exchange(tmp_path):
    """Release, fetch, answer, submit; `correct` collects, grades and releases feedback.

    The learner is the Unix user running the test: collection accepts a submission only from
    the account it names (tests/grading/test_collect.py covers the ones it sets aside)."""
    import getpass
    import os

    exchange = tmp_path / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o777)
    course = released_course(tmp_path / "formadora", exchange, EXERCISE)
    home = tmp_path / "alumna"
    home.mkdir()
    learner = [f"--Exchange.root={exchange}", "--course=redes-pymes"]
    assert nbgrader(home, "fetch_assignment", EXERCISE, *learner).returncode == 0
    (home / EXERCISE / f"respuestas-{EXERCISE}.json").write_text(doc(REFERENCE["perfect"]))
    me = getpass.getuser()
    assert nbgrader(home, "submit", EXERCISE, *learner, f"--student={me}").returncode == 0

    rows = correction.correct(
        course, [EXERCISE], collect_first=True, release_feedback=True, say=lambda _: None
    )
    assert [(r.student, r.rejected) for r in rows] == [(me, False)]
    assert rows[0].total == pytest.approx(sum(max_scores(course, EXERCISE).values()))
    fetched = nbgrader(home, "fetch_feedback", EXERCISE, *learner, f"--student={me}")
    assert fetched.returncode == 0, fetched.stderr
    feedback = list((home / EXERCISE / "feedback").rglob(f"ejercicio-{EXERCISE}.html"))
    assert feedback and "BEGIN HIDDEN TESTS" not in feedback[0].read_text(encoding="utf-8")


def test_the_command_line_speaks_spanish_and_fails_only_when_it_cannot_run(course, first_run):
    import subprocess
    import sys

    def curso(*args, cwd=course):
        return subprocess.run(
            [sys.executable, "-m", "course_utils.cli", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
        )

    help_text = curso("corregir", "--ayuda").stdout
    assert "uso: curso corregir" in help_text and "--todos" in help_text
    assert "vuelve a corregir solo a esta persona" in help_text
    unknown = curso("corregir", "99-no-existe")
    assert unknown.returncode == 2 and "No existe el ejercicio «99-no-existe»" in unknown.stderr
    elsewhere = curso("informe", "--todos", cwd=course / "submitted")
    assert elsewhere.returncode == 0  # run from a subfolder, it finds the course
    done = curso("corregir", EXERCISE, "--alumno", "alumno03", "--no-recoger")
    assert done.returncode == 0, done.stderr
    assert "[1/1] alumno03" in done.stdout and "Alumno" in done.stdout
    assert "notas.csv" in done.stdout
