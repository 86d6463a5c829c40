"""Grading with nbgrader: the engine, scorers, submission checks, collection, correction, report, release.

Notebooks' hidden tests call ``grade``, ``grade_with`` and ``show_answer`` from here."""

from course_utils.grading.cells import ScorerError, grade, grade_with, show_answer

__all__ = ["ScorerError", "grade", "grade_with", "show_answer"]
