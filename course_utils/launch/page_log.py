"""The pages' server log without lines an owner would read as a fault: a notebook «not trusted» (Voilà runs the course's own pages anyway) and the closing page's kernel shutdown refused for its missing _xsrf (the kernel is culled a minute later, which is no fault either)."""

from __future__ import annotations

import logging

_XSRF = "'_xsrf' argument missing from POST"


class HarmlessLines(logging.Filter):
    """Drops the two harmless warnings of every page opening and closing; keeps the rest."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except (TypeError, ValueError):
            return True
        if "is not trusted" in text or text.startswith("Culling 'idle' kernel"):
            return False
        return not (_XSRF in text and ("/api/shutdown/" in text or "wrote error" in text))
