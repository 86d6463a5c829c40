"""Tests for course_utils.strategy and the structure of lessons 00–02 and exercises 01–02."""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path

import pytest

from conftest import ROOT, load_nb
from course_utils import strategy
from course_utils.grading import Result

LESSONS = {
    "00-bienvenida": ROOT / "lessons" / "00-bienvenida.ipynb",
    "01-despersonalizar-la-critica": ROOT / "lessons" / "01-despersonalizar-la-critica.ipynb",
    "02-hay-que-estar-no-es-un-objetivo":
        ROOT / "lessons" / "02-hay-que-estar-no-es-un-objetivo.ipynb",
}
EXERCISES = ["01-despersonalizar-la-critica", "02-hay-que-estar-no-es-un-objetivo"]


# -- response flowchart -------------------------------------------------------------------

@pytest.mark.parametrize("kind, action", [
    ("spam", "eliminar"),
    ("positivo", "agradecer"),
    ("troll", "vigilar"),
    ("desahogo", "vigilar"),
    ("competencia_encubierta", "vigilar"),
    ("datos_erroneos", "corregir"),
    ("cliente_insatisfecho", "restaurar"),
])
def test_recommended_action_follows_the_flowchart(kind, action):
    assert strategy.recommended_action(kind) == action


def test_serious_comments_are_escalated_but_spam_is_removed_first():
    assert strategy.recommended_action("cliente_insatisfecho", serious=True) == "escalar"
    assert strategy.recommended_action("troll", serious=True) == "escalar"
    assert strategy.recommended_action("spam", serious=True) == "eliminar"


def test_personal_data_moves_a_customer_to_private():
    assert strategy.recommended_action("cliente_insatisfecho", personal_data=True) == "privado"
    assert strategy.recommended_action("datos_erroneos", personal_data=True) == "corregir"


def test_unknown_kind_is_a_spanish_error():
    with pytest.raises(ValueError, match="Tipo de comentario desconocido"):
        strategy.recommended_action("enfado")


def test_every_kind_and_action_is_reachable_and_described():
    reached = {strategy.recommended_action(k) for k in strategy.COMMENT_KINDS}
    reached |= {strategy.recommended_action("troll", serious=True),
                strategy.recommended_action("cliente_insatisfecho", personal_data=True)}
    assert reached == set(strategy.ACTIONS)
    assert set(strategy.ACTION_NOTES) == set(strategy.ACTIONS)
    for step in strategy.FLOWCHART:
        assert step["action"] in strategy.ACTIONS
        assert set(step.get("kinds", [])) <= set(strategy.COMMENT_KINDS)


def test_triage_key_uses_flowchart_defaults_and_extra_actions():
    kinds, actions = strategy.triage_key({
        "a": {"kind": "spam"},
        "b": {"kind": "cliente_insatisfecho", "also": ["privado"]},
        "c": {"kind": "cliente_insatisfecho", "serious": True},
    })
    assert kinds == {"a": "spam", "b": "cliente_insatisfecho", "c": "cliente_insatisfecho"}
    assert actions == {"a": "eliminar", "b": ["restaurar", "privado"], "c": "escalar"}


# -- SMART check --------------------------------------------------------------------------

FULL = "Conseguir 40 reservas al mes por Instagram antes del 30 de junio; responsable: Javi."


@pytest.mark.parametrize("text", [
    "Estar en Instagram.",
    "Tener presencia en todas las redes sociales.",
    "Abrir TikTok este año.",
    "Hay que estar en Facebook como la competencia.",
    "Crear una cuenta de LinkedIn para la asesoría.",
])
def test_presence_goals_are_refused(text):
    assert strategy.is_presence_only(text)
    findings = strategy.check_smart(text)
    assert findings[0].letter == "S" and not findings[0].ok
    assert "no es un objetivo" in findings[0].message
    assert strategy.smart_structure_score(text).fraction == 0.0


def test_a_complete_objective_passes_every_letter():
    findings = strategy.check_smart(FULL)
    assert [f.letter for f in findings] == list("SMART")
    assert all(f.ok for f in findings)
    assert strategy.smart_structure_score(FULL).fraction == 1.0
    assert not strategy.is_presence_only(FULL)


