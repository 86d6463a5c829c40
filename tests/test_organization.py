"""Tests of course_utils.organization (lessons 03–05) and of the structure of those lessons."""

from __future__ import annotations

import json

import pytest

from course_utils import organization as org
from course_utils.store import AnswerStore

MY_LESSONS = ["03-cultura-2-0-interna", "04-dejar-trabajar-al-cm", "05-desde-dentro-o-delegar"]


# -- maturity ----------------------------------------------------------------------------------
def test_dimension_scores_average_per_dimension_and_ignore_junk():
    answers = {"estrategia_1": 2, "estrategia_2": 5, "escucha_1": 4, "otra_1": 5,
               "medicion_1": 9, "medicion_2": True, "liderazgo_1": "3"}
    assert org.dimension_scores(answers) == {"estrategia": 3.5, "escucha": 4.0}
    assert org.dimension_scores(None) == {}


def test_stage_follows_the_mean():
    assert org.suggest_stage({d: 1 for d in org.DIMENSIONS}) == 0
    assert org.suggest_stage({d: 5 for d in org.DIMENSIONS}) == len(org.STAGES) - 1
    assert org.suggest_stage({d: 3 for d in org.DIMENSIONS}) == 2


def test_weakest_dimension_caps_the_stage():
    scores = {d: 5.0 for d in org.DIMENSIONS}
    scores["colaboracion"] = 1.0  # 2.0 outside, nothing inside
    assert org.STAGES[org.suggest_stage(scores)][0] == "presencia"
    with pytest.raises(ValueError):
        org.suggest_stage({})


def test_example_firm_is_at_presence_and_summary_is_spanish():
    assert org.STAGES[org.suggest_stage(org.EXAMPLE_MATURITY)][0] == "presencia"
    text = org.maturity_summary(org.EXAMPLE_MATURITY, example=True)
    assert "Bar Sol" in text and "1,5" in text and "Colaboración interna" in text


def test_radar_is_polar_with_a_question_title():
    fig = org.maturity_figure(org.EXAMPLE_MATURITY, example=True)
    ax = fig.axes[0]
    assert ax.name == "polar"
    assert ax.get_title().startswith("¿") and "ejemplo" in ax.get_title().lower()
    assert len(ax.get_xticklabels()) == len(org.DIMENSIONS)
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_maturity_panel_draws_example_without_answers_and_mine_with_them(tmp_path):
    store = AnswerStore("t03", tmp_path)
    panel = org.maturity_panel(store)
    assert panel.children[0].description == "Dibujar mi radar"
    assert not store.path.exists()  # drawing never saves
    store.save("autoevaluacion", {f"{d}_1": 4 for d in org.DIMENSIONS})
    panel.children[0].click()  # redraws from the saved answers without error


# -- RACI --------------------------------------------------------------------------------------
TASKS = {"publicar": "Publicar", "escalar": "Escalar una crisis"}
ROLES = {"duenia": "Dueña", "cm": "CM", "equipo": "Equipo"}


def test_check_raci_rules():
    ok = {"publicar": {"duenia": "A", "cm": "R"}, "escalar": {"duenia": "A/R"}}
    assert org.check_raci(ok, TASKS) == []
    bad = {"publicar": {"duenia": "A", "cm": "A"}, "escalar": {"cm": "C"}}
    problems = org.check_raci(bad, TASKS)
    assert any("2 A" in p for p in problems)
    assert sum("«Escalar una crisis»" in p for p in problems) == 2
    assert sum("«Publicar»" in p for p in problems) == 2  # two A and no R


def test_raci_value_keeps_order_through_the_store(tmp_path):
    store = AnswerStore("t03", tmp_path)
    value = org.raci_value({"publicar": {"duenia": "A", "cm": "R", "equipo": ""}}, TASKS, ROLES)
    store.save("pyme_raci", value)
    back = store.get("pyme_raci")
    assert org.raci_text(back).splitlines()[0] == "- Publicar → Dueña: A; CM: R"
    assert "sin asignar" in org.raci_text(back)


def test_raci_html_escapes():
    value = org.raci_value({"t": {"r": "<b>"}}, {"t": "<script>x</script>"}, {"r": "A&B"})
    out = org.raci_html(value)
    assert "<script>" not in out and "&lt;script&gt;" in out and "A&amp;B" in out


