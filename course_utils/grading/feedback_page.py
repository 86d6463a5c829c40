"""Feedback pages that fetch nothing from elsewhere: nbgrader's feedback template without MathJax's remote script."""

from __future__ import annotations

from jinja2 import DictLoader
from nbconvert.exporters import HTMLExporter
from traitlets import default

#: nbgrader's feedback template loads MathJax from a CDN (``{{ mathjax() }}``, whatever
#: HTMLExporter.mathjax_url says); the exercises have no formulas, so the macro draws nothing.
_NO_MATHJAX = "{%- macro mathjax(url='') -%}{%- endmacro %}"


class FeedbackExporter(HTMLExporter):
    """HTMLExporter for ``nbgrader generate_feedback`` whose pages load no remote resource."""

    @default("extra_loaders")
    def _no_remote_scripts(self):
        return [DictLoader({"mathjax.html.j2": _NO_MATHJAX})]
