"""Old module names of the course package (before it was grouped by role) and the finder that keeps them importable: notebooks, released learner editions and copied nbgrader configs still import them."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

#: old dotted name -> where the module lives now (kept for one release: see CHANGELOG.md)
MOVED = {
    "course_utils.access_cards": "course_utils.workshop.cards",
    "course_utils.access_codes": "course_utils.workshop.access_codes",
    "course_utils.audit": "course_utils.topics.audit",
    "course_utils.autograde": "course_utils.grading.engine",
    "course_utils.cache_folder": "course_utils.core.cache_folder",
    "course_utils.certificate": "course_utils.owner.certificate",
    "course_utils.charts": "course_utils.figures.png",
    "course_utils.class_report": "course_utils.grading.class_report",
    "course_utils.cli_messages": "course_utils.cli.spanish",
    "course_utils.collect": "course_utils.grading.collect",
    "course_utils.content": "course_utils.core.content",
    "course_utils.correction": "course_utils.grading.correction",
    "course_utils.delegation": "course_utils.topics.delegation",
    "course_utils.edition": "course_utils.grading.edition",
    "course_utils.feedback": "course_utils.grading.feedback_page",
    "course_utils.feedback_release": "course_utils.grading.feedback_release",
    "course_utils.formats": "course_utils.core.formats",
    "course_utils.hub": "course_utils.workshop.links",
    "course_utils.hub_auth": "course_utils.workshop.hub_auth",
    "course_utils.hub_pages": "course_utils.launch.pages",
    "course_utils.intake": "course_utils.grading.intake",
    "course_utils.lab_keys": "course_utils.launch.lab_keys",
    "course_utils.lessons": "course_utils.core.lessons",
    "course_utils.maturity": "course_utils.topics.maturity",
    "course_utils.measure": "course_utils.topics.measure",
    "course_utils.metrics": "course_utils.topics.metrics",
    "course_utils.navigation": "course_utils.core.navigation",
    "course_utils.notebook_files": "course_utils.launch.notebook_files",
    "course_utils.objectives": "course_utils.topics.objectives",
    "course_utils.owner_cli": "course_utils.cli.learner",
    "course_utils.plain_text": "course_utils.core.plain_text",
    "course_utils.plan": "course_utils.owner.plan",
    "course_utils.plan_pdf": "course_utils.owner.plan_pdf",
    "course_utils.progress": "course_utils.owner.progress",
    "course_utils.quick_jsonschema": "course_utils.core.quick_jsonschema",
    "course_utils.raci": "course_utils.topics.raci",
    "course_utils.release": "course_utils.grading.release",
    "course_utils.scoring": "course_utils.grading.scoring",
    "course_utils.self_check": "course_utils.grading.self_check",
    "course_utils.simulations": "course_utils.topics.simulations",
    "course_utils.specs": "course_utils.core.specs",
    "course_utils.store": "course_utils.core.store",
    "course_utils.submissions": "course_utils.grading.submissions",
    "course_utils.triage": "course_utils.topics.triage",
}


class _Alias(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec):
        return importlib.import_module(self.target)

    def exec_module(self, module) -> None:
        pass  # already executed under its new name


class MovedModules(importlib.abc.MetaPathFinder):
    """Imports an old name as the very module object of its new name."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname in MOVED:
            return importlib.util.spec_from_loader(fullname, _Alias(MOVED[fullname]))
        return None


def install() -> None:
    if not any(isinstance(f, MovedModules) for f in sys.meta_path):
        sys.meta_path.append(MovedModules())
