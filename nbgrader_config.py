"""nbgrader configuration for the course (run nbgrader commands from this folder)."""

from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    GetGrades,
    LimitOutput,
    SaveAutoGrades,
)

from course_utils.grading.engine import (
    GradeFromAnswers,
    QueueForHandGrading,
    RebuildFromSource,
    guard_nbgrader_autograde,
)
from course_utils.grading.feedback_page import FeedbackExporter
from course_utils.grading.intake import IGNORED
from course_utils.grading.nbgrader_settings import spanish_validator
from course_utils.launch.pages import FEEDBACK_TEMPLATE, FEEDBACK_TEMPLATES

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

HERE = Path(__file__).resolve().parent
ANSWERS_PATTERN = "respuestas-*.json"

c.CourseDirectory.course_id = "redes-pymes"
# solutions/ is the source folder (with answers, hidden tests and rubrics);
# exercises/ is the release folder that learners receive. Do not set
# CourseDirectory.root: nbgrader uses the folder it runs from.
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# never copied to grades or feedback, nor read by `curso corregir`'s checks (course_utils.grading.intake)
c.CourseDirectory.ignore = list(IGNORED)

# Learners' answer files must never travel from the source folder over a submission
# (autograde copies every other file of solutions/<assignment>/ over each submission; seen
# here: a stray answers file replaced a student's answers). They cannot go in
# CourseDirectory.ignore: autograde would then drop the student's own file too.
# `make ejercicios` (course_utils.grading.release) also leaves them out of the release.
c.Autograde.exclude_overwriting = {
    folder.name: sorted(p.name for p in folder.glob(ANSWERS_PATTERN + "*"))
    + [f"respuestas-{folder.name}.json"]
    for folder in sorted((HERE / "solutions").glob("*"))
    if folder.is_dir()
}

# Spanish stubs for what learners must write.
c.ClearSolutions.code_stub = {
    "python": "# ESCRIBE TU RESPUESTA AQUÍ\nraise NotImplementedError('Escribe tu respuesta en esta celda.')"
}
c.ClearSolutions.text_stub = "ESCRIBE TU RESPUESTA AQUÍ"
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"

# Autograde grades the answers as data and runs no learner code (course_utils/grading/engine.py):
# the graded notebook is rebuilt from solutions/ (cells a learner added are dropped, deleted
# ones come back), then each hidden test cell of the source is scored in this process against
# the submission's answers file, read without following links. No kernel starts.
c.Autograde.sanitize_preprocessors = [RebuildFromSource, CheckCellMetadata]
c.Autograde.autograde_preprocessors = [
    GradeFromAnswers,
    LimitOutput,
    SaveAutoGrades,
    QueueForHandGrading,  # a test cell the course failed to grade: 0 and pending hand grading
    AssignLatePenalties,
    CheckCellMetadata,
]
# Plain `nbgrader autograde` and formgrader's «Autograde» button: nbgrader copies a submission's
# files following links (and reads its timestamp and notebooks) before any preprocessor runs.
# This makes it check each submission first, as `curso corregir` does (course_utils.grading.intake), and
# refuse one with a link, a pipe, a huge file, a broken timestamp or notebook, or an unsafe
# student id, with a Spanish message that points to `curso corregir`.
guard_nbgrader_autograde()
# Learners' own Validate button still runs their notebook in their kernel: keep it bounded.
c.ExecutePreprocessor.timeout = 60
c.Execute.timeout = 60

# Feedback: learners see their score per cell and the Spanish review printed by the
# hidden tests (which items were right or wrong), never the test code or the key
# (nbgrader shows hidden tests in feedback by default: nbgrader#917).
# The graded notebook is the source, so the instructor's mark schemes are cleared too.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    ClearHiddenTests,
    ClearMarkScheme,
    CSSHTMLHeaderPreprocessor,
]
# --- Feedback page (course_utils/launch/pages.py): the course's template, Spanish, no code cells,
# the learner's saved answers as escaped text, nothing loaded from the internet. GenerateFeedback
# uses nbgrader's own template only while these two HTMLExporter settings are unset.
c.HTMLExporter.template_name = FEEDBACK_TEMPLATE
c.HTMLExporter.extra_template_basedirs = [str(FEEDBACK_TEMPLATES)]
# --- end of the feedback page's block
# nbgrader's feedback template loads MathJax from a CDN: the course's pages load nothing remote.
c.GenerateFeedback.exporter_class = FeedbackExporter

# What nbgrader's Validate says, in Spanish (one text for the course folder and the hub).
spanish_validator(c)
