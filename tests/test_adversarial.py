"""Submissions crafted to fool the grader: real nbgrader, the course's engine, expected scores written first.

Every case names its answers (perfect, partial, none…) and so its expected score per cell
before anything runs: the perfect and partial points are the hand-worked ones in
tests/data/reference/, and an attack never earns more than its real answers.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from conftest import ROOT, answers_doc
from course_utils.lessons import exercise_notebook
from course_utils.submissions import grade_assignment, nbgrader

pytestmark = pytest.mark.nbgrader

EXERCISE = "03-cultura-2-0-interna"
REFERENCE = json.loads(
    (ROOT / "tests" / "data" / "reference" / f"{EXERCISE}.json").read_text("utf-8")
)
KEY_MARKERS = (
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "BEGIN MARK SCHEME",
    "grade(",
    "grade_with(",
    "raci_scorer",
)
SCRIPT = "<script>alert('curso')</script>"
IMG = "<img src=x onerror=alert('curso')>"


def doc(answers: dict) -> str:
    return answers_doc(EXERCISE, answers)


PERFECT = REFERENCE["perfect"]
PARTIAL = REFERENCE["partial"]["answers"]


def code_cell(source: str) -> dict:
    return nbformat.v4.new_code_cell(source)


def added(*cells):
    """A notebook edit: cells appended by the learner."""

    def edit(nb):
        nb.cells.extend(cells)

    return edit


def drop_grade_cells(nb):
    nb.cells = [c for c in nb.cells if not c.metadata.get("nbgrader", {}).get("grade")]


def edit_first_code(source):
    def edit(nb):
        next(c for c in nb.cells if c.cell_type == "code").source = source

    return edit


def edit_tests_to_return_points(nb):
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            cell.source = "100"


WRITE_PERFECT = (
    "import json, os\n"
    "if os.environ.get('NBGRADER_EXECUTION') == 'autograde':\n"
    f"    open('respuestas-{EXERCISE}.json', 'w').write({doc(PERFECT)!r})\n"
)

# name: (answers: "perfect" | "partial" | "zero" | None | raw text, notebook edit, extra files)
# Expected scores follow from the answers alone: perfect → full, partial → the reference's
# hand-worked points, anything else → 0.
CASES: dict[str, tuple] = {
    "perfecta": ("perfect", None, {}),
    "parcial": ("partial", None, {}),
    "en-blanco": (None, None, {}),
    "sin-respuestas": ("zero", None, {}),
    # 1. learner code in the grading kernel (none runs now)
    "apaga-la-salida": (
        None,
        added(code_cell("get_ipython().ast_node_interactivity = 'none'")),
        {},
    ),
    "redefine-grade": (
        None,
        added(
            code_cell(
                "import course_utils.grading as g\ng.grade = lambda *a, **k: 100\n"
                "g.grade_with = lambda *a, **k: 100\ngrade = g.grade"
            )
        ),
        {},
    ),
    "parchea-builtins": (
        None,
        added(
            code_cell(
                "import builtins\nbuiltins.round = lambda *a, **k: 100.0\n"
                "builtins.max = lambda *a, **k: 100.0"
            )
        ),
        {},
    ),
    "paquete-falso": (
        None,
        None,
        {
            "course_utils/__init__.py": "def start(*a, **k):\n    return None\n",
            "course_utils/grading.py": "def grade(*a, **k):\n    return 100\n"
            "def grade_with(*a, **k):\n    return 100\n"
            "def show_answer(*a, **k):\n    pass\n",
        },
    ),
    "se-escribe-la-perfecta": (None, added(code_cell(WRITE_PERFECT)), {}),
    "lee-las-claves": (
        None,
        added(
            code_cell(
                "import glob\nfor p in glob.glob('../../../solutions/*/*.ipynb'):\n"
                "    print(open(p).read())"
            )
        ),
        {},
    ),
    "borra-a-otra": (
        None,
        added(
            code_cell(
                "import glob\nfor p in glob.glob('../../*/*/respuestas-*.json'):\n"
                "    open(p, 'w').write('{}')"
            )
        ),
        {},
    ),
    "celda-bloqueada-editada": (None, edit_first_code(WRITE_PERFECT), {}),
    "pruebas-editadas": (None, edit_tests_to_return_points, {}),
    # 2. links
    "enlace-a-otra": ("link:perfecta", None, {}),
    "enlace-al-sistema": ("perfect", None, {"notas.txt": Path("/etc/hostname")}),
    "carpeta-enlazada": ("perfect", None, {"datos": Path("/etc")}),
    "respuestas-tuberia": ("fifo", None, {}),
    # 3. HTML from a submission
    "markdown-con-script": ("perfect", added(nbformat.v4.new_markdown_cell(SCRIPT + IMG)), {}),
    "respuesta-con-html": ("perfect-html", None, {}),
    # 4. silent losses
    "pruebas-borradas": ("perfect", drop_grade_cells, {}),
    "cuaderno-vacio": ("perfect", lambda nb: setattr(nb, "cells", []), {}),
    "marcador-oculto": (
        "perfect",
        added(
            code_cell("# ### BEGIN HIDDEN TESTS\n# ### END HIDDEN TESTS\n### BEGIN HIDDEN TESTS\n1")
        ),
        {},
    ),
    # broken answers files and notebooks
    "respuestas-danadas": ("raw:{roto", None, {}),
    "respuestas-lista": ("raw:[]", None, {}),
    "respuestas-vacias": ("raw:", None, {}),
    "respuestas-tipo-raro": (
        "raw:" + doc({"fallos": 7, "velocidad": "x", "raci": [1], "justificacion": {"a": 1}}),
        None,
        {},
    ),
    "respuestas-enormes": ("huge", None, {}),
    "respuestas-nan": ("raw:" + doc({"fallos": ["a"]}).replace('["a"]', "NaN"), None, {}),
    "respuestas-de-otro-cuaderno": ("other-name", None, {}),
    "unicode-raro": ("perfect-unicode", None, {}),
    "muchas-preguntas-de-mas": ("perfect-extra", None, {}),
    "sin-cuaderno": ("perfect", "no-notebook", {}),
    "cuaderno-no-json": ("perfect", "not-json", {}),
}
BROKEN_NOTEBOOK = {"sin-cuaderno", "cuaderno-no-json"}
FULL = {
    "perfecta",
    "enlace-al-sistema",
    "carpeta-enlazada",
    "markdown-con-script",
    "respuesta-con-html",
    "pruebas-borradas",
    "cuaderno-vacio",
    "marcador-oculto",
    "unicode-raro",
    "muchas-preguntas-de-mas",
}


def answers_text(kind) -> str | None:
    if kind == "perfect":
        return doc(PERFECT)
    if kind == "partial":
        return doc(PARTIAL)
    if kind == "zero":
        return doc({})
    if kind == "perfect-html":
        return doc(dict(PERFECT, justificacion=PERFECT["justificacion"] + " " + SCRIPT + IMG))
    if kind == "perfect-unicode":
        odd = "\u202e\u200b\u0301 Ｆｕｌｌ 😊 \ufeff"
        return doc(dict(PERFECT, justificacion=PERFECT["justificacion"] + odd))
    if kind == "perfect-extra":
        return doc(dict(PERFECT, **{f"extra_{n}": n for n in range(1000)}))
    if kind == "huge":
        return doc(dict(PERFECT, relleno="x" * 6_000_000))
    if isinstance(kind, str) and kind.startswith("raw:"):
        return kind[4:]
    return None


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One class of crafted submissions, graded once through the course's engine."""
    course = tmp_path_factory.mktemp("adversarial")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(
        ROOT / "solutions" / EXERCISE,
        course / "solutions" / EXERCISE,
        ignore=shutil.ignore_patterns("respuestas-*", ".ipynb_checkpoints"),
    )
    out = nbgrader(course, "generate_assignment", EXERCISE, "--force")
    assert out.returncode == 0, out.stderr
    release = course / "exercises" / EXERCISE / exercise_notebook(EXERCISE)
    for student, (kind, edit, files) in CASES.items():
        folder = course / "submitted" / student / EXERCISE
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2026-11-24 10:00:00.000000 UTC")
        notebook = folder / exercise_notebook(EXERCISE)
        if edit == "not-json":
            notebook.write_text("esto no es un cuaderno {")
        elif edit != "no-notebook":
            nb = nbformat.read(release, as_version=4)
            if edit:
                edit(nb)
            nbformat.write(nb, notebook)
        answers = folder / f"respuestas-{EXERCISE}.json"
        if kind == "fifo":
            os.mkfifo(answers)
        elif isinstance(kind, str) and kind.startswith("link:"):
            answers.symlink_to(course / "submitted" / kind[5:] / EXERCISE / answers.name)
        elif kind == "other-name":
            (folder / "respuestas-otro.json").write_text(doc(PERFECT))
        elif (text := answers_text(kind)) is not None:
            answers.write_text(text, encoding="utf-8")
        for name, content in files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                target.symlink_to(content)
            else:
                target.write_text(content)
    before = snapshot(course)
    checks, log = grade_assignment(course, EXERCISE)
    feedback = nbgrader(course, "generate_feedback", EXERCISE, "--force")
    return course, checks, log, feedback, before


