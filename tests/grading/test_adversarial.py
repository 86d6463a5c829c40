"""Submissions crafted to fool the grader: real nbgrader, the course's engine, expected scores written first.

Every case names its answers (perfect, partial, none…) and so its expected score per cell
before anything runs: the perfect and partial points are the hand-worked ones in
tests/data/reference/, and an attack never earns more than its real answers.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbgrader.api import Gradebook

from course_utils.core.lessons import exercise_notebook
from course_utils.core.plain_text import csv_cell, markdown_literal, visible
from course_utils.grading import class_report, correction, self_check
from course_utils.grading.intake import Limits
from course_utils.grading.release import nbgrader_env
from course_utils.grading.submissions import grade_assignment, nbgrader, stage_assignment
from support import KEY_MARKERS as SUPPORT_KEY_MARKERS
from support import ROOT, answers_doc, copy_course
from support.gradebook import auto_scores, max_scores

pytestmark = pytest.mark.nbgrader

EXERCISE = "03-cultura-2-0-interna"
REFERENCE = json.loads(
    (ROOT / "tests" / "data" / "reference" / f"{EXERCISE}.json").read_text("utf-8")
)
KEY_MARKERS = (*SUPPORT_KEY_MARKERS, "raci_scorer")  # exercise 03 grades its RACI with it
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
            "course_utils/grading/cells.py": "def grade(*a, **k):\n    return 100\n"
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
    copy_course(course, f"solutions/{EXERCISE}")
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


def expected(course: Path, student: str) -> dict[str, float]:
    if student in FULL:
        return max_scores(course, EXERCISE)
    if student == "parcial":
        return REFERENCE["partial"]["expected"]
    return dict.fromkeys(max_scores(course, EXERCISE), 0.0)


def test_there_are_at_least_30_crafted_submissions():
    assert len(CASES) >= 30


@pytest.mark.parametrize("student", list(CASES))
def test_a_submission_scores_only_on_its_real_answers(graded, student):
    course = graded[0]
    assert auto_scores(course, EXERCISE, student) == pytest.approx(
        expected(course, student), abs=0.011
    )


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


# == Every path an instructor can take ===========================================================
# The same crafted class goes through plain `nbgrader autograde` + `generate_feedback` with the
# course's nbgrader_config.py (formgrader's «Autograde» button runs the same), then through
# `curso corregir` (correction.correct), and each answers file through the owner's self-check.
# Each case writes its expected automatic score per cell on each path before anything runs:
# a dict of points, REFUSED (plain nbgrader does not grade it and its log says why, pointing to
# `curso corregir`), SET_ASIDE (`curso corregir` keeps it out of the gradebook, with a reason)
# or None (the path does not apply: the self-check reads only an owner's own answers file).

POINTS = {
    "prueba_fallos": 4.0,
    "prueba_velocidad": 3.0,
    "prueba_raci": 4.0,
    "prueba_justificacion": 1.0,
}
ZERO = dict.fromkeys(POINTS, 0.0)
REFUSED = "rechazada"
SET_ASIDE = "apartada"
EVIL = "http://evil.example"
MARKER = "MARCA-QUE-SOLO-TIENE-PERFECTA-B"
FORGED = "nota revisada a mano, 12 de 12"
TEXT_PAYLOAD = f' ![x]({EVIL}/a.png) <img src="{EVIL}/b.png"> <script>alert(1)</script>'
FILE_NAME_PAYLOAD = r"![a](http:\\evil.example\a.png)<img src=http:\\evil.example\b.png>"
OTHER_EXERCISE = ROOT / "exercises" / "01-despersonalizar-la-critica"


def but(**changed: float) -> dict[str, float]:
    """The perfect points with some cells changed."""
    return {**POINTS, **changed}


def compact(answers: dict) -> str:
    """An answers file written without spaces (as small as JSON gets)."""
    records = {q: {"value": v} for q, v in answers.items()}
    return json.dumps(
        {"schema": 1, "notebook": EXERCISE, "answers": records},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def with_raw(answers: dict, placeholder: str, raw: str) -> str:
    """An answers file where the JSON string ``"placeholder"`` becomes ``raw`` JSON."""
    return doc(answers).replace(json.dumps(placeholder), raw)


def submission(course: Path, student: str, answers=PERFECT, notebook: bool = True) -> Path:
    """submitted/<student>/<exercise>/ with the released notebook, a timestamp and answers."""
    folder = course / "submitted" / student / EXERCISE
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text("2026-11-24 10:00:00.000000 UTC")
    if notebook:
        shutil.copy(course / "exercises" / EXERCISE / exercise_notebook(EXERCISE), folder)
    if answers is not None:
        text = answers if isinstance(answers, str) else doc(answers)
        (folder / f"respuestas-{EXERCISE}.json").write_text(text, encoding="utf-8")
    return folder


def made(answers=PERFECT, notebook: bool = True, extra=None):
    """A crafted learner: a normal submission, then ``extra(folder)``."""

    def make(course: Path, student: str) -> None:
        folder = submission(course, student, answers, notebook)
        if extra:
            extra(folder)

    return make


def fifo(name: str):
    return lambda folder: (folder / name).unlink(missing_ok=True) or os.mkfifo(folder / name)


def sparse(*names: str, size: int):
    def extra(folder: Path) -> None:
        for name in names:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            with open(folder / name, "wb") as fh:
                fh.truncate(size)  # no disk used: only its size is huge

    return extra


def many_files(folder: Path) -> None:
    (folder / "borradores").mkdir()
    for n in range(250):
        (folder / "borradores" / f"nota-{n}.txt").write_text("x")


def linked_exercise(course: Path, student: str) -> None:
    (course / "submitted" / student).mkdir(parents=True)
    (course / "submitted" / student / EXERCISE).symlink_to(
        course / "submitted" / "perfecta-b" / EXERCISE
    )


def linked_student(course: Path, student: str) -> None:
    (course / "submitted").mkdir(exist_ok=True)
    (course / "submitted" / student).symlink_to(course / "submitted" / "perfecta-b")


def forged_manifest(folder: Path) -> None:
    note = json.dumps({"problemas": [f"{FORGED} ![x]({EVIL}/m.png)"], "enlaces": ["x"] * 9})
    (folder / ".curso-revision.json").write_text(note)
    (folder.parent / f".curso-revision-{EXERCISE}.json").write_text(note)


def other_notebook(folder: Path) -> None:
    shutil.copy(OTHER_EXERCISE / "ejercicio-01-despersonalizar-la-critica.ipynb", folder)


def record_without_value(folder: Path) -> None:
    path = folder / f"respuestas-{EXERCISE}.json"
    data = json.loads(path.read_text("utf-8"))
    data["answers"]["velocidad"] = {"valor": PERFECT["velocidad"]}
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


NOT_NBFORMAT = json.dumps(
    {"cells": [{"cell_type": "misterio", "source": "x"}], "metadata": {}, "nbformat": 4}
)
COMPACT_4MB = compact({**PERFECT, **{f"relleno_{n}": [1] * 45_000 for n in range(40)}})
FILE_5_2MB = doc(dict(PERFECT, relleno="x" * 5_200_000))


@dataclass
class Crafted:
    """A crafted learner and the expected automatic points per cell on each path."""

    make: Callable[[Path, str], None]
    curso: dict[str, float] | str
    plain: dict[str, float] | str
    own: dict[str, float] | None  # the self-check of the same answers file
    words: str = ""  # in its reason on `curso corregir`'s sheet
    pending: tuple[str, ...] = ()  # cells queued for hand grading (the course's fault)
    rejected: bool = False


CRAFTED: dict[str, Crafted] = {
    "perfecta-a": Crafted(made(), POINTS, POINTS, POINTS),
    "perfecta-b": Crafted(
        made(dict(PERFECT, justificacion=PERFECT["justificacion"] + " " + MARKER)),
        POINTS,
        POINTS,
        POINTS,
    ),
    # 1. links on the way, devices, pipes and a forged staging note
    "enlace-carpeta-ejercicio": Crafted(
        linked_exercise, ZERO, REFUSED, None, "enlace", rejected=True
    ),
    "enlace-carpeta-alumno": Crafted(linked_student, ZERO, REFUSED, None, "enlace", rejected=True),
    "enlace-a-dev-zero": Crafted(
        made(extra=lambda f: (f / "datos.bin").symlink_to("/dev/zero")),
        POINTS,
        REFUSED,
        POINTS,
        "enlace",
    ),
    "tuberia-extra": Crafted(
        made(extra=fifo("notas.txt")), POINTS, REFUSED, POINTS, "no es un archivo normal"
    ),
    "cuaderno-tuberia": Crafted(
        made(notebook=False, extra=fifo(exercise_notebook(EXERCISE))),
        ZERO,
        REFUSED,
        POINTS,
        "no es un archivo normal",
        rejected=True,
    ),
    "hora-tuberia": Crafted(
        made(extra=fifo("timestamp.txt")), POINTS, REFUSED, POINTS, "no es un archivo normal"
    ),
    "respuestas-tuberia-2": Crafted(
        made(answers=None, extra=fifo(f"respuestas-{EXERCISE}.json")),
        ZERO,
        REFUSED,
        ZERO,
        "no es un archivo normal",
    ),
    "manifiesto-falso": Crafted(made(answers={}, extra=forged_manifest), ZERO, ZERO, ZERO),
    # 6. limits: per file, per learner, per answer, and the answers copy
    "disperso-1gb": Crafted(
        made(extra=sparse("video.mp4", size=1_100_000_000)),
        POINTS,
        REFUSED,
        POINTS,
        "1.100 MB; el límite es 10 MB",
    ),
    "demasiado-por-persona": Crafted(
        made(extra=sparse("v/1.bin", "v/2.bin", "v/3.bin", size=9_000_000)),
        POINTS,
        REFUSED,
        POINTS,
        "el límite por persona",
    ),
    "demasiados-archivos": Crafted(
        made(extra=many_files), POINTS, REFUSED, POINTS, "más de 200 archivos"
    ),
    "respuesta-larguisima": Crafted(
        made(dict(PERFECT, justificacion=PERFECT["justificacion"] + " palabra" * 20_000)),
        but(prueba_justificacion=0.0),
        but(prueba_justificacion=0.0),
        but(prueba_justificacion=0.0),
        "demasiado larga",
    ),
    "archivo-4mb-compacto": Crafted(made(COMPACT_4MB), POINTS, POINTS, POINTS),
    "archivo-5-2mb": Crafted(made(FILE_5_2MB), ZERO, REFUSED, ZERO, "(5,2 MB; el límite es 5 MB)"),
    "repite-opcion": Crafted(
        made(dict(PERFECT, fallos=["d"] * 20_002)),
        but(prueba_fallos=0.0),
        but(prueba_fallos=0.0),
        but(prueba_fallos=0.0),
    ),
    # 2. text a learner controls: folder names, answers, question ids, file names
    '=HYPERLINK("http:\\\\evil.example")': Crafted(made(), SET_ASIDE, REFUSED, None, "no sirve"),
    "ana\x1b[31mroja\x07": Crafted(made(), SET_ASIDE, REFUSED, None, "no sirve"),
    "<img src=x onerror=alert(1)>": Crafted(made(), SET_ASIDE, REFUSED, None, "no sirve"),
    "texto-con-imagen": Crafted(
        made(dict(PERFECT, justificacion=PERFECT["justificacion"] + TEXT_PAYLOAD)),
        POINTS,
        POINTS,
        POINTS,
    ),
    "pregunta-con-imagen": Crafted(
        made({**PERFECT, f"![q]({EVIL}/q.png)": "hola"}), POINTS, POINTS, POINTS, "no válido"
    ),
    "archivo-con-imagen": Crafted(
        made(extra=fifo(FILE_NAME_PAYLOAD)),
        POINTS,
        REFUSED,
        POINTS,
        "no es un archivo normal",
    ),
    # 3. one odd value spoils only its own cell
    "surrogate": Crafted(
        made(with_raw(dict(PERFECT, justificacion="@S@"), "@S@", '"\\ud800 hola"')),
        but(prueba_justificacion=0.0),
        but(prueba_justificacion=0.0),
        but(prueba_justificacion=0.0),
        "no tiene la forma esperada",
    ),
    "anidada": Crafted(
        made(with_raw(dict(PERFECT, fallos="@N@"), "@N@", "[" * 200 + "]" * 200)),
        but(prueba_fallos=0.0),
        but(prueba_fallos=0.0),
        but(prueba_fallos=0.0),
        "niveles",
    ),
    "anidada-del-todo": Crafted(
        made(with_raw(dict(PERFECT, fallos="@N@"), "@N@", "[" * 100_000 + "]" * 100_000)),
        ZERO,
        ZERO,
        ZERO,
        "dañado",
    ),
    "numero-infinito": Crafted(
        made(with_raw(dict(PERFECT, fallos="@I@"), "@I@", "1e999")),
        but(prueba_fallos=0.0),
        but(prueba_fallos=0.0),
        but(prueba_fallos=0.0),
        "número",
    ),
    "registro-sin-valor": Crafted(
        made(extra=record_without_value),
        but(prueba_velocidad=0.0),
        but(prueba_velocidad=0.0),
        but(prueba_velocidad=0.0),
        "no tiene la forma esperada",
    ),
    "no-es-nbformat": Crafted(
        made(
            notebook=False,
            extra=lambda f: (f / exercise_notebook(EXERCISE)).write_text(NOT_NBFORMAT),
        ),
        ZERO,
        REFUSED,
        POINTS,
        "formato de un cuaderno",
        rejected=True,
    ),
    "hora-rota": Crafted(
        made(extra=lambda f: (f / "timestamp.txt").write_text("mañana por la tarde")),
        POINTS,
        REFUSED,
        POINTS,
        "hora de entrega",
    ),
    "otro-cuaderno-ademas": Crafted(
        made(extra=other_notebook), POINTS, POINTS, POINTS, "no es un cuaderno de este ejercicio"
    ),
    "solo-otro-cuaderno": Crafted(
        made(notebook=False, extra=other_notebook),
        ZERO,
        REFUSED,
        POINTS,
        "No se entregó el cuaderno",
        rejected=True,
    ),
    # 3 and 4: the course's own code fails on a value (SystemExit, a scorer that raises)
    "error-del-ejercicio": Crafted(
        made(dict(PERFECT, velocidad="salir", raci="rompe")),
        but(prueba_velocidad=0.0, prueba_raci=0.0),
        but(prueba_velocidad=0.0, prueba_raci=0.0),
        but(prueba_velocidad=0.0, prueba_raci=0.0),
        "error del ejercicio",
        pending=("prueba_velocidad", "prueba_raci"),
    ),
    # a test cell that never ends: stopped after the course's time limit, left for hand grading
    "ejercicio-sin-fin": Crafted(
        made(dict(PERFECT, fallos=["bucle"])),
        but(prueba_fallos=0.0),
        but(prueba_fallos=0.0),
        None,  # the self-check's limit is a minute: not waited for here
        "error del ejercicio",
        pending=("prueba_fallos",),
    ),
}
TIME_LIMIT = 5  # seconds per test cell in the crafted course (the course's default is 60)
NEW_CASES = [name for name in CRAFTED if not name.startswith("perfecta")]


def with_course_bugs(source: Path) -> None:
    """Bugs of the exercise itself, for the crafted class only: its velocity test exits on one
    saved value, its faults test loops forever on another and its RACI scorer divides by zero
    on a third (every other answer is graded as usual)."""
    nb = nbformat.read(source, as_version=4)
    bugs = {
        "prueba_velocidad": (
            "from course_utils.grading import grade\n",
            "from course_utils.grading import grade\n"
            "from course_utils.core.store import read_answers\n"
            f"_v = read_answers('respuestas-{EXERCISE}.json')[0].get('velocidad') or {{}}\n"
            "if _v.get('value') == 'salir':\n"
            "    raise SystemExit(3)\n",
        ),
        "prueba_fallos": (
            "from course_utils.grading import grade\n",
            "from course_utils.grading import grade\n"
            "from course_utils.core.store import read_answers\n"
            f"_f = read_answers('respuestas-{EXERCISE}.json')[0].get('fallos') or {{}}\n"
            "while _f.get('value') == ['bucle']:\n"
            "    pass\n",
        ),
        "prueba_raci": (
            "scorer=raci_scorer(tareas, roles, caso))",
            "scorer=lambda v: 1 / 0 if v == 'rompe' else raci_scorer(tareas, roles, caso)(v))",
        ),
    }
    for cell in nb.cells:
        bug = bugs.pop(cell.metadata.get("nbgrader", {}).get("grade_id"), None)
        if bug:
            assert bug[0] in cell.source
            cell.source = cell.source.replace(*bug)
    assert not bugs
    nbformat.write(nb, source)


def quick_snapshot(course: Path) -> dict[str, object]:
    """What grading must not change (big files by size and time, never read whole)."""
    out: dict[str, object] = {}
    for top in ("solutions", "exercises", "submitted"):
        for folder, dirs, files in os.walk(course / top):
            for name in dirs + files:
                path = Path(folder) / name
                info = path.lstat()
                key = str(path.relative_to(course))
                if path.is_symlink():
                    out[key] = "->" + os.readlink(path)
                elif path.is_file() and info.st_size <= 1_000_000:
                    out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    out[key] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return out


def run_nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """A plain nbgrader command, as an instructor types it; the timeout only turns a hang into
    a failure (nbgrader must refuse /dev/zero and pipes, not read them)."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )


