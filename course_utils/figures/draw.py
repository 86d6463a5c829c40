"""Every matplotlib drawing of the course, in its house style (the only module that imports matplotlib)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from course_utils.core.formats import COLORS, PALETTE, es_number, es_percent
from course_utils.topics import audit, maturity, simulations, triage
from course_utils.topics.metrics import engagement_rate

GREY = "#57606a"
TEXT_DARK = "#000000"
TEXT_LIGHT = "#ffffff"
STEP_FILL = "#f6f8fa"
MIN_CONTRAST = 4.5  # WCAG AA for normal text


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21)."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (Okabe–Ito fills: ≥ 4.5:1 both ways)."""
    return max((TEXT_DARK, TEXT_LIGHT), key=lambda text: contrast_ratio(text, fill))


def style() -> Any:
    """matplotlib with the course style applied, imported on first use (pyplot is not)."""
    import matplotlib
    from matplotlib.rcsetup import cycler  # what matplotlib.cycler names (not in its stubs)

    matplotlib.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=COLORS),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "figure.figsize": (7.5, 4.2),
            "figure.dpi": 100,
            "font.size": 10,
            "axes.formatter.use_locale": False,
        }
    )
    return matplotlib


def plt():
    """matplotlib.pyplot with the course style (the course's own figures do not use it)."""
    style()
    import matplotlib.pyplot as pyplot

    return pyplot


def new_figure(figsize: tuple[float, float] | None = None):
    """A figure outside pyplot, with an Agg canvas.

    No backend knows it, so nothing shows it by itself (not the inline backend at the end of
    a cell, not an interactive one when it is created): it appears exactly where it is
    displayed, once.
    """
    style()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig


def _subplots(figsize: tuple[float, float] | None = None):
    fig = new_figure(figsize)
    return fig, fig.subplots()


def spanish_axes(
    ax: Any, x_decimals: int | None = 0, y_decimals: int | None = 0, y_percent: bool = False
) -> Any:
    """Decimal comma and thousands point on an axis' tick labels."""
    from matplotlib.ticker import FuncFormatter

    if x_decimals is not None:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: es_number(v, x_decimals)))
    if y_decimals is not None:
        fmt = es_percent if y_percent else es_number
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v, y_decimals)))
    return ax


def _done(fig):
    """Lay out a finished figure (it was never registered with pyplot: nothing to close)."""
    fig.tight_layout()
    return fig


# -- lesson 00 ---------------------------------------------------------------------------------


def course_map(lessons: Sequence[Mapping[str, Any]]):
    """The lessons as a path of minutes, each bar filled as far as it is answered.

    ``lessons``: [{"number": "01", "title": "…", "minutes": 40, "share": 0.5}, …].
    """
    fig, ax = _subplots((8.2, 0.5 * len(lessons) + 1.4))
    start = 0.0
    labels = []
    for n, lesson in enumerate(lessons):
        minutes = lesson["minutes"]
        y = len(lessons) - n - 1
        ax.barh(y, minutes, left=start, color="#e6e6e6", edgecolor=GREY, height=0.6)
        if lesson.get("share"):
            ax.barh(y, minutes * lesson["share"], left=start, color=PALETTE["verde"], height=0.6)
        ax.text(start + minutes + 2, y, f"{minutes} min", va="center", fontsize=8)
        labels.append(f"{lesson['number']} {lesson['title']}")
        start += minutes
    ax.set_yticks(range(len(lessons) - 1, -1, -1))
    ax.set_yticklabels(labels, fontsize=9)
    ax.set_xlabel("Minutos acumulados de curso")
    ax.set_xlim(0, start * 1.12)
    spanish_axes(ax, y_decimals=None)
    ax.set_title("¿Qué camino vas a recorrer y cuánto llevas?")
    from matplotlib.patches import Rectangle

    done = Rectangle((0, 0), 1, 1, color=PALETTE["verde"])
    todo = Rectangle((0, 0), 1, 1, fc="#e6e6e6", ec=GREY)
    ax.legend(
        [done, todo],
        ["Preguntas respondidas", "Por hacer"],
        frameon=False,
        fontsize=8,
        loc="upper right",
    )
    return _done(fig)


# -- lesson 01 ---------------------------------------------------------------------------------


