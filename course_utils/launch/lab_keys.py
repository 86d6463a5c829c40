"""JupyterLab keys on questions: the notebook's command-mode shortcuts bound again so that keys pressed on a widget stay with it."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def lab_app_dir() -> Path:
    """The application folder of this environment's JupyterLab (its schemas, static files and,
    by default, settings): $JUPYTERLAB_DIR or <sys.prefix>/share/jupyter/lab."""
    return Path(os.environ.get("JUPYTERLAB_DIR") or Path(sys.prefix) / "share" / "jupyter" / "lab")


# Keys on a question's widgets. JupyterLab binds a notebook's command-mode shortcuts (↑/↓ to
# the next cell, Shift+↑/↓ to mark cells, ←/→ to headings, A/B to insert a cell, D D to delete
# one, M/Y/R to change its type, Z, X, C, V…) to COMMAND_MODE_SELECTOR: "whatever has the focus
# in a notebook in command mode". A radio button, checkbox, drop-down or button of an
# ipywidgets question in an output is such an element (only text fields switch the notebook to
# jp-mod-readWrite), so a person who clicked an option and pressed ↓ moved to the next cell
# instead of choosing the next option, and a letter typed on a checkbox could insert or delete
# a cell. Lumino matches a binding's selector against the focused element first and only then
# walks up, so neither data-lm-suppress-shortcuts on an ancestor nor anything said from Python
# helps; a selector does. The course's overrides.json gives the shortcuts plugin a default
# `shortcuts` list that, for each of those bindings, disables it (same command, keys and
# selector, "disabled": true, as JupyterLab's own shortcut editor writes it) and binds it again
# with WIDGET_SAFE_SELECTOR, which does not match an element that is or is inside a widget.
# The plugin honours that default: its transform appends the schema's `shortcuts` default,
# which overrides.json replaces (jupyterlab_server settings_utils._override), to every
# plugin's `jupyter.lab.shortcuts`, and SettingRegistry.reconcileShortcuts lets a disabled
# default remove the default with the same keys and selector (JupyterLab 4.x; checked in
# Chromium by tests/journeys/test_browser.py). A person's own shortcuts (user settings) still win.
COMMAND_MODE_SELECTOR = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
WIDGET_SAFE_SELECTOR = COMMAND_MODE_SELECTOR + ":not(.jupyter-widgets):not(.jupyter-widgets *)"
# Where JupyterLab declares those bindings, in its application folder (see lab_app_dir).
NOTEBOOK_SHORTCUTS_SCHEMA = Path("schemas", "@jupyterlab", "notebook-extension", "tracker.json")
# The bindings used when that schema cannot be read: the keys of JupyterLab 4's notebook that
# a person can press on a focused radio button, checkbox, drop-down or button (Enter and the
# numbers 1-6 are bound to the cell itself, `.jp-Cell:focus`, and do not reach widgets).
COMMAND_MODE_SHORTCUTS_FALLBACK = (
    ("notebook:move-cursor-up", ("ArrowUp",)),
    ("notebook:move-cursor-down", ("ArrowDown",)),
    ("notebook:move-cursor-up", ("K",)),
    ("notebook:move-cursor-down", ("J",)),
    ("notebook:extend-marked-cells-above", ("Shift ArrowUp",)),
    ("notebook:extend-marked-cells-below", ("Shift ArrowDown",)),
    ("notebook:extend-marked-cells-above", ("Shift K",)),
    ("notebook:extend-marked-cells-below", ("Shift J",)),
    ("notebook:extend-marked-cells-top", ("Shift Home",)),
    ("notebook:extend-marked-cells-bottom", ("Shift End",)),
    ("notebook:move-cursor-heading-above-or-collapse", ("ArrowLeft",)),
    ("notebook:move-cursor-heading-below-or-expand", ("ArrowRight",)),
    ("notebook:insert-cell-above", ("A",)),
    ("notebook:insert-cell-below", ("B",)),
    ("notebook:insert-heading-above", ("Shift A",)),
    ("notebook:insert-heading-below", ("Shift B",)),
    ("notebook:copy-cell", ("C",)),
    ("notebook:cut-cell", ("X",)),
    ("notebook:paste-cell-below", ("V",)),
    ("notebook:delete-cell", ("D", "D")),
    ("notebook:change-cell-to-code", ("Y",)),
    ("notebook:change-cell-to-markdown", ("M",)),
    ("notebook:change-cell-to-raw", ("R",)),
    ("notebook:undo-cell-action", ("Z",)),
    ("notebook:redo-cell-action", ("Shift Z",)),
    ("notebook:merge-cells", ("Shift M",)),
    ("notebook:toggle-render-side-by-side-current", ("Shift R",)),
    ("viewmenu:line-numbering", ("Shift L",)),
)


def command_mode_shortcuts(app_dir: Path | None = None) -> list[dict]:
    """The notebook's bindings on COMMAND_MODE_SELECTOR, as this JupyterLab declares them (its
    notebook-extension tracker schema), or COMMAND_MODE_SHORTCUTS_FALLBACK when that schema is
    missing or not as expected."""
    schema = Path(app_dir or lab_app_dir()) / NOTEBOOK_SHORTCUTS_SCHEMA
    try:
        declared = json.loads(schema.read_text(encoding="utf-8")).get("jupyter.lab.shortcuts")
    except (OSError, ValueError, AttributeError):
        declared = None
    found = [
        binding
        for binding in (declared if isinstance(declared, list) else [])
        if isinstance(binding, dict)
        and binding.get("selector") == COMMAND_MODE_SELECTOR
        and isinstance(binding.get("command"), str)
        and isinstance(binding.get("keys"), list)
    ]
    if found:
        return found
    return [
        {"command": command, "keys": list(keys), "selector": COMMAND_MODE_SELECTOR}
        for command, keys in COMMAND_MODE_SHORTCUTS_FALLBACK
    ]


def widget_safe_shortcuts(app_dir: Path | None = None) -> list[dict]:
    """The `shortcuts` default for the shortcuts plugin: each command-mode binding disabled,
    and bound again with WIDGET_SAFE_SELECTOR (keys on a focused widget stay with it)."""
    shortcuts = []
    for binding in command_mode_shortcuts(app_dir):
        shortcuts.append({**binding, "disabled": True})
        shortcuts.append({**binding, "selector": WIDGET_SAFE_SELECTOR})
    return shortcuts
