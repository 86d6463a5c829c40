"""nbgrader configuration for the course (run nbgrader commands from this folder)."""

from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

HERE = Path(__file__).resolve().parent
ANSWERS_PATTERN = "respuestas-*.json"

c.CourseDirectory.course_id = "redes-pymes"
# solutions/ is the source folder (with answers, hidden tests and rubrics);
# exercises/ is the release folder that learners receive. Do not set
# CourseDirectory.root: nbgrader uses the folder it runs from.
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# Learners' answer files must never travel from the source folder over a submission
# (autograde copies every other file of solutions/<assignment>/ over each submission; seen
# here: a stray answers file replaced a student's answers). They cannot go in
# CourseDirectory.ignore: autograde would then drop the student's own file too.
# `make ejercicios` (course_utils.release) also leaves them out of the release.
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

# A stuck cell must not block the grading of the whole class.
c.ExecutePreprocessor.timeout = 60
c.Execute.timeout = 60

# Feedback: learners see their score per cell and the Spanish review printed by the
# hidden tests (which items were right or wrong), never the test code or the key
# (nbgrader shows hidden tests in feedback by default: nbgrader#917).
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