def criticism(months: int = 12, seed: int = 35):
    """«¿Desaparecen las críticas si lo haces bien?» (simulated)."""
    from matplotlib.ticker import MaxNLocator

    data = simulations.negative_comments(months, seed)
    x = list(range(1, months + 1))
    fig, ax = _subplots()
    ax.plot(
        x,
        data["mal"],
        marker="o",
        color=PALETTE["bermellon"],
        label="Sin estrategia: responde en caliente o no responde",
    )
    ax.plot(
        x,
        data["bien"],
        marker="s",
        color=PALETTE["azul"],
        label="Con estrategia: responde con método",
    )
    floor = min(data["bien"])
    ax.axhline(0, color=GREY, linewidth=0.8)
    ax.annotate(
        f"Nunca llega a cero (mínimo: {floor} al mes)",
        xy=(x[-1], data["bien"][-1]),
        xytext=(months * 0.45, max(data["mal"]) * 0.45),
        arrowprops={"arrowstyle": "->", "color": GREY},
        fontsize=9,
    )
    ax.set_title("¿Desaparecen las críticas si lo haces bien?")
    ax.set_xlabel("Mes desde que empiezas en redes")
    ax.set_ylabel("Comentarios negativos al mes")
    ax.set_xticks(x)
    ax.set_ylim(bottom=0)
    spanish_axes(ax)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=9, loc="upper right")
    return _done(fig)


# Okabe–Ito fills (colour-blind safe); the label on each is black or white by contrast.
ACTION_COLOURS = {
    "eliminar": "gris",
    "agradecer": "verde",
    "escalar": "bermellon",
    "vigilar": "celeste",
    "corregir": "azul",
    "restaurar": "naranja",
    "privado": "purpura",
}


def flowchart():
    """The response flowchart from triage.yaml: one question per row, «sí» to the right."""
    steps = triage.flowchart()
    labels = triage.actions()
    fig, ax = _subplots((9.2, 0.62 * len(steps) + 0.9))
    ax.set_xlim(0, 10.4)
    ax.set_ylim(-0.6, len(steps) + 0.2)
    ax.axis("off")
    for n, step in enumerate(steps):
        y = len(steps) - n - 0.5
        ax.text(
            0.1,
            y,
            f"{n + 1}. {step['question']}",
            va="center",
            ha="left",
            fontsize=9,
            color=TEXT_DARK,
            bbox={"boxstyle": "round,pad=0.3", "fc": STEP_FILL, "ec": GREY},
        )
        ax.annotate(
            "", xy=(6.95, y), xytext=(6.3, y), arrowprops={"arrowstyle": "->", "color": GREY}
        )
        ax.text(6.45, y + 0.18, "sí", fontsize=8, color=GREY)
        colour = PALETTE[ACTION_COLOURS.get(step["action"], "gris")]
        ax.text(
            7.0,
            y,
            labels[step["action"]],
            va="center",
            ha="left",
            fontsize=9,
            color=text_colour_on(colour),
            fontweight="bold",
            bbox={"boxstyle": "round,pad=0.3", "fc": colour, "ec": "none"},
        )
        if n < len(steps) - 1:
            ax.annotate(
                "",
                xy=(0.35, y - 0.72),
                xytext=(0.35, y - 0.28),
                arrowprops={"arrowstyle": "->", "color": GREY},
            )
            ax.text(0.45, y - 0.55, "no", fontsize=8, color=GREY)
    ax.text(0.1, -0.35, triage.fallback(), fontsize=8, style="italic", color=GREY)
    ax.set_title("¿Qué hago con este comentario?")
    return _done(fig)


# -- lesson 02 ---------------------------------------------------------------------------------


def growth(start: int = 12, dream: int = 1200, months: int = 12, seed: int = 3):
    """«¿Pasarás de 12 a 1.200 seguidores en un mes?» (simulated)."""
    real = simulations.follower_growth(start, months, seed)
    x = list(range(months + 1))
    fantasy = [start] + [dream] * months
    fig, ax = _subplots()
    ax.step(
        x,
        fantasy,
        where="post",
        linestyle="--",
        color=PALETTE["bermellon"],
        label=f"Lo que se espera: de {es_number(start)} a {es_number(dream)} en un mes",
    )
    ax.plot(
        x,
        real,
        marker="o",
        color=PALETTE["azul"],
        label="Lo habitual: crecimiento lento y constante",
    )
    ax.annotate(
        f"{es_number(real[-1])} seguidores al cabo de {months} meses",
        xy=(x[-1], real[-1]),
        xytext=(months * 0.35, dream * 0.45),
        arrowprops={"arrowstyle": "->", "color": GREY},
        fontsize=9,
    )
    ax.set_title(f"¿Pasarás de {es_number(start)} a {es_number(dream)} seguidores en un mes?")
    ax.set_xlabel("Meses")
    ax.set_ylabel("Seguidores")
    ax.set_xticks(x)
    ax.set_ylim(0, dream * 1.1)
    spanish_axes(ax)
    ax.legend(frameon=False, fontsize=9, loc="center right")
    return _done(fig)


