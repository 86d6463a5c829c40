"""nbgrader settings of learners and the grader on a JupyterHub: the exchange, the course id and each learner's id (read through JUPYTER_CONFIG_PATH on the plain hub; TLJH and z2jh load it from their environment's etc/jupyter/)."""

import os

from course_utils.grading.nbgrader_settings import spanish_validator

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

# Learners run Validate in their own server, which reads this file and not the course's:
# the same Spanish messages as the course folder's (course_utils/grading/nbgrader_settings.py).
spanish_validator(c)