def test_presence_with_a_measurable_result_is_an_objective():
    text = "Abrir Instagram y conseguir 20 citas nuevas antes de septiembre; lo lleva Marta."
    assert not strategy.is_presence_only(text)
    assert all(f.ok for f in strategy.check_smart(text))


@pytest.mark.parametrize("text, missing", [
    ("Conseguir reservas por Instagram antes del 30 de junio; responsable: Javi.", "MR"),
    ("Conseguir 40 reservas por Instagram antes del 30 de junio.", "A"),
    ("Conseguir 40 reservas por Instagram; responsable: Javi.", "T"),
    ("Conseguir 40 reservas antes del 30 de junio; responsable: Javi.", "S"),
    ("Ser virales y ganar 5.000 seguidores en Instagram antes de junio; lo lleva Javi.", "R"),
    ("Pasar de 12 a 1.200 seguidores en Instagram en un mes; responsable: Javi.", "R"),
])
def test_the_failing_letter_is_named(text, missing):
    failed = [f.letter for f in strategy.check_smart(text) if not f.ok]
    assert failed == list(missing)


def test_a_frequency_is_not_a_deadline():
    text = "Responder 20 mensajes de WhatsApp cada semana; se encarga Lucía."
    t = strategy.check_smart(text)[-1]
    assert not t.ok and "cada cuánto" in t.message


@pytest.mark.parametrize("period", ["durante los próximos tres meses", "en 6 semanas",
                                    "dentro de dos meses", "antes de Navidad", "este trimestre"])
def test_periods_count_as_deadlines(period):
    assert strategy.smart_elements(f"Responder 30 mensajes de Instagram {period}")["plazo"]


def test_firm_names_are_not_owners():
    assert not strategy.smart_elements("Peluquería Marta: 20 citas por Instagram en junio")[
        "responsable"]
    assert strategy.smart_elements("20 citas por Instagram en junio; lo revisa Marta")[
        "responsable"]


def test_roles_count_as_owners_and_numbers_in_words_count():
    parts = strategy.smart_elements(
        "Duplicar las consultas por WhatsApp en tres meses; el community manager se encarga.")
    assert parts == {"metrica": True, "numero": True, "plazo": True, "responsable": True,
                     "red": True}


def test_empty_and_non_text_objectives():
    assert all(not f.ok for f in strategy.check_smart(""))
    result = strategy.smart_structure_score(None)
    assert result.fraction == 0.0 and not result.answered
    assert strategy.smart_elements(None) == dict.fromkeys(strategy.ELEMENT_NAMES, False)


def test_structure_score_counts_parts():
    result = strategy.smart_structure_score(
        "Conseguir 12 pedidos online al mes desde Instagram antes de septiembre.")
    assert isinstance(result, Result)
    assert result.fraction == pytest.approx(0.8)
    assert any("quién se encarga" in line and "❌" in line for line in result.lines)


def test_smart_report_lists_five_lines():
    assert len(strategy.smart_report(FULL).splitlines()) == 5


def test_with_smart_check_saves_and_escapes(tmp_path):
    from course_utils.widgets import start

    curso = start("prueba", folder=tmp_path)
    question = strategy.with_smart_check(curso.ask({"id": "pyme_objetivo_1", "type": "text"}))
    question.control.value = "<b>Estar en Instagram</b>"
    button = next(c for c in question.box.children
                  if hasattr(c, "children") and c.children
                  and getattr(c.children[0], "description", "") == "Comprobar objetivo")
    button.children[0].click()
    shown = question.box.children[-1].value
    assert "&lt;b&gt;" in shown and "<b>Estar" not in shown
    assert "no es un objetivo" in shown
    assert curso.store.get("pyme_objetivo_1") == "<b>Estar en Instagram</b>"


# -- numbers and simulations --------------------------------------------------------------

def test_engagement_rate_depends_on_the_base():
    assert strategy.engagement_rate(1500, 10000) == pytest.approx(15.0)
    assert strategy.engagement_rate(1500, 50000) == pytest.approx(3.0)
    with pytest.raises(ValueError):
        strategy.engagement_rate(10, 0)


