"""The month builder of lesson 07: your objectives, three or four pillars and the four weeks, each with one drop-down per channel (wrapping on a phone); it checks the month, shows it as a table with Spanish dates and saves it for «Mi plan»."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_string import TextStyle

from course_utils.core.formats import es_day, es_number, es_range
from course_utils.topics import month
from course_utils.ui import lean
from course_utils.ui.saving import saved_note

NONE = "— nada —"
PILLARS = 4
GOALS = 2
FIT = w.Layout(width="auto")
WIDE = w.Layout(width="100%", max_width="420px")
TEXT_STYLE = TextStyle(description_width="initial")  # shared, never changed
# A week's channels wrap: side by side on a wide screen, one under another on a phone.
WEEK_GRID = w.Layout(
    grid_template_columns="repeat(auto-fill, minmax(11rem, 1fr))",
    grid_gap="14px 12px",
    max_width="900px",
)
# Each drop-down carries its channel above it; the week stays in its name for screen readers
# (the visually hidden part of the label), so «Semana 2 · Instagram» is what they announce.
STYLE = """<style>
.curso-mes-oculto { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0; }
.curso-mes-semana { border-top: 1px solid #d0d7de; padding-top: 6px; margin-bottom: 6px; }
.curso-mes-semana .widget-dropdown { flex-direction: column; align-items: stretch;
  width: auto; height: auto; }
.curso-mes-semana .widget-dropdown > .widget-label { width: auto; max-width: none;
  height: auto; text-align: left; margin: 0 0 2px 0; padding: 0; line-height: 1.4; }
.curso-mes-semana .widget-dropdown > select { flex: none; width: 100%; max-width: 100%; }
</style>"""


def next_month(today: date | None = None) -> tuple[int, int]:
    """The year and month after ``today``'s: the month an owner plans now."""
    today = today or date.today()
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def month_builder(
    store: Any,
    channels: Sequence[str],
    qid: str = "pyme_mes",
    when: tuple[int, int] | None = None,
    start: Mapping[str, Any] | None = None,
) -> w.VBox:
    """Objectives, pillars and, week by week, one drop-down per channel. Every change saves the
    month as data (``month.month_value``'s shape) and shows either what to fix or the month."""
    saved = store.get(qid)
    initial: Mapping[str, Any] = saved if isinstance(saved, Mapping) else (start or {})
    year, number = when or (int(initial.get("year", 0)), int(initial.get("month", 0)))
    if not year:
        year, number = next_month()
    old_goals = [str(g) for g in initial.get("objectives", [])]
    old_pillars = [p for p in initial.get("pillars", []) if isinstance(p, Mapping)]
    old_posts = {
        (int(p.get("week", 0)), str(p.get("channel", ""))): str(p.get("pillar", ""))
        for p in initial.get("posts", [])
        if isinstance(p, Mapping)
    }

    goals = [
        w.Text(
            value=old_goals[i] if i < len(old_goals) else "",
            description=f"Objetivo {i + 1}",
            placeholder="Por ejemplo: 20 reservas de cena más al mes" if i == 0 else "(opcional)",
            layout=WIDE,
            style=TEXT_STYLE,
        )
        for i in range(GOALS)
    ]
    names, serves = [], []
    wanted: dict[int, str] = {}  # a saved choice, set once the drop-down has its options
    for i in range(PILLARS):
        old = old_pillars[i] if i < len(old_pillars) else {}
        names.append(
            w.Text(
                value=str(old.get("name", "")),
                description=f"Pilar {i + 1}",
                placeholder="Un tema al que vuelves cada mes",
                layout=WIDE,
                style=TEXT_STYLE,
            )
        )
        serves.append(
            w.Dropdown(
                options=[NONE],
                value=NONE,
                description=f"Pilar {i + 1}: sirve a",
                layout=FIT,
                style=lean.LABEL_FITS,
            )
        )
        wanted[id(serves[-1])] = str(old.get("objective", ""))  # restored once options exist
    slots: dict[tuple[int, str], w.Dropdown] = {}
    blocks: list[w.Widget] = []
    for week, (first, last) in enumerate(month.month_weeks(year, number), start=1):
        cells = []
        for channel in channels:
            name = f"Semana {week} · {channel}"
            dd = w.Dropdown(
                options=[NONE],
                value=NONE,
                # the channel is what the eye reads; a screen reader hears the week as well
                description=f'<span class="curso-mes-oculto">Semana {week} · </span>'
                + html.escape(channel),
                description_allow_html=True,
                tooltip=name,
                layout=lean.PLAIN,
                style=lean.LABEL_FITS,
            )
            wanted[id(dd)] = old_posts.get((week, channel), "")
            slots[(week, channel)] = dd
            cells.append(dd)
        block = lean.VBox(
            [
                lean.HTML(f"<b>Semana {week}</b> · {es_range(first, last)}"),
                w.GridBox(cells, layout=WEEK_GRID),
            ]
        )
        block.add_class("curso-mes-semana")
        blocks.append(block)
    grid = lean.VBox(blocks)
    status, table = lean.HTML(), lean.HTML()
    busy = {"now": False}

    def goal_texts() -> list[str]:
        return [g.value.strip() for g in goals if g.value.strip()]

    def pillar_names() -> list[str]:
        return [n.value.strip() for n in names if n.value.strip()]

    def sync_options() -> None:
        """Drop-downs offer the current objectives and pillars (keeping what was chosen)."""
        busy["now"] = True
        try:
            for dd in serves:
                keep = dd.value if dd.value != NONE else wanted.pop(id(dd), "")
                dd.options = [NONE, *goal_texts()]
                dd.value = keep if keep in dd.options else NONE
            for dd in slots.values():
                keep = dd.value if dd.value != NONE else wanted.pop(id(dd), "")
                dd.options = [NONE, *pillar_names()]
                dd.value = keep if keep in dd.options else NONE
        finally:
            busy["now"] = False

    def value() -> dict[str, Any]:
        pillars = [
            {"name": n.value.strip(), "objective": "" if s.value == NONE else s.value, "idea": ""}
            for n, s in zip(names, serves, strict=True)
            if n.value.strip()
        ]
        posts = [
            {
                "week": week,
                "pillar": dd.value,
                "channel": channel,
                "format": month.format_for(channel),
                "who": "",
                "idea": "",
                "weekday": 2 * channels.index(channel) % 7,
            }
            for (week, channel), dd in slots.items()
            if dd.value != NONE
        ]
        return {
            "year": year,
            "month": number,
            "objectives": goal_texts(),
            "pillars": pillars,
            "posts": posts,
        }

    def refresh(save: bool) -> None:
        data = value()
        note = ""
        if save:
            note = saved_note(store, qid, data) + " "
        try:
            plan = month.month_from_value(data)
        except month.MonthError as exc:
            status.value = f"<p>{note}Todavía no: {html.escape(str(exc))}</p>"
            table.value = ""
            return
        hours = plan.minutes() / 60
        status.value = (
            f"<p>{note}✅ Tu mes de {html.escape(plan.title.lower())} está completo: "
            f"{len(plan.posts)} publicaciones, unas {es_number(hours, 1)} horas de trabajo. "
            "Irá a tu plan (lección 06) y a tu calendario.</p>"
        )
        rows = plan.readable_rows()
        keys = ["Fecha", "Día", "Canal", "Formato", "Pilar"]
        head = "".join(f"<th>{k}</th>" for k in keys)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(r[k])}</td>" for k in keys) + "</tr>" for r in rows
        )
        table.value = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def changed(_change: Any) -> None:
        if busy["now"]:
            return
        sync_options()
        refresh(True)

    for control in [*goals, *names, *serves, *slots.values()]:
        control.observe(changed, names="value")
    sync_options()
    refresh(False)
    dates = [
        f"<li>{es_day(k.day)}: {html.escape(k.name)}"
        + (f" <i>({html.escape(k.note)})</i>" if k.note else "")
        + "</li>"
        for k in month.key_dates(year, number)
    ]
    heading = lean.HTML(
        STYLE
        + f"<h4>Tu mes: {html.escape(month.MONTHS[number - 1])} de {year}</h4>"
        + (
            f"<p>Fechas que se esperan este mes (añade las de tu barrio o tu pueblo):</p><ul>{''.join(dates)}</ul>"
            if dates
            else "<p>Este mes no trae fechas señaladas en toda España: busca las de tu barrio o tu pueblo.</p>"
        )
    )
    return lean.VBox(
        [
            heading,
            *goals,
            *[lean.HBox([n, s]) for n, s in zip(names, serves, strict=True)],
            grid,
            status,
            table,
        ]
    )
