"""argparse's own English error messages in Spanish, for the `curso` command line."""

from __future__ import annotations

import re

#: (argparse's message as a pattern, the Spanish sentence); argparse 3.10–3.13 wording.
_MESSAGES = [
    (r"the following arguments are required: (.+)", "falta indicar {0}"),
    (r"unrecognized arguments: (.+)", "no reconozco {0}"),
    (
        r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)",
        "{0} no admite {1} (elige entre {2})",
    ),
    (r"argument (\S+): invalid int value: (.+)", "{0} necesita un número entero (no {1})"),
    (r"argument (\S+): invalid float value: (.+)", "{0} necesita un número (no {1})"),
    (r"argument (\S+): expected one argument", "{0} necesita un valor detrás"),
    (r"argument (\S+): expected at least one argument", "{0} necesita al menos un valor"),
    (r"argument (\S+): not allowed with argument (\S+)", "{0} no se puede usar junto con {1}"),
    (r"argument (\S+): ignored explicit argument (.+)", "{0} no lleva valor (sobra {1})"),
    (r"ambiguous option: (\S+) could match (.+)", "{0} es ambigua: puede ser {1}"),
]


def spanish(message: str) -> str:
    """argparse's error ``message`` in Spanish; an unknown one is left as it is."""
    for pattern, sentence in _MESSAGES:
        found = re.fullmatch(pattern, message.strip())
        if found:
            return sentence.format(*found.groups())
    return message
