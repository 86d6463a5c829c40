"""«Corregir mi ejercicio» scores saved answers as autograde does, and «Entregar a mi formador» submits through nbgrader's exchange."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from course_utils.core.formats import es_points
from course_utils.core.lessons import exercise_notebook
from course_utils.grading import self_check
from course_utils.grading.submissions import nbgrader
from course_utils.ui.self_check_box import report_html, self_check_box
from course_utils.ui.session import start
from support import ROOT, answers_doc, copy_course, released_course

EXERCISES = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
NASTY = "<script>alert(1)</script><img src=x onerror=alert(2)> «hola»"


def reference(name: str) -> dict:
    return json.loads((ROOT / "tests" / "data" / "reference" / f"{name}.json").read_text("utf-8"))


def graded_points(name: str) -> dict[str, float]:
    """Points of each scoring test cell of the source (what autograde grades automatically)."""
    nb = json.loads((ROOT / "solutions" / name / exercise_notebook(name)).read_text("utf-8"))
    out = {}
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("grade") and meta.get("points"):
            out[meta["grade_id"]] = float(meta["points"])
    return out


def owner_copy(tmp_path: Path, name: str, answers: str | None, course: bool = True) -> Path:
    """An owner's course folder (solutions/ beside exercises/), or a bare exercise folder."""
    base = tmp_path / "curso"
    if course:
        if not base.is_dir():
            base.mkdir()
            copy_course(base, "solutions")
        folder = base / "exercises" / name
    else:
        folder = tmp_path / "sin-curso" / name
    shutil.copytree(ROOT / "exercises" / name, folder)
    if answers is not None:
        (folder / f"respuestas-{name}.json").write_text(answers, encoding="utf-8")
    return folder


def solutions_snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
    }


# -- scoring ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXERCISES)
def test_perfect_answers_earn_every_automatic_point(name, tmp_path):
    folder = owner_copy(tmp_path, name, answers_doc(name, reference(name)["perfect"]))
    before = solutions_snapshot(tmp_path / "curso" / "solutions")
    check = self_check.check_exercise(folder, name)
    assert check.status == "corregido", check.message
    assert {q.grade_id: q.earned for q in check.questions} == graded_points(name)
    assert check.earned == check.auto_total == sum(graded_points(name).values())
    assert all(q.verdict == "correcta" for q in check.questions)
    assert check.manual and all(m.criteria and m.points for m in check.manual)
    # the keys are read, never written, and nothing is left beside them
    assert solutions_snapshot(tmp_path / "curso" / "solutions") == before


@pytest.mark.parametrize("name", EXERCISES)
def test_partial_answers_earn_the_hand_worked_partial_credit(name, tmp_path):
    ref = reference(name)["partial"]
    folder = owner_copy(tmp_path, name, answers_doc(name, ref["answers"]))
    check = self_check.check_exercise(folder, name)
    earned = {q.grade_id: q.earned for q in check.questions}
    assert earned == pytest.approx(ref["expected"], abs=0.011)
    assert 0 < check.earned < check.auto_total
    assert {"en_parte", "incorrecta"} & {q.verdict for q in check.questions}
    total = f"de {es_points(check.auto_total)} puntos automáticos"
    assert total in check.summary() and total in report_html(check)


@pytest.mark.nbgrader
def test_the_scores_equal_what_nbgrader_autograde_records(tmp_path):
    """The same answers through `curso corregir`'s autograde and through the box, cell by cell."""
    from nbgrader.api import Gradebook

    from course_utils.grading.submissions import grade_assignment

    name = "01-despersonalizar-la-critica"
    course = tmp_path / "curso"
    kinds = {
        "perfecta": reference(name)["perfect"],
        "parcial": reference(name)["partial"]["answers"],
    }
    for student, answers in kinds.items():
        owner_copy(tmp_path, name, answers_doc(name, answers))
        shutil.copytree(course / "exercises" / name, course / "submitted" / student / name)
        shutil.rmtree(course / "exercises" / name)
    assert nbgrader(course, "generate_assignment", name, "--force").returncode == 0
    grade_assignment(course, name)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in kinds:
            nb = gb.find_submission(name, student).notebooks[0]
            autograde = {
                g.name: g.auto_score
                for g in nb.grades
                if g.max_score and g.auto_score is not None and g.cell_type == "code"
            }
            folder = course / "submitted" / student / name
            check = self_check.check_exercise(folder, name)
            assert {q.grade_id: q.earned for q in check.questions} == pytest.approx(
                autograde, abs=1e-9
            )
    assert autograde == pytest.approx(reference(name)["partial"]["expected"], abs=0.011)


