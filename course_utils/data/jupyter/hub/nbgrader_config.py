"""nbgrader settings of learners and the grader on a JupyterHub: the exchange, the course id and each learner's id (read through JUPYTER_CONFIG_PATH; TLJH and z2jh copy it into the environment's etc/jupyter/)."""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

COURSE = "redes-pymes"
c.CourseDirectory.course_id = COURSE
# One exchange for the machine: trainers release into it, learners fetch from it and submit
# into it. It must exist and be world-writable (chmod 1777): `curso` never creates it.
c.Exchange.root = os.environ.get("CURSO_EXCHANGE", "/srv/nbgrader/exchange")

# The learner id is the hub user name. nbgrader would take the Unix user name (on TLJH
# «jupyter-ana», not «ana») and reads JUPYTERHUB_USER only when the Unix user is «jovyan»
# (nbgrader#1011, #1936). Never for the grader: there student_id filters autograde and
# feedback, and must stay «*» (everybody). The grader service sets CURSO_FORMADOR=1.
_user = os.environ.get("JUPYTERHUB_USER", "").strip()
if _user and not os.environ.get("CURSO_FORMADOR"):
    c.CourseDirectory.student_id = _user

# Copied from the course's nbgrader_config.py (a test keeps them equal): learners run
# Validate in their own server, which reads this file and not the course's.
# What nbgrader's Validate says, in Spanish (the last check of each exercise lists the
# unanswered questions and makes Validate fail while any is left).
c.Validator.failed_warning = (
    "¡OJO! {num_failed} COMPROBACIONES NO PASAN. Si entregas el ejercicio así, NO tendrás la "
    "nota completa.\n"
)
c.Validator.changed_warning = (
    "HAS CAMBIADO EL CONTENIDO DE {num_changed} CELDAS DE COMPROBACIÓN. Aunque ahora pasen, "
    "la corrección usará las originales.\n"
)
c.Validator.type_changed_warning = (
    "HAS CAMBIADO EL TIPO DE {num_changed} CELDAS. La corrección usará las originales.\n"
)
c.Validator.passed_warning = "EL CUADERNO PASA {num_passed} COMPROBACIONES.\n"
