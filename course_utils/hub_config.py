"""Where a hub's servers find the course's hub-side settings inside the installed package."""

from __future__ import annotations

from pathlib import Path

#: Jupyter files shipped with the package (readable by every user of the environment).
JUPYTER_DATA = Path(__file__).resolve().parent / "data" / "jupyter"


def hub_nbgrader_dir() -> Path:
    """The folder with the learners' and grader's nbgrader_config.py (JUPYTER_CONFIG_PATH)."""
    return JUPYTER_DATA / "hub"
