"""The feedback page a learner receives (nbgrader's GenerateFeedback through the course's template, set in nbgrader_config.py): Spanish, no code, the learner's text escaped, nothing loaded from outside; a real nbgrader round trip."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from course_utils.core.lessons import exercise_notebook
from course_utils.grading.submissions import nbgrader
from course_utils.launch import pages as hub_pages
from support import ROOT, answers_doc, copy_course
from support.pages import foreign_loads

pytestmark = pytest.mark.nbgrader

EXERCISE = "01-despersonalizar-la-critica"
NOTEBOOK = exercise_notebook(EXERCISE).removesuffix(".ipynb")
TEXT = "<script>alert(1)</script> Hola, Rosa & <img src=x onerror=alert(2)> «gracias»"
COMMENT = "Bien visto <b>el retraso</b>; falta el paso concreto."
# nbgrader's own labels (its feedback template), which must not reach a learner
ENGLISH = ("Score", "Student's answer", "Test cell", "Comments:", "(Top)", "Grade cell")
CODE = (
    "from course_utils",
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "BEGIN MARK SCHEME",
    "grade(",
    "review_box(",
    "ejercicio.ask",
    "check_answered",
    'class="input_area"',
    "highlight",
)


@pytest.fixture(scope="module")
def feedback(tmp_path_factory) -> dict[str, str]:
    """Release, two submissions (answers with HTML in the free text; no answers file at all),
    autograde, a manual score and comment as formgrader saves them, feedback."""
    course = tmp_path_factory.mktemp("curso")
    copy_course(course, f"solutions/{EXERCISE}")
    assert nbgrader(course, "generate_assignment", EXERCISE, "--force").returncode == 0
    reference = json.loads(
        (ROOT / "tests" / "data" / "reference" / f"{EXERCISE}.json").read_text(encoding="utf-8")
    )
    for student in ("ana", "sin-respuestas"):
        folder = course / "submitted" / student / EXERCISE
        shutil.copytree(course / "exercises" / EXERCISE, folder)  # the release folder
    answers = {**reference["perfect"], "respuesta_resena": TEXT}
    (course / "submitted" / "ana" / EXERCISE / f"respuestas-{EXERCISE}.json").write_text(
        answers_doc(EXERCISE, answers), encoding="utf-8"
    )
    graded = nbgrader(course, "autograde", EXERCISE, "--force")
    assert graded.returncode == 0, graded.stderr[-3000:]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        grade = gb.find_grade("rubrica_respuesta", NOTEBOOK, EXERCISE, "ana")
        grade.manual_score = 3.5
        comment = gb.find_comment("rubrica_respuesta", NOTEBOOK, EXERCISE, "ana")
        comment.manual_comment = COMMENT
        gb.db.commit()
    made = nbgrader(course, "generate_feedback", EXERCISE, "--force")
    assert made.returncode == 0, made.stderr[-3000:]
    return {
        student: (course / "feedback" / student / EXERCISE / f"{NOTEBOOK}.html").read_text("utf-8")
        for student in ("ana", "sin-respuestas")
    }


def test_the_course_sets_its_feedback_template():
    from traitlets.config import Config

    c = Config()
    path = ROOT / "nbgrader_config.py"
    exec(compile(path.read_text("utf-8"), str(path), "exec"), {"get_config": lambda: c, "__file__": str(path)})  # fmt: skip
    assert c.HTMLExporter.template_name == hub_pages.FEEDBACK_TEMPLATE
    folder = Path(c.HTMLExporter.extra_template_basedirs[0]) / hub_pages.FEEDBACK_TEMPLATE
    assert (folder / "index.html.j2").is_file()


def test_feedback_is_spanish_with_the_scores(feedback):
    html = feedback["ana"]
    assert '<html lang="es">' in html
    assert "<title>Corrección · Ejercicio 01 · Despersonalizar la crítica</title>" in html
    for english in ENGLISH:
        assert english not in html, english
    # 5 + 5 automatic, the free text's automatic part, 3,5 of 4 by hand
    assert re.search(r"Tu nota: [\d,]+ de 16 puntos", html)
    assert "Corrección automática" in html and "Corrección a mano" in html
    assert re.search(r"<span>5 de 5 puntos", html)
    assert "3,5 de 4 puntos" in html
    assert "Pregunta «tipo_comentario»: 5 de 5 puntos." in html, "the grading's review lines"
    assert "Lo que guardaste:" in html and "e01 → cliente_insatisfecho" in html
    assert "Comentario de quien corrige:" in html


def test_feedback_shows_no_code_and_loads_nothing(feedback):
    for student, html in feedback.items():
        assert "<pre" not in html, student
        for code in CODE:
            assert code not in html, (student, code)
        assert foreign_loads(html, host="") == [], student
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), student
        assert "mathjax" not in html.lower(), student


def test_the_learners_text_and_the_graders_comment_are_escaped(feedback):
    html = feedback["ana"]
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>el retraso" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Hola, Rosa &amp; &lt;img src=x" in html
    assert "Bien visto &lt;b&gt;el retraso&lt;/b&gt;" in html


def test_a_submission_without_answers_gets_a_spanish_note(feedback):
    html = feedback["sin-respuestas"]
    assert "No se entregó el archivo de respuestas" in html
    assert "Tu nota: 0 de 16 puntos" in html
