"""Seeded simulations behind the lessons' figures (simulated data, labelled as such where shown)."""

from __future__ import annotations


def negative_comments(months: int = 12, seed: int = 35) -> dict[str, list[int]]:
    """Negative comments per month for a firm that manages well ("bien") and one that does not ("mal").

    The well-run firm's rate falls towards a floor of about 3 a month; it never reaches 0.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    t = np.arange(months)
    well_rate = 3.5 + 9.0 * np.exp(-t / 3.5)
    badly_rate = 12.0 + 0.6 * t
    well = np.maximum(rng.poisson(well_rate), 1)
    badly = np.maximum(rng.poisson(badly_rate), 1)
    return {"bien": well.tolist(), "mal": badly.tolist()}


def follower_growth(start: int = 12, months: int = 12, seed: int = 3) -> list[int]:
    """Followers month by month for a small firm publishing steadily (not a promise)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    followers = [start]
    for month in range(1, months + 1):
        new = rng.poisson(8 + 2.2 * month)
        lost = rng.poisson(0.02 * followers[-1])
        followers.append(max(followers[-1] + new - lost, followers[-1]))
    return followers


def strategy_vs_decree(weeks: int = 16, seed: int = 7) -> dict[str, list[float]]:
    """Weekly customer messages from social media under two ways of working.

    "estrategia": the agreed plan (useful posts, replies the same day) grows slowly.
    "decreto": two offers a day imposed by the boss: a short bump, then fatigue.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    t = np.arange(1, weeks + 1)
    strategy = 5 + 0.45 * t + rng.normal(0, 0.7, weeks)
    decree = 5 + 4 * np.exp(-((t - 2) ** 2) / 6) - 0.08 * t + rng.normal(0, 0.7, weeks)
    decree = np.maximum(decree, 1)
    return {
        "semana": [int(x) for x in t],
        "estrategia": [round(float(x), 1) for x in strategy],
        "decreto": [round(float(x), 1) for x in decree],
    }
