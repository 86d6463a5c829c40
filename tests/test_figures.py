"""Figures: each answers one question in its title, in Spanish, and none is left open to be drawn twice."""

from __future__ import annotations

import pytest

from course_utils import audit, figures, maturity


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
        lambda: figures.course_map(
            [{"number": "00", "title": "Bienvenida", "minutes": 20, "share": 0.5}]
        ),
        lambda: figures.maturity_radar(maturity.example_scores(), example=True),
        lambda: figures.audit_priorities(audit.rank(audit.example_answers()), example=True),
    ],
    ids=["criticism", "flowchart", "growth", "engagement", "decree", "map", "radar", "audit"],
)
def test_figures_have_a_question_as_title_and_are_closed(make):
    before = _open_figures()
    fig = make()
    title = fig.axes[0].get_title()
    assert title.startswith("¿") and "?" in title
    assert _open_figures() == before, "a returned figure is closed, so Jupyter shows it once"


def test_flowchart_draws_every_step_of_the_data():
    from course_utils import triage

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