def engagement(interactions: int = 1500, followers: int = 10000, reach: int = 50000):
    """The same interactions over followers and over reach give two different rates."""
    rates = {
        f"Sobre seguidores\n({es_number(followers)})": engagement_rate(interactions, followers),
        f"Sobre alcance\n({es_number(reach)} personas)": engagement_rate(interactions, reach),
    }
    fig, ax = _subplots((6.5, 4.0))
    bars = ax.bar(
        list(rates), list(rates.values()), color=[PALETTE["naranja"], PALETTE["azul"]], width=0.55
    )
    for bar, value in zip(bars, rates.values(), strict=True):
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            value + 0.3,
            es_percent(value, 0),
            ha="center",
            fontsize=11,
        )
    ax.set_title(f"¿Cuál es tu tasa de interacción con {es_number(interactions)} interacciones?")
    ax.set_ylabel("Tasa de interacción")
    ax.set_ylim(0, max(rates.values()) * 1.2)
    spanish_axes(ax, x_decimals=None, y_decimals=0, y_percent=True)
    return _done(fig)


# -- lesson 03 ---------------------------------------------------------------------------------


def maturity_radar(
    scores: Mapping[str, float], dims: Mapping[str, str] | None = None, example: bool = False
):
    """Radar chart (polar) of the scores per dimension, with the suggested stage."""
    dims = maturity.dimensions() if dims is None else dims
    shown = [d for d in dims if d in scores]
    values = [scores[d] for d in shown]
    angles = [2 * math.pi * i / len(shown) for i in range(len(shown))]
    stage = maturity.suggest_stage(scores)
    fig = new_figure((7.5, 6.2))
    ax = fig.add_subplot(projection="polar")
    colour = PALETTE["naranja"] if example else PALETTE["azul"]
    ax.plot(angles + angles[:1], values + values[:1], color=colour, linewidth=2)
    ax.fill(angles + angles[:1], values + values[:1], color=colour, alpha=0.25)
    ax.scatter(angles, values, color=colour, zorder=3)
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_xticks(angles)
    ax.set_xticklabels([f"{dims[d]}\n{es_number(scores[d], 1)}" for d in shown])
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_yticklabels([es_number(v) for v in range(1, 6)], color=PALETTE["gris"])
    ax.set_rlabel_position(90)
    ax.set_ylabel("Grado de acuerdo (1 a 5)", labelpad=28)
    who = (
        f"Ejemplo: {maturity.example_name()} (respuestas inventadas)"
        if example
        else "Tus respuestas"
    )
    ax.set_title(
        f"¿Dónde flojea la cultura 2.0 de {'este negocio' if example else 'tu negocio'}?\n"
        f"{who} · etapa que sugiere: {stage['name']}",
        pad=24,
    )
    return _done(fig)


# -- lesson 04 ---------------------------------------------------------------------------------


def strategy_vs_decree(weeks: int = 16, seed: int = 7, review_every: int = 4):
    """Weekly messages when the agreed strategy is followed and when a decree overrides it."""
    data = simulations.strategy_vs_decree(weeks, seed)
    fig, ax = _subplots((7.5, 4.4))
    ax.plot(
        data["semana"],
        data["estrategia"],
        marker="o",
        color=PALETTE["azul"],
        label="Se sigue la estrategia acordada",
    )
    ax.plot(
        data["semana"],
        data["decreto"],
        marker="s",
        linestyle="--",
        color=PALETTE["bermellon"],
        label="«Dos ofertas al día» por decreto",
    )
    top = max(data["estrategia"] + data["decreto"]) * 1.15
    for week in range(review_every, weeks + 1, review_every):
        ax.axvline(week, color=PALETTE["gris"], linestyle=":", linewidth=1)
        ax.text(week, top, "revisión", ha="center", va="top", fontsize=8, color=PALETTE["gris"])
    ax.set_ylim(0, top * 1.05)
    ax.set_xlim(0.5, weeks + 0.5)
    ax.set_xticks(range(1, weeks + 1, 1 if weeks <= 16 else 2))
    ax.set_title("¿Qué pasa con los mensajes de clientes si se impone un decreto?")
    ax.set_xlabel("Semana")
    ax.set_ylabel("Mensajes y reservas por redes en la semana")
    spanish_axes(ax, x_decimals=0, y_decimals=0)
    ax.legend(loc="upper left", frameon=False)
    return _done(fig)


