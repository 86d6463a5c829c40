"""The learner edition (`curso edicion`): lessons and released exercises, and not one key."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from course_utils import cli
from course_utils.grading import edition
from support import ROOT

REFERENCE = ROOT / "tests" / "data" / "reference"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("edicion") / "redes-pymes-alumnado"
    assert cli.main(["edicion", "--salida", str(dest)]) == 0
    return dest


def _digests(folder: Path) -> set[str]:
    return {hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def _reference_texts() -> list[str]:
    """The long free-text answers of tests/data/reference (the hand-worked perfect answers)."""
    texts: list[str] = []

    def walk(value):
        if isinstance(value, str) and len(value) >= 40:
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in REFERENCE.glob("*.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return texts


def test_the_keys_are_read_from_every_exercise_and_the_scan_finds_them():
    """The scan is not vacuous: keys come from every exercise's hidden tests and mark schemes,
    and scanning solutions/ itself finds every one (quotes and accents escaped in JSON too)."""
    keys = edition.course_keys(ROOT)
    assert len(keys) > 100
    assert any(k.startswith("grade(") for k in keys)
    assert any("Criterio" in k or "|" in k for k in keys)
    found = {leak.key for leak in edition.find_leaks(ROOT / "solutions", keys)}
    assert set(keys) <= found
    for exercise in (ROOT / "solutions").iterdir():
        if exercise.is_dir():
            assert edition.find_leaks(exercise, keys), exercise.name


def test_no_key_anywhere_in_the_edition(built):
    """Comprueba que ninguna clave (pruebas ocultas, rúbricas, soluciones) llega al alumnado."""
    assert edition.find_leaks(built, edition.course_keys(ROOT)) == []
    everything = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in built.rglob("*") if p.is_file()
    )
    for text in _reference_texts():
        assert text not in everything, text[:60]
    assert "grade(" not in everything and "grade_with(" not in everything


def test_only_lessons_exercises_and_a_readme(built):
    top = sorted(p.name for p in built.iterdir())
    assert top == sorted([".edicion-curso.json", ".gitignore", "LEEME.md", "exercises", "lessons"])
    names = [p.relative_to(built).as_posix() for p in built.rglob("*")]
    for forbidden in (
        "solutions",
        "tests",
        "nbgrader_config",
        "gradebook",
        "respuestas-",
        "source",
    ):
        assert not [n for n in names if forbidden in n], forbidden
    lessons = sorted(p.name for p in (ROOT / "lessons").glob("*.ipynb"))
    assert sorted(p.name for p in (built / "lessons").glob("*.ipynb")) == lessons
    released = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("exercises/*/*.ipynb"))
    assert sorted(p.relative_to(built).as_posix() for p in built.glob("exercises/*/*.ipynb")) == (
        released
    )


def test_no_file_of_solutions_or_tests_is_copied_byte_for_byte(built):
    secret = _digests(ROOT / "solutions") | _digests(ROOT / "tests" / "data")
    secret.add(hashlib.sha256((ROOT / "nbgrader_config.py").read_bytes()).hexdigest())
    assert not (_digests(built) & secret)


def test_links_that_work_in_the_course_work_in_the_edition(built):
    link = re.compile(r"\]\(([^)#:]+\.ipynb)")
    for notebook in built.rglob("*.ipynb"):
        original = ROOT / notebook.relative_to(built)
        for target in link.findall(notebook.read_text(encoding="utf-8")):
            if (original.parent / target).exists():
                assert (notebook.parent / target).exists(), (notebook.name, target)


def test_notebooks_are_clean(built):
    for path in built.rglob("*.ipynb"):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None


def test_learners_answers_and_checkpoints_never_travel(course_copy, tmp_path):
    course = course_copy
    (course / "lessons" / "respuestas-00-bienvenida.json").write_text("{}", encoding="utf-8")
    (course / "exercises" / "00-primeros-pasos" / ".ipynb_checkpoints").mkdir()
    (course / "exercises" / "00-primeros-pasos" / "gradebook.db").write_text("x")
    files = edition.build(course, tmp_path / "ed")
    assert not [f for f in files if "respuestas" in f or "checkpoints" in f or "gradebook" in f]
    assert not list((tmp_path / "ed").rglob("respuestas-*"))


def test_a_stale_release_with_a_hidden_test_is_refused_and_nothing_is_left(course_copy, tmp_path):
    course = course_copy
    name = "ejercicio-00-primeros-pasos.ipynb"
    notebook = course / "exercises" / "00-primeros-pasos" / name
    data = json.loads(notebook.read_text(encoding="utf-8"))
    source = (course / "solutions" / "00-primeros-pasos" / name).read_text(encoding="utf-8")
    data["cells"] = json.loads(source)["cells"]  # the source's cells: keys included
    notebook.write_text(json.dumps(data), encoding="utf-8")
    dest = tmp_path / "ed"
    (dest / ".git").mkdir(parents=True)
    with pytest.raises(edition.EditionError, match="clave"):
        edition.build(course, dest)
    assert [p.name for p in dest.iterdir()] == [".git"]


def test_rebuilding_keeps_the_published_history_and_refuses_foreign_folders(course_copy, tmp_path):
    course = course_copy
    dest = tmp_path / "ed"
    edition.build(course, dest)
    (dest / ".git").mkdir()
    (dest / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (dest / "lessons" / "vieja.ipynb").write_text("{}")
    edition.build(course, dest)
    assert (dest / ".git" / "HEAD").is_file() and not (dest / "lessons" / "vieja.ipynb").exists()
    foreign = tmp_path / "mis-cosas"
    foreign.mkdir()
    (foreign / "importante.txt").write_text("no me borres")
    with pytest.raises(edition.EditionError, match="no es una edición"):
        edition.build(course, foreign)
    assert (foreign / "importante.txt").is_file()
    with pytest.raises(edition.EditionError, match="dentro de la carpeta del curso"):
        edition.build(course, course / "publicar")


def test_cli_errors_are_spanish(tmp_path, capsys):
    (tmp_path / "algo.txt").write_text("x")
    assert cli.main(["edicion", "--salida", str(tmp_path)]) == 2
    assert "curso edicion: La carpeta" in capsys.readouterr().err
