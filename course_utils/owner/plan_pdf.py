"""The plan as a PDF (fpdf2, pure Python) in the DejaVu Sans that matplotlib ships, with text the font can print."""

from __future__ import annotations

import importlib.util
import io
import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from course_utils.owner.plan import Block, Plan, Table, es_date, es_range

FAMILY = "DejaVu"
COURSE = "Redes sociales con estrategia para pymes"
BLUE = (0, 114, 178)
GREY = (87, 96, 106)


def font_paths() -> tuple[Path, Path]:
    """DejaVu Sans regular and bold, from matplotlib's data folder.

    Located with importlib, without importing matplotlib (figures.py is the only module that
    does): every install of the course has these files, on every system.
    """
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("matplotlib is not installed: no DejaVu Sans to embed")
    folder = Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "fonts" / "ttf"
    return folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"


@cache
def covered() -> frozenset[int]:
    """Code points both DejaVu Sans fonts can draw."""
    from fontTools.ttLib import TTFont  # fpdf2's own dependency

    maps = [set(TTFont(str(path), lazy=True).getBestCmap()) for path in font_paths()]
    return frozenset(maps[0] & maps[1])


_REPLACE = {"\t": "    ", "\r\n": "\n", "\r": "\n", "\u00a0": " "}


def printable(text: object) -> str:
    """The text with only characters the font has (emoji and the like are dropped)."""
    text = unicodedata.normalize("NFC", str(text))
    for old, new in _REPLACE.items():
        text = text.replace(old, new)
    keep = covered()
    out = "".join(ch for ch in text if ch == "\n" or (ord(ch) in keep and ch.isprintable()))
    # a dropped emoji leaves a double space behind
    return "\n".join(re.sub(" {2,}", " ", line).rstrip() for line in out.split("\n"))


def new_document(footer: str):
    """An A4 fpdf2 document with DejaVu Sans and «Página N de M · footer» on every page."""
    from fpdf import FPDF

    class Document(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font(FAMILY, "", 8)
            self.set_text_color(*GREY)
            self.cell(0, 6, printable(f"Página {self.page_no()} de {{nb}} · {footer}"), align="C")
            self.set_text_color(0, 0, 0)

    pdf = Document(format="A4", unit="mm")
    regular, bold = font_paths()
    pdf.add_font(FAMILY, "", str(regular))
    pdf.add_font(FAMILY, "B", str(bold))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_font(FAMILY, "", 10)
    return pdf


def heading(pdf, text: str, size: int = 14) -> None:
    """A bold heading with a blue rule under it."""
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", size)
    pdf.multi_cell(0, size * 0.5, printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*BLUE)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 10)


def paragraph(pdf, text: str, bold: bool = False, size: int = 10, colour=None) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    if colour:
        pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.5, printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FAMILY, "", 10)


def table(pdf, data: Table, size: int = 9) -> None:
    """A table with a bold header row, its columns as wide as ``data.widths`` say (shares
    of the width; equal when not given); cells wrap, and a long table goes on to the next page
    with its header repeated."""
    widths = data.widths if len(data.widths) == len(data.headers) else (1,) * len(data.headers)
    pdf.set_font(FAMILY, "", size)
    with pdf.table(
        col_widths=widths, text_align="LEFT", line_height=size * 0.5, repeat_headings=1
    ) as grid:
        head = grid.row()
        for text in data.headers:
            head.cell(printable(text))
        for values in data.rows:
            row = grid.row()
            for text in values:
                row.cell(printable(text))
    pdf.set_font(FAMILY, "", 10)
    pdf.ln(2)


def block(pdf, piece: Block) -> None:
    """One piece of an answer: a paragraph, a bold line, a warning, a list or a table."""
    if piece.kind == "table" and piece.table is not None:
        table(pdf, piece.table)
    elif piece.kind == "list":
        for line in piece.lines:
            paragraph(pdf, f"- {line}")
    elif piece.kind == "head":
        paragraph(pdf, piece.text, bold=True)
    elif piece.kind == "note":
        paragraph(pdf, piece.text, colour=(154, 103, 0))
    else:
        paragraph(pdf, piece.text)


def write_pdf(plan: Plan, path: str | Path, images: Mapping[str, bytes] | None = None) -> Path:
    """Write the plan as a PDF: the one-page summary first, then each part (its tables as
    tables: the month's calendar, the KPIs, the contacts), the 90-day calendar as a table and
    the figures in ``images`` (chart kind → PNG, drawn by
    ui.plan_page.chart_images). Returns the path."""
    path = Path(path)
    pdf = new_document(f"{plan.title} · {es_date(plan.date)}")
    pdf.set_title(printable(plan.title))
    pdf.set_creator(COURSE)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 20)
    # a title set like a title: ragged right, never justified with wide gaps
    pdf.multi_cell(0, 10, printable(plan.title), align="L", new_x="LMARGIN", new_y="NEXT")
    who = f" · {plan.person}" if plan.person else ""
    paragraph(pdf, f"{es_date(plan.date)}{who}", colour=GREY)
    for problem in plan.problems:
        paragraph(pdf, f"Aviso: {problem}", colour=(154, 103, 0))
    heading(pdf, "Tu plan en una página")
    with pdf.table(col_widths=(32, 68), text_align="LEFT", line_height=5) as table:
        for label, text in plan.summary:
            row = table.row()
            row.cell(printable(label))
            row.cell(printable(text))
    pdf.add_page()  # the summary keeps its own page
    for part in plan.parts:
        if not part.items:
            continue  # nothing answered yet: it is listed once, in «Lo que te falta»
        heading(pdf, part.title)
        for item in part.items:
            paragraph(pdf, item.label, bold=True, size=11)
            for piece in item.blocks:
                block(pdf, piece)
            pdf.ln(2)
    if plan.missing:
        heading(pdf, "Lo que te falta")
        by_lesson: dict[str, list[str]] = {}
        for missing in plan.missing:
            by_lesson.setdefault(missing.lesson_name, []).append(missing.text)
        for lesson, texts in by_lesson.items():
            paragraph(pdf, f"En la {lesson}:", bold=True)
            for text in texts:
                paragraph(pdf, f"- {text}")
            pdf.ln(1)
    pdf.add_page()
    heading(pdf, "Tus primeros 90 días")
    for title, actions in plan.blocks():
        paragraph(pdf, title, bold=True, size=11)
        with pdf.table(col_widths=(18, 30, 72), text_align="LEFT", line_height=5) as table:
            head = table.row()
            for text in ("Semana", "Fechas", "Qué haces"):
                head.cell(text)
            for action in actions:
                row = table.row()
                row.cell(str(action.week))
                row.cell(printable(es_range(*plan.week_dates(action.week))))
                row.cell(printable(action.text))
        pdf.ln(3)
    images = images or {}
    shown = [c for c in plan.charts if c.kind in images]
    for chart in shown:
        pdf.add_page()
        heading(pdf, chart.title)
        pdf.image(io.BytesIO(images[chart.kind]), w=pdf.epw)
        pdf.ln(2)
        paragraph(pdf, chart.description, size=9, colour=GREY)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path
