"""What `curso abrir` runs in the background: the lessons' figures drawn into the cache before any page asks."""

from __future__ import annotations

import os
import sys
from contextlib import redirect_stdout
from pathlib import Path

from course_utils.core.cache_folder import ENV
from course_utils.figures import png as charts
from course_utils.ui.panels import draw_examples


def main(folder: Path, system: bool = False) -> None:
    """The notebooks' fixed figures, then the examples the panels show before any answer:
    into the user's cache, or with ``system`` into charts.system_dir() for every user
    (folders 0755, figures 0644)."""
    if system:
        os.environ[ENV] = str(charts.system_dir().parent)  # cache_dir()/figuras is system_dir()
        charts.publish_system_dir()  # 0755/0644 for every learner, whatever the umask
    charts.prefill(folder)
    with open(os.devnull, "w") as nowhere, redirect_stdout(nowhere):
        draw_examples()
    if system:
        charts.publish_system_dir()  # figures an earlier run left 0600 included


if __name__ == "__main__":  # python -m course_utils.ui.warm_charts [--sistema] FOLDER
    arguments = sys.argv[1:]
    system = "--sistema" in arguments
    folders = [a for a in arguments if a != "--sistema"]
    main(Path(folders[0] if folders else "."), system=system)
