"""Rewrite every stated duration from the time model: lessons' and exercises' «Duración» lines,
lessons' parts, and the table of docs/tiempos.md (run from the repository root, then
`make ejercicios`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course_utils.core.lessons import estimate, estimate_parts, stated_minutes, time_table  # noqa: E402

_COUNT = {2: "dos", 3: "tres", 4: "cuatro"}
_LINE = re.compile(
    r"⏱️ \d+ minutos(?:, en \w+ partes \([^)]*\): puedes hacer una, parar y volver otro día)?"
)
_PART = re.compile(r"^(## Parte \d de \d — [^\n(]*?)(?: \(unos \d+ minutos\))?$", re.M)
_TABLE = re.compile(r"(<!-- tabla-tiempos: inicio -->\n).*?(\n<!-- tabla-tiempos: fin -->)", re.S)


def _and(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:-1])) + " y " + str(numbers[-1])


def stamp_lesson(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    total = stated_minutes(estimate(path).minutes)
    parts = [stated_minutes(p.minutes) for p in estimate_parts(path)]
    nb.metadata.course["minutes"] = total
    line = f"⏱️ {total} minutos"
    if len(parts) > 1:
        nb.metadata.course["parts"] = parts
        line += (
            f", en {_COUNT[len(parts)]} partes (unos {_and(parts)} minutos): "
            "puedes hacer una, parar y volver otro día"
        )
    else:
        nb.metadata.course.pop("parts", None)
    headings = [c for c in nb.cells if c.cell_type == "markdown" and _PART.search(c.source)]
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "⏱️" in cell.source:
            cell.source = _LINE.sub(line, cell.source, count=1)
    for cell, minutes in zip(headings, parts, strict=False):
        cell.source = _PART.sub(rf"\1 (unos {minutes} minutos)", cell.source)
    nbformat.write(nb, path)


def stamp_exercise(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    total = stated_minutes(estimate(path).minutes)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "⏱️" in cell.source:
            cell.source = re.sub(r"⏱️ \d+ minutos", f"⏱️ {total} minutos", cell.source, count=1)
    nbformat.write(nb, path)


def main() -> None:
    for _ in range(2):  # the «Duración» line has words of its own
        for path in sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb")):
            stamp_lesson(path)
        for path in sorted(ROOT.glob("solutions/*/ejercicio-*.ipynb")):
            stamp_exercise(path)
    doc = ROOT / "docs" / "tiempos.md"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(_TABLE.sub(lambda m: m.group(1) + time_table(ROOT) + m.group(2), text), "utf-8")
    print("Duraciones y docs/tiempos.md al día; ahora, make ejercicios.")


if __name__ == "__main__":
    main()
