"""Every lesson has the course's structure, its metadata agrees with what it shows, and its Spanish is clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course_utils.core.lessons import course, read_lesson
from course_utils.reviewer import unknown_words
from support import ROOT, tracked

LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
COURSE_NOTEBOOKS = [
    p
    for p in tracked("*.ipynb")
    if p.parts[len(ROOT.parts)] in {"lessons", "exercises", "solutions"}
]


def cells(path: Path) -> list[dict]:
    return [
        dict(c, text="".join(c["source"])) for c in json.loads(path.read_text("utf-8"))["cells"]
    ]


def markdown(path: Path) -> str:
    return "\n".join(c["text"] for c in cells(path) if c["cell_type"] == "markdown")


def test_the_course_has_its_lessons_in_order():
    """A missing or renamed lesson fails here (no test is skipped for a missing file)."""
    numbers = [p.stem[:2] for p in LESSONS]
    assert numbers == [f"{n:02d}" for n in range(len(LESSONS))] and len(LESSONS) >= 6


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_structure(path):
    cs = cells(path)
    md = markdown(path)
    code = [c for c in cs if c["cell_type"] == "code"]
    assert md.lstrip().startswith("# "), "a lesson starts with its title"
    for heading in ("## Objetivos", "## Ideas clave", "## Fuentes"):
        assert heading in md, heading
    assert "**Para quién**" in md and "**Necesitas**" in md
    assert re.search(r"\bstart\(\"" + re.escape(path.stem) + r"\"\)", code[0]["text"]), (
        "the first code cell opens the lesson's answers"
    )
    checks = [c for c in code if ".ask(" in c["text"] and '"answer"' in c["text"]]
    if path.stem != "00-bienvenida":
        assert len(checks) >= 3, "at least three practice checks"
    assert any("pyme_" in q for q in read_lesson(path).questions), "a «Para tu pyme» question"
    for c in code:
        assert c["metadata"].get("jupyter", {}).get("source_hidden") is True, c["text"][:60]
    assert "[Inicio del curso](inicio.ipynb)" in cs[-1]["text"], "navigation comes last"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_metadata_agrees_with_what_the_lesson_shows(path):
    lesson = read_lesson(path)
    md = markdown(path)
    assert md.lstrip().splitlines()[0] == f"# {lesson.title}"
    stated = re.findall(r"⏱️\s*(\d+)\s*minutos", md)
    assert stated == [str(lesson.minutes)], "the box states the metadata's minutes, once"
    section = md.split("## Objetivos", 1)[1].split("\n#", 1)[0]
    bullets = [
        re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", line).replace("**", "").strip()
        for line in section.splitlines()
        if re.match(r"^\s*(?:[-*]|\d+\.)\s+", line)
    ]
    assert bullets == list(lesson.objectives)
    assert 3 <= len(lesson.objectives) <= 5
    assert len(lesson.questions) == len(set(lesson.questions)) >= 3


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_draws_a_described_figure(path):
    """A code cell shows a course figure with its one-sentence description."""
    code = "\n".join(c["text"] for c in cells(path) if c["cell_type"] == "code")
    from course_utils.figures import draw as figures

    drawn = set(re.findall(r"show_figure\(charts\.png\(\"(\w+)\"", code))
    panels = {"maturity_panel", "show_audit", "show_radar"} & set(re.findall(r"\b(\w+)\(", code))
    assert drawn or panels, 'no figure: call show_figure(charts.png("<name>", …), «description»)'
    for name in drawn:
        assert callable(getattr(figures, name, None)), name


def test_readme_lists_every_lesson_by_its_short_title():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\d\d) \| ([^|]+?) \|", readme, re.MULTILINE))
    assert rows == {lesson.number: lesson.short_title for lesson in course(ROOT)}


def _learner_text(path: Path) -> str:
    """Markdown and the strings of question data (what a learner reads), not code."""
    parts = []
    for c in cells(path):
        text = c["text"]
        if c["cell_type"] == "markdown":
            text = re.sub(r"```.*?```", " ", text, flags=re.S)
            text = re.sub(r"`[^`]*`", " ", text)
            text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
            text = re.sub(r"https?://\S+", " ", text)
            text = re.sub(r"<[^>]+>", " ", text)
            text = re.sub(r"### (BEGIN|END) MARK SCHEME", " ", text)
            parts.append(text)
        else:
            for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', text):
                s = m.group(1).replace("\\n", "\n")  # a line break in an item's text
                if " " in s and not re.fullmatch(r"[\w.-]+", s):
                    parts.append(s)
    return "\n".join(parts)


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_spanish_spelling(path):
    # the reviewer reads at most its own limit of characters per text (a learner's answer):
    # check a long notebook paragraph by paragraph, in pieces well under that limit
    unknown = [w for piece in _pieces(_learner_text(path)) for w in unknown_words(piece)]
    assert not unknown, f"unknown words in {path.name}: {sorted(set(unknown))[:40]}"


def _pieces(text: str, size: int = 8_000) -> list[str]:
    pieces, current = [], ""
    for paragraph in text.split("\n\n"):
        if current and len(current) + len(paragraph) > size:
            pieces.append(current)
            current = ""
        current += paragraph + "\n\n"
    return [*pieces, current]


def test_long_notebooks_are_spell_checked_to_the_end():
    text = "Primer párrafo correcto.\n\n" * 2_000 + "Una palabra inventada: zarpunfla."
    assert "zarpunfla" in [w for piece in _pieces(text) for w in unknown_words(piece)]


def test_every_lesson_ends_with_its_navigation_line():
    from course_utils.core.navigation import nav_line

    lessons = course(ROOT)
    for position, lesson in enumerate(lessons):
        nb = json.loads(lesson.path.read_text(encoding="utf-8"))
        last = "".join(nb["cells"][-1]["source"]).rstrip("\n").split("\n")[-1]
        assert last == nav_line(lessons, position), (
            f"{lesson.path.name}: run python -m course_utils.core.navigation to update it"
        )
