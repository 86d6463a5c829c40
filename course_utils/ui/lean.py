"""Lean widgets: HTML, boxes and drop-downs that share one never-changed layout and style, so a page has far fewer widget models to load."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle

# Every widget made with its own Layout and style sends two more models to the page; most of
# the course's widgets never change either. These are shared instead, so nothing may ever
# change them (tests/ui/test_panels.py checks that no module of the kit assigns to a widget's
# layout or style).
PLAIN = w.Layout()
HTML_STYLE = HTMLStyle()
LABEL_FITS = DescriptionStyle(description_width="initial")
BUTTON_STYLE = ButtonStyle()
CHECKBOX_STYLE = CheckboxStyle()
# The few layouts the kit uses again and again.
STATUS_LINE = w.Layout(min_height="1.5em")  # a question's status line
CARD = w.Layout(border="1px solid #d0d7de", padding="8px 12px", margin="8px 0")  # a question
FULL_WIDTH = w.Layout(width="100%", max_width="760px")  # a text area
RESULT = w.Layout(max_width="900px")  # a live panel's result


def HTML(value: str = "", **kwargs: Any) -> w.HTML:  # named as the ipywidgets class it mirrors
    kwargs.setdefault("layout", PLAIN)
    kwargs.setdefault("style", HTML_STYLE)
    return w.HTML(value, **kwargs)


def VBox(children: Any = (), **kwargs: Any) -> w.VBox:
    kwargs.setdefault("layout", PLAIN)
    return w.VBox(list(children), **kwargs)


def HBox(children: Any = (), **kwargs: Any) -> w.HBox:
    kwargs.setdefault("layout", PLAIN)
    return w.HBox(list(children), **kwargs)


def _shared(widget: type, style: Any) -> Any:
    """A maker of ``widget`` with the shared layout and ``style`` unless told otherwise."""

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("layout", PLAIN)
        kwargs.setdefault("style", style)
        return widget(**kwargs)

    return make


# Drop-downs and radios: the description takes the width it needs.
Dropdown = _shared(w.Dropdown, LABEL_FITS)
RadioButtons = _shared(w.RadioButtons, LABEL_FITS)
Button = _shared(w.Button, BUTTON_STYLE)
Checkbox = _shared(w.Checkbox, CHECKBOX_STYLE)
