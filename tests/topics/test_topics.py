"""Pure topic logic of lessons 02–05: metrics, simulations, maturity, RACI, audit, security, delegation."""

from __future__ import annotations

import pytest

from course_utils.core.store import AnswerStore
from course_utils.topics import audit, delegation, maturity, metrics, raci, simulations

# -- metrics and simulations --------------------------------------------------------------------


def test_engagement_rate_depends_on_the_base():
    assert metrics.engagement_rate(1500, 10000) == pytest.approx(15.0)
    assert metrics.engagement_rate(1500, 50000) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="mayor que cero"):
        metrics.engagement_rate(10, 0)


def test_negative_comments_fall_but_never_reach_zero():
    data = simulations.negative_comments()
    assert min(data["bien"]) > 0
    assert sum(data["bien"][-3:]) < sum(data["bien"][:3])
    assert all(b >= g for g, b in zip(data["bien"], data["mal"], strict=True))
    assert data == simulations.negative_comments()  # fixed seed


def test_realistic_growth_is_far_from_the_fantasy():
    real = simulations.follower_growth()
    assert real[0] == 12 and real == sorted(real)
    assert real[1] < 100 and real[-1] < 1200


def test_decree_simulation_is_reproducible_and_teaches_the_point():
    a, b = simulations.strategy_vs_decree(), simulations.strategy_vs_decree()
    assert a == b
    assert a["decreto"][1] > a["estrategia"][1]  # the decree's early bump
    assert sum(a["estrategia"][-4:]) > 2 * sum(a["decreto"][-4:])  # strategy wins later
    assert len(simulations.strategy_vs_decree(weeks=10)["semana"]) == 10


# -- maturity -----------------------------------------------------------------------------------


def test_dimension_scores_average_per_dimension_and_ignore_junk():
    answers = {
        "estrategia_1": 2,
        "estrategia_2": 5,
        "escucha_1": 4,
        "otra_1": 5,
        "medicion_1": 9,
        "medicion_2": True,
        "liderazgo_1": "3",
    }
    assert maturity.dimension_scores(answers) == {"estrategia": 3.5, "escucha": 4.0}
    assert maturity.dimension_scores(None) == {}
    assert maturity.dimension_scores(["no", "es", "un", "dict"]) == {}


def test_stage_follows_the_mean():
    dims = maturity.dimensions()
    stages = maturity.stages()
    assert maturity.suggest_stage(dict.fromkeys(dims, 1)) == stages[0]
    assert maturity.suggest_stage(dict.fromkeys(dims, 5)) == stages[-1]
    assert maturity.suggest_stage(dict.fromkeys(dims, 3))["id"] == "interaccion"


def test_weakest_dimension_caps_the_stage():
    scores = dict.fromkeys(maturity.dimensions(), 5.0)
    scores["colaboracion"] = 1.0  # 2.0 outside, nothing inside
    assert maturity.suggest_stage(scores)["id"] == "presencia"
    with pytest.raises(ValueError):
        maturity.suggest_stage({})


def test_example_firm_is_at_presence_and_summary_is_spanish():
    example = maturity.example_scores()
    assert set(example) == set(maturity.dimensions())
    assert maturity.suggest_stage(example)["id"] == "presencia"
    text = maturity.summary(example, example=True)
    assert text.startswith("El ejemplo del Bar Sol") and "1,5" in text
    assert "Colaboración interna" in text


# -- RACI ---------------------------------------------------------------------------------------
TASKS = {"publicar": "Publicar", "escalar": "Escalar una crisis"}
ROLES = {"duenia": "Dueña", "cm": "CM", "equipo": "Equipo"}


def test_raci_rules():
    ok = {"publicar": {"duenia": "A", "cm": "R"}, "escalar": {"duenia": "A/R"}}
    assert raci.check(ok, TASKS) == []
    bad = {"publicar": {"duenia": "A", "cm": "A"}, "escalar": {"cm": "C"}}
    problems = raci.check(bad, TASKS)
    assert any("2 A" in p for p in problems)
    assert sum("«Escalar una crisis»" in p for p in problems) == 2
    assert sum("«Publicar»" in p for p in problems) == 2  # two A and no R


def test_raci_value_keeps_order_through_the_store(tmp_path):
    store = AnswerStore("t03", tmp_path)
    value = raci.saved_value({"publicar": {"duenia": "A", "cm": "R", "equipo": ""}}, TASKS, ROLES)
    store.save("pyme_raci", value)
    back = store.get("pyme_raci")
    assert raci.as_text(back).splitlines()[0] == "- Publicar → Dueña: A; CM: R"
    assert "sin asignar" in raci.as_text(back)


