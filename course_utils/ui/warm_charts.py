"""What `curso abrir` runs in the background: the lessons' figures drawn into the cache before any page asks."""

from __future__ import annotations

import os
import sys
from contextlib import redirect_stdout
from pathlib import Path

from .. import charts
from .panels import draw_examples


def main(folder: Path) -> None:
    """The notebooks' fixed figures, then the examples the panels show before any answer."""
    charts.prefill(folder)
    with open(os.devnull, "w") as nowhere, redirect_stdout(nowhere):
        draw_examples()


if __name__ == "__main__":  # python -m course_utils.ui.warm_charts FOLDER
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
