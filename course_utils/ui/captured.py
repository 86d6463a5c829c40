"""A box filled with what a drawing function displays, kept as widgets: the kit's stand-in for an Output widget."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable

import ipywidgets as w

from course_utils.ui import lean


class CapturedBox(w.VBox):
    """What ``draw()`` displays (HTML, PNG figures, text), as HTML widgets in this box.

    Not an ipywidgets Output: with Voilà 0.5.13 and nbclient 0.11, a page whose cells write
    into an Output widget while it runs often never finishes loading (measured: a page of 15
    cells that each filled an Output widget stayed on «Preparando la página…» in 10 loads of
    10; the same cells without the Output widget loaded every time). Capturing the displays in
    the kernel and showing them as plain widgets sends nothing through the Output machinery.
    """

    def show(self, draw: Callable[[], None]) -> None:
        """Replace the content with what ``draw()`` displays now."""
        from IPython.utils.capture import capture_output

        with capture_output(stdout=True, stderr=False, display=True) as captured:
            draw()
        children = [_widget(out.data, out.metadata or {}) for out in captured.outputs]
        if captured.stdout.strip():
            children.append(lean.HTML(f"<pre>{html.escape(captured.stdout)}</pre>"))
        self.children = [c for c in children if c is not None]


def _widget(data: dict, metadata: dict) -> w.Widget | None:
    if "image/png" in data:
        png = data["image/png"]
        encoded = base64.b64encode(png).decode("ascii") if isinstance(png, bytes) else str(png)
        alt = (metadata.get("image/png") or {}).get("alt", "") if isinstance(metadata, dict) else ""
        return lean.HTML(
            f"<img src='data:image/png;base64,{encoded}' alt='{html.escape(str(alt))}' "
            "style='max-width:100%'>"
        )
    if "text/html" in data:
        return lean.HTML(str(data["text/html"]))
    if "text/plain" in data:
        return lean.HTML(f"<pre>{html.escape(str(data['text/plain']))}</pre>")
    return None
