"""Widget kit: every question type saves, restores, and shows what its mode should."""

from __future__ import annotations

import json
import textwrap

import nbformat
import pytest

from course_utils.core.store import AnswerStore, answers_path
from course_utils.ui.session import start
from support import notebook_client

SPECS = {
    "single": (
        {
            "options": {"a": "Uno", "b": "Dos"},
            "answer": "b",
            "explanations": {"a": "No: uno.", "b": "Sí: dos."},
        },
        "b",
    ),
    "multiple": ({"options": ["A", "B", "C"], "answer": ["a", "c"]}, ["a", "c"]),
    "classify": (
        {
            "items": {"i1": "Hola", "i2": "Adiós"},
            "categories": {"x": "Equis", "y": "Ye"},
            "answer": {"i1": "x", "i2": "y"},
            "explanations": {"i1": "Por esto."},
        },
        {"i1": "x", "i2": "y"},
    ),
    "order": (
        {"items": {"p": "P", "o": "O", "s": "S"}, "answer": ["p", "o", "s"]},
        {"p": 1, "o": 2, "s": 3},
    ),
    "scale": ({"items": {"a1": "Compartimos información", "a2": "Medimos"}}, {"a1": 4, "a2": 2}),
    "number": ({"answer": 4.5, "tolerance": 0.05}, "4,5"),
    "text": ({"max_chars": 50}, "Gracias, Marta 😊 <script>alert(1)</script>"),
}


def spec(kind: str, mode: str = "practice") -> dict:
    data = dict(SPECS[kind][0], id=f"q_{kind}", type=kind, prompt=f"¿Pregunta {kind}?")
    if mode == "graded":  # a graded exercise shows no key and no explanation of it
        for field in ("answer", "explanation", "explanations", "tolerance", "method"):
            data.pop(field, None)
    return data


def set_answer(question, kind: str, value):
    if kind in ("single",):
        question.control.value = value
    elif kind == "multiple":
        for oid in value:
            question.boxes[oid].value = True
    elif kind in ("classify", "order", "scale"):
        for iid, v in value.items():
            question.controls[iid].value = v
    else:
        question.control.value = value
        if kind == "text":
            question.save()  # the «Guardar» button


@pytest.mark.parametrize("kind", list(SPECS))
def test_interaction_saves_and_recreation_restores(tmp_path, kind):
    session = start("nb", "practice", str(tmp_path))
    question = session.ask(spec(kind))
    value = SPECS[kind][1]
    set_answer(question, kind, value)
    assert AnswerStore("nb", tmp_path).get(f"q_{kind}") == value
    assert "Guardado" in question.status.value
    again = start("nb", "practice", str(tmp_path)).ask(spec(kind))
    assert again.value == value
    assert "recuperada" in again.status.value


def test_restoring_does_not_write(tmp_path):
    session = start("nb", "graded", str(tmp_path))
    session.ask(spec("single", "graded")).control.value = "a"
    path = answers_path("nb", tmp_path)
    before = path.read_bytes()
    start("nb", "graded", str(tmp_path)).ask(spec("single", "graded"))
    assert path.read_bytes() == before


@pytest.mark.parametrize("kind", ["single", "multiple", "classify", "order", "number"])
def test_practice_mode_shows_right_and_explanation(tmp_path, kind):
    q = start("nb", "practice", str(tmp_path)).ask(spec(kind))
    q.check()
    assert "Primero responde" in q.feedback.value
    set_answer(q, kind, SPECS[kind][1])
    result = q.check()
    assert result.fraction == 1.0
    assert "¡Correcto!" in q.feedback.value


def test_practice_feedback_for_wrong_and_partial(tmp_path):
    q = start("nb", "practice", str(tmp_path)).ask(spec("single"))
    q.control.value = "a"
    q.check()
    assert "Todavía no" in q.feedback.value and "No: uno." in q.feedback.value
    c = start("nb", "practice", str(tmp_path)).ask(spec("classify"))
    c.controls["i1"].value = "x"
    c.controls["i2"].value = "x"
    assert c.check().fraction == 0.5
    assert "Casi" in c.feedback.value and "Por esto." in c.feedback.value


@pytest.mark.parametrize("kind", list(SPECS))
def test_graded_mode_shows_no_correctness(tmp_path, kind):
    q = start("nb", "graded", str(tmp_path)).ask(spec(kind, "graded"))
    set_answer(q, kind, SPECS[kind][1])
    labels = [getattr(c, "description", "") for c in q.box.children if hasattr(c, "description")]
    assert "Comprobar" not in labels
    assert q.feedback.value == ""
    assert "Guardado" in q.status.value


def test_graded_mode_refuses_a_key(tmp_path):
    with pytest.raises(ValueError, match="pruebas ocultas"):
        start("nb", "graded", str(tmp_path)).ask(spec("single"))


def test_unknown_type_and_mode_are_spanish_errors(tmp_path):
    with pytest.raises(ValueError, match="el tipo «dibujo» no existe"):
        start("nb", "practice", str(tmp_path)).ask({"id": "x", "type": "dibujo"})
    with pytest.raises(ValueError, match="Modo desconocido"):
        start("nb", "examen", str(tmp_path))


