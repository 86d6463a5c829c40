"""Figures: each answers one question in its title, in Spanish, and none is left open to be drawn twice."""

from __future__ import annotations

import pytest

from course_utils.figures import draw as figures
from course_utils.topics import audit, maturity


def _open_figures() -> int:
    import matplotlib.pyplot as plt

    return len(plt.get_fignums())


@pytest.mark.parametrize(
    "make",
    [
        figures.criticism,
        figures.flowchart,
        figures.growth,
        figures.engagement,
        figures.strategy_vs_decree,
        figures.paid_test,
        lambda: figures.course_map(
            [{"number": "00", "title": "Bienvenida", "minutes": 20, "share": 0.5}]
        ),
        lambda: figures.maturity_radar(maturity.example_scores(), example=True),
        lambda: figures.audit_priorities(audit.rank(audit.example_answers()), example=True),
    ],
    ids=[
        "criticism",
        "flowchart",
        "growth",
        "engagement",
        "decree",
        "paid",
        "map",
        "radar",
        "audit",
    ],
)
def test_figures_have_a_question_as_title_and_are_closed(make):
    before = _open_figures()
    fig = make()
    title = fig.axes[0].get_title()
    assert title.startswith("¿") and "?" in title
    assert _open_figures() == before, "a returned figure is closed, so Jupyter shows it once"


def test_flowchart_draws_every_step_of_the_data():
    from course_utils.topics import triage

    fig = figures.flowchart()
    texts = [t.get_text() for t in fig.axes[0].texts]
    for n, step in enumerate(triage.flowchart(), start=1):
        assert f"{n}. {step['question']}" in texts
    assert triage.fallback() in texts


def test_radar_is_polar_with_one_spoke_per_dimension():
    fig = figures.maturity_radar(maturity.example_scores(), example=True)
    ax = fig.axes[0]
    assert ax.name == "polar" and "ejemplo" in ax.get_title().lower()
    assert len(ax.get_xticklabels()) == len(maturity.dimensions())


def test_axes_use_spanish_numbers():
    fig = figures.growth(start=12, dream=1200)
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "1.000" in labels
    fig = figures.strategy_vs_decree()
    assert fig.axes[0].get_xlabel() == "Semana"
    assert "revisión" in [t.get_text() for t in fig.axes[0].texts]


def test_flowchart_text_has_at_least_4_5_to_1_contrast():
    """Every text of the flowchart against its box (or the white page): WCAG AA, ≥ 4.5:1."""
    from matplotlib.colors import to_hex

    from course_utils.core.formats import PALETTE

    for colour in figures.ACTION_COLOURS.values():
        fill = PALETTE[colour]
        assert figures.contrast_ratio(figures.text_colour_on(fill), fill) >= 4.5, colour
    fig = figures.flowchart()
    checked = 0
    for text in fig.axes[0].texts:
        if not text.get_text():
            continue
        patch = text.get_bbox_patch()
        background = to_hex(patch.get_facecolor()) if patch else "#ffffff"
        ratio = figures.contrast_ratio(to_hex(text.get_color()), background)
        assert ratio >= figures.MIN_CONTRAST, (text.get_text(), ratio)
        checked += 1
    assert checked > 10


def test_contrast_ratio_matches_wcag():
    assert round(figures.contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(figures.contrast_ratio("#ffffff", "#E69F00"), 2) == 2.25  # the old white on orange


def test_figures_live_outside_pyplot():
    """No backend can show a course figure by itself (at creation or at the end of a cell)."""
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig = figures.criticism()
    assert plt.get_fignums() == before and fig.canvas.figure is fig
    assert type(fig.canvas).__name__ == "FigureCanvasAgg"