def test_negative_comments_fall_but_never_reach_zero():
    data = strategy.simulate_negative_comments()
    assert min(data["bien"]) > 0
    assert sum(data["bien"][-3:]) < sum(data["bien"][:3])
    assert all(b >= g for g, b in zip(data["bien"], data["mal"], strict=True))
    assert data == strategy.simulate_negative_comments()  # fixed seed


def test_realistic_growth_is_far_from_the_fantasy():
    real = strategy.simulate_growth()
    assert real[0] == 12 and real == sorted(real)
    assert real[1] < 100 and real[-1] < 1200


def test_reply_scorer_uses_the_reviewer_rubric():
    good = ("Hola, Carmen. Gracias por contarnos lo que pasó y perdona: no debió ocurrir. "
            "Hemos hablado con el equipo para confirmar siempre el largo antes de cortar. "
            "Escríbenos por mensaje privado y te ofrecemos una revisión sin coste esta semana. "
            "Un saludo, Marta")
    assert strategy.reply_scorer(good).fraction == pytest.approx(1.0)
    bad = strategy.reply_scorer("NO ES VERDAD!!! No vuelvas.")
    assert bad.fraction < 0.5
    assert not strategy.reply_scorer("").answered


@pytest.mark.parametrize("make", [
    strategy.criticism_figure, strategy.flowchart_figure, strategy.growth_figure,
    strategy.engagement_figure,
    lambda: strategy.course_map_figure(
        [{"id": "00-bienvenida", "title": "Bienvenida", "minutes": 20}], root=ROOT),
])
def test_figures_have_a_question_as_title(make):
    fig = make()
    try:
        title = fig.axes[0].get_title()
        assert title.startswith("¿") and title.endswith("?")
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


# -- lesson structure ---------------------------------------------------------------------

def _cells(path: Path) -> list[dict]:
    return load_nb(path)["cells"]


def _text(cell: dict) -> str:
    return "".join(cell["source"])


def _asked_specs(path: Path) -> list[dict]:
    """The question dicts of the notebook's .ask( cells (evaluated as literals)."""
    specs = []
    for cell in _cells(path):
        source = _text(cell)
        if cell["cell_type"] != "code" or ".ask(" not in source:
            continue
        tree = ast.parse(source)
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                try:
                    specs.append(ast.literal_eval(node.value))
                except ValueError:  # uses a name (e.g. shared items): read it separately
                    specs.append({"id": "?", "answer": True, "_dynamic": True})
    return specs


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_structure(name):
    path = LESSONS[name]
    if not path.exists():
        pytest.skip(f"{name} not written yet")
    cells = _cells(path)
    markdown = "\n".join(_text(c) for c in cells if c["cell_type"] == "markdown")
    code_src = "\n".join(_text(c) for c in cells if c["cell_type"] == "code")
    assert markdown.lstrip().startswith("# ")
    for heading in ("## Objetivos", "## Ideas clave", "## Fuentes"):
        assert heading in markdown
    assert re.search(r"⏱️ \d+ minutos", markdown)
    assert "**Para quién**" in markdown and "**Necesitas**" in markdown
    assert f'start("{name}")' in code_src
    checks = [s for s in _asked_specs(path) if "answer" in s]
    assert len(checks) >= 3
    assert re.search(r"strategy\.\w+_figure\(", code_src) and "caption(" in code_src
    assert '"id": "pyme_' in code_src
    assert "[Índice del curso](00-bienvenida.ipynb)" in _text(cells[-1])
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_question_ids_are_unique(name):
    path = LESSONS[name]
    if not path.exists():
        pytest.skip(f"{name} not written yet")
    ids = re.findall(r'"id": "([^"]+)"', "\n".join(
        _text(c) for c in _cells(path) if ".ask(" in _text(c)))
    assert len(ids) == len(set(ids))