def test_text_limits_and_escaping(tmp_path):
    q = start("nb", "practice", str(tmp_path)).ask(spec("text"))
    q.control.value = "x" * 60
    q.save()
    assert "máximo es 50" in q.status.value
    assert AnswerStore("nb", tmp_path).get("q_text") is None
    hostile = {
        "id": "h",
        "type": "single",
        "prompt": "<img src=x onerror=alert(1)>",
        "options": {"a": "<b>x</b>", "b": "<script>y</script>"},
    }
    h = start("nb", "practice", str(tmp_path)).ask(hostile)
    assert "<img" not in h.box.children[0].value and "&lt;img" in h.box.children[0].value


def test_number_refuses_non_numbers(tmp_path):
    q = start("nb", "practice", str(tmp_path)).ask(spec("number"))
    q.control.value = "muchos"
    assert "Escribe solo una cifra" in q.status.value
    assert AnswerStore("nb", tmp_path).get("q_number") is None


def test_damaged_file_warns_and_keeps_working(tmp_path):
    answers_path("nb", tmp_path).write_text("{roto", encoding="utf-8")
    q = start("nb", "practice", str(tmp_path)).ask(spec("single"))
    assert "dañado" in q.status.value
    q.control.value = "b"
    assert "apartado" in q.status.value
    assert AnswerStore("nb", tmp_path).get("q_single") == "b"


def test_accessible_labels(tmp_path):
    for kind in ("single", "classify", "order", "scale", "number", "text"):
        q = start("nb", "practice", str(tmp_path)).ask(spec(kind))
        controls = [q.control] if hasattr(q, "control") else list(q.controls.values())
        assert all(c.description for c in controls), kind


def test_in_a_real_kernel(tmp_path):
    """A real ipykernel: set values through the widgets, re-run, and the answers come back."""
    source = textwrap.dedent(f"""
        from course_utils import start
        s = start("real", "practice")
        q = s.ask({json.dumps(spec("classify"), ensure_ascii=False)})
        q.controls["i1"].value = "x"
        t = s.ask({json.dumps(spec("text"), ensure_ascii=False)})
        t.control.value = "Hola 😊"
        t.save()
        q
    """)
    check = textwrap.dedent(f"""
        from course_utils import start
        s2 = start("real", "graded")
        spec_c = {json.dumps(spec("classify", "graded"), ensure_ascii=False)}
        spec_t = {json.dumps(spec("text", "graded"), ensure_ascii=False)}
        print(s2.ask(spec_c).value, s2.ask(spec_t).value)
    """)
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source), nbformat.v4.new_code_cell(check)]
    )
    notebook_client(nb, tmp_path, timeout=60).execute()
    outputs = nb.cells[0].outputs
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    assert nb.cells[1].outputs[0]["text"].strip() == "{'i1': 'x'} Hola 😊"
    assert AnswerStore("real", tmp_path).get("q_classify") == {"i1": "x"}


def test_a_cell_run_twice_asks_again_but_two_questions_cannot_share_an_id(tmp_path):
    from course_utils.core.specs import SpecError

    session = start("nb", "practice", str(tmp_path))
    session.ask(spec("single"))
    session.ask(spec("single"))  # the learner re-runs the cell
    other = dict(spec("multiple"), id="q_single")
    with pytest.raises(SpecError, match="q_single"):
        session.ask(other)


def test_check_answered_lists_what_is_missing_and_fails_only_under_validate(tmp_path, monkeypatch):
    from course_utils.ui.session import UnansweredError

    session = start("nb", "graded", str(tmp_path))
    session.ask(spec("single", "graded"))
    session.ask(spec("text", "graded"))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert "2 preguntas sin responder" in session.check_answered().value
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    with pytest.raises(UnansweredError, match="«¿Pregunta single\\?»"):
        session.check_answered()
    session.questions["q_single"].control.value = "a"
    session.questions["q_text"].control.value = "   "
    session.questions["q_text"].save()
    with pytest.raises(UnansweredError, match="Te queda 1 pregunta sin") as info:
        session.check_answered()
    assert "single" not in str(info.value)
    session.questions["q_text"].control.value = "Mi respuesta"
    session.questions["q_text"].save()
    assert "todas las preguntas" in session.check_answered().value


def _contrast(foreground: str, background: str = "#ffffff") -> float:
    from course_utils.figures.draw import contrast_ratio

    return contrast_ratio(foreground, background)


