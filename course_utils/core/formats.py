"""Spanish formats for numbers and dates («1.200», «3,5 %», «4 de enero de 2027») and the course's colour-blind-safe palette (no plotting here)."""

from __future__ import annotations

from datetime import date

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


def es_points(number: float) -> str:
    """Points as Spain writes them, without needless decimals: 1,5 and 2."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def es_size(size: int) -> str:
    """A file size as Spain writes it: «4,2 MB», «850 KB», «120 bytes» (1 MB = 1.000.000 bytes)."""
    if size >= 1_000_000:
        return f"{es_number(size / 1_000_000, 1).removesuffix(',0')} MB"
    if size >= 1_000:
        return f"{es_number(size / 1_000)} KB"
    return f"{size} bytes"


MONTHS = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
).split()
WEEKDAYS = "lunes martes miércoles jueves viernes sábado domingo".split()


def es_day(day: date) -> str:
    """A day of a month as Spain writes it, without the year: «4 de enero»."""
    return f"{day.day} de {MONTHS[day.month - 1]}"


def es_date(day: date) -> str:
    """A date as Spain writes it: «24 de noviembre de 2026»."""
    return f"{es_day(day)} de {day.year}"


def es_range(first: date, last: date) -> str:
    """«del 24 al 30 de noviembre», or with both months (and years) when they differ."""
    if first.year != last.year:
        return f"del {es_date(first)} al {es_date(last)}"
    if first.month != last.month:
        return f"del {es_day(first)} al {es_day(last)}"
    return f"del {first.day} al {es_day(last)}"
