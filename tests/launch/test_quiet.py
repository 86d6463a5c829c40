"""A quiet terminal: installing the course prints no setuptools warning, and the pages' log
drops the two harmless lines a person would read as a fault (course_utils/launch/page_log.py)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from course_utils.launch.page_log import HarmlessLines
from support import ROOT


def _record(message: str, *args) -> logging.LogRecord:
    return logging.LogRecord("Voila", logging.WARNING, __file__, 1, message, args, None)


def test_the_page_log_drops_the_harmless_warnings_and_keeps_real_ones():
    keep = HarmlessLines().filter
    assert not keep(_record("Notebook %s is not trusted", "lessons/01-x.ipynb"))
    assert not keep(
        _record("403 POST /voila/api/shutdown/3d52 (127.0.0.1): '_xsrf' argument missing from POST")
    )
    assert not keep(_record("wrote error: \"'_xsrf' argument missing from POST\""))
    assert not keep(_record("Culling 'idle' kernel 'python3' (b0ba) with 0 connections"))
    assert keep(_record("403 POST /voila/api/kernels (127.0.0.1): '_xsrf' argument missing"))
    assert keep(_record("Kernel died: %s", "abc"))
    assert keep(_record("Uncaught exception GET /voila/render/lessons/01.ipynb"))


def test_voila_settings_attach_the_filter_to_the_console_and_the_access_log():
    settings = json.loads(
        (ROOT / "course_utils/data/jupyter/config/voila.json").read_text(encoding="utf-8")
    )
    logging_config = settings["Voila"]["logging_config"]
    [(name, spec)] = logging_config["filters"].items()
    assert spec["()"] == "course_utils.launch.page_log.HarmlessLines"
    assert logging_config["handlers"]["console"]["filters"] == [name]
    assert logging_config["loggers"]["tornado.access"]["filters"] == [name]


@pytest.mark.launch
def test_building_the_package_prints_no_warning(tmp_path):
    """What `pip install -e .` (make curso's first step) builds, built for real, quietly."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    said = done.stdout + done.stderr
    assert "Warning" not in said and "!!" not in said, said[-3000:]
    [wheel] = tmp_path.glob("*.whl")
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for data in (
        "course_utils/data/razones.yaml",
        "course_utils/data/jupyter/config/voila.json",
        "course_utils/data/jupyter/voila/templates/curso/index.html.j2",
        "course_utils/data/jupyter/nbconvert/templates/feedback-curso/index.html.j2",
        "course_utils/data/jupyterhub/templates/home.html",
    ):
        assert data in names, data
