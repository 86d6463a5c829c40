"""Real nbgrader round trip: release from solutions/, autograde many kinds of submission."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from course_utils.grading.release import assignments
from course_utils.grading.submissions import nbgrader
from support import KEY_MARKERS, ROOT, answers_doc, copy_course
from support.gradebook import auto_scores, max_scores

REFERENCE = ROOT / "tests" / "data" / "reference"
ASSIGNMENTS = assignments(ROOT)


def reference(assignment: str) -> dict:
    return json.loads((REFERENCE / f"{assignment}.json").read_text(encoding="utf-8"))


def canonical(path: Path) -> dict:
    """What a learner gets from a released notebook: the notebook's metadata and format, and per
    cell its type, source (however the JSON splits it into lines) and metadata (nbgrader's ids,
    points, locks and checksums; editable, deletable, hidden source). Not the JSON layout, cell
    ids, outputs or execution counts (a release has none)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return {
        "nbformat": [nb["nbformat"], nb["nbformat_minor"]],
        "metadata": nb["metadata"],
        "cells": [
            {
                "type": cell["cell_type"],
                "source": "".join(cell["source"])
                if isinstance(cell["source"], list)
                else cell["source"],
                "metadata": cell.get("metadata", {}),
            }
            for cell in nb["cells"]
        ],
    }