# What formgrader's «Autograde» button runs: the course's config loaded from the course folder,
# then NbGraderAPI.autograde for one learner (nbgrader/server_extensions/formgrader/base.py).
FORMGRADER_BUTTON = """
import json, sys
from nbgrader.apps import NbGrader
from nbgrader.apps.api import NbGraderAPI
app = NbGrader()
app.load_config_file()
result = NbGraderAPI(parent=app).autograde(sys.argv[1], sys.argv[2])
print(json.dumps({"success": result["success"], "log": result.get("log", "")}))
"""


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    """The crafted class graded on every path, once."""
    course = tmp_path_factory.mktemp("caminos")
    config = (ROOT / "nbgrader_config.py").read_text("utf-8")
    (course / "nbgrader_config.py").write_text(
        config + f"\nc.GradeFromAnswers.time_limit = {TIME_LIMIT}\n", "utf-8"
    )
    copy_course(course, f"solutions/{EXERCISE}", config=False)
    with_course_bugs(course / "solutions" / EXERCISE / exercise_notebook(EXERCISE))
    assert nbgrader(course, "generate_assignment", EXERCISE, "--force").returncode == 0
    fresh = tmp_path_factory.mktemp("libro") / "gradebook.db"
    shutil.copy(course / "gradebook.db", fresh)
    for student, case in CRAFTED.items():
        case.make(course, student)
    before = quick_snapshot(course)
    # plain nbgrader, then its results are put aside and `curso corregir` starts afresh
    plain_run = run_nbgrader(course, "autograde", EXERCISE, "--force")
    plain_feedback = run_nbgrader(course, "generate_feedback", EXERCISE, "--force")
    button = subprocess.run(
        [sys.executable, "-c", FORMGRADER_BUTTON, EXERCISE, "enlace-a-dev-zero"],
        cwd=course,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    plain = course / "nbgrader-directo"
    plain.mkdir()
    for name in ("autograded", "feedback", "gradebook.db"):
        shutil.move(course / name, plain / name)
    shutil.copy(fresh, course / "gradebook.db")
    own = {}
    for student, case in CRAFTED.items():
        if case.own is not None:
            own[student] = self_check.check_exercise(
                course / "submitted" / student / EXERCISE, EXERCISE
            )
    said: list[str] = []
    rows = correction.correct(course, [EXERCISE], say=said.append)
    summary = correction.summary_table(rows)
    report = class_report.build(course, [EXERCISE])
    return SimpleNamespace(
        course=course,
        plain=plain,
        plain_run=plain_run,
        plain_feedback=plain_feedback,
        button=json.loads(button.stdout.strip().splitlines()[-1]),
        own=own,
        rows={r.student: r for r in rows},
        said=said,
        summary=summary,
        report=report,
        before=before,
        after=quick_snapshot(course),
    )


def gradebook_scores(db: Path, student: str) -> dict[str, float] | None:
    """Automatic points per scoring cell, or None when the learner is not in the gradebook."""
    from nbgrader.api import MissingEntry

    with Gradebook(f"sqlite:///{db}") as gb:
        try:
            submission = gb.find_submission(EXERCISE, student)
        except MissingEntry:
            return None
        return {
            g.name: g.auto_score
            for nb in submission.notebooks
            for g in nb.grades
            if g.cell_type == "code" and g.max_score
        }


def pending_cells(db: Path, student: str) -> set[str]:
    with Gradebook(f"sqlite:///{db}") as gb:
        submission = gb.find_submission(EXERCISE, student)
        return {
            g.name
            for nb in submission.notebooks
            for g in nb.grades
            if g.cell_type == "code" and g.needs_manual_grade
        }


def test_there_are_at_least_25_new_crafted_submissions():
    assert len(NEW_CASES) >= 25


@pytest.mark.parametrize("student", list(CRAFTED))
def test_curso_corregir_scores_each_cell_as_written(paths, student):
    case = CRAFTED[student]
    got = gradebook_scores(paths.course / "gradebook.db", student)
    row = paths.rows[student]
    if case.curso == SET_ASIDE:
        assert got is None and row.rejected and not row.points
    else:
        assert got == pytest.approx(case.curso, abs=0.011)
        assert row.rejected == case.rejected
    if case.words:
        assert any(case.words in p for p in row.problems), row.problems


@pytest.mark.parametrize("student", list(CRAFTED))
def test_plain_nbgrader_scores_or_refuses_each_cell_as_written(paths, student):
    case = CRAFTED[student]
    got = gradebook_scores(paths.plain / "gradebook.db", student)
    log = paths.plain_run.stdout + paths.plain_run.stderr
    if case.plain == REFUSED:
        assert got is None
        shown = visible(student, 64)
        refusals = [line for line in log.splitlines() if f"entrega de «{shown}»" in line]
        assert refusals and all("curso corregir" in line for line in refusals), log[-3000:]
        assert not (paths.plain / "autograded" / student).exists()
    else:
        assert got == pytest.approx(case.plain, abs=0.011)


# what the self-check says (it reads only the answers file: folder problems are not its job)
OWN_WORDS = {
    "respuestas-tuberia-2": "no es un archivo normal",
    "respuesta-larguisima": "demasiado larga",
    "archivo-5-2mb": "(5,2 MB; el límite es 5 MB)",
    "surrogate": "no tiene la forma esperada",
    "anidada": "niveles",
    "anidada-del-todo": "dañado",
    "numero-infinito": "número",
    "registro-sin-valor": "no tiene la forma esperada",
    "error-del-ejercicio": "error del ejercicio",
}


@pytest.mark.parametrize("student", [s for s, c in CRAFTED.items() if c.own is not None])
def test_the_self_check_scores_each_cell_as_written(paths, student):
    check = paths.own[student]
    assert {q.grade_id: q.earned for q in check.questions} == pytest.approx(
        CRAFTED[student].own, abs=0.011
    )
    text = check.message + " ".join(line for q in check.questions for line in q.lines)
    if student in OWN_WORDS:
        assert OWN_WORDS[student] in text, (student, text)
    from course_utils.ui.self_check_box import report_html

    page = report_html(check)
    assert "<script>alert(1)" not in page and f'src="{EVIL}' not in page


def test_the_self_check_reports_sizes_and_course_faults_truly(paths):
    big = paths.own["archivo-5-2mb"]
    assert big.status == "respuestas_no_validas" and "(5,2 MB; el límite es 5 MB)" in big.message
    assert paths.own["archivo-4mb-compacto"].status == "corregido"
    verdicts = {q.grade_id: q.verdict for q in paths.own["error-del-ejercicio"].questions}
    assert verdicts["prueba_velocidad"] == verdicts["prueba_raci"] == "error"
    assert verdicts["prueba_fallos"] == "correcta"


def test_course_faults_are_queued_for_hand_grading_on_both_paths(paths):
    for db in (paths.course / "gradebook.db", paths.plain / "gradebook.db"):
        for student, case in CRAFTED.items():
            if case.curso != SET_ASIDE and (db.parent == paths.course or case.plain != REFUSED):
                assert pending_cells(db, student) == set(case.pending), (db, student)
    rubric = {"rubrica_justificacion"}  # the written answer, graded by hand by design
    assert set(paths.rows["perfecta-a"].manual_pending) == rubric
    assert set(paths.rows["error-del-ejercicio"].manual_pending) == rubric | {
        "prueba_velocidad",
        "prueba_raci",
    }
    for top in (paths.course, paths.plain):
        html = _page(top, "error-del-ejercicio")
        assert "por un error del ejercicio, no de tu respuesta" in html


def _page(top: Path, student: str) -> str:
    return (
        (top / "feedback" / student / EXERCISE / exercise_notebook(EXERCISE))
        .with_suffix(".html")
        .read_text("utf-8")
    )


def _outputs(top: Path) -> list[Path]:
    """Every file grading wrote: graded notebooks, feedback, the sheet and the report."""
    found = [p for d in ("autograded", "feedback") for p in (top / d).rglob("*") if p.is_file()]
    return found + [p for p in (top / "notas").glob("*") if p.is_file()]


def test_nothing_outside_each_learner_s_folder_is_read_or_written(paths):
    assert paths.after == paths.before
    for top in (paths.course, paths.plain):
        for path in _outputs(top):
            if MARKER in path.read_text("utf-8", errors="ignore"):
                assert "perfecta-b" in path.parts or path.name.endswith(".log"), path


def test_no_key_hidden_test_or_forged_note_in_any_output(paths):
    files = _outputs(paths.course) + _outputs(paths.plain) + [paths.report]
    for path in files:
        text = path.read_text("utf-8", errors="ignore")
        assert FORGED not in text, path
        if path.suffix == ".html":
            for marker in KEY_MARKERS:
                assert marker not in text, (path, marker)


class _Attributes(HTMLParser):
    """Every (tag, attribute, value) of a page, and the text inside its <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name, value or "") for name, value in attrs]
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def html_problems(page: str) -> list[str]:
    """Remote resources (src/href to another site) and markup a learner wrote, in a page."""
    parser = _Attributes()
    parser.feed(page)
    problems = []
    for tag, name, value in parser.found:
        link = value.strip().replace("\\", "/").lower()
        if name in ("src", "href", "srcset", "poster", "action") and (
            link.startswith(("http:", "https:", "//", "ftp:")) or "evil" in link
        ):
            problems.append(f"<{tag} {name}={value}>")
        if name.startswith("on") or "evil" in value:
            problems.append(f"<{tag} {name}={value}>")
    problems += [s for s in parser.scripts if "alert(" in s]
    return problems


def _formgrade(notebook: Path) -> str:
    """The page formgrader draws for a graded notebook (its own exporter and template)."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    exporter = HTMLExporter(
        template_name="formgrade", extra_template_basedirs=[handlers.template_path]
    )
    resources = {
        "assignment_id": EXERCISE,
        "notebook_id": notebook.stem,
        "submission_id": "x",
        "index": 0,
        "total": 1,
        "base_url": "",
        "student": notebook.parent.parent.name,
        "last_name": "",
        "first_name": "",
        "notebook_path": "",
    }
    return exporter.from_filename(str(notebook), resources=resources)[0]


