"""Comment triage: the flowchart read from triage.yaml, and lesson 01's feed agreeing with it."""

from __future__ import annotations

import pytest

from course_utils.topics import triage
from support import ROOT, load_nb

# -- response flowchart -------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, action",
    [
        ("spam", "eliminar"),
        ("positivo", "agradecer"),
        ("troll", "vigilar"),
        ("desahogo", "vigilar"),
        ("competencia_encubierta", "vigilar"),
        ("datos_erroneos", "corregir"),
        ("cliente_insatisfecho", "restaurar"),
    ],
)
def test_recommended_action_follows_the_flowchart(kind, action):
    assert triage.recommended_action(kind) == action


def test_serious_comments_are_escalated_whatever_their_kind():
    """Risk comes first (lesson 01: «El riesgo grave va primero, antes que todo lo demás»).

    The flowchart used to ask «¿Es positivo…?» before «¿Hay un riesgo grave?», so a comment
    that praised the business and reported a health risk was only thanked.
    """
    assert triage.flowchart()[0].get("serious") is True
    assert triage.flowchart()[0]["action"] == "escalar"
    for kind in triage.kinds():
        assert triage.recommended_action(kind, serious=True) == "escalar", kind
    assert triage.recommended_action("positivo", serious=True) == "escalar"
    assert triage.recommended_action("spam") == "eliminar"


def test_personal_data_moves_a_customer_to_private():
    assert triage.recommended_action("cliente_insatisfecho", personal_data=True) == "privado"
    assert triage.recommended_action("datos_erroneos", personal_data=True) == "corregir"


def test_unknown_kind_is_a_spanish_error():
    with pytest.raises(ValueError, match="Tipo de comentario desconocido"):
        triage.recommended_action("enfado")


def test_every_kind_and_action_is_reachable_and_described():
    reached = {triage.recommended_action(k) for k in triage.kinds()}
    reached |= {
        triage.recommended_action("troll", serious=True),
        triage.recommended_action("cliente_insatisfecho", personal_data=True),
    }
    assert reached == set(triage.actions())
    assert set(triage.action_notes()) == set(triage.actions())
    for step in triage.flowchart():
        assert step["action"] in triage.actions()
        assert set(step.get("kinds", [])) <= set(triage.kinds())


def test_triage_key_uses_flowchart_defaults_and_extra_actions():
    kinds, actions = triage.triage_key(
        {
            "a": {"kind": "spam"},
            "b": {"kind": "cliente_insatisfecho", "also": ["privado"]},
            "c": {"kind": "cliente_insatisfecho", "serious": True},
        }
    )
    assert kinds == {"a": "spam", "b": "cliente_insatisfecho", "c": "cliente_insatisfecho"}
    assert actions == {"a": "eliminar", "b": ["restaurar", "privado"], "c": "escalar"}


def test_lesson_01_feed_agrees_with_the_flowchart():
    """Every key of lesson 01's triage is a known kind and an action the flowchart allows."""
    cells = load_nb(ROOT / "lessons" / "01-despersonalizar-la-critica.ipynb")["cells"]
    namespace: dict = {"triage": triage}
    for marker in ("comentarios = {", '"id": "triaje_accion"'):
        source = next("".join(c["source"]) for c in cells if marker in "".join(c["source"]))
        exec(source.split("\ncurso.ask")[0], namespace)  # the data only
    kinds, actions = namespace["tipo"]["answer"], namespace["accion"]["answer"]
    assert namespace["tipo"]["categories"] == triage.kinds()
    assert namespace["accion"]["categories"] == triage.actions()
    assert len(kinds) >= 12 and set(kinds.values()) <= set(triage.kinds())
    assert set(actions) == set(kinds)
    for cid, kind in kinds.items():
        accepted = actions[cid] if isinstance(actions[cid], list) else [actions[cid]]
        assert set(accepted) <= set(triage.actions())
        allowed = {
            triage.recommended_action(kind),
            triage.recommended_action(kind, True),
            triage.recommended_action(kind, personal_data=True),
        }
        assert accepted[0] in allowed, cid


def test_lesson_01_text_and_figure_follow_the_flowchart_order():
    """What the lesson says about the order agrees with triage.yaml (the figure reads the data)."""
    cells = load_nb(ROOT / "lessons" / "01-despersonalizar-la-critica.ipynb")["cells"]
    text = "\n".join("".join(c["source"]) for c in cells)
    order = next(p for p in text.split("\n") if p.startswith("Fíjate en el orden."))
    assert "El riesgo grave va primero, antes que todo lo demás" in order
    assert order.index("riesgo grave") < order.index("spam") < order.index("positivo")
    steps = {"serious": "riesgo grave", "spam": "spam", "positivo": "positivo"}
    shown = [
        steps["serious"] if s.get("serious") else steps.get((s.get("kinds") or [""])[0])
        for s in triage.flowchart()
    ]
    described = text.split("ocho preguntas en orden (", 1)[1].split(")", 1)[0].split(", ")
    assert len(described) == len(triage.flowchart())
    assert [d for d, s in zip(described, shown, strict=True) if s] == [s for s in shown if s]