def test_feedback_says_right_and_wrong_in_words_and_colour(tmp_path):
    """Right, almost and wrong are words in a colour with ≥ 4.5:1 on white; emoji only decorate."""
    import re

    from course_utils.ui.widgets import VERDICT_COLOURS

    assert all(_contrast(c) >= 4.5 for c in VERDICT_COLOURS.values())
    q = start("nb", "practice", str(tmp_path)).ask(spec("single"))
    q.control.value = "a"
    q.check()
    assert "Incorrecto" in q.feedback.value and "curso-wrong" in q.feedback.value
    assert VERDICT_COLOURS["wrong"] in q.feedback.value
    q.control.value = "b"
    q.check()
    assert "¡Correcto!" in q.feedback.value and VERDICT_COLOURS["correct"] in q.feedback.value
    c = start("nb", "practice", str(tmp_path)).ask(spec("classify"))
    c.controls["i1"].value = "x"
    c.controls["i2"].value = "x"
    c.check()
    assert "Casi: 1 de 2 bien." in c.feedback.value
    words = re.sub(r"<[^>]+>|[✅❌🎉🟡⬜]", "", c.feedback.value)
    assert "Correcto" in words and "Incorrecto" in words  # each item marked in words too


def _order(tmp_path):
    data = {
        "id": "q_orden",
        "type": "order",
        "prompt": "¿Orden?",
        "items": {"p": "Primero", "o": "Segundo", "s": "Tercero", "t": "Cuarto"},
        "answer": ["p", "o", "s", "t"],
        "explanation": "Así se hace.",
    }
    return start("nb", "practice", str(tmp_path)).ask(data)


def test_order_marks_each_position_and_keeps_the_solution_for_later(tmp_path):
    q = _order(tmp_path)
    for iid, place in {"p": 1, "o": 3, "s": 2, "t": 4}.items():
        q.controls[iid].value = place
    q.check()
    fb = q.feedback.value
    assert "Casi: 2 de 4 bien." in fb and "Elementos en su sitio: 2 de 4." in fb
    assert fb.count(": en su sitio</b>") == 2 and fb.count(": no está en su sitio</b>") == 2
    assert "Pista: hasta la 1.ª posición vas bien" in fb and "«Primero»" in fb
    assert "Orden recomendado" not in fb and "Así se hace." not in fb  # not given away yet
    q.check()  # a second wrong attempt shows the order
    assert "Orden recomendado" in q.feedback.value and "Así se hace." in q.feedback.value


def test_order_solution_button(tmp_path):
    q = _order(tmp_path)
    button = next(b for b in q.box.children[-3].children if b.description == "Ver la solución")
    button.click()
    assert "Orden recomendado" in q.feedback.value
    for iid, place in {"p": 1, "o": 2, "s": 3, "t": 4}.items():
        q.controls[iid].value = place
    q.check()
    assert "¡Correcto!" in q.feedback.value and "Así se hace." in q.feedback.value


def test_scale_uses_native_radios_with_unique_names(tmp_path):
    """Radio inputs: arrows change the option and the checked one is announced."""
    import ipywidgets

    q = start("nb", "practice", str(tmp_path)).ask(spec("scale"))
    controls = list(q.controls.values())
    assert all(isinstance(c, ipywidgets.RadioButtons) for c in controls)
    assert all(c.orientation == "horizontal" for c in controls)
    assert [label for label, _ in controls[0].options][0] == "1 Nada"
    names = [c.description for c in controls] + [c.tooltip for c in controls]
    assert all(names) and len(set(names)) == len(names)
    assert "Compartimos información" in controls[0].tooltip


def test_text_counter_moves_while_typing_and_saving_waits(tmp_path, monkeypatch):
    import time

    from course_utils.ui.widgets import Text

    monkeypatch.setattr(Text, "SAVE_PAUSE", 0.2)
    q = start("nb", "practice", str(tmp_path)).ask(spec("text"))
    assert q.control.continuous_update is True
    for n in range(1, 6):
        q.control.value = "Hola!"[:n]  # five keystrokes
        assert f"{n} / 50" in q.counter.value
    assert AnswerStore("nb", tmp_path).record("q_text") is None  # nothing written per keystroke
    time.sleep(0.6)
    record = AnswerStore("nb", tmp_path).record("q_text")
    assert record["value"] == "Hola!" and record["attempts"] == 1


SCALARS = ("classify", "order", "scale")  # per-item answers: a list is the wrong shape


@pytest.mark.parametrize("kind", list(SPECS))
def test_a_bad_saved_value_restores_empty_with_a_spanish_note(tmp_path, kind):
    store = AnswerStore("nb", tmp_path)
    store.save(f"q_{kind}", {"raro": [1, 2]} if kind not in SCALARS else [{"x": 1}])
    q = start("nb", "practice", str(tmp_path)).ask(spec(kind))
    assert q.value in (None, [], {}, "")
    assert "No se pudo recuperar tu respuesta anterior" in q.status.value


def test_a_damaged_file_never_raises_into_the_page(tmp_path):
    answers_path("nb", tmp_path).write_bytes(b"\xff\xfe no es JSON")
    for kind in SPECS:
        q = start("nb", "practice", str(tmp_path)).ask(spec(kind))
        assert "dañado" in q.status.value and q.value in (None, [], {}, "")


def test_one_list_of_question_kinds_and_modes():
    """specs names the kinds and modes once; the session has a widget for each kind."""
    from course_utils.core import specs
    from course_utils.ui import session, widgets

    assert tuple(session.QUESTION_TYPES) == specs.TYPES
    assert widgets.MODES is specs.MODES
    assert not hasattr(widgets, "TYPES") and not hasattr(widgets, "start")
