"""Printable access cards for a workshop hub: name, personal code, the hub's address and a QR code that opens its sign-in page, eight to an A4 page (fpdf2 and segno)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from course_utils.owner.plan_pdf import FAMILY, font_paths

CARD_W, CARD_H = 95.0, 66.0  # mm: 2 × 4 cards on A4 with 10 mm margins
COLUMNS, ROWS = 2, 4


def login_url(hub: str, name: str) -> str:
    """The hub's sign-in page with the name already written in."""
    return f"{hub.rstrip('/')}/hub/login?username={quote(name, safe='')}"


def _qr(pdf, text: str, x: float, y: float, size: float) -> None:
    """The QR code of ``text`` drawn as squares (sharp at any printer resolution)."""
    import segno

    code = segno.make(text, error="m")
    matrix = code.matrix
    border = 2
    cells = len(matrix) + 2 * border
    step = size / cells
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x + (c + border) * step, y + (r + border) * step, step, step, style="F")


def write_cards(cards: Iterable[tuple[str, str]], hub: str, path: str | os.PathLike) -> Path:
    """A PDF with one card per (name, code). The file is created private (0600): it holds
    every code in clear; print it and delete it."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title("Tarjetas de acceso al taller")
    regular, bold = font_paths()
    pdf.add_font(FAMILY, "", str(regular))
    pdf.add_font(FAMILY, "B", str(bold))
    cards = list(cards)
    for index, (name, code) in enumerate(cards):
        slot = index % (COLUMNS * ROWS)
        if slot == 0:
            pdf.add_page()
        x = 10 + (slot % COLUMNS) * CARD_W
        y = 10 + (slot // COLUMNS) * CARD_H + 6
        pdf.set_draw_color(150, 150, 150)
        pdf.set_line_width(0.2)
        pdf.rect(x, y, CARD_W, CARD_H, style="D")
        pdf.set_xy(x + 5, y + 5)
        pdf.set_font(FAMILY, "B", 11)
        pdf.cell(CARD_W - 10, 6, "Redes sociales con estrategia")
        text_w = CARD_W - 45
        pdf.set_font(FAMILY, "", 9)
        pdf.set_xy(x + 5, y + 14)
        pdf.cell(text_w, 5, "Tu nombre:")
        pdf.set_xy(x + 5, y + 19)
        pdf.set_font(FAMILY, "B", 14)
        pdf.cell(text_w, 7, name)
        pdf.set_xy(x + 5, y + 28)
        pdf.set_font(FAMILY, "", 9)
        pdf.cell(text_w, 5, "Tu código de acceso:")
        pdf.set_xy(x + 5, y + 33)
        pdf.set_font(FAMILY, "B", 14)
        pdf.cell(text_w, 7, code)
        pdf.set_xy(x + 5, y + 43)
        pdf.set_font(FAMILY, "", 8)
        pdf.multi_cell(
            text_w,
            4,
            f"Entra en {hub.rstrip('/')} o escanea el código con el móvil. "
            "Es personal: no lo compartas.",
        )
        _qr(pdf, login_url(hub, name), x + CARD_W - 40, y + 14, 36)
    target = Path(path)
    data = bytes(pdf.output())
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as fh:
        os.fchmod(fh.fileno(), 0o600)
        fh.write(data)
    return target
