"""Stated durations are honest: every lesson and exercise states what the time model of
docs/tiempos.md gives (reading at 160 words a minute, minutes per kind of answer, per figure, per
worked example and per tool), and a lesson longer than a sitting is split into parts."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from course_utils.core import lessons
from course_utils.core.lessons import estimate, estimate_parts, read_lesson, stated_minutes
from support import ROOT

LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
EXERCISES = sorted([*ROOT.glob("solutions/*/*.ipynb"), *ROOT.glob("exercises/*/*.ipynb")])
TOLERANCE = 5  # minutes: a stated time is rounded to 5


def _markdown(path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _notebook(tmp_path, name, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata["course"] = {"title": "T", "minutes": 5, "objectives": ["Probar."]}
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def _ask(spec: dict) -> str:
    return f"pregunta = {spec!r}\ncurso.ask(pregunta)"


SINGLE = {
    "id": "s",
    "type": "single",
    "prompt": "uno dos",
    "options": {"a": "tres", "b": "cuatro"},
    "answer": "a",
    "explanations": {"a": "cinco", "b": "seis siete"},
}
CLASSIFY = {
    "id": "c",
    "type": "classify",
    "prompt": "uno",
    "items": {"x": "dos", "y": "tres", "z": "cuatro"},
    "categories": {"p": "cinco", "q": "seis"},
}
TEXT = {"id": "t", "type": "text", "prompt": "uno dos tres", "max_chars": 1500}


def test_the_model_counts_reading_answers_figures_and_examples(tmp_path):
    example = nbformat.v4.new_markdown_cell(" ".join(["palabra"] * 160))
    example.metadata["tags"] = ["ejemplo"]
    path = _notebook(
        tmp_path,
        "99-prueba.ipynb",
        [
            nbformat.v4.new_markdown_cell(" ".join(["palabra"] * 320) + " <https://a.es/b/c>"),
            example,
            nbformat.v4.new_code_cell("x = 'estas palabras no cuentan'"),
            nbformat.v4.new_code_cell(_ask(SINGLE)),
            nbformat.v4.new_code_cell(_ask(CLASSIFY)),
            nbformat.v4.new_code_cell(_ask(TEXT)),
            nbformat.v4.new_code_cell('show_figure(charts.png("x"), "Descripción.")'),
        ],
    )
    est = estimate(path)
    # 480 markdown words; single: prompt 2 + options 2 + the longest explanation 2 = 6;
    # classify: 1 + 3 + 2 = 6 (no explanations); text: 3.
    assert est.words == 480 + 6 + 6 + 3
    assert est.answers == {"single": 1, "classify": 1, "text": 1}
    assert (est.figures, est.examples) == (1, 1)
    assert est.answer_minutes == pytest.approx(0.5 + 3 * 0.3 + 7.0)
    assert est.minutes == pytest.approx(495 / 160 + 0.5 + 0.9 + 7.0 + 1.0 + 1.0)


def test_a_written_answer_takes_longer_than_a_click(tmp_path):
    """The old estimate gave a written reply the same minute as a click (issue 23)."""
    click = _notebook(tmp_path, "98-a.ipynb", [nbformat.v4.new_code_cell(_ask(SINGLE))])
    write = _notebook(tmp_path, "97-b.ipynb", [nbformat.v4.new_code_cell(_ask(TEXT))])
    assert estimate(write).answer_minutes >= 10 * estimate(click).answer_minutes


def test_a_graded_exercise_weighs_written_answers_and_hides_feedback(tmp_path):
    cells = [nbformat.v4.new_code_cell(_ask(SINGLE)), nbformat.v4.new_code_cell(_ask(TEXT))]
    lesson = estimate(_notebook(tmp_path, "96-c.ipynb", cells))
    graded = estimate(_notebook(tmp_path, "ejercicio-96-c.ipynb", cells))
    assert lesson.words - graded.words == 2  # the explanation read after «Comprobar»
    assert graded.answer_minutes == pytest.approx((0.5 + 1) + (7.0 * 1.5 + 1))


def test_parts_split_at_their_headings(tmp_path):
    path = _notebook(
        tmp_path,
        "95-d.ipynb",
        [
            nbformat.v4.new_markdown_cell("# T\n\nuno dos"),
            nbformat.v4.new_markdown_cell("## Parte 1 de 2 — A"),
            nbformat.v4.new_code_cell(_ask(TEXT)),
            nbformat.v4.new_markdown_cell("> **Si paras aquí**…\n\n## Parte 2 de 2 — B"),
            nbformat.v4.new_code_cell(_ask(SINGLE)),
            nbformat.v4.new_markdown_cell("## Ideas clave"),
        ],
    )
    first, second = estimate_parts(path)
    assert first.answers == {"text": 1} and second.answers == {"single": 1}
    assert first.minutes + second.minutes == pytest.approx(estimate(path).minutes)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_stated_minutes_are_the_model(path):
    lesson, est = read_lesson(path), estimate(path)
    assert lesson.minutes % 5 == 0 and abs(lesson.minutes - est.minutes) <= TOLERANCE, (
        f"{path.name}: states {lesson.minutes} min, but the model ({est.words} words, "
        f"{est.questions} questions {est.answers}, {est.figures} figures, {est.examples} "
        f"examples) gives {est.minutes:.1f} min: state {stated_minutes(est.minutes)}"
    )


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_long_lesson_comes_in_parts_with_a_stop(path):
    lesson, parts = read_lesson(path), estimate_parts(path)
    md = _markdown(path)
    headings = re.findall(r"^## Parte (\d) de (\d) — .+ \(unos (\d+) minutos\)$", md, re.M)
    if len(parts) == 1:
        assert lesson.minutes <= lessons.MAX_PART_MINUTES, f"{path.name}: split it into parts"
        assert not lesson.parts and not headings
        return
    n = len(parts)
    assert [(int(k), int(of)) for k, of, _ in headings] == [(k, n) for k in range(1, n + 1)]
    assert list(lesson.parts) == [int(m) for _, _, m in headings]
    assert md.count("**Si paras aquí**") == n - 1
    for stated, est in zip(lesson.parts, parts, strict=True):
        assert stated <= lessons.MAX_PART_MINUTES
        assert abs(stated - est.minutes) <= TOLERANCE, (path.name, stated, round(est.minutes, 1))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_the_box_states_the_metadata_minutes(path):
    stated = re.findall(r"Duración\*{0,2}:?\*{0,2}:?\s*⏱️\s*(\d+)\s*minutos", _markdown(path))
    assert stated == [str(read_lesson(path).minutes)], (
        f"{path.name}: the «Duración: ⏱️ N minutos» line says {stated}, "
        f"metadata.course.minutes is {read_lesson(path).minutes}"
    )


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_exercise_states_the_model(path):
    stated = re.findall(r"Duración\*{0,2}:?\*{0,2}:?\s*⏱️\s*(\d+)\s*minutos", _markdown(path))
    est = estimate(path)
    assert len(stated) == 1, f"{path.name}: one «Duración: ⏱️ N minutos» line"
    assert int(stated[0]) % 5 == 0 and abs(int(stated[0]) - est.minutes) <= TOLERANCE, (
        f"{path.name}: states {stated[0]} min, the model gives {est.minutes:.1f} "
        f"({est.words} words, {est.answers})"
    )
    assert est.minutes <= lessons.MAX_PART_MINUTES


def _exercise_minutes() -> dict[str, int]:
    out = {}
    for path in sorted(ROOT.glob("solutions/*/ejercicio-*.ipynb")):
        stated = re.search(r"⏱️\s*(\d+)\s*minutos", _markdown(path))
        out[path.parent.name[:2]] = int(stated.group(1))
    return out


def test_the_time_table_in_the_docs_is_the_model():
    doc = (ROOT / "docs" / "tiempos.md").read_text(encoding="utf-8")
    table = doc.split("<!-- tabla-tiempos: inicio -->\n", 1)[1].split("\n<!--", 1)[0]
    assert table == lessons.time_table(ROOT), "run: .venv/bin/python tools/tiempos.py"


def test_the_guide_and_the_readme_state_the_notebooks_minutes():
    guide = (ROOT / "docs" / "guia-formador.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    exercises = _exercise_minutes()
    course = [read_lesson(p) for p in LESSONS]
    row = "| Lección | " + " | ".join(str(x.minutes) for x in course)
    assert row + f" | {sum(x.minutes for x in course)} min |" in guide
    ex_row = " | ".join(str(exercises.get(x.number, "—")) for x in course)
    assert f"| Ejercicio | {ex_row} | {sum(exercises.values())} min |" in guide
    for lesson in course:
        heading = re.search(
            rf"^### {lesson.number} · .*\((\d+) min([^;)]*)(?:; ejercicio \d+, (\d+) min)?",
            guide,
            re.M,
        )
        assert heading and int(heading.group(1)) == lesson.minutes, lesson.number
        if lesson.number in exercises:
            assert int(heading.group(3)) == exercises[lesson.number], lesson.number
        parts = f" ({len(lesson.parts)} partes)" if lesson.parts else ""
        readme_row = re.search(
            rf"^\| {lesson.number} \|.*\| (\d+) min([^|]*)\| ([^|]+) \|$", readme, re.M
        )
        assert readme_row and int(readme_row.group(1)) == lesson.minutes, lesson.number
        assert readme_row.group(2).rstrip() == parts, lesson.number
        assert readme_row.group(3).strip() == (
            f"{exercises[lesson.number]} min" if lesson.number in exercises else "—"
        )


def test_each_agenda_adds_up_to_its_length():
    """Every agenda's «Min» column adds up to the hours its title promises."""
    guide = (ROOT / "docs" / "guia-formador.md").read_text(encoding="utf-8")
    section = guide.split("## 8. Agendas", 1)[1].split("\n## 9.", 1)[0]

    def minutes(text: str) -> int:
        return sum(int(m) for m in re.findall(r"^\| [\d:]+–[\d:]+ \| (\d+) \|", text, re.M))

    day = section.split("### Un día completo", 1)[1].split("\n### ", 1)[0]
    halves = section.split("### Dos medias jornadas", 1)[1].split("\n### ", 1)[0]
    workshop = section.split("### Taller de 3 horas", 1)[1]
    assert minutes(day) == 8 * 60 + 30  # 9:00–17:30
    one, two = halves.split("**Sesión 2**")
    assert minutes(one) == minutes(two) == 240  # 2 × 4 h: eight lessons fit no shorter
    assert minutes(workshop) == 180
    # the lessons in the agendas take what the lessons state
    course = {x.number: x.minutes for x in (read_lesson(p) for p in LESSONS)}
    for agenda in (day, halves):
        for number, stated in course.items():
            rows = re.findall(rf"^\| [\d:]+–[\d:]+ \| (\d+) \| Lección {number} ", agenda, re.M)
            assert [int(r) for r in rows] == [stated], (number, rows)
