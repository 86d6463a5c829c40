"""The navigation line at the end of every lesson (previous · course home · next), written from the course's list."""

from __future__ import annotations

import sys
from pathlib import Path

from course_utils.core.lessons import Lesson, course

HOME_LINK = "[Inicio del curso](inicio.ipynb)"
_STARTS = ("[←", "[Inicio del curso]", "[Índice del curso]")


def nav_line(lessons: list[Lesson], position: int) -> str:
    """Markdown links from lesson ``position``: previous, the course home and next."""
    parts = []
    if position > 0:
        before = lessons[position - 1]
        parts.append(f"[← {before.number} {before.short_title}]({before.path.name})")
    parts.append(HOME_LINK)
    if position + 1 < len(lessons):
        after = lessons[position + 1]
        parts.append(f"[{after.number} {after.short_title} →]({after.path.name})")
    return " · ".join(parts)


def _with_line(source: str, wanted: str) -> str | None:
    """``source`` with its navigation line (its last line) replaced; None if it has none."""
    lines = source.rstrip("\n").split("\n")
    if not lines[-1].startswith(_STARTS):
        return None
    return "\n".join([*lines[:-1], wanted])


def update(root: str | Path) -> list[Path]:
    """Rewrite the navigation cell of every lesson whose line is out of date; the changed paths."""
    import nbformat

    lessons = course(root)
    changed = []
    for position, lesson in enumerate(lessons):
        nb = nbformat.read(lesson.path, as_version=4)
        wanted = nav_line(lessons, position)
        last = nb.cells[-1] if nb.cells else None
        source = _with_line(last.source, wanted) if last and last.cell_type == "markdown" else None
        if last is None or source is None:
            cell = nbformat.v4.new_markdown_cell("---\n\n" + wanted)
            cell.id = "navegacion"
            nb.cells.append(cell)
        elif source == last.source:
            continue
        else:
            last.source = source
        nbformat.write(nb, lesson.path)
        changed.append(lesson.path)
    return changed


if __name__ == "__main__":  # python -m course_utils.core.navigation [COURSE]
    for path in update(sys.argv[1] if len(sys.argv) > 1 else "."):
        print(f"updated {path}")
