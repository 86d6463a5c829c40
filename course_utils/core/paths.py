"""Where things are: the installed package, its data folder and the course folder a command works in."""

from __future__ import annotations

from pathlib import Path

from course_utils.core.errors import CourseNotFound

#: The course_utils package folder (installed or in a checkout).
PACKAGE = Path(__file__).resolve().parent.parent
#: The data shipped with the package: YAML content, the dictionary, templates, settings.
DATA = PACKAGE / "data"


def course_root(start: Path | None = None) -> Path:
    """The course folder (the one with lessons/): from the current folder up, or the package's."""
    candidates = [Path(start or Path.cwd()).resolve()]
    candidates += list(candidates[0].parents)
    candidates.append(PACKAGE.parent)
    for folder in candidates:
        if (folder / "lessons").is_dir():
            return folder
    raise CourseNotFound(
        "No encuentro la carpeta del curso (la que contiene «lessons/»). "
        "Entra en la carpeta del curso y vuelve a ejecutar la orden."
    )
