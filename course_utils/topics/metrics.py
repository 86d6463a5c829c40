"""Social media metrics an owner computes: the engagement rate, always over a named base."""

from __future__ import annotations


def engagement_rate(interactions: float, base: float) -> float:
    """Engagement rate in % = interactions ÷ base × 100 (the base must be named)."""
    if base <= 0:
        raise ValueError("La base (seguidores, alcance…) tiene que ser mayor que cero.")
    return interactions / base * 100