def test_raci_builder_saves_only_on_change_and_restores(tmp_path):
    store = AnswerStore("t03", tmp_path)
    box = org.raci_builder(store, TASKS, ROLES)
    assert not store.path.exists()
    dropdowns = [c for c in box.children[0].children if hasattr(c, "options")]
    assert len(dropdowns) == len(TASKS) * len(ROLES)
    dropdowns[0].value = "A"
    dropdowns[1].value = "R"
    dropdowns[3].value = "A/R"
    assert store.get("pyme_raci")["matriz"]["publicar"] == {"duenia": "A", "cm": "R"}
    assert "✅" in box.children[1].value
    again = org.raci_builder(store, TASKS, ROLES)
    assert [c.value for c in again.children[0].children if hasattr(c, "options")][:4] == [
        "A", "R", "", "A/R"]


def test_raci_scorer_partial_credit():
    fixed = {"publicar·cm": "R", "escalar·duenia": "A"}
    scorer = org.raci_scorer(TASKS, ROLES, fixed)
    perfect = {"publicar·duenia": "A", "publicar·cm": "R", "escalar·duenia": "A",
               "escalar·cm": "R", "escalar·equipo": "I"}
    assert scorer(perfect).fraction == 1
    half = {"publicar·duenia": "A", "publicar·cm": "R", "escalar·duenia": "C", "escalar·cm": "C"}
    assert scorer(half).fraction == pytest.approx(2 / 4)  # 1 task ok + 1 fact ok
    assert scorer({}).answered is False
    assert scorer({"otro·cm": "R"}).fraction == 0


# -- strategy vs decree --------------------------------------------------------------------------
def test_simulation_is_reproducible_and_teaches_the_point():
    a, b = org.simulate_weeks(), org.simulate_weeks()
    assert a == b
    assert a["decreto"][1] > a["estrategia"][1]  # the decree's early bump
    assert sum(a["estrategia"][-4:]) > 2 * sum(a["decreto"][-4:])  # strategy wins later
    assert len(org.simulate_weeks(weeks=10)["semana"]) == 10


def test_strategy_figure_has_question_title_and_spanish_labels():
    fig = org.strategy_vs_decree_figure()
    ax = fig.axes[0]
    assert ax.get_title().startswith("¿") and ax.get_xlabel() == "Semana"
    assert "revisión" in [t.get_text() for t in ax.texts]
    import matplotlib.pyplot as plt

    plt.close(fig)


# -- audit, security, decision -----------------------------------------------------------------
PRIORITIES = {
    "perfil_personal": {"etiqueta": "Perfil personal", "peso": 3, "accion": "Crea una página."},
    "tono": {"etiqueta": "Tono", "peso": 2, "accion": "Revisa antes de publicar."},
    "frustracion": {"etiqueta": "Frustración", "peso": 1, "accion": "Fija un objetivo."},
}


def test_audit_orders_by_risk_times_weight_and_scores():
    rows = org.audit({"perfil_personal": 3, "tono": 5, "frustracion": 5}, PRIORITIES)
    assert [r["id"] for r in rows] == ["tono", "perfil_personal", "frustracion"]
    assert rows[0]["prioridad"] == pytest.approx(66.7)
    assert org.priority_band(rows[0]["prioridad"]) == "alta"
    assert org.audit_score(rows) == round(100 * (1 - (1.5 + 2 + 1) / 6))
    assert org.audit_score(org.audit({k: 1 for k in PRIORITIES}, PRIORITIES)) == 100
    assert org.audit({"tono": 7, "frustracion": "5"}, PRIORITIES) == []


def test_audit_figure_and_example_cover_every_mistake():
    assert set(org.EXAMPLE_AUDIT) == {"perfil_personal", "mezcla", "irregular", "tono",
                                      "rechazo", "herramientas", "sin_criterio", "frustracion"}
    fig = org.audit_figure(org.audit({"tono": 4, "perfil_personal": 2}, PRIORITIES))
    assert fig.axes[0].get_title().startswith("¿")
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_security_pending_keeps_checklist_order():
    checklist = {"a": "Uno", "b": "Dos", "c": "Tres"}
    assert org.security_pending(["b"], checklist) == ["Uno", "Tres"]
    assert org.security_pending(None, checklist) == ["Uno", "Dos", "Tres"]


