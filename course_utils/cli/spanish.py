"""The `curso` command line's parser: argparse with Spanish help, usage and errors (argparse's own messages translated)."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

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


class SpanishFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


class SpanishParser(argparse.ArgumentParser):
    """argparse with Spanish help and errors."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("allow_abbrev", False)  # «--cuad» is a typo, not --cuadernos
        super().__init__(formatter_class=SpanishFormatter, add_help=False, **kwargs)
        self._positionals.title = "órdenes"
        self._optionals.title = "opciones"
        self.add_argument(
            "-h", "--ayuda", "--help", action="help", help="muestra esta ayuda y termina"
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            2,
            f"{self.prog}: no entiendo la orden ({spanish(message)}). "
            f"Prueba «{self.prog} --ayuda».\n",
        )
