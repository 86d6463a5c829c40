"""Course notebooks stay as committed when JupyterLab saves them: the owner's work lives in answers files."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

#: Folders whose notebooks are course material (an owner's own notebooks elsewhere are theirs).
COURSE_FOLDERS = ("lessons", "exercises")
#: Notebook metadata a kernel or JupyterLab adds when running; committed notebooks do not have it.
RUN_METADATA = ("widgets", "toc", "vscode")
COMMITTED_LANGUAGE_INFO = {"name": "python"}


def is_course_notebook(path: str) -> bool:
    """True for a notebook under lessons/ or exercises/ of the served folder."""
    parts = PurePosixPath(path.strip("/")).parts
    return bool(parts) and parts[0] in COURSE_FOLDERS and parts[-1].endswith(".ipynb")


def strip_run_state(nb: Any) -> Any:
    """Remove what running leaves in a notebook (outputs, counts, widget state), in place."""
    metadata = nb.get("metadata", {})
    for key in RUN_METADATA:
        metadata.pop(key, None)
    if "language_info" in metadata:
        metadata["language_info"] = dict(COMMITTED_LANGUAGE_INFO)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        cell["outputs"] = []
        cell["execution_count"] = None
        cell_meta = cell.get("metadata", {})
        for key in ("execution", "scrolled", "collapsed", "trusted"):
            cell_meta.pop(key, None)
    return nb


def pre_save_hook(model: dict, path: str, contents_manager: Any = None, **kwargs: Any) -> None:
    """Jupyter server hook (FileContentsManager.pre_save_hook): before a course notebook is
    written, drop its run state, so that an owner's session never changes the course files
    (updates stay clean; the answers are in respuestas-*.json, which git ignores)."""
    if model.get("type") != "notebook" or not is_course_notebook(path):
        return
    content = model.get("content")
    if isinstance(content, dict):
        strip_run_state(content)
