"""Every lesson has the course's structure; all learner text passes the Spanish spell check."""

from __future__ import annotations

import importlib
import inspect
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, tracked
from course_utils.review import unknown_words

LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
COURSE_NOTEBOOKS = [p for p in tracked("*.ipynb")
                    if p.parts[len(ROOT.parts)] in {"lessons", "exercises", "solutions"}]


def cells(path: Path) -> list[dict]:
    return [dict(c, text="".join(c["source"])) for c in json.loads(path.read_text("utf-8"))["cells"]]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_structure(path):
    cs = cells(path)
    markdown = "\n".join(c["text"] for c in cs if c["cell_type"] == "markdown")
    code = [c for c in cs if c["cell_type"] == "code"]
    assert markdown.lstrip().startswith("# "), "a lesson starts with its title"
    for heading in ("## Objetivos", "## Ideas clave", "## Fuentes"):
        assert heading in markdown, heading
    assert re.search(r"⏱️\s*\d+\s*min", markdown), "a stated duration"
    assert "Para quién" in markdown and "Necesitas" in markdown
    checks = [c for c in code if ".ask(" in c["text"] and '"answer"' in c["text"]]
    if path.stem != "00-bienvenida":
        assert len(checks) >= 3, "at least three practice checks"
    assert any("pyme_" in c["text"] for c in code), "a «Para tu pyme» question"
    for c in code:
        assert c["metadata"].get("jupyter", {}).get("source_hidden") is True, c["text"][:60]
    assert "Índice" in cs[-1]["text"], "the last cell is the navigation line"


def _draws(function) -> bool:
    try:
        source = inspect.getsource(function)
    except (TypeError, OSError):
        return False
    return "plt" in source or "matplotlib" in source or "subplots" in source


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_draws_a_described_figure(path):
    """A code cell calls a course_utils function that draws with matplotlib."""
    code = "\n".join(c["text"] for c in cells(path) if c["cell_type"] == "code")
    calls = set()
    for module, names in re.findall(r"from course_utils\.?(\w*) import ([\w, ]+)", code):
        for name in names.split(","):
            calls.add((module or "__init__", name.strip()))
    for obj, name in re.findall(r"\b(\w+)\.(\w+)\(", code):
        calls.add((obj, name))
    drawing = []
    for module, name in calls:  # `from course_utils.x import f` then f(...), or `x.f(...)`
        try:
            mod = importlib.import_module(f"course_utils.{module}")
        except ImportError:
            continue
        if _draws(getattr(mod, name, None)):
            drawing.append(name)
    assert drawing, "no figure: call a course_utils function that draws with matplotlib"


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
                s = m.group(1)
                if " " in s and not re.fullmatch(r"[\w.-]+", s):
                    parts.append(s)
    return "\n".join(parts)


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_spanish_spelling(path):
    unknown = unknown_words(_learner_text(path))
    assert not unknown, f"unknown words in {path.name}: {sorted(set(unknown))[:40]}"
