"""Who runs the social media: in-house, hybrid or continued professional support, from four answers (lesson 05)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course_utils.core.content import business_name, load


def questions() -> dict[str, dict[str, Any]]:
    """Question id → {"prompt", "options": {option id → {"text", "inside", "outside", "reason"}}}."""
    return {k: dict(v) for k, v in load("delegation")["questions"].items()}


def answer_id(question: str) -> str:
    """The id under which the answer to ``question`` is saved ("decision_tiempo")."""
    return f"{load('delegation')['answer_prefix']}{question}"


def question_spec(question: str) -> dict[str, Any]:
    """The widget spec of one decision question, built from delegation.yaml."""
    info = questions()[question]
    return {
        "id": answer_id(question),
        "type": "single",
        "prompt": info["prompt"],
        "options": {oid: option["text"] for oid, option in info["options"].items()},
    }


def recommendations() -> dict[str, str]:
    """Recommendation id → its name ("hibrido" → "Híbrido: …")."""
    return dict(load("delegation")["recommendations"])


def contract_items() -> dict[str, str]:
    """Item id → what a contract with whoever runs the social media leaves clear (the
    checklist of an owner who delegates: lesson 05 explains it, lesson 06's plan lists it)."""
    return {str(k): str(v) for k, v in load("delegation")["contract"].items()}


def delegates(model: str) -> bool:
    """Whether a model («dentro», «hibrido», «agencia») puts part of the work outside the firm."""
    return model in recommendations() and model != "dentro"


def example_answers() -> dict[str, str]:
    """The example firm's answers, shown until the learner has answered the four questions."""
    return dict(load("delegation")["example"]["answers"])


def example_name() -> str:
    """ "Peluquería Marta": the example firm."""
    return business_name(load("delegation")["example"]["business"])


def recommend(answers: Mapping[str, Any]) -> tuple[str, list[str]]:
    """(recommendation id, Spanish reasons) from the decision answers.

    ``answers`` maps question ids ("tiempo", "habilidades", "presupuesto", "volumen") to option
    ids; missing answers are skipped. Full delegation never appears as such: the voice stays
    in the firm.
    """
    data = load("delegation")
    inside = outside = 0
    reasons = []
    for question, info in data["questions"].items():
        option = info["options"].get(answers.get(question))
        if option:
            inside += int(option["inside"])
            outside += int(option["outside"])
            reasons.append(str(option["reason"]))
    if not reasons:
        raise ValueError("no answers")
    margin = int(data["margin"])
    if answers.get("presupuesto") == "minimo" or inside - outside >= margin:
        key = "dentro"
    elif outside - inside >= margin and answers.get("presupuesto") == "amplio":
        key = "agencia"
    else:
        key = "hibrido"
    return key, reasons + [str(data["identity_note"])]


def saved_answers(store: Any) -> dict[str, Any]:
    """The decision answers saved in ``store``, keyed by question id."""
    return {q: store.get(answer_id(q)) for q in questions()}
