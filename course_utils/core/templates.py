"""The course's HTML pages and views from Jinja2 templates in data/templates, with every value escaped unless a template says otherwise."""

from __future__ import annotations

from functools import cache
from typing import Any

from course_utils.core.paths import DATA

TEMPLATES = DATA / "templates"


@cache
def _environment() -> Any:
    import jinja2  # on first use: importing the package stays cheap

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # learner text is text, wherever an instructor reads it
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, **context: Any) -> str:
    """The page ``data/templates/<name>`` filled with ``context`` (escaped)."""
    return str(_environment().get_template(name).render(**context))


def render_macro(template: str, macro: str, /, **arguments: Any) -> str:
    """What the macro ``macro`` of ``data/templates/<template>`` gives for ``arguments``
    (escaped): one file holds the small views of a page (lesson 06's summary, its missing
    answers…). Positional-only, so that a macro may take an argument called «name»."""
    module = _environment().get_template(template).module
    return str(getattr(module, macro)(**arguments))
