"""`make test` tells the truth: without Chromium it says so and runs everything else; in CI it
refuses; the browser path is a variable the browser tests receive; each layer can be picked.

Make never installs anything here: `-o` tells it the environment is up to date.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")

VENV = Path(sys.prefix)
NOTICE = "AVISO: no hay Chromium en"


def make(*args: str, venv: Path = VENV, ci: bool = False) -> subprocess.CompletedProcess:
    """`make ARGS` in the course folder, with CI removed from the environment (or set), and
    nothing inherited from a make or pytest this test may run under."""
    inherited = ("CI", "CHROMIUM", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
    env = {
        k: v for k, v in os.environ.items() if k not in inherited and not k.startswith("PYTEST_")
    }
    if ci:
        env["CI"] = "true"
    command = [
        "make",
        "--no-print-directory",
        f"VENV={venv}",
        "-o",
        f"{venv}/.instalado",
        "-o",
        f"{venv}/.instalado-test",
        *args,
    ]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


# The two real runs (`launch` layer: a nested pytest takes ~7 s to start, mostly imports) collect
# one file of each kind, not the whole tree:
# browser, fast, JupyterLab, nbgrader, and a lesson's cells through nbval. That `make test`
# hands pytest the whole tree is checked with a fake python below.
SAMPLE = {
    "tests/journeys/test_browser.py::": "browser",
    "tests/core/test_store.py::": "fast",
    "tests/launch/test_launch.py::": "launch",
    "tests/grading/test_nbgrader_roundtrip.py::": "nbgrader",
    "lessons/00-bienvenida.ipynb::": "nbval",
}


def collect(chromium: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """`make test CHROMIUM=... PYTEST_ARGS=--collect-only` on the sample: which kinds ran."""
    paths = " ".join(prefix.rstrip(":") for prefix in SAMPLE)
    run = make(
        "test", f"CHROMIUM={chromium}", f"TEST_PATHS={paths}", "PYTEST_ARGS=--collect-only -q"
    )
    names = collected(run.stdout)
    return run, {
        kind for prefix, kind in SAMPLE.items() if any(n.startswith(prefix) for n in names)
    }


def collected(out: str) -> list[str]:
    return [line for line in out.splitlines() if "::" in line]


@pytest.fixture
def fake_venv(tmp_path) -> Path:
    """A venv whose python only reports the arguments and CHROMIUM it was given."""
    python = tmp_path / "bin" / "python"
    python.parent.mkdir()
    python.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        "print('ARGV=' + json.dumps(sys.argv[1:]))\n"
        "print('CHROMIUM=' + os.environ.get('CHROMIUM', '(unset)'))\n"
    )
    python.chmod(0o755)
    return tmp_path


def pytest_call(out: str) -> tuple[list[str], str]:
    """The arguments pytest got (after `python -m pytest`) and the CHROMIUM it saw."""
    lines = dict(line.split("=", 1) for line in out.splitlines() if line[:5] in ("ARGV=", "CHROM"))
    argv = json.loads(lines["ARGV"])
    assert argv[:2] == ["-m", "pytest"], argv
    return argv[2:], lines["CHROMIUM"]


@pytest.mark.launch
def test_without_chromium_the_browser_tests_are_deselected_with_a_notice_and_the_rest_runs():
    run, kinds = collect("/nonexistent")
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-3000:]
    assert NOTICE in run.stdout and "/nonexistent" in run.stdout
    assert kinds == {"fast", "launch", "nbgrader", "nbval"}, kinds
    summary = out.strip().splitlines()[-1]
    assert re.search(r"\b[1-9]\d* deselected", summary), summary


@pytest.mark.launch
def test_with_chromium_the_browser_tests_are_collected(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\nexit 0\n")
    chromium.chmod(0o755)
    run, kinds = collect(str(chromium))
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    assert NOTICE not in run.stdout
    assert kinds == set(SAMPLE.values()), kinds
    assert "deselected" not in run.stdout


def test_the_selection_is_one_argument_and_chromium_reaches_the_tests(fake_venv, tmp_path):
    argv, chromium = pytest_call(make("test", "CHROMIUM=/nonexistent", venv=fake_venv).stdout)
    assert argv[argv.index("-m") + 1] == "not browser"  # not split into "not" and "browser"
    assert chromium == "/nonexistent"

    real = tmp_path / "chromium"
    real.write_text("#!/bin/sh\n")
    real.chmod(0o755)
    argv, chromium = pytest_call(make("test", f"CHROMIUM={real}", venv=fake_venv).stdout)
    assert "-m" not in argv and chromium == str(real)
    assert argv[-2:] == ["tests", "exercises"]


def test_in_ci_a_missing_chromium_is_an_error(fake_venv):
    run = make("test", "CHROMIUM=/nonexistent", venv=fake_venv, ci=True)
    assert run.returncode != 0
    assert "CI" in run.stderr and "/nonexistent" in run.stderr
    assert "ARGV=" not in run.stdout, "pytest must not run"


@pytest.mark.parametrize(
    "target, selection",
    [
        ("test-fast", "not browser and not launch and not nbgrader and not notebook and not hub"),
        ("test-notebook", "notebook"),
        ("test-nbgrader", "nbgrader"),
        ("test-launch", "launch"),
        ("test-hub", "hub"),
    ],
)
def test_each_layer_has_a_target(fake_venv, target, selection):
    run = make(target, venv=fake_venv)
    assert run.returncode == 0, run.stderr
    argv, _ = pytest_call(run.stdout)
    assert argv[argv.index("-m") + 1] == selection


def test_the_browser_layer_needs_chromium(fake_venv, tmp_path):
    assert make("test-browser", "CHROMIUM=/nonexistent", venv=fake_venv).returncode != 0
    real = tmp_path / "chromium"
    real.write_text("#!/bin/sh\n")
    real.chmod(0o755)
    argv, chromium = pytest_call(make("test-browser", f"CHROMIUM={real}", venv=fake_venv).stdout)
    assert argv[argv.index("-m") + 1] == "browser" and chromium == str(real)
