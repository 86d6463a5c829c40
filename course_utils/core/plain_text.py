"""Learner-written text made inert wherever an instructor reads it: terminal, spreadsheet (CSV) and Markdown."""

from __future__ import annotations

import re
import unicodedata

#: Unicode categories that move a terminal's cursor, hide text or reorder it (bidi overrides
#: are "Cf"), and lone surrogates: none of them is ever shown as it is.
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
#: OWASP's CSV-injection rule: a cell starting with one of these is a formula to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BACKTICKS = re.compile(r"`+")


def visible(text: object, limit: int | None = None) -> str:
    """``text`` with every control, format or bidi character replaced by «�» and its line
    breaks by spaces: safe to print in a terminal, one line, at most ``limit`` characters."""
    out = []
    for ch in str(text):
        if ch in "\n\r\t":
            out.append(" ")
        elif unicodedata.category(ch) in _HIDDEN:
            out.append("\N{REPLACEMENT CHARACTER}")
        else:
            out.append(ch)
    shown = "".join(out)
    if limit is not None and len(shown) > limit:
        shown = shown[: max(limit - 1, 0)] + "…"
    return shown


def csv_cell(text: object) -> str:
    """A spreadsheet cell that is never a formula: control characters removed and a leading
    «'» when it starts with = + - @ tab or carriage return (OWASP's rule)."""
    cell = visible(text)
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def markdown_literal(text: str) -> str:
    """A fenced Markdown block that shows ``text`` as it is: no link, image or HTML inside it
    is ever rendered (the fence is longer than any run of backticks in the text)."""
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    lines = [visible(line) for line in text.splitlines()] or [""]
    return f"{fence}text\n" + "\n".join(lines) + f"\n{fence}"
