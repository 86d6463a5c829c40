"""Charts: Spanish number formats, a colour-blind-safe palette and a house style for figures."""

from __future__ import annotations

from typing import Any

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = {
    "azul": "#0072B2",
    "naranja": "#E69F00",
    "verde": "#009E73",
    "bermellon": "#D55E00",
    "celeste": "#56B4E9",
    "purpura": "#CC79A7",
    "amarillo": "#F0E442",
    "gris": "#7F7F7F",
}
COLORS = list(PALETTE.values())


def es_number(value: float, decimals: int = 0) -> str:
    """A number as Spain writes it: 1.200 and 3,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def es_percent(value: float, decimals: int = 1) -> str:
    """'3,5 %' (with the space Spanish style asks for)."""
    return f"{es_number(value, decimals)} %"


def plt():
    """matplotlib.pyplot with the course style, imported on first use."""
    import matplotlib

    matplotlib.rcParams.update({
        "axes.prop_cycle": matplotlib.cycler(color=COLORS),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "figure.figsize": (7.5, 4.2),
        "figure.dpi": 100,
        "font.size": 10,
        "axes.formatter.use_locale": False,
    })
    import matplotlib.pyplot as pyplot

    return pyplot


def spanish_axes(ax: Any, x_decimals: int | None = 0, y_decimals: int | None = 0,
                 y_percent: bool = False) -> Any:
    """Decimal comma and thousands point on an axis' tick labels."""
    from matplotlib.ticker import FuncFormatter

    if x_decimals is not None:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: es_number(v, x_decimals)))
    if y_decimals is not None:
        fmt = es_percent if y_percent else es_number
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v, y_decimals)))
    return ax


def caption(text: str, simulated: bool = False):
    """The sentence under a figure that describes it (and says when data are simulated)."""
    import html

    from IPython.display import HTML

    note = " <i>Datos simulados con fines didácticos.</i>" if simulated else ""
    return HTML(f"<p style='max-width:760px'><small>📝 {html.escape(text)}{note}</small></p>")
