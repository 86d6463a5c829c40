"""Interactive panels: they save through the store, escape what learners type and read the content data."""

from __future__ import annotations

import pytest
from IPython.display import Image

from course_utils.core.store import AnswerStore
from course_utils.topics import audit, delegation, maturity
from course_utils.ui import panels
from course_utils.ui.session import start


@pytest.fixture
def shown(monkeypatch):
    """What the panels display, as HTML strings (figures as their type name)."""
    out: list[str] = []

    def display(obj, *_, **__):
        if isinstance(obj, Image):
            out.append(f"Image/{obj.format}")
        else:
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


def _self_assessment(curso):
    items = {f"{d}_1": f"Afirmación de {d}" for d in maturity.dimensions()}
    return curso.ask({"id": "autoevaluacion", "type": "scale", "prompt": "¿?", "items": items})


def test_maturity_panel_redraws_when_the_owner_answers(tmp_path, shown):
    """The radar follows the answers without running any cell: example first, then mine."""
    curso = start("t03", folder=tmp_path)
    question = _self_assessment(curso)
    panel = panels.maturity_panel(curso)
    assert isinstance(panel, panels.CapturedBox)
    assert not curso.store.path.exists()  # drawing never saves
    assert "Image/png" in shown and any("El ejemplo del Bar Sol" in s for s in shown)
    controls = list(question.controls.values())
    for control in controls[:-1]:
        control.value = 4
    assert not any("Tu autoevaluación" in s for s in shown), "incomplete: still the example"
    shown.clear()
    controls[-1].value = 4  # the last answer: the radar is mine now
    assert "Image/png" in shown and any("Tu autoevaluación" in s for s in shown)
    assert not any("ejemplo" in s.lower() for s in shown if isinstance(s, str))


def test_a_panel_whose_cell_runs_again_draws_once_per_save(tmp_path, shown):
    curso = start("t03", folder=tmp_path)
    question = _self_assessment(curso)
    panels.maturity_panel(curso)
    panels.maturity_panel(curso)  # the same cell, run again
    shown.clear()
    next(iter(question.controls.values())).value = 2
    assert shown.count("Image/png") == 1


def test_a_panel_over_a_bare_store_draws_once_and_never_raises(tmp_path, shown):
    store = AnswerStore("t03", tmp_path)
    panel = panels.maturity_panel(store)
    assert isinstance(panel, panels.CapturedBox) and "Image/png" in shown
    broken = panels.live_panel(store, ["x"], lambda read: 1 / 0, key="roto")
    assert isinstance(broken, panels.CapturedBox)
    assert any("No se ha podido dibujar" in s for s in shown if isinstance(s, str))


def test_show_figure_displays_the_figure_once_and_returns_nothing(shown):
    from course_utils.figures import draw as figures

    assert panels.show_figure(figures.growth(), "Una descripción.") is None
    assert shown.count("Image/png") == 1 and len(shown) == 2
    assert "Una descripción." in shown[1]


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


def test_raci_dropdowns_have_accessible_names(tmp_path):
    """Each drop-down is labelled (a <label> tied to its <select>) with its task and its role."""
    tasks = {"publicar": "Publicar", "escalar": "Escalar una crisis"}
    roles = {"duenia": "Dueña", "cm": "CM"}
    box = panels.raci_builder(AnswerStore("t03", tmp_path), tasks, roles)
    dropdowns = [c for c in box.children[0].children if hasattr(c, "options")]
    names = [d.description for d in dropdowns]
    assert len(set(names)) == len(names) == 4
    assert names[0] == "Publicar · Dueña" and names[-1] == "Escalar una crisis · CM"
    assert all(d.tooltip == d.description for d in dropdowns)
    assert all(d.style.description_width == "0px" for d in dropdowns)


def test_lesson_05_panels_follow_the_answers(tmp_path, shown):
    """Audit, security list and recommendation redraw after each save, no cell run."""
    curso = start("t05", folder=tmp_path)
    scale = curso.ask(
        {"id": "auditoria_errores", "type": "scale", "prompt": "¿?", "items": audit.statements()}
    )
    security = curso.ask(
        {
            "id": "seguridad_hecho",
            "type": "multiple",
            "prompt": "¿?",
            "options": audit.security_checklist(),
        }
    )
    decisions = [curso.ask(delegation.question_spec(q)) for q in delegation.questions()]
    panels.show_audit(curso)
    panels.show_security(curso)
    panels.show_recommendation(curso)
    text = " ".join(s for s in shown if isinstance(s, str))
    assert "ejemplo" in text and "Te quedan" in text
    shown.clear()
    for control in scale.controls.values():
        control.value = 1
    assert any("100 de 100" in s for s in shown if isinstance(s, str))
    shown.clear()
    for box in security.boxes.values():
        box.value = True
    assert any("Tienes hechas las" in s for s in shown if isinstance(s, str))
    shown.clear()
    for question in decisions:
        question.control.value = question.options[0][0]
    last = [s for s in shown if isinstance(s, str)][-1]
    assert "👉" in last and "ejemplo" not in last


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


def test_no_page_of_the_kit_writes_into_an_output_widget():
    """Voilà 0.5 + nbclient often never finish a page whose cells fill an Output widget while
    it runs (5 of 20 loads stuck in bench_pages): the kit uses captured.CapturedBox instead."""
    import re

    from support import ROOT

    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "course_utils").rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bOutput\(", line)
    ]
    assert not found, found


def test_no_module_of_the_kit_changes_a_layout_or_a_style_after_creation():
    """lean.py shares one Layout and one style among many widgets (half the widget models a
    page loads): changing one of them would change every widget that shares it."""
    import ast

    from support import ROOT

    found = []
    for path in (ROOT / "course_utils").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, (ast.AugAssign, ast.AnnAssign))
                else []
            )
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Attribute)
                    and target.value.attr in {"layout", "style"}
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "setattr"
                and node.args
                and isinstance(node.args[0], ast.Attribute)
                and node.args[0].attr in {"layout", "style"}
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, found


def test_a_question_page_shares_layouts_and_styles(tmp_path):
    """The kit's plain HTML, boxes and drop-downs share lean.PLAIN and one style each."""
    from course_utils.ui import lean
    from course_utils.ui.session import start

    question = start("prueba-lean", "practice", str(tmp_path)).ask(
        {
            "id": "clasifica",
            "type": "classify",
            "prompt": "Clasifica",
            "items": ["uno", "dos", "tres"],
            "categories": {"a": "A", "b": "B"},
            "answer": {"a": "a", "b": "b", "c": "a"},
        }
    )
    drops = list(question.controls.values())
    assert len(drops) == 3
    assert all(d.layout is lean.PLAIN and d.style is lean.LABEL_FITS for d in drops)
    rows = [c for c in question.box.children if type(c).__name__ == "VBox"]
    assert len(rows) == 3 and all(r.layout is lean.PLAIN for r in rows)


def test_the_hubs_steps_show_only_on_a_hub(shown, monkeypatch):
    from course_utils.grading import self_check

    monkeypatch.delenv(self_check.HUB_VARIABLE, raising=False)
    assert panels.show_on_hub("**En un taller**, pulsa «Entregar a mi formador».") is None
    assert shown == []
    monkeypatch.setenv(self_check.HUB_VARIABLE, "alumna")
    panels.show_on_hub("**En un taller**, pulsa «Entregar a mi formador».")
    assert shown == ["**En un taller**, pulsa «Entregar a mi formador»."]
