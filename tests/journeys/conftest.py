"""Fixtures of a person's whole path: Debian's Chromium through Playwright, and the course as an
owner has it after cloning."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from support import CHROME_ARGS, CHROMIUM, copy_course


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium (the CHROMIUM executable; a browser is never downloaded)."""
    assert Path(CHROMIUM).is_file(), (
        f"no Chromium at {CHROMIUM}: apt-get install chromium, or make test CHROMIUM=/path/to/it"
    )
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A copy of the course as an owner has it after cloning (no answers yet)."""
    return copy_course(tmp_path_factory.mktemp("duena") / "curso")
