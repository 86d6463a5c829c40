"""Scorers: answers as plain data scored against a key, with partial credit and Spanish lines."""

from __future__ import annotations

import pytest

from course_utils import scoring


def test_single():
    assert scoring.score_single("b", "b").fraction == 1
    assert scoring.score_single("a", ["b", "c"]).fraction == 0
    assert scoring.score_single(None, "b").answered is False


@pytest.mark.parametrize(
    "picked, fraction",
    [
        (["a", "b"], 1.0),
        (["a"], 0.5),
        (["a", "c"], 0.0),
        (["a", "b", "c"], 0.5),
        (["c", "d"], 0.0),
    ],
)
def test_multiple_right_minus_wrong_floored(picked, fraction):
    assert scoring.score_multiple(picked, ["a", "b"]).fraction == pytest.approx(fraction)


def test_classify_share_and_accepted_lists():
    key = {"i1": "x", "i2": ["y", "z"], "i3": "x", "i4": "y"}
    assert scoring.score_classify({"i1": "x", "i2": "z", "i3": "y"}, key).fraction == 0.5
    assert scoring.score_classify({}, key).answered is False


def test_order_positions_and_rank():
    key = ["a", "b", "c", "d"]
    assert scoring.score_order({"a": 1, "b": 2, "c": 4, "d": 3}, key).fraction == 0.5
    assert scoring.score_order(["a", "b", "c", "d"], key).fraction == 1
    assert scoring.score_order({"a": 4, "b": 3, "c": 2, "d": 1}, key, "rank").fraction == 0
    assert scoring.score_order(
        {"a": 2, "b": 1, "c": 3, "d": 4}, key, "rank"
    ).fraction == pytest.approx(0.8)
    assert scoring.score_order({"a": True}, key).answered is False


@pytest.mark.parametrize(
    "text, number",
    [
        ("4,5", 4.5),
        ("4.5", 4.5),
        ("1.200", 1200),
        ("1.200,5", 1200.5),
        (" 15 % ", 15),
        ("abc", None),
        ("inf", None),
        (True, None),
        (3, 3.0),
    ],
)
def test_parse_number_spanish(text, number):
    assert scoring.parse_number(text) == number


TASKS = {"publicar": "Publicar", "escalar": "Escalar una crisis"}
ROLES = {"duenia": "Dueña", "cm": "CM", "equipo": "Equipo"}


def test_raci_scorer_partial_credit():
    fixed = {"publicar·cm": "R", "escalar·duenia": "A"}
    scorer = scoring.raci_scorer(TASKS, ROLES, fixed)
    perfect = {
        "publicar·duenia": "A",
        "publicar·cm": "R",
        "escalar·duenia": "A",
        "escalar·cm": "R",
        "escalar·equipo": "I",
    }
    assert scorer(perfect).fraction == 1
    half = {"publicar·duenia": "A", "publicar·cm": "R", "escalar·duenia": "C", "escalar·cm": "C"}
    assert scorer(half).fraction == pytest.approx(2 / 4)  # 1 task ok + 1 fact ok
    assert scorer({}).answered is False
    assert scorer({"otro·cm": "R"}).fraction == 0


SELF_POST = (
    "En Tienda Alba somos los mejores. Nuestra nueva colección de otoño es la más bonita "
    "que hemos tenido nunca. Nuestros precios son increíbles y nuestro equipo es el más "
    "profesional del barrio. ¡Ven a nuestra tienda y compra ya!"
)
GOOD_POST = (
    "¿Ya sabes qué te vas a poner cuando bajen las temperaturas? Esta semana ha llegado "
    "la colección de otoño y Sara te ha preparado tres combinaciones con una misma "
    "chaqueta. ¿Cuál te pondrías tú? Cuéntanos en comentarios y, si te apetece "
    "probártela, pásate por la tienda."
)


def test_rewrite_scorer_rewards_talking_to_people():
    scorer = scoring.rewrite_scorer(SELF_POST, min_words=25)
    assert scorer(GOOD_POST).fraction == 1
    assert scorer(SELF_POST).fraction == 0  # a copy
    assert scorer("Muy corto.").fraction == 0
    assert scorer("").answered is False
    self_centred = (
        "Somos el taller más antiguo del barrio y nuestro equipo es el mejor. Nuestros "
        "mecánicos tienen años de experiencia y nuestra maquinaria es moderna. Nosotros "
        "lo hacemos todo bien y con nuestros recambios de calidad."
    )
    assert 0 < scorer(self_centred).fraction < 0.6


def test_reply_scorer_uses_the_reviewer_rubric():
    good = (
        "Hola, Carmen. Gracias por contarnos lo que pasó y perdona: no debió ocurrir. "
        "Hemos hablado con el equipo para confirmar siempre el largo antes de cortar. "
        "Escríbenos por mensaje privado y te ofrecemos una revisión sin coste esta semana. "
        "Un saludo, Marta"
    )
    assert scoring.reply_scorer(good).fraction == pytest.approx(1.0)
    bad = scoring.reply_scorer("NO ES VERDAD!!! No vuelvas.")
    assert bad.fraction < 0.5
    assert not scoring.reply_scorer("").answered


def test_smart_structure_score_counts_parts_and_refuses_presence():
    result = scoring.smart_structure_score(
        "Conseguir 12 pedidos online al mes desde Instagram antes de septiembre."
    )
    assert isinstance(result, scoring.Result)
    assert result.fraction == pytest.approx(0.8)
    assert any("quién se encarga" in line and "❌" in line for line in result.lines)
    assert scoring.smart_structure_score("Estar en Instagram.").fraction == 0.0
    full = "Conseguir 40 reservas al mes por Instagram antes del 30 de junio; responsable: Javi."
    assert scoring.smart_structure_score(full).fraction == 1.0
    empty = scoring.smart_structure_score(None)
    assert empty.fraction == 0.0 and not empty.answered


@pytest.mark.parametrize("value", [None, 3, "texto", [1, 2], {"a": [1]}, {"x": {"y": None}}, 1e308])
def test_every_scorer_accepts_any_saved_value(value):
    """A learner (or a hand-edited file) can save anything: scorers never raise."""
    scorers = [
        lambda v: scoring.score("single", v, "a"),
        lambda v: scoring.score("multiple", v, ["a"]),
        lambda v: scoring.score("classify", v, {"i": "x"}),
        lambda v: scoring.score("order", v, ["a", "b"]),
        lambda v: scoring.score("order", v, ["a", "b"], method="rank"),
        lambda v: scoring.score("number", v, 3),
        lambda v: scoring.score("text", v, None),
        scoring.raci_scorer(TASKS, ROLES, {"publicar·cm": "R"}),
        scoring.smart_structure_score,
    ]
    for scorer in scorers:
        result = scorer(value)
        assert 0.0 <= result.fraction <= 1.0
