"""Writes a benchmark's section into docs/rendimiento.md, replacing the section of the same heading."""

from __future__ import annotations

import re
from pathlib import Path


def replace_section(doc: Path, heading: str, section: str) -> None:
    """Put ``section`` (which starts with ``heading``) in ``doc``, instead of the old one."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Rendimiento\n"
    pattern = re.compile(re.escape(heading) + r".*?(?=\n## |\Z)", re.S)
    text = (
        pattern.sub(section.rstrip() + "\n", text)
        if heading in text
        else text.rstrip() + "\n\n" + section
    )
    doc.write_text(text, encoding="utf-8")
