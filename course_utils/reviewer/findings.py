"""The reviewer's results: Finding (one thing to improve) and Review (everything about one text)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Finding", "Review"]


@dataclass
class Finding:
    """One thing to improve. ``start``/``end`` index into ``Review.text``; 0, 0 = whole text."""

    category: str
    start: int
    end: int
    message: str
    suggestion: str = ""
    code: str = ""


@dataclass
class Review:
    """The result of :func:`review`.

    ``text`` is the reviewed text: the input normalised to Unicode NFC and cut at
    ``MAX_REVIEW_CHARS``. Every finding's span points into it (for already-NFC input,
    which is almost all typed text, it is the same as the original string).
    ``readability`` is None for texts under ``MIN_WORDS_READABILITY`` words, or when the score
    could not be computed: then ``readability_note`` says so (and the summary repeats it).
    """

    text: str
    kind: str
    network: str | None
    findings: list[Finding]
    summary: str
    word_count: int = 0
    self_refs: int = 0
    reader_refs: float = 0.0
    self_ratio: float = 0.0
    readability: float | None = None
    readability_band: str | None = None
    readability_note: str = ""  # set when the readability score could not be computed
    truncated: bool = False
    elements: dict[str, bool] = field(default_factory=dict)

    def by_category(self, category: str) -> list[Finding]:
        """The findings of one category, in order."""
        return [f for f in self.findings if f.category == category]

    def categories(self) -> set[str]:
        """The categories with at least one finding."""
        return {f.category for f in self.findings}

    def codes(self) -> set[str]:
        """The codes of all findings (``"sin_firma"``, ``"tilde"``…)."""
        return {f.code for f in self.findings if f.code}
