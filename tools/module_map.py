"""Writes CONTRIBUTING.md's map of the package from each module's first docstring line (python tools/module_map.py [--check])."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "course_utils"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
START, END = "<!-- module-map:start -->", "<!-- module-map:end -->"


def first_line(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return doc.strip().split("\n")[0]


def module_map() -> str:
    """The package, one line per package and module, in reading order."""
    lines = ["```", f"{'course_utils/':<30}{first_line(PACKAGE / '__init__.py')}"]
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name != "__init__.py":
            lines.append(f"  {path.name:<28}{first_line(path)}")
    for package in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        lines.append(f"  {package.name + '/':<28}{first_line(package / '__init__.py')}")
        for path in sorted(package.glob("*.py")):
            if path.name not in ("__init__.py", "__main__.py"):
                lines.append(f"    {path.name:<26}{first_line(path)}")
    lines.append(f"  {'data/':<28}content, dictionary, schemas, templates and settings (no code)")
    lines.append("```")
    return "\n".join(lines)


def updated(text: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{module_map()}\n{END}{tail}"


if __name__ == "__main__":
    text = CONTRIBUTING.read_text(encoding="utf-8")
    if "--check" in sys.argv:
        sys.exit(
            0
            if updated(text) == text
            else "CONTRIBUTING.md's map is stale: run tools/module_map.py"
        )
    CONTRIBUTING.write_text(updated(text), encoding="utf-8")