@pytest.mark.parametrize("answers, expected", [
    ({"tiempo": "bastante", "habilidades": "buenas", "presupuesto": "medio", "volumen": "bajo"},
     "dentro"),
    ({"tiempo": "poco", "habilidades": "ninguna", "presupuesto": "amplio", "volumen": "alto"},
     "agencia"),
    ({"tiempo": "algo", "habilidades": "ninguna", "presupuesto": "medio", "volumen": "medio"},
     "hibrido"),
    ({"tiempo": "poco", "habilidades": "ninguna", "presupuesto": "minimo", "volumen": "alto"},
     "dentro"),
])
def test_recommendation(answers, expected):
    key, reasons = org.recommend(answers)
    assert key == expected
    assert len(reasons) == 5 and "identidad" in reasons[-1]


def test_recommendation_needs_answers(tmp_path):
    with pytest.raises(ValueError):
        org.recommend({})
    store = AnswerStore("t05", tmp_path)
    store.save("decision_tiempo", "poco")
    assert org.decision_answers(store) == {"tiempo": "poco", "habilidades": None,
                                           "presupuesto": None, "volumen": None}


# -- lesson structure --------------------------------------------------------------------------
def _lesson(root, stem):
    path = root / "lessons" / f"{stem}.ipynb"
    if not path.exists():
        pytest.skip(f"{stem} not written yet")
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"]], nb["cells"]


@pytest.mark.parametrize("stem", MY_LESSONS)
def test_lesson_structure(root, stem):
    sources, cells = _lesson(root, stem)
    markdown = "\n".join(s for s, c in zip(sources, cells, strict=True)
                         if c["cell_type"] == "markdown")
    for heading in ("## Objetivos", "## Ideas clave", "## Fuentes"):
        assert heading in markdown
    assert "⏱️" in markdown and "minutos" in markdown
    checks = [s for s in sources if ".ask(" in s and '"answer"' in s]
    assert len(checks) >= 3
    assert any("organization." in s and ("figure" in s or "panel" in s or "show_audit" in s)
               for s in sources)
    assert any('"id": "pyme_' in s for s in sources)
    assert sources[-1].count("](") >= 2  # navigation
    assert any(s.startswith(f'from course_utils import start\ncurso = start("{stem}")')
               for s in sources)
    for c in cells:
        if c["cell_type"] == "code":
            assert c["metadata"].get("jupyter", {}).get("source_hidden") is True


# -- «yo» rewrite --------------------------------------------------------------------------------
SELF_POST = ("En Tienda Alba somos los mejores. Nuestra nueva colección de otoño es la más bonita "
             "que hemos tenido nunca. Nuestros precios son increíbles y nuestro equipo es el más "
             "profesional del barrio. ¡Ven a nuestra tienda y compra ya!")
GOOD_POST = ("¿Ya sabes qué te vas a poner cuando bajen las temperaturas? Esta semana ha llegado "
             "la colección de otoño y Sara te ha preparado tres combinaciones con una misma "
             "chaqueta. ¿Cuál te pondrías tú? Cuéntanos en comentarios y, si te apetece "
             "probártela, pásate por la tienda.")


def test_rewrite_scorer_rewards_talking_to_people():
    scorer = org.rewrite_scorer(SELF_POST, min_words=25)
    assert scorer(GOOD_POST).fraction == 1
    assert scorer(SELF_POST).fraction == 0  # a copy
    assert scorer("Muy corto.").fraction == 0
    assert scorer("").answered is False
    self_centred = ("Somos el taller más antiguo del barrio y nuestro equipo es el mejor. Nuestros "
                    "mecánicos tienen años de experiencia y nuestra maquinaria es moderna. Nosotros "
                    "lo hacemos todo bien y con nuestros recambios de calidad.")
    assert 0 < scorer(self_centred).fraction < 0.6


def test_show_review_displays_the_yo_measure(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
    org.show_review(SELF_POST, title="<Original>")
    assert "Medida «yo»: 80 %" in shown[0] and "&lt;Original&gt;" in shown[0]
