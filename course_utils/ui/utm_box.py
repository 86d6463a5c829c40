"""The UTM link builder of lesson 07: your web or booking address, a channel and a campaign give the tagged link to copy, never with personal data; the last good link is saved."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_string import TextStyle

from course_utils.topics import month
from course_utils.ui import lean
from course_utils.ui.month_box import next_month
from course_utils.ui.saving import saved_note

WIDE = w.Layout(width="100%", max_width="520px")
TEXT_STYLE = TextStyle(description_width="initial")  # shared, never changed
STARTING_CHANNEL = "Instagram"


def campaign_ideas(year: int, number: int) -> list[str]:
    """Campaign tags to start from: the month's key dates, then a plain offer of the month."""
    ideas = [month.campaign_tag(f"{k.name} {year}") for k in month.key_dates(year, number)]
    ideas.append(month.campaign_tag(f"oferta {month.MONTHS[number - 1]} {year}"))
    return list(dict.fromkeys(ideas))


def utm_builder(
    store: Any, qid: str = "pyme_enlace_utm", when: tuple[int, int] | None = None
) -> w.VBox:
    """Address, channel and campaign in; the tagged link out, to select and copy, with a test
    link. A link is saved (``{"url", "channel", "campaign", "link"}``) only once it is good:
    an address that is not one, or personal data in a tag, is said in Spanish and not saved."""
    saved = store.get(qid)
    initial: Mapping[str, Any] = saved if isinstance(saved, Mapping) else {}
    channels = list(month.utm_channels())
    year, number = when or next_month()
    url = w.Text(
        value=str(initial.get("url", "")),
        description="Tu web o tu página de reservas",
        placeholder="https://barsol.es/reservas",
        continuous_update=False,
        layout=WIDE,
        style=TEXT_STYLE,
    )
    old_channel = str(initial.get("channel", ""))
    channel = lean.Dropdown(
        options=channels,
        value=old_channel if old_channel in channels else STARTING_CHANNEL,
        description="Dónde lo compartes",
    )
    campaign = w.Combobox(
        value=str(initial.get("campaign", "")),
        options=campaign_ideas(year, number),
        ensure_option=False,
        description="Campaña",
        placeholder="rebajas-enero",
        continuous_update=False,
        layout=WIDE,
        style=TEXT_STYLE,
    )
    status = lean.HTML()
    status.add_class("curso-estado")
    result = lean.HTML()

    def refresh(save: bool) -> None:
        if not url.value.strip() and not campaign.value.strip():
            status.value = "<p>Escribe tu dirección y el nombre de la campaña.</p>"
            result.value = ""
            return
        try:
            link = month.channel_link(url.value, channel.value, campaign.value)
        except month.MonthError as exc:
            status.value = f"<p>⚠️ Todavía no: {html.escape(str(exc))}</p>"
            result.value = ""
            return
        tags = month.utm_channels()[channel.value]
        tag = month.campaign_tag(campaign.value)
        note = ""
        if save:
            value = {
                "url": month.web_address(url.value),
                "channel": channel.value,
                "campaign": tag,
                "link": link,
            }
            note = " " + saved_note(store, qid, value)
        status.value = f"<p>✅ Tu enlace está listo.{note}</p>"
        safe = html.escape(link)
        result.value = (
            "<p><b>Tu enlace</b> (tócalo para seleccionarlo entero y cópialo):</p>"
            f"<p><code style='user-select:all;word-break:break-all;font-size:1rem'>{safe}</code></p>"
            f"<p>Etiquetas: fuente «{html.escape(tags['source'])}», medio "
            f"«{html.escape(tags['medium'])}», campaña «{html.escape(tag)}». "
            f"<a href='{safe}' target='_blank' rel='noopener noreferrer'>Prueba el enlace</a> "
            "(se abre en otra pestaña): tiene que llevar a tu página.</p>"
        )

    for control in (url, channel, campaign):
        control.observe(lambda _change: refresh(True), names="value")
    refresh(False)
    heading = lean.HTML(
        "<h4>Tu enlace etiquetado</h4><p>Pega la dirección de tu web, tu tienda en línea o tu "
        "página de reservas, elige dónde compartirás el enlace y ponle nombre a la campaña. "
        "Haz un enlace distinto para cada canal: así sabrás cuál trae más visitas.</p>"
    )
    return lean.VBox([heading, url, channel, campaign, status, result])
