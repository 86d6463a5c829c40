"""Shared fixtures: the course root and a throw-away folder per test."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def tracked(pattern: str) -> list[Path]:
    """Files git tracks (or would track: untracked and not ignored) matching a pattern."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", pattern],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    return [ROOT / p for p in out if (ROOT / p).exists()]


def load_nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
