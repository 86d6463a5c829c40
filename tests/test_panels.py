"""Interactive panels: they save through the store, escape what learners type and read the content data."""

from __future__ import annotations

import pytest

from course_utils import audit, delegation, maturity
from course_utils.store import AnswerStore
from course_utils.ui import panels
from course_utils.ui.widgets import start


@pytest.fixture
def shown(monkeypatch):
    """What the panels display, as HTML strings (figures as their type name)."""
    out: list[str] = []

    def display(obj, *_, **__):
        out.append(getattr(obj, "data", None) or type(obj).__name__)

    monkeypatch.setattr(panels, "display", display)
    return out


def test_with_smart_check_saves_and_escapes(tmp_path):
    curso = start("prueba", folder=tmp_path)
    question = panels.with_smart_check(
        curso.ask({"id": "pyme_objetivo_1", "type": "text", "prompt": "Tu objetivo"})
    )
    question.control.value = "<b>Estar en Instagram</b>"
    button = next(
        c
        for c in question.box.children
        if hasattr(c, "children")
        and c.children
        and getattr(c.children[0], "description", "") == "Comprobar objetivo"
    )
    button.children[0].click()
    shown = question.box.children[-1].value
    assert "&lt;b&gt;" in shown and "<b>Estar" not in shown
    assert "no es un objetivo" in shown
    assert curso.store.get("pyme_objetivo_1") == "<b>Estar en Instagram</b>"


def test_maturity_panel_draws_example_then_mine(tmp_path, shown):
    store = AnswerStore("t03", tmp_path)
    panel = panels.maturity_panel(store)
    assert panel.children[0].description == "Dibujar mi radar"
    assert not store.path.exists()  # drawing never saves
    assert "Figure" in shown and any("El ejemplo del Bar Sol" in s for s in shown)
    shown.clear()
    store.save("autoevaluacion", {f"{d}_1": 4 for d in maturity.dimensions()})
    panel.children[0].click()
    assert "Figure" in shown and any(s.startswith("<p") and "Tu autoevaluación" in s for s in shown)
    assert not any("ejemplo" in s.lower() for s in shown)


def test_raci_builder_saves_only_on_change_and_restores(tmp_path):
    tasks = {"publicar": "Publicar", "escalar": "Escalar una crisis"}
    roles = {"duenia": "Dueña", "cm": "CM", "equipo": "Equipo"}
    store = AnswerStore("t03", tmp_path)
    box = panels.raci_builder(store, tasks, roles)
    assert not store.path.exists()
    dropdowns = [c for c in box.children[0].children if hasattr(c, "options")]
    assert len(dropdowns) == len(tasks) * len(roles)
    dropdowns[0].value = "A"
    dropdowns[1].value = "R"
    dropdowns[3].value = "A/R"
    assert store.get("pyme_raci")["matriz"]["publicar"] == {"duenia": "A", "cm": "R"}
    assert "✅" in box.children[1].value
    again = panels.raci_builder(store, tasks, roles)
    assert [c.value for c in again.children[0].children if hasattr(c, "options")][:4] == [
        "A",
        "R",
        "",
        "A/R",
    ]


def test_raci_builder_survives_a_tampered_answer(tmp_path):
    store = AnswerStore("t03", tmp_path)
    store.save("pyme_raci", {"matriz": {"publicar": "no es una fila"}})
    box = panels.raci_builder(store, {"publicar": "Publicar"}, {"cm": "CM"})
    assert [c.value for c in box.children[0].children if hasattr(c, "options")] == [""]


def test_show_audit_uses_the_example_until_complete(shown):
    panels.show_audit({"tono": 5})
    text = " ".join(shown)
    assert "ejemplo" in text and audit.example_name() in text
    shown.clear()
    panels.show_audit(dict.fromkeys(audit.mistakes(), 1))
    text = " ".join(shown)
    assert "ejemplo" not in text and "100 de 100" in text


def test_show_security_counts_the_measures_it_has(shown):
    measures = audit.security_measures()
    panels.show_security(list(measures))
    assert f"las {len(measures)} medidas" in shown[-1]
    panels.show_security([])
    assert f"Te quedan {len(measures)} de {len(measures)} medidas" in shown[-1]


def test_show_recommendation_example_comes_from_the_data(shown):
    panels.show_recommendation({"tiempo": "poco"})
    assert "ejemplo" in shown[-1] and delegation.example_name() in shown[-1]
    key, _ = delegation.recommend(delegation.example_answers())
    assert delegation.recommendations()[key].split(":")[0] in shown[-1]


def test_show_review_displays_the_yo_measure(shown):
    post = (
        "En Tienda Alba somos los mejores. Nuestra nueva colección de otoño es la más bonita "
        "que hemos tenido nunca. Nuestros precios son increíbles y nuestro equipo es el más "
        "profesional del barrio. ¡Ven a nuestra tienda y compra ya!"
    )
    panels.show_review(post, title="<Original>")
    assert "Medida «yo»: 80 %" in shown[0] and "&lt;Original&gt;" in shown[0]


def test_caption_escapes_and_marks_simulated_data():
    html = panels.caption("<i>x</i>", simulated=True).data
    assert "&lt;i&gt;" in html and "Datos simulados" in html
