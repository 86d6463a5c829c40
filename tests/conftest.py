"""Shared fixtures (the course root, notebooks git tracks), the test layers, and a guard that
the test run leaves the environment's JupyterLab settings as it found them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from course_utils.launch.jupyter import overrides_path, page_config_path

ROOT = Path(__file__).resolve().parent.parent

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
# README and CONTRIBUTING name them and tests/test_repository.py checks they agree), picked with
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


# The slowest files first: `--dist loadfile` hands files to the two workers in collection
# order, so starting with the long ones leaves the short ones to even out the end of the run.
SLOW_FIRST = (
    "test_hub.py",
    "test_adversarial.py",
    "test_correction.py",
    "test_nbgrader_roundtrip.py",
    "test_owner_path.py",
    "test_accessibility.py",
    "test_collect.py",
    "test_self_check.py",
    "test_browser.py",
    "test_phone.py",
    "test_month_path.py",
    "test_hub_pages.py",
    "test_feedback_page.py",
    "test_validate.py",
    "test_app_pages.py",
    "test_launch.py",
    "test_notebook_specs.py",
)


@pytest.hookimpl(tryfirst=True)  # before -m deselects anything
def pytest_collection_modifyitems(config, items):
    rank = {name: n for n, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(SLOW_FIRST)))  # stable
    for item in items:
        if item.path.suffix == ".ipynb":
            # nbval's cells of exercises/ (--nbval-lax): they run in a kernel
            item.add_marker(pytest.mark.notebook)
        elif not any(item.get_closest_marker(layer) for layer in LAYERS):
            name = getattr(item, "originalname", item.name)
            layer = FILE_LAYERS.get(item.path.name) or TEST_LAYERS.get((item.path.name, name))
            if layer:
                item.add_marker(getattr(pytest.mark, layer))


# The environment's JupyterLab settings (what `curso abrir` writes without CURSO_JUPYTER_PREFIX):
# a test that wrote them would change the trainer's or owner's own JupyterLab.
ENVIRONMENT_SETTINGS = (overrides_path(), page_config_path())
_SETTINGS_KEY = pytest.StashKey[dict]()


def _fingerprint(path: Path) -> tuple[bytes, int] | None:
    try:
        return path.read_bytes(), path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def environment_settings() -> dict[Path, tuple[bytes, int] | None]:
    """Content and modification time of the environment's settings files (None: absent)."""
    return {path: _fingerprint(path) for path in ENVIRONMENT_SETTINGS}


def pytest_sessionstart(session):
    session.config.stash[_SETTINGS_KEY] = environment_settings()


def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller checks once for the whole run
    before = session.config.stash.get(_SETTINGS_KEY, None)
    if before is None:
        return
    changed = [str(path) for path, seen in environment_settings().items() if seen != before[path]]
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (
            "FAILED: the test run changed the environment's JupyterLab settings: "
            + ", ".join(changed)
        )
        if reporter:
            reporter.write("\n")
            reporter.write_line(message, red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


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
