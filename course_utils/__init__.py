"""Course helpers for «Redes sociales con estrategia para pymes»: answers, questions, grading, content.

The notebook-facing API (what lessons, exercises and released learner editions import) is
``__all__`` below, ``course_utils.grading`` (grade, grade_with, show_answer),
``course_utils.scoring`` and the pages in ``course_utils.ui``; tests/project/test_api.py guards it.
Modules that moved when the package was grouped by role keep their old names (_moved.py)."""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("redes-pymes")  # written once, in pyproject.toml
except PackageNotFoundError:  # pragma: no cover - running from a folder that was not installed
    __version__ = "0+desconocida"
__all__ = [
    "start",
    # the lessons' topic modules, under the names notebooks import
    "audit",
    "charts",
    "delegation",
    "maturity",
    "measure",
    "metrics",
    "objectives",
    "progress",
    "raci",
    "triage",
]

from course_utils import _moved

_moved.install()


def __getattr__(name: str):
    # Lazy, so that importing the store or the grading helpers loads no UI.
    if name == "start":
        from course_utils.ui.session import start

        return start
    if name in __all__:
        return importlib.import_module(f"course_utils.{name}")  # via _moved's old names
    raise AttributeError(name)
