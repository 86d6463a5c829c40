"""Writes a benchmark's section into docs/rendimiento.md, replacing the old one: the section of the same heading, or the block between the benchmark's markers."""

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


def replace_block(doc: Path, begin: str, end: str, section: str) -> None:
    """Put ``section`` between the markers ``begin`` and ``end`` in ``doc`` (appended, with its
    markers, when the file has none yet)."""
    text = doc.read_text(encoding="utf-8")
    block = f"{begin}\n{section.strip()}\n{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    doc.write_text(text, encoding="utf-8")