def test_lesson_01_feed_agrees_with_the_flowchart():
    path = LESSONS["01-despersonalizar-la-critica"]
    if not path.exists():
        pytest.skip("lesson 01 not written yet")
    namespace: dict = {}
    feed_cell = next(_text(c) for c in _cells(path) if "comentarios = {" in _text(c))
    exec(feed_cell.split("\ncurso.ask")[0], namespace)  # data only
    kinds = namespace["tipo"]["answer"]
    assert len(kinds) >= 12 and set(kinds.values()) <= set(strategy.COMMENT_KINDS)
    action_cell = next(_text(c) for c in _cells(path) if '"id": "triaje_accion"' in _text(c))
    exec(action_cell.split("\ncurso.ask")[0], namespace)
    actions = namespace["accion"]["answer"]
    assert set(actions) == set(kinds)
    for cid, kind in kinds.items():
        accepted = actions[cid] if isinstance(actions[cid], list) else [actions[cid]]
        assert set(accepted) <= set(strategy.ACTIONS)
        allowed = {strategy.recommended_action(kind), strategy.recommended_action(kind, True),
                   strategy.recommended_action(kind, personal_data=True)}
        assert accepted[0] in allowed, cid


# -- exercises: reference answers ---------------------------------------------------------

@pytest.mark.parametrize("name", EXERCISES)
def test_reference_answers_cover_every_test_cell(name):
    source = ROOT / "solutions" / name / f"{name}.ipynb"
    reference = ROOT / "tests" / "data" / "reference" / f"{name}.json"
    if not source.exists():
        pytest.skip(f"exercise {name} not written yet")
    ref = json.loads(reference.read_text(encoding="utf-8"))
    graded = [c["metadata"]["nbgrader"]["grade_id"] for c in _cells(source)
              if c["metadata"].get("nbgrader", {}).get("grade") and c["cell_type"] == "code"]
    assert set(ref["partial"]["expected"]) == set(graded)
    tasks = [c for c in _cells(source) if c["metadata"].get("nbgrader", {}).get("task")]
    assert tasks and all("### BEGIN MARK SCHEME" in _text(c) for c in tasks)
    for cell in _cells(source):
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade") and cell["cell_type"] == "code":
            lines = _text(cell).splitlines()
            assert lines[0].startswith("# Comprueba")
            assert "### BEGIN HIDDEN TESTS" in lines and "### END HIDDEN TESTS" in lines


@pytest.mark.parametrize("name", EXERCISES)
def test_reference_answers_earn_the_expected_points(name, tmp_path):
    """Run each hidden test on the perfect and partial answers (without nbgrader)."""
    source = ROOT / "solutions" / name / f"{name}.ipynb"
    if not source.exists():
        pytest.skip(f"exercise {name} not written yet")
    from course_utils.store import AnswerStore

    ref = json.loads((ROOT / "tests" / "data" / "reference" / f"{name}.json").read_text(
        encoding="utf-8"))
    tests = {c["metadata"]["nbgrader"]["grade_id"]: (c["metadata"]["nbgrader"]["points"],
                                                     _text(c))
             for c in _cells(source)
             if c["metadata"].get("nbgrader", {}).get("grade") and c["cell_type"] == "code"}

    def run(answers: dict, folder: Path) -> dict[str, float]:
        store = AnswerStore(name, folder)
        for qid, value in answers.items():
            store.save(qid, value)
        out = {}
        for grade_id, (_, src) in tests.items():
            tree = ast.parse(src)
            *stmts, last = tree.body
            namespace: dict = {}
            cwd = os.getcwd()
            os.chdir(folder)
            try:
                exec(compile(ast.Module(stmts, []), grade_id, "exec"), namespace)
                out[grade_id] = eval(compile(ast.Expression(last.value), grade_id, "eval"),
                                     namespace)
            finally:
                os.chdir(cwd)
        return out

    (tmp_path / "p").mkdir()
    perfect = run(ref["perfect"], tmp_path / "p")
    assert perfect == {g: pts for g, (pts, _) in tests.items()}
    (tmp_path / "q").mkdir()
    partial = run(ref["partial"]["answers"], tmp_path / "q")
    assert partial == pytest.approx(ref["partial"]["expected"], abs=0.011)