def snapshot(course: Path) -> dict[str, str]:
    """Hashes of everything grading must not change: sources, release, every submission."""
    out = {}
    for top in ("solutions", "exercises", "submitted"):
        for path in sorted((course / top).rglob("*")):
            if path.is_symlink():
                out[str(path.relative_to(course))] = "->" + os.readlink(path)
            elif path.is_file() and not path.is_fifo():
                out[str(path.relative_to(course))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def scores(course: Path, student: str) -> dict[str, float | None]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission(EXERCISE, student)
        return {
            g.name: g.auto_score
            for nb in submission.notebooks
            for g in nb.grades
            if g.cell_type == "code" and g.max_score
        }


def maximum(course: Path) -> dict[str, float]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assignment = gb.find_assignment(EXERCISE)
        return {
            c.name: c.max_score
            for nb in assignment.notebooks
            for c in nb.grade_cells
            if c.cell_type == "code" and c.max_score
        }


def expected(course: Path, student: str) -> dict[str, float]:
    if student in FULL:
        return maximum(course)
    if student == "parcial":
        return REFERENCE["partial"]["expected"]
    return dict.fromkeys(maximum(course), 0.0)


def test_there_are_at_least_30_crafted_submissions():
    assert len(CASES) >= 30


@pytest.mark.parametrize("student", list(CASES))
def test_a_submission_scores_only_on_its_real_answers(graded, student):
    course = graded[0]
    assert scores(course, student) == pytest.approx(expected(course, student), abs=0.011)


def test_grading_reads_and_writes_nothing_outside_each_learner_s_own_folders(graded):
    course, _, _, _, before = graded
    assert snapshot(course) == before
    assert not list(course.rglob("respuestas-*.json.danado-*"))


def test_no_linked_file_reaches_grades_or_feedback(graded):
    course = graded[0]
    for top in ("autograded", "feedback"):
        for student in ("enlace-al-sistema", "carpeta-enlazada"):
            folder = course / top / student / EXERCISE
            assert not (folder / "notas.txt").exists() and not (folder / "datos").exists()
    hostname = Path("/etc/hostname").read_text().strip()
    for path in (course / "autograded").rglob("*"):
        if path.is_file() and hostname:
            assert hostname not in path.read_text(errors="ignore"), path


def _feedback(course: Path, student: str) -> str:
    return (course / "feedback" / student / EXERCISE / f"ejercicio-{EXERCISE}.html").read_text(
        "utf-8"
    )


def test_feedback_exists_and_shows_no_key_hidden_test_or_raw_html(graded):
    course, _, _, result, _ = graded
    assert result.returncode == 0, result.stdout + result.stderr
    for student in CASES:
        if student in BROKEN_NOTEBOOK:
            continue
        html = _feedback(course, student)
        for marker in KEY_MARKERS:
            assert marker not in html, (student, marker)
        assert SCRIPT not in html and IMG not in html, student
    assert "&lt;script&gt;" in _feedback(course, "respuesta-con-html")


def test_feedback_never_shows_another_learner_s_answers(graded):
    course = graded[0]
    own = REFERENCE["perfect"]["justificacion"][:60]
    assert own in _feedback(course, "perfecta")
    html = _feedback(course, "enlace-a-otra")
    assert own not in html and "enlace" in html


def test_tampering_is_reported_in_spanish(graded):
    course = graded[0]
    for student, words in {
        "markdown-con-script": "celdas añadidas",
        "pruebas-borradas": "celdas que faltaban",
        "enlace-al-sistema": "enlaces",
        "respuestas-danadas": "dañado",
        "respuestas-enormes": "demasiado grande",
        "respuestas-tuberia": "no es un archivo normal",
    }.items():
        assert words in _feedback(course, student), student


def test_broken_notebooks_get_zero_with_a_spanish_reason(graded):
    course, checks, _, _, _ = graded
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in BROKEN_NOTEBOOK:
            assert not checks[student].accepted
            submission = gb.find_submission(EXERCISE, student)
            comments = [c.auto_comment for nb in submission.notebooks for c in nb.comments]
            assert comments and all("cuaderno" in (c or "") for c in comments), student
            assert submission.score == 0


def test_the_batch_always_goes_on(graded):
    course = graded[0]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        names = {s.id for s in gb.students}
    assert set(CASES) <= names