def test_no_learner_markup_or_remote_resource_in_any_html(paths):
    pages = [p for top in (paths.course, paths.plain) for p in (top / "feedback").rglob("*.html")]
    assert len(pages) >= 30
    for page in [*pages, paths.report]:
        assert not html_problems(page.read_text("utf-8")), page
    assert "&lt;script&gt;alert(1)" in _page(paths.course, "texto-con-imagen")
    # a file name reaches the sheet as text, and no graded notebook or feedback at all
    assert any(FILE_NAME_PAYLOAD in p for p in paths.rows["archivo-con-imagen"].problems)
    assert "evil.example" not in _page(paths.course, "archivo-con-imagen")
    for top in (paths.course, paths.plain):
        for student in ("texto-con-imagen", "pregunta-con-imagen", "archivo-con-imagen"):
            notebook = top / "autograded" / student / EXERCISE / exercise_notebook(EXERCISE)
            if notebook.exists():  # (refused on the plain path when it holds a pipe)
                assert not [
                    p for p in html_problems(_formgrade(notebook)) if "evil" in p or "alert" in p
                ], notebook


def test_the_sheet_never_starts_a_cell_with_a_formula(paths):
    with (paths.course / "notas" / "notas.csv").open(encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    cells = [cell for row in table for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_the_terminal_never_receives_control_characters(paths):
    for text in [*paths.said, paths.summary]:
        assert not [ch for ch in text if unicodedata.category(ch) == "Cc" and ch != "\n"], text
    assert "ana�[31mroja�" in paths.summary


def test_every_graded_notebook_has_a_score_or_a_reason_in_every_cell(paths):
    graded = [
        p for top in (paths.course, paths.plain) for p in (top / "autograded").rglob("*.ipynb")
    ]
    assert len(graded) >= 30
    for path in graded:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or not meta.get("grade") or not meta.get("points"):
                continue
            kinds = {o.output_type for o in cell.outputs}
            assert "execute_result" in kinds or "error" in kinds, (path, meta["grade_id"])
            if "error" in kinds or any(
                o.output_type == "execute_result" and float(o.data["text/plain"]) == 0
                for o in cell.outputs
            ):
                said = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
                assert said.strip(), (path, meta["grade_id"])


def test_formgrader_s_autograde_button_refuses_in_spanish(paths):
    assert paths.button["success"] is False
    assert "nbgrader no corrige la entrega de «enlace-a-dev-zero»" in paths.button["log"]
    assert "curso corregir" in paths.button["log"]


def test_the_batch_always_goes_on_on_every_path(paths):
    assert set(paths.rows) == set(CRAFTED)
    for student, case in CRAFTED.items():
        if case.plain != REFUSED:
            assert gradebook_scores(paths.plain / "gradebook.db", student) is not None, student
    assert paths.plain_run.returncode != 0  # refusals make nbgrader end with an error…
    assert paths.plain_feedback.returncode == 0  # …and feedback is written for the rest
    progress = [line for line in paths.said if line.strip().startswith("[")]
    assert len(progress) >= len([c for c in CRAFTED.values() if not c.rejected]) - 5


def test_the_class_report_counts_one_choice_per_learner(paths):
    assert class_report.wrong_choices("multiple", ["a"], [["d"] * 20_002, ["d", "b"]]) == {
        "d": 2,
        "b": 1,
    }
    html = paths.report.read_text("utf-8")
    counts = [int(n) for n in re.findall(r"<td>(\d+)</td></tr>", html)]
    assert counts and max(counts) <= len(CRAFTED)


def test_a_class_over_its_limit_is_set_aside_with_a_reason(tmp_path):
    course = tmp_path / "curso"
    copy_course(course, f"solutions/{EXERCISE}", config=False)
    (course / "exercises" / EXERCISE).mkdir(parents=True)
    shutil.copy(
        ROOT / "exercises" / EXERCISE / exercise_notebook(EXERCISE), course / "exercises" / EXERCISE
    )
    for student in ("ana", "bea", "carla"):
        submission(course, student)
    size = sum(p.stat().st_size for p in (course / "submitted" / "ana").rglob("*") if p.is_file())
    checks = stage_assignment(course, EXERCISE, limits=Limits(class_bytes=2 * size + 10))
    assert checks["ana"].accepted and checks["bea"].accepted
    assert not checks["carla"].accepted
    assert "el límite por ejercicio" in " ".join(checks["carla"].problems)
    assert not (
        course / ".curso-entregas" / "carla" / EXERCISE / exercise_notebook(EXERCISE)
    ).exists()


def test_learner_text_is_inert_in_terminal_sheet_and_markdown():
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("@SUMA(A1)") == "'@SUMA(A1)"
    assert csv_cell("-3") == "'-3" and csv_cell("\tx") == " x" and csv_cell("ana") == "ana"
    assert visible("a\x1b[2Jb\u202ec\nd") == "a�[2Jb�c d"
    block = markdown_literal("![x](http://e/a.png)\n```` <b>")
    assert block.startswith("`````text\n") and block.endswith("\n`````")
