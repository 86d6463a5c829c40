"""Lesson 07's UTM link builder driven by widget events: the link encoded and shown to copy, personal data and bad addresses refused in Spanish and never saved, the last good link restored."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from course_utils.core.store import AnswerStore
from course_utils.owner.calendar import MONTH_LESSON
from course_utils.ui.utm_box import campaign_ideas, utm_builder

QID = "pyme_enlace_utm"


def parts(box):
    heading, url, channel, campaign, status, result = box.children
    return url, channel, campaign, status, result


def shown_link(result) -> str:
    found = re.search(r"<code[^>]*>(.*?)</code>", result.value)
    assert found, result.value
    return html.unescape(found.group(1))


def test_the_builder_makes_saves_and_restores_a_link(tmp_path):
    store = AnswerStore(MONTH_LESSON, tmp_path)
    url, channel, campaign, status, result = parts(utm_builder(store, when=(2027, 3)))
    assert "Escribe tu dirección" in status.value and result.value == ""
    assert "semana-santa-2027" in campaign.options  # the month's key dates as ideas
    url.value = "www.barsol.es/reservas"
    assert "nombre corto para la campaña" in status.value and store.get(QID) is None
    channel.value = "Ficha de Google"
    campaign.value = "Menú de Semana Santa"
    assert "✅" in status.value and "Guardado" in status.value
    link = shown_link(result)
    assert parse_qs(urlsplit(link).query) == {
        "utm_source": ["ficha-google"],
        "utm_medium": ["organic"],
        "utm_campaign": ["menu-de-semana-santa"],
    }
    assert link.startswith("https://www.barsol.es/reservas?")
    assert f"href='{html.escape(link)}'" in result.value and "noopener" in result.value
    assert store.get(QID) == {
        "url": "https://www.barsol.es/reservas",
        "channel": "Ficha de Google",
        "campaign": "menu-de-semana-santa",
        "link": link,
    }

    again = parts(utm_builder(AnswerStore(MONTH_LESSON, tmp_path)))
    assert [again[0].value, again[1].value, again[2].value] == [
        "https://www.barsol.es/reservas",
        "Ficha de Google",
        "menu-de-semana-santa",
    ]
    assert shown_link(again[4]) == link and "Guardado" not in again[3].value


def test_personal_data_and_bad_addresses_are_refused_and_not_saved(tmp_path):
    store = AnswerStore(MONTH_LESSON, tmp_path)
    url, channel, campaign, status, result = parts(utm_builder(store, when=(2027, 3)))
    url.value = "https://tiendaalba.es/rebajas"
    campaign.value = "rebajas"
    good = store.get(QID)
    assert good["link"].endswith("utm_campaign=rebajas")
    for typed, said in (
        ("clienta carmen.lopez@gmail.com", "lleva un correo electrónico"),
        ("llamar 612 345 678", "lleva un número de teléfono"),
    ):
        campaign.value = typed
        assert said in status.value and "datos personales" in status.value
        assert result.value == "" and store.get(QID) == good, "nothing personal is saved"
    campaign.value = "rebajas"
    url.value = "nerea@tiendaalba.es"
    assert "es un correo electrónico, no una dirección web" in status.value
    url.value = "https://tiendaalba.es/?telefono=612345678"
    assert "lleva un número de teléfono" in status.value and store.get(QID) == good
    url.value = "tienda alba"
    assert "no puede llevar espacios" in status.value and result.value == ""


def test_a_damaged_saved_value_starts_empty(tmp_path):
    store = AnswerStore(MONTH_LESSON, tmp_path)
    store.save(QID, "no es un enlace")
    url, channel, campaign, status, _ = parts(utm_builder(store))
    assert (url.value, channel.value, campaign.value) == ("", "Instagram", "")


def test_campaign_ideas_come_from_the_month():
    assert campaign_ideas(2027, 12) == [
        "sorteo-de-navidad-y-comidas-de-empresa-2027",
        "nochevieja-2027",
        "oferta-diciembre-2027",
    ]
