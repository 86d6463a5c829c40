"""jsonschema without its optional IRI grammar: a page's first question need not wait 1.5 s for it."""

from __future__ import annotations

import sys
from typing import Any


def draft202012_validator(schema: dict) -> Any:
    """A jsonschema Draft 2020-12 validator for ``schema`` (which uses no "format").

    jsonschema imports rfc3987_syntax, when installed, to check "iri" formats, and that module
    builds a grammar at import time (1.5 s, measured in a lesson's kernel). If jsonschema is not
    imported yet, keep that optional module out for the import, then let it import normally.
    """
    blocked = "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules
    if blocked:
        # None in sys.modules makes that import fail (the import system's documented
        # behaviour); typeshed types sys.modules as holding modules only
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        from jsonschema import Draft202012Validator
    finally:
        if blocked:
            del sys.modules["rfc3987_syntax"]
    return Draft202012Validator(schema)