def first_difference(new: dict, old: dict) -> str:
    if new["nbformat"] != old["nbformat"] or new["metadata"] != old["metadata"]:
        return "notebook metadata"
    if len(new["cells"]) != len(old["cells"]):
        return f"{len(new['cells'])} cells instead of {len(old['cells'])}"
    for index, (a, b) in enumerate(zip(new["cells"], old["cells"], strict=True)):
        for key in ("type", "source", "metadata"):
            if a[key] != b[key]:
                return f"cell {index}: {key}"
    return "nothing"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A throw-away course: the source, a fresh release and gradebook, a stray answers file."""
    course = tmp_path_factory.mktemp("course")
    copy_course(course, "solutions")
    # every assignment in one run: nbgrader reads the assignment id as a glob pattern
    made = nbgrader(course, "generate_assignment", "*", "--force")
    assert made.returncode == 0, made.stderr[-3000:]
    assert sorted(p.name for p in (course / "exercises").iterdir()) == ASSIGNMENTS
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
def test_committed_release_equals_a_fresh_one(name, course):
    """The course fixture generated each assignment once, from solutions/: compare with exercises/."""
    fresh_dir = course / "exercises" / name
    fresh = sorted(p.relative_to(fresh_dir) for p in fresh_dir.rglob("*") if p.is_file())
    committed_dir = ROOT / "exercises" / name
    committed = sorted(
        p.relative_to(committed_dir)
        for p in committed_dir.rglob("*")
        if p.is_file()
        and ".ipynb_checkpoints" not in p.parts
        and not p.name.startswith("respuestas-")
    )
    assert fresh == committed, "exercises/ is out of date: run `make ejercicios`"
    assert any(rel.suffix == ".ipynb" for rel in fresh), "the release has no notebook"
    for rel in fresh:
        new, old = fresh_dir / rel, committed_dir / rel
        if rel.suffix == ".ipynb":
            new_nb, old_nb = canonical(new), canonical(old)
            # a real release: cells locked and identified by nbgrader, something to compare
            assert any(c["metadata"].get("nbgrader", {}).get("grade_id") for c in new_nb["cells"])
            assert new_nb == old_nb, (
                f"{rel} differs ({first_difference(new_nb, old_nb)}): run `make ejercicios`"
            )
        else:
            assert new.read_bytes() == old.read_bytes()


def test_canonical_sees_what_matters_and_only_that(tmp_path):
    """The comparison above fails when a released notebook changes in anything a learner gets,
    and only then."""
    released = next((ROOT / "exercises" / ASSIGNMENTS[0]).glob("*.ipynb"))
    nb = json.loads(released.read_text(encoding="utf-8"))
    graded = next(
        i for i, c in enumerate(nb["cells"]) if c["metadata"].get("nbgrader", {}).get("grade")
    )

    def variant(change) -> dict:
        copy = json.loads(json.dumps(nb))
        change(copy)
        path = tmp_path / "variant.ipynb"
        path.write_text(json.dumps(copy, indent=4), encoding="utf-8")
        return canonical(path)

    same = canonical(released)
    # layout, ids and how the source is split into lines do not matter
    assert variant(lambda n: None) == same
    assert variant(lambda n: n["cells"][0].update(id="otro-id")) == same
    assert variant(lambda n: n["cells"][0].update(source="".join(n["cells"][0]["source"]))) == same
    # what a learner gets does
    changes = {
        "source": lambda n: n["cells"][0]["source"].append("\nUna línea más."),
        "type": lambda n: n["cells"][0].update(cell_type="raw"),
        "points": lambda n: n["cells"][graded]["metadata"]["nbgrader"].update(points=99),
        "lock": lambda n: n["cells"][0]["metadata"].update(editable=True),
        "kernel": lambda n: n["metadata"]["kernelspec"].update(name="otro"),
        "cells": lambda n: n["cells"].pop(),
    }
    for what, change in changes.items():
        assert variant(change) != same, what


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


STUDENTS = ("perfecta", "en-blanco", "parcial", "sin-archivo", "danado", "lista", "tipos-raros")


def submit_many(course: Path, name: str) -> None:
    """Every kind of submission of one assignment: perfect, blank, partial, no answers file,
    damaged, a list, odd types, 50 MB and a cheat."""
    ref = reference(name)
    students = {
        "perfecta": answers_doc(name, ref["perfect"]),
        "en-blanco": None,
        "parcial": answers_doc(name, ref["partial"]["answers"]),
        "sin-archivo": None,
        "danado": '{"schema": 1, "answers": {"p1": {"val',
        "lista": json.dumps([1, 2, 3]),
        "tipos-raros": answers_doc(name, {qid: {"x": [None]} for qid in ref["perfect"]}),
        "enorme": None,  # written below: 50 MB
        "trampa": None,  # its notebook is edited below
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
    # a cheat: grade cells edited to give full marks and a cell that writes the reference's
    # perfect answers while nbgrader grades; no answers of its own, so it must earn nothing
    cheat_nb = next((course / "submitted" / "trampa" / name).glob("*.ipynb"))
    nb = nbformat.read(cheat_nb, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            cell.source = "100"
    perfect_text = answers_doc(name, ref["perfect"])
    nb.cells.insert(
        0,
        nbformat.v4.new_code_cell(
            f"open('respuestas-{name}.json', 'w', encoding='utf-8').write({perfect_text!r})"
        ),
    )
    nbformat.write(nb, cheat_nb)
    # the blank release: the untouched released notebook with an empty answers file
    (course / "submitted" / "en-blanco" / name / f"respuestas-{name}.json").write_text(
        answers_doc(name, {}), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def graded(course) -> dict[str, subprocess.CompletedProcess]:
    """Every kind of submission of every assignment, autograded and given feedback by real
    nbgrader in one run each (the assignment id "*" is a glob pattern to nbgrader)."""
    for name in ASSIGNMENTS:
        submit_many(course, name)
    run = nbgrader(course, "autograde", "*", "--force")
    feedback = nbgrader(course, "generate_feedback", "*", "--force")
    return {"autograde": run, "feedback": feedback}


def test_a_50_mb_answers_file_is_refused_and_the_rest_graded(course, graded):
    run = graded["autograde"]
    # the 50 MB files are refused before nbgrader copies them (course_utils.grading.intake's
    # limits): the others are graded, and nbgrader ends with an error that says why, in Spanish
    assert run.returncode == 1, run.stderr[-3000:]
    refused = [line for line in run.stderr.splitlines() if "no corrige la entrega de" in line]
    assert len(refused) >= len(ASSIGNMENTS), run.stderr[-3000:]
    assert all("«enorme»" in line and "demasiado grande" in line for line in refused)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for name in ASSIGNMENTS:
            graded_ids = {s.student.id for s in gb.find_assignment(name).submissions}
            assert "enorme" not in graded_ids and set(STUDENTS) <= graded_ids, name


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_autograde_many_submissions(course, graded, name):
    partial = reference(name)["partial"]
    maximum = max_scores(course, name)
    assert maximum, "no autograded cells"
    perfect = auto_scores(course, name, "perfecta")
    assert perfect == pytest.approx(maximum), "a perfect submission must get every automatic point"
    for student in ("en-blanco", "sin-archivo", "danado", "lista", "tipos-raros", "trampa"):
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
    }
    for student, message in broken.items():
        nb = next((course / "autograded" / student / name).glob("*.ipynb")).read_text(
            encoding="utf-8"
        )
        assert message in nb, student
    # the answers file the student submitted is the one graded (not the stray one in solutions/)
    graded_answers = json.loads(
        (course / "autograded" / "parcial" / name / f"respuestas-{name}.json").read_text(
            encoding="utf-8"
        )
    )
    assert {q: r["value"] for q, r in graded_answers["answers"].items()} == partial["answers"]

    # feedback: generated for everybody, shows the Spanish review, never the tests or the key
    assert graded["feedback"].returncode == 0, graded["feedback"].stderr[-3000:]
    for student in ("parcial", "trampa"):
        html = next((course / "feedback" / student / name).glob("*.html")).read_text("utf-8")
        assert "puntos" in html, student
        for marker in (*KEY_MARKERS, '"answer"'):
            assert marker not in html, f"{marker!r} in {student}'s feedback"


def test_export_grades(course, graded):
    out = course / "notas.csv"
    run = nbgrader(course, "export", f"--to={out}")
    assert run.returncode == 0, run.stderr[-3000:]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {"assignment", "student_id", "score", "max_score"} <= set(rows[0])
    assert {(r["assignment"], r["student_id"]) for r in rows} >= {
        (name, student) for name in ASSIGNMENTS for student in STUDENTS
    }
