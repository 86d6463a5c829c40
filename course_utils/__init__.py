"""Course helpers for «Redes sociales con estrategia para pymes»: answers, widgets, grading."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["start"]


def __getattr__(name: str):
    # Lazy, so that importing the store or the grading helpers loads no UI.
    if name == "start":
        from .widgets import start

        return start
    raise AttributeError(name)
