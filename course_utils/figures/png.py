"""The course's figures as PNG images: each drawn once per set of arguments and kept in the cache folder."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import stat
import subprocess
import sys
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from course_utils.core.cache_folder import cache_dir
from course_utils.core.files import write_atomic
from course_utils.core.notebook_source import parse

PACKAGE = Path(__file__).resolve().parent.parent
PNG_START = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What every drawing depends on: the package's code and data, and matplotlib's version.

    Any change to them gives new file names, so an old image is never shown for new code.
    """
    h = hashlib.sha256(version("matplotlib").encode())
    for path in sorted([*PACKAGE.rglob("*.py"), *(PACKAGE / "data").glob("*.yaml")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def chart_path(name: str, arguments: dict[str, Any]) -> Path | None:
    """The cached image of ``figures.<name>(**arguments)``; None when the arguments are not data."""
    try:
        text = json.dumps([name, arguments], sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return None
    key = hashlib.sha256(f"{fingerprint()}\n{text}".encode()).hexdigest()[:32]
    return cache_dir() / "figuras" / f"{name}-{key}.png"


def system_dir() -> Path:
    """Figures drawn once for everyone using this environment (a hub's image builds them with
    ``python -m course_utils.ui.warm_charts --sistema``); read before the user's cache."""
    return Path(sys.prefix) / "share" / "redes-pymes" / "figuras"


def _cached(path: Path) -> bytes | None:
    return _read(system_dir() / path.name) or _read(path)


def figure_png(fig: Any) -> bytes:
    """A matplotlib figure as PNG bytes, on a white background."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def _read(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    # a truncated or foreign file is drawn again, never shown
    return data if data.startswith(PNG_START) and data.endswith(PNG_END) else None


#: Modes of the figures drawn for a whole environment (system_dir()): every learner reads them.
PUBLIC_FOLDER = 0o755
PUBLIC_FILE = 0o644


def _write(path: Path, data: bytes) -> None:
    public = path.parent == system_dir()
    try:
        if public:
            publish_system_dir()  # created (or fixed) 0755 before anything goes in
        path.parent.mkdir(parents=True, exist_ok=True)
        # a hub's figures are read by every learner, whatever the umask; a user's stay theirs
        write_atomic(path, data, mode=PUBLIC_FILE if public else 0o600)
    except OSError:  # a cache that cannot be written only costs drawing again next time
        pass


def publish_system_dir() -> Path:
    """Make system_dir() and its parent folder (<prefix>/share/redes-pymes) exist with mode
    0755 and every figure in it 0644, whatever the umask or an earlier run left (figures drawn
    by root under umask 077 were 0600 and no learner could read them). Returns system_dir()."""
    folder = system_dir()
    folder.parent.parent.mkdir(parents=True, exist_ok=True)  # <prefix>/share
    for level in (folder.parent, folder):
        level.mkdir(mode=PUBLIC_FOLDER, exist_ok=True)
        if stat.S_IMODE(level.stat().st_mode) != PUBLIC_FOLDER:
            os.chmod(level, PUBLIC_FOLDER)
    for figure in folder.glob("*.png"):
        if figure.is_file() and not figure.is_symlink():
            os.chmod(figure, PUBLIC_FILE)
    return folder


def png(name: str, **arguments: Any) -> bytes:
    """``figures.<name>(**arguments)`` as PNG bytes, from the cache when it was drawn before.

    A page whose figures are all cached never imports matplotlib.
    """
    path = chart_path(name, arguments)
    if path is not None:
        cached = _cached(path)
        if cached is not None:
            return cached
    from course_utils.figures import draw as figures

    data = figure_png(getattr(figures, name)(**arguments))
    if path is not None:
        _write(path, data)
    return data


def literal_charts(source: str) -> list[tuple[str, dict[str, Any]]]:
    """The ``charts.png("name", key=literal, …)`` calls of some code whose arguments are literals."""
    tree = parse(source)
    if tree is None:
        return []
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "png"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "charts"
            and len(node.args) == 1
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            continue
        try:
            arguments = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
        except ValueError:
            continue
        if len(arguments) == len(node.keywords):
            found.append((node.args[0].value, arguments))
    return found


def prefill(folder: Path) -> int:
    """Draw the fixed figures of the notebooks under ``folder`` that are not cached; how many."""
    import nbformat

    drawn = 0
    for notebook in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in notebook.parts:
            continue
        try:
            cells = nbformat.read(notebook, as_version=4).cells
        except Exception:  # a broken notebook is the page's problem, not the cache's
            continue
        for cell in cells:
            if cell.cell_type != "code":
                continue
            for name, arguments in literal_charts(cell.source):
                path = chart_path(name, arguments)
                if path is not None and _cached(path) is None:
                    png(name, **arguments)
                    drawn += 1
    return drawn


def prefill_in_background(root: Path) -> None:
    """Draw the lessons' fixed figures into the cache in a detached process, so that a page
    shows them without drawing (or importing matplotlib). Nothing waits for it."""
    command = [sys.executable, "-m", "course_utils.ui.warm_charts", str(root)]
    quiet: dict[str, Any] = {
        "stdin": subprocess.DEVNULL,
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
    }
    if os.name != "posix":
        subprocess.Popen(command, **quiet)
        return
    child = os.fork()  # a short-lived middle process, so the drawer is nobody's zombie
    if child == 0:
        try:
            subprocess.Popen(
                command, start_new_session=True, preexec_fn=lambda: os.nice(10), **quiet
            )
        finally:
            os._exit(0)
    os.waitpid(child, 0)