def test_the_report_says_the_score_per_question_in_spanish_and_what_is_graded_by_hand(tmp_path):
    name = "01-despersonalizar-la-critica"
    folder = owner_copy(tmp_path, name, answers_doc(name, reference(name)["partial"]["answers"]))
    check = self_check.check_exercise(folder, name)
    page = report_html(check)
    assert "6,8 de 12 puntos automáticos" in page
    assert (
        "3,5 de 5 puntos · <span aria-hidden='true'>🟡</span> <b style='color:#7d4e00'>Bien en parte</b>"
        in page
    )
    assert "Bien clasificados: 7 de 10." in page
    assert "4 puntos · <b>lo corregirá tu formador a mano</b>" in page
    assert "Reconoce el problema concreto" in page  # a rubric criterion
    assert "Revisión automática del texto" in page  # the reviewer's card for the reply
    assert "BEGIN" not in page and "grade(" not in page


def test_no_answers_file_scores_nothing_and_says_what_to_do(tmp_path):
    name = "00-primeros-pasos"
    check = self_check.check_exercise(owner_copy(tmp_path, name, None), name)
    assert check.status == "sin_respuestas" and "Todavía no hay ninguna respuesta" in check.message
    assert check.earned == 0 and {q.verdict for q in check.questions} == {"sin_responder"}
    assert "0 de 10 puntos automáticos" in report_html(check)


@pytest.mark.parametrize(
    "raw, words",
    [("{roto", "dañado"), ("", "dañado"), ("[1, 2]", "no es válido"), ('{"schema": 9}', "versión")],
)
def test_a_corrupt_or_tampered_answers_file_gives_a_spanish_message(tmp_path, raw, words):
    name = "00-primeros-pasos"
    folder = owner_copy(tmp_path, name, raw)
    check = self_check.check_exercise(folder, name)
    assert check.status == "respuestas_no_validas" and words in check.message
    page = report_html(check)
    assert 'role="alert"' in page and "Traceback" not in page


def test_a_linked_answers_file_is_not_followed(tmp_path):
    name = "00-primeros-pasos"
    folder = owner_copy(tmp_path, name, None)
    secret = tmp_path / "otro.json"
    secret.write_text(answers_doc(name, reference(name)["perfect"]), "utf-8")
    (folder / f"respuestas-{name}.json").symlink_to(secret)
    check = self_check.check_exercise(folder, name)
    assert check.status == "respuestas_no_validas" and "enlace" in check.message


def test_answers_of_the_wrong_shape_score_without_raising(tmp_path):
    name = "00-primeros-pasos"
    odd = {"p1": ["b"], "p2": "b", "p3": {"c1": ["queja"]}, "p4": 7, "p5": {"x": 1}, "p6": 15}
    check = self_check.check_exercise(owner_copy(tmp_path, name, answers_doc(name, odd)), name)
    assert check.status == "corregido" and check.earned == 0


