"""Hooks and fixtures for every test: the layers given to whole files, the slowest files first, and
a guard that the run leaves the environment's JupyterLab settings as it found them. Plain helpers
live in tests/support/ (an importable package: `from support import ROOT`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FILE_LAYERS, LAYERS, ROOT, TEST_LAYERS, copy_course, environment_settings

_SETTINGS_KEY = pytest.StashKey[dict]()


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


@pytest.fixture
def course_copy(tmp_path) -> Path:
    """A throw-away copy of the whole course: lessons, exercises, solutions, nbgrader_config.py."""
    return copy_course(tmp_path / "curso")
