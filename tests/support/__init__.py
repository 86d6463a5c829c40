"""What tests share, as plain functions and constants (fixtures and hooks live in conftest.py):
the course root, Chromium's settings, free ports, kernels, notebooks git tracks, answers files,
throw-away copies of the course, the test layers and the environment's JupyterLab settings."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

from course_utils.launch.jupyter import overrides_path, page_config_path

ROOT = Path(__file__).resolve().parents[2]

# Debian's Chromium for the browser tests (`make test` sets CHROMIUM), started as RECIPES.md found
# works here: headless, and with none of the background connections a closed network refuses.
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROME_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def notebook_client(nb, folder, timeout: int = 120):
    """An nbclient NotebookClient whose kernel talks over Unix sockets in a short folder of its
    own: with TCP, kernels started at once by two test workers sometimes lost a reply and a
    cell waited out its whole timeout (seen with lesson 03: 120 s instead of 3 s)."""
    import tempfile

    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    sockets = tempfile.mkdtemp(prefix="k", dir="/tmp" if Path("/tmp").is_dir() else None)
    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "k"))
    return NotebookClient(
        nb,
        km=km,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    )


# Test layers: the markers registered in pyproject.toml (the only list of them; the Makefile,
# README and CONTRIBUTING name them and tests/project/test_repository.py checks they agree), picked with
# -m (see `make help`). Unmarked tests are the fast layer: pure logic, store, scorers, specs.
def _layers() -> tuple[str, ...]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    with (ROOT / "pyproject.toml").open("rb") as fh:
        markers = tomllib.load(fh)["tool"]["pytest"]["ini_options"]["markers"]
    return tuple(marker.split(":")[0] for marker in markers)


LAYERS = _layers()
# A file whose every test belongs to one layer gets it here, by name, so the file keeps its
# layer whoever rewrites it; a test (or file) may also carry its own mark, which wins.
FILE_LAYERS = {
    "test_browser.py": "browser",
    "test_nbgrader_roundtrip.py": "nbgrader",
    "test_notebook_specs.py": "notebook",
}
# Single tests that run a kernel in a file that is otherwise fast.
TEST_LAYERS = {
    ("test_widgets.py", "test_in_a_real_kernel"): "notebook",
}


# The environment's JupyterLab settings (what `curso abrir` writes without CURSO_JUPYTER_PREFIX):
# a test that wrote them would change the trainer's or owner's own JupyterLab.
ENVIRONMENT_SETTINGS = (overrides_path(), page_config_path())


def _fingerprint(path: Path) -> tuple[bytes, int] | None:
    try:
        return path.read_bytes(), path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def environment_settings() -> dict[Path, tuple[bytes, int] | None]:
    """Content and modification time of the environment's settings files (None: absent)."""
    return {path: _fingerprint(path) for path in ENVIRONMENT_SETTINGS}


def tracked(pattern: str) -> list[Path]:
    """Files git tracks (or would track: untracked and not ignored) matching a pattern."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", pattern],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / p for p in out if (ROOT / p).exists()]


def load_nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def answers_doc(notebook: str, answers: dict) -> str:
    """An answers file's text, as the store writes it, with ``answers`` {question id: value}."""
    return json.dumps(
        {
            "schema": 1,
            "notebook": notebook,
            "answers": {
                qid: {"value": v, "saved_at": "2026-11-24T10:00:00+01:00", "attempts": 1}
                for qid, v in answers.items()
            },
        },
        ensure_ascii=False,
    )


# What only the key has: nbgrader's hidden-test and mark-scheme markers and the graders' calls.
# A released notebook, a feedback page or an instructor's output must show none of them.
KEY_MARKERS = (
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "BEGIN MARK SCHEME",
    "grade(",
    "grade_with(",
)

# What a copy of the course leaves behind: anyone's answers, locks, checkpoints, caches, plans.
NOT_COPIED = shutil.ignore_patterns(
    "respuestas-*", ".respuestas-*", "*.lock", ".ipynb_checkpoints", "__pycache__", "mi-*"
)


def copy_course(dest: Path, *parts: str, config: bool = True) -> Path:
    """A throw-away copy of the course in ``dest``, as someone who has just cloned it has it: the
    folders ``parts`` ("lessons", "solutions/03-cultura-2-0-interna"…; by default lessons,
    exercises and solutions) without anyone's answers, and the course's nbgrader_config.py."""
    for part in parts or ("lessons", "exercises", "solutions"):
        shutil.copytree(ROOT / part, dest / part, ignore=NOT_COPIED)
    if config:
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    return dest


def released_course(course: Path, exchange: Path, exercise: str) -> Path:
    """A trainer's course folder whose nbgrader config points at the exchange ``exchange``, with
    ``exercise`` generated from its source and released to it (real nbgrader)."""
    from course_utils.grading.submissions import nbgrader

    course.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    (course / "nbgrader_config.py").write_text(config + f"\nc.Exchange.root = {str(exchange)!r}\n")
    copy_course(course, f"solutions/{exercise}", config=False)
    for step in (["generate_assignment", exercise, "--force"], ["release_assignment", exercise]):
        done = nbgrader(course, *step)
        assert done.returncode == 0, done.stderr[-3000:]
    return course