# -- lesson 05 ---------------------------------------------------------------------------------

BAND_COLOURS = {"alta": "bermellon", "media": "naranja", "baja": "celeste"}


def audit_priorities(rows: list[Mapping[str, Any]], example: bool = False):
    """Horizontal bars of the mistakes by priority, coloured by band."""
    fig, ax = _subplots((7.5, 0.45 * len(rows) + 1.8))
    shown = list(reversed(rows))
    ax.barh(
        [r["label"] for r in shown],
        [r["priority"] for r in shown],
        color=[PALETTE[BAND_COLOURS[audit.band(r["priority"])]] for r in shown],
    )
    for i, r in enumerate(shown):
        ax.text(r["priority"] + 1, i, audit.band(r["priority"]), va="center", fontsize=8)
    ax.set_xlim(0, 110)
    who = (
        f"Ejemplo: {audit.example_name()} (respuestas inventadas)" if example else "Tus respuestas"
    )
    ax.set_title(f"¿Qué arreglas primero en tus redes?\n{who}")
    ax.set_xlabel("Prioridad: riesgo × impacto (0 a 100)")
    ax.set_ylabel("Error de la lista")
    spanish_axes(ax, x_decimals=0, y_decimals=None)
    return _done(fig)


# -- the instructor's class report -------------------------------------------------------------


def class_scores(percents: Mapping[str, Sequence[float]]):
    """Per exercise, how the class scored (percent of the points), one box and its dots."""
    names = list(percents)
    fig, ax = _subplots((7.5, 0.7 * len(names) + 1.8))
    data = [list(percents[n]) or [0.0] for n in names]
    ax.boxplot(
        data,
        orientation="horizontal",
        widths=0.5,
        showfliers=False,
        medianprops={"color": PALETTE["bermellon"], "linewidth": 2},
    )
    for y, values in enumerate(data, start=1):
        offsets = [y + ((i % 5) - 2) * 0.05 for i in range(len(values))]
        ax.scatter(values, offsets, s=14, color=PALETTE["azul"], alpha=0.7, zorder=3)
    ax.set_yticks(range(1, len(names) + 1))
    ax.set_yticklabels(names, fontsize=9)
    ax.set_xlim(-2, 102)
    ax.set_xlabel("Nota automática (% de los puntos)")
    ax.set_title("¿Cómo le ha ido a la clase en cada ejercicio?")
    spanish_axes(ax, x_decimals=0, y_decimals=None)
    return _done(fig)


def hardest_questions(shares: Mapping[str, float]):
    """Mean share of the points earned per question, hardest first."""
    items = sorted(shares.items(), key=lambda kv: kv[1], reverse=True)
    fig, ax = _subplots((7.5, 0.38 * len(items) + 1.6))
    colours = [
        PALETTE["bermellon"] if v < 50 else PALETTE["naranja"] if v < 75 else PALETTE["verde"]
        for _, v in items
    ]
    ax.barh([k for k, _ in items], [v for _, v in items], color=colours)
    for i, (_, v) in enumerate(items):
        ax.text(v + 1, i, es_percent(v, 0), va="center", fontsize=8)
    ax.set_xlim(0, 110)
    ax.set_xlabel("Media de la clase (% de los puntos de la pregunta)")
    ax.set_title("¿Qué preguntas le costaron más a la clase?")
    spanish_axes(ax, x_decimals=0, y_decimals=None)
    return _done(fig)


def text_problems(counts: Mapping[str, int], texts: int):
    """How many of the class's written answers the reviewer flagged, per kind of problem."""
    items = sorted(counts.items(), key=lambda kv: kv[1])
    fig, ax = _subplots((7.5, 0.45 * max(len(items), 1) + 1.6))
    ax.barh([k for k, _ in items], [v for _, v in items], color=PALETTE["purpura"])
    ax.set_xlim(0, max(texts, 1))
    ax.set_xlabel(f"Textos con el problema (de {es_number(texts)} textos escritos)")
    ax.set_title("¿Qué problemas aparecen en los textos de la clase?")
    spanish_axes(ax, x_decimals=0, y_decimals=None)
    return _done(fig)


# -- lesson 02: measuring with the owner's own export -------------------------------------------


