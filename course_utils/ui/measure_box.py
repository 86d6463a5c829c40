"""The measure box of lesson 02: pick the sample or upload your own CSV export and see your rates, figures and a short reading."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
from IPython.display import HTML, display

from course_utils.core.formats import es_number
from course_utils.figures import draw as figures
from course_utils.topics import measure
from course_utils.ui import lean
from course_utils.ui.captured import CapturedBox
from course_utils.ui.panels import show_figure

SAMPLE_CHOICE = "El ejemplo del curso (Tienda Alba)"
OWN_CHOICE = "Mi propio archivo"


def _kaushik_table(s: measure.Summary) -> str:
    names = {
        "conversacion": ("Conversación", "comentarios"),
        "amplificacion": ("Amplificación", "veces compartido"),
        "aplauso": ("Aplauso", "me gusta"),
    }
    rows = ""
    for key, (label, unit) in names.items():
        rate = s.kaushik[key]
        per_follower = (
            f"{es_number(rate['por_seguidor'], 2)}" if rate["por_seguidor"] is not None else "—"
        )
        rows += (
            f"<tr><td>{label}</td><td>{es_number(rate['por_publicacion'], 1)} {unit}</td>"
            f"<td>{per_follower}</td></tr>"
        )
    return (
        "<table><tr><th>Tasa de Kaushik</th><th>Por publicación</th>"
        "<th>Por cada 100 seguidores</th></tr>" + rows + "</table>"
    )


def show_measure(posts: list[measure.Post], followers: float | None, sample: bool) -> None:
    """Display the reading, Kaushik's table and the three figures for ``posts``."""
    s = measure.analyse(posts, followers)
    items = "".join(f"<li>{html.escape(line)}</li>" for line in measure.reading(s))
    who = "Ejemplo inventado de Tienda Alba" if sample else "Tus publicaciones"
    display(HTML(f"<p><b>{who}</b></p><ul>{items}</ul>{_kaushik_table(s)}"))
    show_figure(
        figures.posting_timeline(
            [p.when.date() for p in posts], [p.reach for p in posts], s.longest_gap
        ),
        f"Cada raya es una publicación y su altura, las personas a las que llegó; "
        f"la zona sombreada es el parón más largo ({s.longest_gap['days'] if s.longest_gap else 0}"
        " días).",
        simulated=sample,
    )
    show_figure(
        figures.measure_slots(s.weekdays, "día", s.best_day),
        "Barras de la tasa de interacción sobre el alcance por día de la semana, con el número "
        "de publicaciones de cada día; en otro color, el mejor día con al menos tres.",
        simulated=sample,
    )
    if s.hours:
        show_figure(
            figures.measure_slots(s.hours, "hora", s.best_hour),
            "Barras de la tasa de interacción sobre el alcance por hora de publicación; en otro "
            "color, la mejor hora con al menos tres publicaciones.",
            simulated=sample,
        )


def measure_box(session: Any = None) -> w.VBox:
    """Choose the sample or upload a CSV (nothing leaves the computer) and see the analysis.

    The file is read in memory and never saved; the box starts with the sample shown.
    """
    choice = w.RadioButtons(
        options=[SAMPLE_CHOICE, OWN_CHOICE],
        value=SAMPLE_CHOICE,
        description="¿Qué datos miramos?",
        style={"description_width": "initial"},
        layout=w.Layout(width="auto"),
    )
    upload = w.FileUpload(
        accept=".csv,text/csv",
        multiple=False,
        description="Elegir archivo CSV",
        tooltip="Tu exportación de publicaciones de Meta Business Suite o Instagram",
    )
    followers = w.BoundedIntText(
        value=measure.SAMPLE_FOLLOWERS,
        min=0,
        max=100_000_000,
        description="Tus seguidores (hoy):",
        style={"description_width": "initial"},
    )
    button = lean.Button(description="Analizar", icon="chart-bar", button_style="primary")
    out = CapturedBox(layout=lean.RESULT)
    out.add_class("curso-resultado")

    def analyse(_: Any = None) -> None:
        out.show(_analyse)

    def _analyse() -> None:
        try:
            if choice.value == SAMPLE_CHOICE:
                posts, name = measure.read_posts(measure.SAMPLE), measure.SAMPLE.name
            else:
                files = list(upload.value)
                if not files:
                    display(HTML("<p>Pulsa «Elegir archivo CSV» y escoge tu exportación.</p>"))
                    return
                item = files[0]
                name = str(item.get("name", "tu archivo"))
                posts = measure.read_posts(bytes(item["content"]), name)
        except measure.MeasureError as exc:
            display(HTML(f"<p>⚠️ {html.escape(str(exc))}</p>"))
            return
        display(HTML(f"<p><small>Archivo: {html.escape(name)}</small></p>"))
        show_measure(posts, followers.value or None, choice.value == SAMPLE_CHOICE)

    def on_choice(change: Any) -> None:
        if change["new"] == SAMPLE_CHOICE:
            followers.value = measure.SAMPLE_FOLLOWERS
        analyse()

    choice.observe(on_choice, names="value")
    upload.observe(lambda _c: analyse(), names="value")
    button.on_click(analyse)
    analyse()
    note = lean.HTML(
        "<p><small>🔒 Tu archivo se lee aquí, en tu ordenador: no se sube a ningún sitio ni "
        "se guarda.</small></p>"
    )
    return lean.VBox([choice, lean.HBox([upload, followers, button]), note, out])