def test_raci_html_escapes():
    value = raci.saved_value({"t": {"r": "<b>"}}, {"t": "<script>x</script>"}, {"r": "A&B"})
    out = raci.as_html(value)
    assert "<script>" not in out and "&lt;script&gt;" in out and "A&amp;B" in out


# -- audit and security -------------------------------------------------------------------------
ITEMS = {
    "perfil_personal": {"label": "Perfil personal", "weight": 3, "action": "Crea una página."},
    "tono": {"label": "Tono", "weight": 2, "action": "Revisa antes de publicar."},
    "frustracion": {"label": "Frustración", "weight": 1, "action": "Fija un objetivo."},
}


def test_audit_orders_by_risk_times_weight_and_scores():
    rows = audit.rank({"perfil_personal": 3, "tono": 5, "frustracion": 5}, ITEMS)
    assert [r["id"] for r in rows] == ["tono", "perfil_personal", "frustracion"]
    assert rows[0]["priority"] == pytest.approx(66.7)
    assert audit.band(rows[0]["priority"]) == "alta"
    assert audit.band(25) == "media" and audit.band(5) == "baja"
    assert audit.health(rows) == round(100 * (1 - (1.5 + 2 + 1) / 6))
    assert audit.health(audit.rank(dict.fromkeys(ITEMS, 1), ITEMS)) == 100
    assert audit.rank({"tono": 7, "frustracion": "5"}, ITEMS) == []


def test_audit_data_is_complete():
    mistakes = audit.mistakes()
    assert len(mistakes) == 8
    assert set(audit.example_answers()) == set(mistakes)
    for info in mistakes.values():
        assert info["statement"] and info["label"] and info["action"]
        assert info["weight"] in (1, 2, 3)
    assert audit.statements() == {k: v["statement"] for k, v in mistakes.items()}


def test_security_pending_keeps_checklist_order():
    measures = audit.security_measures()
    todo = [m["todo"] for m in measures.values()]
    first = next(iter(measures))
    assert audit.security_pending([first]) == todo[1:]
    assert audit.security_pending(None) == todo
    assert audit.security_pending(list(measures)) == []
    assert list(audit.security_checklist()) == list(audit.security_names()) == list(measures)


# -- delegation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answers, expected",
    [
        (
            {
                "tiempo": "bastante",
                "habilidades": "buenas",
                "presupuesto": "medio",
                "volumen": "bajo",
            },
            "dentro",
        ),
        (
            {
                "tiempo": "poco",
                "habilidades": "ninguna",
                "presupuesto": "amplio",
                "volumen": "alto",
            },
            "agencia",
        ),
        (
            {
                "tiempo": "algo",
                "habilidades": "ninguna",
                "presupuesto": "medio",
                "volumen": "medio",
            },
            "hibrido",
        ),
        (
            {
                "tiempo": "poco",
                "habilidades": "ninguna",
                "presupuesto": "minimo",
                "volumen": "alto",
            },
            "dentro",
        ),
    ],
)
def test_recommendation(answers, expected):
    key, reasons = delegation.recommend(answers)
    assert key == expected
    assert len(reasons) == 5 and "identidad" in reasons[-1]


def test_recommendation_needs_answers_and_reads_the_store(tmp_path):
    with pytest.raises(ValueError):
        delegation.recommend({})
    store = AnswerStore("t05", tmp_path)
    store.save(delegation.answer_id("tiempo"), "poco")
    assert delegation.saved_answers(store) == {
        "tiempo": "poco",
        "habilidades": None,
        "presupuesto": None,
        "volumen": None,
    }


def test_decision_questions_are_built_from_the_data():
    spec = delegation.question_spec("presupuesto")
    assert spec["id"] == "decision_presupuesto" and spec["type"] == "single"
    assert spec["options"]["minimo"] == "Casi nada (menos de 100 €)."
    example = delegation.example_answers()
    assert set(example) == set(delegation.questions())
    assert delegation.recommend(example)[0] in delegation.recommendations()


def test_the_radar_summary_of_equal_scores_names_no_highest_or_lowest():
    from course_utils.topics import maturity

    dims = maturity.dimensions()
    text = maturity.summary({d: 2.5 for d in dims}, dims)
    assert "igual en todas las dimensiones (2,5)" in text and "más alto" not in text
