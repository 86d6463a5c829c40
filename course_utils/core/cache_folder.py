"""The course's cache folder: platformdirs' user cache, or the folder in REDES_PYMES_CACHE_DIR."""

from __future__ import annotations

import os
from pathlib import Path

ENV = "REDES_PYMES_CACHE_DIR"


def cache_dir() -> Path:
    """Where the course keeps what it can rebuild (the spelling lexicon, drawn figures)."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("redes-pymes", appauthor=False))
