"""Release: regenerates exercises/ (the learners' version) from solutions/ with nbgrader."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def assignments(root: Path) -> list[str]:
    """The assignment folders of solutions/, in course order."""
    return sorted(p.name for p in (Path(root) / "solutions").iterdir() if p.is_dir())


def nbgrader_env() -> dict[str, str]:
    """The environment for nbgrader commands: it runs `alembic` from PATH on a new gradebook."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def generate(root: Path, dest: Path) -> Path:
    """Run `nbgrader generate_assignment` for every assignment into ``dest``/<assignment>.

    Works in a temporary copy of the course, so no gradebook.db is left behind.
    """
    root, dest = Path(root).resolve(), Path(dest).resolve()
    with tempfile.TemporaryDirectory(prefix="release-") as tmp:
        course = Path(tmp)
        shutil.copy(root / "nbgrader_config.py", course)
        shutil.copytree(
            root / "solutions",
            course / "solutions",
            ignore=shutil.ignore_patterns("respuestas-*", "*.lock", ".ipynb_checkpoints"),
        )
        for name in assignments(course):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "nbgrader",
                    "generate_assignment",
                    name,
                    "--force",
                    "--log-level=WARN",
                ],
                cwd=course,
                check=True,
                env=nbgrader_env(),
            )
        dest.mkdir(parents=True, exist_ok=True)
        for name in assignments(course):
            target = dest / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(course / "exercises" / name, target)
    return dest


def main() -> int:
    root = Path.cwd()
    generate(root, root / "exercises")
    print("Ejercicios regenerados en exercises/ desde solutions/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
