"""nbgrader settings both the course folder's and the hub's configuration files share: what nbgrader's Validate says, in Spanish."""

from __future__ import annotations

from typing import Any

#: What Validate prints (the last check of each exercise lists the unanswered questions and
#: makes Validate fail while any is left).
VALIDATOR_MESSAGES = {
    "failed_warning": (
        "¡OJO! {num_failed} COMPROBACIONES NO PASAN. Si entregas el ejercicio así, NO tendrás "
        "la nota completa.\n"
    ),
    "changed_warning": (
        "HAS CAMBIADO EL CONTENIDO DE {num_changed} CELDAS DE COMPROBACIÓN. Aunque ahora pasen, "
        "la corrección usará las originales.\n"
    ),
    "type_changed_warning": (
        "HAS CAMBIADO EL TIPO DE {num_changed} CELDAS. La corrección usará las originales.\n"
    ),
    "passed_warning": "EL CUADERNO PASA {num_passed} COMPROBACIONES.\n",
}


def spanish_validator(c: Any) -> None:
    """Set Validate's messages on a traitlets config ``c`` (an nbgrader_config.py's)."""
    for name, text in VALIDATOR_MESSAGES.items():
        setattr(c.Validator, name, text)
