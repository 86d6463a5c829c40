"""Internal 2.0 culture: the self-assessment's scores per dimension and the stage they suggest (lesson 03)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course_utils.core.content import business_name, business_of, load
from course_utils.core.formats import es_number


def dimensions() -> dict[str, str]:
    """Dimension id → label, in the order the radar draws them."""
    return dict(load("maturity")["dimensions"])


def stages() -> list[dict[str, str]]:
    """The stages in order, each {"id", "name", "description"}."""
    return [dict(stage) for stage in load("maturity")["stages"]]


def example_scores() -> dict[str, float]:
    """The invented example firm's scores, shown until the learner has answered."""
    return {k: float(v) for k, v in load("maturity")["example"]["scores"].items()}


def example_name() -> str:
    """ "Bar Sol": the invented example firm."""
    return business_name(load("maturity")["example"]["business"])


def example_of() -> str:
    """ "del Bar Sol": the example firm after «de»."""
    return business_of(load("maturity")["example"]["business"])


def dimension_of(item_id: str) -> str:
    """The dimension of an item id such as ``"colaboracion_2"`` (the part before "_")."""
    return str(item_id).split("_", 1)[0]


def dimension_scores(
    answers: Mapping[str, Any] | None, dims: Mapping[str, str] | None = None
) -> dict[str, float]:
    """Mean 1–5 score per dimension from a saved scale answer (item → 1..5).

    Items of unknown dimensions and values outside 1..5 are ignored; a dimension with no
    valid answer is left out of the result.
    """
    dims = dimensions() if dims is None else dims
    totals: dict[str, list[int]] = {}
    for item, value in (answers or {}).items() if isinstance(answers, Mapping) else ():
        dim = dimension_of(item)
        if dim not in dims or isinstance(value, bool) or not isinstance(value, int):
            continue
        if 1 <= value <= 5:
            totals.setdefault(dim, []).append(value)
    return {dim: sum(v) / len(v) for dim in dims if (v := totals.get(dim))}


def _stage_from(score: float) -> int:
    return sum(1 for limit in load("maturity")["limits"] if score >= limit)


def suggest_stage(scores: Mapping[str, float]) -> dict[str, str]:
    """The stage ({"id", "name", "description"}) that the scores suggest.

    The mean places the firm; the weakest dimension caps it a few stages above its own level
    (``weakest_cap`` in maturity.yaml), because a firm that looks 2.0 outside but not inside
    does not get past where its weakest link allows (article 002).
    """
    if not scores:
        raise ValueError("no scores")
    values = list(scores.values())
    by_mean = _stage_from(sum(values) / len(values))
    cap = _stage_from(min(values)) + int(load("maturity").get("weakest_cap", 1))
    return stages()[min(by_mean, cap)]


def summary(
    scores: Mapping[str, float], dims: Mapping[str, str] | None = None, example: bool = False
) -> str:
    """One Spanish sentence describing the radar (also the figure's text description)."""
    dims = dimensions() if dims is None else dims
    stage = suggest_stage(scores)
    weakest = min(scores, key=lambda d: scores[d])
    strongest = max(scores, key=lambda d: scores[d])
    who = f"El ejemplo {example_of()}" if example else "Tu autoevaluación"
    if scores[strongest] == scores[weakest]:
        return (
            f"{who} puntúa igual en todas las dimensiones ({es_number(scores[weakest], 1)}) "
            f"y sugiere la etapa «{stage['name']}»: {stage['description']}"
        )
    return (
        f"{who} puntúa más alto en «{dims[strongest]}» "
        f"({es_number(scores[strongest], 1)}) y más bajo en «{dims[weakest]}» "
        f"({es_number(scores[weakest], 1)}), y sugiere la etapa «{stage['name']}»: "
        f"{stage['description']}"
    )
