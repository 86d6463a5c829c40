"""The figure cache (course_utils/figures/png.py): drawn once, never shown stale or broken, and
a page whose figures are cached does not import matplotlib."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from course_utils.core.cache_folder import ENV
from course_utils.figures import draw as figures
from course_utils.figures import png as charts
from course_utils.ui import panels
from support import ROOT


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(charts, "system_dir", lambda: tmp_path / "sistema" / "figuras")
    return tmp_path / "cache" / "figuras"


def counting(monkeypatch, name):
    calls = []
    real = getattr(figures, name)

    def draw(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(figures, name, draw)
    return calls


def test_a_figure_is_drawn_once_per_set_of_arguments(cache, monkeypatch):
    calls = counting(monkeypatch, "engagement")
    first = charts.png("engagement", interactions=20, followers=1000, reach=400)
    again = charts.png("engagement", interactions=20, followers=1000, reach=400)
    other = charts.png("engagement", interactions=30, followers=1000, reach=400)
    assert first == again and first != other
    assert len(calls) == 2
    assert first.startswith(charts.PNG_START) and first.endswith(charts.PNG_END)
    assert len(list(cache.glob("engagement-*.png"))) == 2
    assert not list(cache.glob(".*"))  # no temporary file left behind


def test_the_key_ignores_argument_order_but_not_values(cache):
    a = charts.chart_path("maturity_radar", {"scores": {"x": 1, "y": 2}, "example": True})
    b = charts.chart_path("maturity_radar", {"example": True, "scores": {"y": 2, "x": 1}})
    c = charts.chart_path("maturity_radar", {"example": False, "scores": {"y": 2, "x": 1}})
    assert a == b != c


def test_a_broken_or_foreign_cache_file_is_drawn_again(cache, monkeypatch):
    calls = counting(monkeypatch, "growth")
    good = charts.png("growth", start=12, dream=1200)
    path = charts.chart_path("growth", {"start": 12, "dream": 1200})
    for bad in (good[: len(good) // 2], b"", b"<script>alert(1)</script>"):
        path.write_bytes(bad)
        assert charts.png("growth", start=12, dream=1200) == good
    assert len(calls) == 4
    assert path.read_bytes() == good


def test_a_cache_that_cannot_be_written_still_shows_the_figure(tmp_path, monkeypatch):
    blocker = tmp_path / "no-es-una-carpeta"
    blocker.write_text("x")  # a file where the folder should be: every write fails
    monkeypatch.setenv(ENV, str(blocker))
    data = charts.png("engagement", interactions=20, followers=1000, reach=400)
    assert data.startswith(charts.PNG_START)


def test_arguments_that_are_not_data_are_drawn_without_cache(cache):
    assert charts.chart_path("x", {"when": object()}) is None
    assert charts.chart_path("x", {"value": float("nan")}) is None


def test_new_code_means_new_file_names(cache, monkeypatch):
    before = charts.chart_path("flowchart", {})
    charts.fingerprint.cache_clear()
    monkeypatch.setattr(charts, "version", lambda _name: "0.0-otra")
    try:
        assert charts.chart_path("flowchart", {}) != before
    finally:
        charts.fingerprint.cache_clear()


def test_literal_calls_are_found_and_the_rest_ignored():
    source = (
        'show_figure(charts.png("criticism"), "x")\n'
        'show_figure(charts.png("growth", start=12, dream=1200), "y")\n'
        'show_figure(charts.png("course_map", lessons=progress.map_rows("..")), "z")\n'
        "charts.png(name)\n"
    )
    assert charts.literal_charts(source) == [
        ("criticism", {}),
        ("growth", {"start": 12, "dream": 1200}),
    ]
    assert charts.literal_charts("def (:") == []


def test_prefill_draws_every_fixed_figure_of_the_lessons_and_the_panels_examples(cache):
    assert charts.prefill(ROOT / "lessons") >= 5
    assert charts.prefill(ROOT / "lessons") == 0  # all there now
    panels.draw_examples()
    names = {p.name.split("-")[0] for p in cache.glob("*.png")}
    assert {"criticism", "flowchart", "growth", "engagement", "strategy_vs_decree"} <= names
    assert {"maturity_radar", "audit_priorities"} <= names


def test_a_lesson_whose_figures_are_cached_never_imports_matplotlib(tmp_path):
    """What `curso abrir` prepares in the background, a page then shows without drawing:
    lessons 01, 03 and 05 as a new owner sees them, run in a fresh Python."""
    env = dict(os.environ, **{ENV: str(tmp_path / "cache")})
    subprocess.run(
        [sys.executable, "-m", "course_utils.ui.warm_charts", str(ROOT / "lessons")],
        env=env,
        check=True,
        timeout=120,
    )
    code = (
        "import sys\n"
        "from course_utils import charts, maturity\n"
        "from course_utils.ui import panels\n"
        "charts.png('criticism'); charts.png('flowchart')\n"
        "panels.show_radar(maturity.example_scores(), example=True)\n"
        "panels._radar(None, maturity.dimensions())\n"
        "panels._audit(None)\n"
        "print('matplotlib' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "False"


def test_figures_drawn_for_the_whole_environment_are_read_first(cache, tmp_path, monkeypatch):
    """A hub's image draws them once (warm_charts --sistema); a learner's kernel only reads."""
    from course_utils.ui import warm_charts

    system = charts.system_dir()
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "x.ipynb").write_text(
        '{"cells": [{"cell_type": "code", "execution_count": null, "id": "a", "metadata": {},'
        ' "outputs": [], "source": "show_figure(charts.png(\\"flowchart\\"), \\"d\\")"}],'
        ' "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
        encoding="utf-8",
    )
    warm_charts.main(lessons, system=True)  # what the image build runs, as root
    monkeypatch.setenv(ENV, str(cache.parent))  # a learner's kernel: its own cache again
    names = {p.name.split("-")[0] for p in system.glob("*.png")}
    assert names == {"flowchart", "maturity_radar", "audit_priorities"}
    assert not cache.exists()  # nothing in the user's cache yet
    calls = counting(monkeypatch, "flowchart")
    assert (
        charts.png("flowchart") == (system / charts.chart_path("flowchart", {}).name).read_bytes()
    )
    assert calls == [] and not cache.exists()  # read, not drawn, nothing written for the user
    assert charts.prefill(lessons) == 0


def test_figures_drawn_for_the_whole_environment_are_readable_by_everyone(cache, tmp_path):
    """Drawn as root under umask 077 they were 0600 and no learner could read them; a folder an
    earlier run left 0700 and a figure it left 0600 are fixed too."""
    import stat

    from course_utils.ui import warm_charts

    system = charts.system_dir()
    system.mkdir(parents=True, mode=0o700)
    system.parent.chmod(0o700)
    stale = system / charts.chart_path("flowchart", {}).name
    stale.write_bytes(charts.figure_png(figures.flowchart()))
    stale.chmod(0o600)
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    previous = os.umask(0o077)
    try:
        warm_charts.main(lessons, system=True)
    finally:
        os.umask(previous)
    figures_drawn = sorted(system.glob("*.png"))
    assert len(figures_drawn) >= 3 and stale in figures_drawn
    for path in figures_drawn:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path.name
    for folder in (system, system.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755, folder
    assert not list(system.glob(".*.tmp"))
