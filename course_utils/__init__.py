"""Course helpers for «Redes sociales con estrategia para pymes»: answers, questions, grading, content."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("redes-pymes")  # written once, in pyproject.toml
except PackageNotFoundError:  # pragma: no cover - running from a folder that was not installed
    __version__ = "0+desconocida"
__all__ = ["start"]


def __getattr__(name: str):
    # Lazy, so that importing the store or the grading helpers loads no UI.
    if name == "start":
        from .ui.widgets import start

        return start
    raise AttributeError(name)