def test_the_learners_notebook_is_never_read_or_run(tmp_path):
    name = "00-primeros-pasos"
    folder = owner_copy(tmp_path, name, answers_doc(name, reference(name)["perfect"]))
    marker = tmp_path / "ejecutado"
    notebook = json.loads((folder / exercise_notebook(name)).read_text("utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["source"] = f"open({str(marker)!r}, 'w').write('x')\n1000"
    (folder / exercise_notebook(name)).write_text(json.dumps(notebook), "utf-8")
    check = self_check.check_exercise(folder, name)
    assert check.earned == check.auto_total == 10 and not marker.exists()


def test_without_the_solutions_folder_the_trainer_grades_and_the_box_lists_what_is_left(tmp_path):
    name = "00-primeros-pasos"
    folder = owner_copy(tmp_path, name, None, course=False)
    check = self_check.check_exercise(folder, name)
    assert check.status == "sin_claves" and "tu formador o formadora" in check.message
    assert not check.questions
    session = start(name, mode="graded", folder=str(folder))
    session.ask({"id": "p1", "type": "single", "prompt": "¿Dónde?", "options": ["Aquí", "Allí"]})
    box = self_check_box(session)
    box.corregir()
    assert "cuando entregas el ejercicio" in box.result.value
    assert "Te quedan por responder" in box.result.value and "«¿Dónde?»" in box.result.value


def test_html_in_the_answers_is_escaped_in_the_box(tmp_path):
    name = "01-despersonalizar-la-critica"
    answers = dict(reference(name)["perfect"], respuesta_resena=NASTY)
    answers["tipo_comentario"] = {"e01": NASTY}
    folder = owner_copy(tmp_path, name, answers_doc(name, answers))
    box = self_check_box(start(name, mode="graded", folder=str(folder)))
    box.corregir()
    page = box.result.value + "".join(
        part.children[0].value for part in box.assessment.children
    )  # the written answer is shown in the self-assessment (off a hub)
    assert "puntos" in page
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_corrupt_file_in_the_box_is_a_message_not_an_exception(tmp_path):
    name = "00-primeros-pasos"
    folder = owner_copy(tmp_path, name, "{roto")
    box = self_check_box(start(name, mode="graded", folder=str(folder)))
    box.corregir()
    assert "está dañado" in box.result.value and not box.button.disabled


def test_an_engine_failure_is_a_spanish_message(tmp_path, monkeypatch):
    name = "00-primeros-pasos"
    folder = owner_copy(tmp_path, name, answers_doc(name, reference(name)["perfect"]))

    def broken(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr(self_check, "_engine_outputs", broken)
    check = self_check.check_exercise(folder, name)
    assert check.status == "error" and "No se ha podido corregir" in check.message


# -- submitting ---------------------------------------------------------------------------------


def test_off_a_hub_the_box_speaks_to_one_person_alone(tmp_path, monkeypatch):
    monkeypatch.delenv(self_check.HUB_VARIABLE, raising=False)
    name = "00-primeros-pasos"
    box = self_check_box(start(name, mode="graded", folder=str(tmp_path)))
    assert box.submit_button is None
    text = " ".join(getattr(w, "value", "") for w in box.children)
    assert "No tienes que enviar nada" in text
    assert not re.search(r"formador|taller|entreg", text, re.I), text
    assert self_check.submit(tmp_path).ok is False


TRAINER_WORDS = re.compile(r"formador|formadora|taller \(|entregar|a mano|Corrección a mano", re.I)


def _ask_as_the_exercise_does(session, folder: Path) -> None:
    """Run the exercise's question cells (data and ``ask``) against ``session``."""
    import nbformat

    from course_utils.topics import triage
    from course_utils.ui.review_box import review_box

    nb = nbformat.read(next(folder.glob("ejercicio-*.ipynb")), as_version=4)
    scope = {"ejercicio": session, "triage": triage, "review_box": review_box}
    for cell in nb.cells:
        if cell.cell_type == "code" and (
            "ejercicio.ask" in cell.source or "review_box(" in cell.source or " = {" in cell.source
        ):
            if "import" not in cell.source:
                exec(cell.source, scope)


def test_alone_the_self_check_names_items_gives_reasons_and_a_rubric_to_tick(tmp_path, monkeypatch):
    monkeypatch.delenv(self_check.HUB_VARIABLE, raising=False)
    name = "01-despersonalizar-la-critica"
    answers = reference(name)["partial"]["answers"]
    folder = owner_copy(tmp_path, name, answers_doc(name, answers))
    session = start(name, mode="graded", folder=str(folder))
    _ask_as_the_exercise_does(session, folder)
    box = self_check_box(session)
    box.corregir()
    page = box.result.value
    # items by their text, verdicts in words and colour, the key's reason under a wrong one
    assert "Estafadores. Id al Taller Ruiz" in page and "e04" not in page
    assert "<b style='color:#a40e26'>No</b>" in page and "Bien" in page
    assert "las tres pistas de competencia encubierta" in page  # e04, answered «troll»
    assert "Se escala antes que cualquier otra acción".lower() in page.lower()  # e06
    # no points waiting for a trainer, and it knows everything is answered
    assert not TRAINER_WORDS.search(page), TRAINER_WORDS.search(page)
    assert "Terminado: has respondido todas las preguntas." in page
    # the written answer: a self-assessment, one box per criterion, kept in a file
    [part] = box.assessment.children
    assert "Reconoce el problema concreto" in part.boxes[0].description
    assert "Cumple 0 de 4 criterios" in part.tally.value
    part.boxes[0].value = part.boxes[2].value = True
    assert "Cumple 2 de 4 criterios" in part.tally.value
    kept = json.loads((folder / f"respuestas-{name}-autoevaluacion.json").read_text("utf-8"))
    assert next(iter(kept["answers"].values()))["value"] == ["1", "3"]
    again = self_check_box(start(name, mode="graded", folder=str(folder)))
    again.corregir()
    assert [b.value for b in again.assessment.children[0].boxes] == [True, False, True, False]


def test_alone_the_self_check_lists_what_is_left_by_its_question(tmp_path, monkeypatch):
    monkeypatch.delenv(self_check.HUB_VARIABLE, raising=False)
    name = "01-despersonalizar-la-critica"
    answers = dict(reference(name)["partial"]["answers"])
    answers.pop("respuesta_resena")
    folder = owner_copy(tmp_path, name, answers_doc(name, answers))
    session = start(name, mode="graded", folder=str(folder))
    _ask_as_the_exercise_does(session, folder)
    shown = session.check_answered()
    assert "Todavía no has terminado" in shown.value and "respuesta_resena" not in shown.value
    assert "«Tu respuesta pública a Rosa" in shown.value
    session.store.save("respuesta_resena", answers_of_a_good_reply())
    assert "Terminado" in shown.value  # redrawn after the save, whoever saved


def answers_of_a_good_reply() -> str:
    return reference("01-despersonalizar-la-critica")["perfect"]["respuesta_resena"]


def test_on_a_hub_without_an_exchange_the_submission_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv(self_check.HUB_VARIABLE, "alumna")
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "config"))
    folder = tmp_path / "00-primeros-pasos"
    folder.mkdir()
    box = self_check_box(start("00-primeros-pasos", mode="graded", folder=str(folder)))
    assert box.submit_button.description == "Entregar a mi formador"
    box.entregar()
    assert "no tiene configurado el intercambio" in box.submitted.value
    assert 'role="alert"' in box.submitted.value and not box.submit_button.disabled


@pytest.mark.nbgrader
def test_on_a_hub_the_box_submits_to_the_exchange_inbound(tmp_path, monkeypatch):
    name = "00-primeros-pasos"
    exchange = tmp_path / "intercambio"
    exchange.mkdir()
    os.chmod(exchange, 0o777)
    released_course(tmp_path / "formadora", exchange, name)
    # the learner's server on the hub: nbgrader's config in their Jupyter config folder
    home = tmp_path / "alumna"
    (home / ".jupyter").mkdir(parents=True)
    (home / ".jupyter" / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = 'redes-pymes'\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
    )
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(home / ".jupyter"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(home / ".local"))
    monkeypatch.setenv(self_check.HUB_VARIABLE, "alumna")
    assert nbgrader(home, "fetch_assignment", name).returncode == 0
    folder = home / name
    (folder / f"respuestas-{name}.json").write_text(answers_doc(name, reference(name)["perfect"]))

    box = self_check_box(start(name, mode="graded", folder=str(folder)))
    box.entregar()
    assert "¡Entregado!" in box.submitted.value, box.submitted.value
    inbound = list((exchange / "redes-pymes" / "inbound").iterdir())
    assert [p.name.split("+")[:2] for p in inbound] == [["alumna", name]]
    assert (inbound[0] / f"respuestas-{name}.json").is_file()
    assert (inbound[0] / exercise_notebook(name)).is_file()

    # an exercise the trainer never released cannot be submitted, and says why
    other = home / "99-inventado"
    shutil.copytree(folder, other)
    done = self_check.submit(other)
    assert not done.ok and "no es un ejercicio publicado" in done.message


def test_the_report_says_why_a_debatable_key_is_what_it_is(tmp_path):
    """claves.yaml's reason for a changed key is shown after answering (issue 23)."""
    name = "05-desde-dentro-o-delegar"
    answers = dict(reference(name)["partial"]["answers"])
    answers["medidas"] = {**answers["medidas"], "agencia": "contrasenas"}
    folder = owner_copy(tmp_path, name, answers_doc(name, answers))
    check = self_check.check_exercise(folder, name)
    (medidas,) = [q for q in check.questions if "medidas" in q.qids]
    assert any(
        "Por qué esta clave:" in line and "perfil personal" in line for line in medidas.lines
    )
    assert medidas.earned == 1.5  # perfil, agencia (now accepted) and nadie: 3 of 5 × 2,5
    assert "Por qué esta clave" in report_html(check)


@pytest.mark.parametrize("name", EXERCISES)
def test_the_reasons_name_questions_and_items_the_keys_have(name):
    """data/razones.yaml speaks of real questions: every classify item of a key has a reason,
    and every right option of a choice key too (the one place the reasons are kept)."""
    import nbformat

    from course_utils.grading.self_check_items import keys_in, reasons

    source = nbformat.read(ROOT / "solutions" / name / exercise_notebook(name), as_version=4)
    keys, why = keys_in(source.cells), reasons(name)
    assert set(why) <= set(keys), set(why) - set(keys)
    for qid, items in why.items():
        kind, key = keys[qid]
        right = set(key) if kind != "single" else {key}
        assert right <= set(items), (qid, right - set(items))