def measure_slots(slots: Mapping[Any, Mapping[str, float]], by: str = "día", best: Any = None):
    """Rate over reach per weekday or hour (``slots``: {label: {"posts", "rate"}}), best marked."""
    labels = [f"{k}:00" if by == "hora" else str(k) for k in slots]
    rates = [v["rate"] for v in slots.values()]
    colours = [PALETTE["bermellon"] if k == best else PALETTE["azul"] for k in slots]
    fig, ax = _subplots((7.5, 4.0))
    bars = ax.bar(labels, rates, color=colours, width=0.6)
    for bar, value in zip(bars, slots.values(), strict=True):
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            bar.get_height(),
            f"{es_number(value['rate'], 1)} %\n({es_number(value['posts'])} publ.)",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    question = "¿Qué día de la semana" if by == "día" else "¿A qué hora"
    ax.set_title(f"{question} interesan más tus publicaciones?")
    ax.set_xlabel("Día de publicación" if by == "día" else "Hora de publicación")
    ax.set_ylabel("Interacciones sobre el alcance")
    ax.set_ylim(0, max(rates + [1]) * 1.3)
    spanish_axes(ax, x_decimals=None, y_decimals=0, y_percent=True)
    return _done(fig)


def posting_timeline(days: Sequence[Any], reach: Sequence[float], gap: Mapping[str, Any] | None):
    """One stem per post (height: reach) over the calendar, the longest pause shaded."""
    import matplotlib.dates as mdates

    fig, ax = _subplots((8.0, 3.6))
    ax.vlines(days, 0, reach, color=PALETTE["azul"], linewidth=2)
    ax.plot(days, reach, "o", color=PALETTE["azul"], markersize=4)
    if gap and gap["days"] > 7:
        ax.axvspan(gap["from"], gap["to"], color=PALETTE["naranja"], alpha=0.25, linewidth=0)
        ax.text(
            gap["from"] + (gap["to"] - gap["from"]) / 2,
            max(reach) * 1.05,
            f"{gap['days']} días sin publicar",
            ha="center",
            fontsize=9,
        )
    months = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda v, _: (lambda d: f"{d.day} {months[d.month - 1]}")(mdates.num2date(v)))
    )
    ax.set_ylim(0, max(list(reach) + [1]) * 1.2)
    ax.set_title("¿Publicas con regularidad o a rachas?")
    ax.set_xlabel("Fecha de publicación")
    ax.set_ylabel("Alcance (personas)")
    spanish_axes(ax, x_decimals=None, y_decimals=0)
    return _done(fig)


# -- lesson 07 ---------------------------------------------------------------------------------


def paid_test(
    daily: float = 7.0,
    max_cost: float = 12.0,
    bookings_a: Sequence[int] = (1, 0, 1, 1, 0, 1, 1),
    bookings_b: Sequence[int] = (0, 0, 0, 1, 0, 0, 0),
):
    """Cost per booking, day by day, of two ads of a small paid test, with the affordable limit
    and the day the stop rule (topics/month.py) says to stop each one."""
    from course_utils.topics import month

    test = month.PaidTest(daily, len(bookings_a), max_cost)
    fig, ax = _subplots((7.5, 4.2))
    days = list(range(1, len(bookings_a) + 1))
    styles = (("azul", "o", "-", "Anuncio A"), ("bermellon", "s", "--", "Anuncio B"))
    for bookings, (colour, marker, line, label) in zip(
        (bookings_a, bookings_b), styles, strict=True
    ):
        costs, stopped = [], None
        for day in days:
            spent, got = daily * day, sum(bookings[:day])
            stopped_before = stopped is not None
            costs.append(spent / got if got and not stopped_before else float("nan"))
            if stopped is None and month.stop_rule(test, spent, got).action == "parar":
                stopped = day
        ax.plot(days, costs, marker=marker, linestyle=line, color=PALETTE[colour], label=label)
        if stopped is not None:
            ax.axvline(stopped, color=PALETTE[colour], linestyle=":", linewidth=1.2)
            ax.text(stopped + 0.1, max_cost * 2.7, f"{label}: parar el día {stopped}", fontsize=8)
    ax.axhline(max_cost, color=PALETTE["gris"], linewidth=1.5)
    ax.text(days[-1] + 0.1, max_cost, f"límite: {es_number(max_cost)} €", va="bottom", ha="right")
    ax.set_ylim(0, max_cost * 3)
    ax.set_xticks(days)
    ax.set_title(f"¿Cuándo paras un anuncio de {es_number(daily)} € al día?")
    ax.set_xlabel("Día de la prueba")
    ax.set_ylabel("Coste por reserva (€)")
    spanish_axes(ax, x_decimals=0, y_decimals=0)
    ax.legend(loc="upper right", frameon=False)
    return _done(fig)
