"""One reader of a notebook's code without running it: its code cells' text and their Python syntax trees (questions, keys, figures and graders are read from these, never executed)."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any


def cell_text(cell: Mapping[str, Any]) -> str:
    """A cell's source as one string (nbformat keeps it as a string or a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def parse(source: str) -> ast.Module | None:
    """The syntax tree of some code, or None when it is not Python (a released stub)."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def code_cells(notebook: str | Path | Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The text of each code cell of a notebook file (or of a list of cells), in order."""
    if isinstance(notebook, (str, Path)):
        cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    else:
        cells = notebook
    for cell in cells:
        if cell.get("cell_type") == "code":
            yield cell_text(cell)


def code_trees(notebook: str | Path | Iterable[Mapping[str, Any]]) -> Iterator[ast.Module]:
    """The syntax tree of each code cell that is Python, in order."""
    for source in code_cells(notebook):
        tree = parse(source)
        if tree is not None:
            yield tree
