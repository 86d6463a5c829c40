"""Measure: reads a CSV of post statistics (Meta Business Suite, Instagram or the course template) and computes the owner's rates, best days and hours, and posting gaps."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypedDict

from course_utils.core.errors import CourseError
from course_utils.core.formats import WEEKDAYS
from course_utils.core.paths import DATA
from course_utils.core.text import plain

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "SAMPLE",
    "SAMPLE_FOLLOWERS",
    "WEEKDAYS",
    "Gap",
    "Kaushik",
    "MeasureError",
    "Post",
    "Summary",
    "analyse",
    "parse_number",
    "read_posts",
    "reading",
]

#: The course's sample: an invented three-month export of Tienda Alba's Instagram posts.
SAMPLE = DATA / "ejemplo-publicaciones.csv"
#: Tienda Alba's followers at the end of the sample's period (Meta's post export omits them).
SAMPLE_FOLLOWERS = 850
#: Files above this size are refused (a year of daily posts is well under 1 MB).
MAX_BYTES = 5 * 1024 * 1024

# Field → column names recognised, most specific first (compared without case, accents,
# underscores or extra spaces). Meta Business Suite and Instagram have renamed these columns
# more than once and translate them by the account's language, so both languages and older
# names are listed, and the course's plain template is always accepted:
#   fecha, hora, alcance, me_gusta, comentarios, compartidos, guardados, seguidores
COLUMNS: dict[str, tuple[str, ...]] = {
    "fecha": (
        "hora de publicacion",
        "fecha de publicacion",
        "fecha y hora de publicacion",
        "publish time",
        "publish date",
        "published",
        "created time",
        "fecha",
        "date",
    ),
    "hora": ("hora",),
    "alcance": (
        "alcance",
        "cuentas alcanzadas",
        "personas alcanzadas",
        "reach",
        "accounts reached",
        # Meta's «Espectadores» (2025): distinct accounts that saw the post, i.e. reach. Not
        # «Visualizaciones», which counts repeated views (the old impressions).
        "espectadores",
        "viewers",
    ),
    "me_gusta": ("me gusta", "likes", "reacciones", "reactions"),
    "comentarios": ("comentarios", "comments"),
    "compartidos": (
        "compartidos",
        "veces compartido",
        "veces compartida",
        "veces que se ha compartido",
        "contenido compartido",
        "shares",
    ),
    "guardados": ("guardados", "veces guardado", "veces que se ha guardado", "saves", "saved"),
    "seguidores": ("seguidores", "numero de seguidores", "followers", "follower count"),
}
REQUIRED = ("fecha", "alcance", "me_gusta", "comentarios", "compartidos")
LABELS = {
    "fecha": "la fecha de publicación («Hora de publicación», «Publish time» o «fecha»)",
    "alcance": "el alcance («Alcance», «Reach» o «alcance»)",
    "me_gusta": "los me gusta («Me gusta», «Likes» o «me_gusta»)",
    "comentarios": "los comentarios («Comentarios», «Comments» o «comentarios»)",
    "compartidos": "las veces compartido («Veces compartido», «Shares» o «compartidos»)",
}
_TEMPLATE_HINT = (
    "Si tu exportación usa otros nombres, copia tus cifras en la plantilla sencilla del curso, "
    "con estas columnas: fecha, hora, alcance, me_gusta, comentarios, compartidos, guardados, "
    "seguidores."
)


class MeasureError(CourseError, ValueError):
    """A file that cannot be measured; the message, in Spanish, names the column or row."""


@dataclass(frozen=True)
class Post:
    """One post of the export: when it went out and what it got."""

    when: datetime
    has_time: bool
    reach: float
    likes: float
    comments: float
    shares: float
    saves: float = 0.0
    followers: float | None = None

    @property
    def interactions(self) -> float:
        """Likes, comments, shares and saves together."""
        return self.likes + self.comments + self.shares + self.saves


class Kaushik(TypedDict):
    """One of Kaushik's rates: per post, and per 100 followers when the followers are known."""

    por_publicacion: float
    por_seguidor: float | None


#: The longest stretch without posting: its days and the posts' dates either side.
Gap = TypedDict("Gap", {"days": int, "from": date, "to": date})


@dataclass
class Summary:
    """What the owner's posts say: rates, Kaushik's per-post rates, best slots and gaps."""

    posts: int
    first: date
    last: date
    followers: float | None
    interactions_per_post: float
    rate_followers: float | None  # % (mean interactions per post ÷ followers × 100)
    rate_reach: float  # % (all interactions ÷ all reach × 100)
    reach_per_post: float
    kaushik: dict[str, Kaushik]  # conversacion/amplificacion/aplauso
    weekdays: dict[str, dict[str, float]]  # day → {"posts", "rate"} (rate over reach, %)
    hours: dict[int, dict[str, float]]  # hour → {"posts", "rate"}
    best_day: str | None
    best_hour: int | None
    longest_gap: Gap | None
    gaps_over_week: int
    notes: list[str] = field(default_factory=list)


def _plain(text: str) -> str:
    text = plain(text.strip().strip('"'))
    return re.sub(r"\s+", " ", text.replace("_", " ")).strip()


def parse_number(text: str) -> float:
    """A figure as exports write it: «1.200», «1,200», «3,5», «3.5», «1.200,5», «» (0).

    Groups of three digits after a point or comma are thousands (counts are whole numbers);
    otherwise a single comma or point is the decimal mark. Raises ValueError if it is not one.
    """
    raw = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    if raw in ("", "-", "–"):
        return 0.0
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw) or re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
        return float(re.sub(r"[.,]", "", raw))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", raw):
        return float(raw.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+", raw):
        return float(raw.replace(",", ""))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", raw):
        return float(raw.replace(",", "."))
    raise ValueError(raw)


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise MeasureError(
            f"El archivo ocupa {len(data) / 1024 / 1024:.1f} MB y el límite es de 5 MB. "
            "Exporta un periodo más corto (por ejemplo, tres meses) y vuelve a intentarlo."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's «texto Unicode»
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise MeasureError(
            f"El archivo no está en UTF-8 (el primer carácter raro está en la línea {line}). "
            "Ábrelo con tu hoja de cálculo y guárdalo como «CSV UTF-8 (delimitado por comas)», "
            "o vuelve a descargarlo de Meta Business Suite sin abrirlo antes."
        ) from exc


def _dialect(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        head = text.splitlines()[0] if text.strip() else ""
        return max(";,\t", key=head.count)


def _find_columns(header: list[str]) -> dict[str, int]:
    names = [_plain(h) for h in header]
    found: dict[str, int] = {}
    for key, options in COLUMNS.items():
        for option in options:
            if option in names and names.index(option) not in found.values():
                found[key] = names.index(option)
                break
    return found


_DATE = re.compile(
    r"^(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})|(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-]"
    r"(?P<c>\d{2,4}))(?:[ T,]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2}(?:\.\d+)?)?\s*"
    r"(?P<ampm>[ap]\.?\s?m\.?)?)?(?:\s*(?:z|[+-]\d{2}:?\d{2}|utc))?$"
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")


def _date_parts(text: str) -> re.Match[str] | None:
    return _DATE.match(_plain(text))


def _month_first(matches: Iterable[re.Match[str]], english: bool) -> bool:
    """Whether «03/04/2025» is 4 March (Meta's English exports) or 3 April (Spanish)."""
    firsts, seconds = [], []
    for m in matches:
        if m and m.group("a"):
            firsts.append(int(m.group("a")))
            seconds.append(int(m.group("b")))
    if any(v > 12 for v in firsts):
        return False
    if any(v > 12 for v in seconds):
        return True
    return english


def _to_datetime(m: re.Match[str], month_first: bool) -> tuple[datetime, bool]:
    if m.group("y"):
        year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        first, second, year = int(m.group("a")), int(m.group("b")), int(m.group("c"))
        year += 2000 if year < 100 else 0
        month, day = (first, second) if month_first else (second, first)
    hour = int(m.group("H")) if m.group("H") else 0
    minute = int(m.group("M")) if m.group("M") else 0
    ampm = (m.group("ampm") or "").replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return datetime(year, month, day, hour, minute), bool(m.group("H"))


def read_posts(source: str | Path | bytes, name: str = "") -> list[Post]:
    """The posts of a CSV export (a path or the file's bytes), oldest first.

    Reads the delimiter (; , or tab), UTF-8 with or without BOM (and Excel's UTF-16), Spanish
    and English figures («1.200», «3,5»), and the column names in :data:`COLUMNS`. Anything
    it cannot read raises :class:`MeasureError` with a Spanish sentence that names the
    column or the row (rows counted as a spreadsheet shows them: the header is row 1).
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                _decode(b"\0" * (MAX_BYTES + 1))  # the same message, without reading it all
            data = path.read_bytes()
        except OSError as exc:
            raise MeasureError(f"No se pudo abrir el archivo «{name}» ({exc.strerror}).") from exc
    else:
        data = bytes(source)
    text = _decode(data)
    if not text.strip():
        raise MeasureError("El archivo está vacío: no tiene ni una fila. Revisa que sea el CSV.")
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=_dialect(text)) if any(r)]
    header = rows[0]
    columns = _find_columns(header)
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        names = ", ".join(LABELS[key] for key in missing)
        seen = ", ".join(f"«{h.strip()}»" for h in header if h.strip())[:300]
        raise MeasureError(
            f"Falta la columna con {names}. Columnas que hay en el archivo: {seen}. "
            + _TEMPLATE_HINT
        )
    english = _plain(header[columns["fecha"]]) in (
        "publish time",
        "publish date",
        "published",
        "date",
    )
    body = list(enumerate(rows[1:], start=2))
    # Meta's older exports put a line of descriptions under the header: skip it.
    if body and not _date_parts(_cell(body[0][1], columns["fecha"])):
        if all(not re.search(r"\d", _cell(body[0][1], columns[k])) for k in REQUIRED[1:]):
            body = body[1:]
    if not body:
        raise MeasureError("El archivo solo tiene la fila de títulos: no hay publicaciones.")
    matches = [_date_parts(_cell(row, columns["fecha"])) for _, row in body]
    month_first = _month_first((m for m in matches if m), english)
    posts = []
    for (number, row), match in zip(body, matches, strict=True):
        posts.append(_post(number, row, match, columns, header, month_first))
    posts.sort(key=lambda p: p.when)
    return posts


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _post(number, row, match, columns, header, month_first) -> Post:
    raw_date = _cell(row, columns["fecha"])
    if not match:
        raise MeasureError(
            f"Fila {number}: «{raw_date[:40]}» no es una fecha que se pueda leer (columna "
            f"«{header[columns['fecha']].strip()}»). Escribe la fecha como 15/03/2025 o 2025-03-15."
        )
    try:
        when, has_time = _to_datetime(match, month_first)
    except ValueError as exc:
        raise MeasureError(
            f"Fila {number}: la fecha «{raw_date}» no existe en el calendario (columna "
            f"«{header[columns['fecha']].strip()}»)."
        ) from exc
    if not has_time and "hora" in columns:
        found = _TIME.match(_cell(row, columns["hora"]))
        if found and int(found.group(1)) < 24 and int(found.group(2)) < 60:
            when = when.replace(hour=int(found.group(1)), minute=int(found.group(2)))
            has_time = True
        elif _cell(row, columns["hora"]):
            raise MeasureError(
                f"Fila {number}: «{_cell(row, columns['hora'])}» no es una hora (columna "
                f"«{header[columns['hora']].strip()}»). Escríbela como 18:30."
            )
    values = {}
    for key in ("alcance", "me_gusta", "comentarios", "compartidos", "guardados", "seguidores"):
        if key not in columns:
            continue
        raw = _cell(row, columns[key])
        try:
            values[key] = parse_number(raw)
        except ValueError:
            raise MeasureError(
                f"Fila {number}: «{raw[:40]}» no es un número (columna "
                f"«{header[columns[key]].strip()}»). Escribe solo la cifra, como 1.200 o 35."
            ) from None
    return Post(
        when=when,
        has_time=has_time,
        reach=values["alcance"],
        likes=values["me_gusta"],
        comments=values["comentarios"],
        shares=values["compartidos"],
        saves=values.get("guardados", 0.0),
        followers=values.get("seguidores") or None,
    )


def _rate(posts: list[Post]) -> float:
    reach = sum(p.reach for p in posts)
    return sum(p.interactions for p in posts) / reach * 100 if reach else 0.0


def _slots(posts: list[Post], key) -> dict:
    groups: dict = {}
    for p in posts:
        groups.setdefault(key(p), []).append(p)
    return {k: {"posts": len(v), "rate": _rate(v)} for k, v in sorted(groups.items())}


def _best(slots: Mapping, min_posts: int):
    shown = {k: v for k, v in slots.items() if v["posts"] >= min_posts and v["rate"] > 0}
    return max(shown, key=lambda k: shown[k]["rate"]) if shown else None


def analyse(posts: list[Post], followers: float | None = None, min_posts: int = 3) -> Summary:
    """Rates over followers and over reach, Kaushik's per-post rates, best days and hours, gaps.

    ``followers``: the account's followers; without it, the latest «seguidores» in the file.
    Kaushik (2011) counts each action per post (comments, shares, likes ÷ posts); divided
    by the followers (× 100) they compare accounts of different sizes. A day or hour needs
    ``min_posts`` posts to be «the best».
    """
    if not posts:
        raise MeasureError("No hay publicaciones que medir.")
    posts = sorted(posts, key=lambda p: p.when)
    if not followers:
        known = [p.followers for p in posts if p.followers]
        followers = known[-1] if known else None
    n = len(posts)
    per_post = sum(p.interactions for p in posts) / n
    kaushik: dict[str, Kaushik] = {}
    for name, attr in (("conversacion", "comments"), ("amplificacion", "shares"),
                       ("aplauso", "likes")):  # fmt: skip
        each = sum(getattr(p, attr) for p in posts) / n
        kaushik[name] = {
            "por_publicacion": each,
            "por_seguidor": each / followers * 100 if followers else None,
        }
    weekdays = _slots(posts, lambda p: p.when.weekday())
    hours = _slots([p for p in posts if p.has_time], lambda p: p.when.hour)
    best_day = _best(weekdays, min_posts)
    longest: Gap | None = None
    over_week = 0
    for before, after in zip(posts, posts[1:], strict=False):
        days = (after.when.date() - before.when.date()).days
        over_week += days > 7
        if longest is None or days > longest["days"]:
            longest = {"days": days, "from": before.when.date(), "to": after.when.date()}
    notes = []
    if hours and sum(v["posts"] for v in hours.values()) < n:
        notes.append("Algunas publicaciones no traen hora: no cuentan para la mejor hora.")
    if n < 10:
        notes.append(f"Solo hay {n} publicaciones: los mejores días y horas son orientativos.")
    return Summary(
        posts=n,
        first=posts[0].when.date(),
        last=posts[-1].when.date(),
        followers=followers,
        interactions_per_post=per_post,
        rate_followers=per_post / followers * 100 if followers else None,
        rate_reach=_rate(posts),
        reach_per_post=sum(p.reach for p in posts) / n,
        kaushik=kaushik,
        weekdays={WEEKDAYS[k]: v for k, v in weekdays.items()},
        hours=hours,
        best_day=WEEKDAYS[best_day] if best_day is not None else None,
        best_hour=_best(hours, min_posts),
        longest_gap=longest,
        gaps_over_week=over_week,
        notes=notes,
    )


def _n(value: float, decimals: int = 1) -> str:
    text = f"{value:,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text[: -decimals - 1] if decimals and text.endswith("," + "0" * decimals) else text


def _day(d: date) -> str:
    months = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
              "septiembre", "octubre", "noviembre", "diciembre")  # fmt: skip
    return f"{d.day} de {months[d.month - 1]} de {d.year}"


def reading(s: Summary) -> list[str]:
    """A short reading of the figures in Spanish, one sentence per finding (tú)."""
    lines = [
        f"Has analizado {s.posts} publicaciones, del {_day(s.first)} al {_day(s.last)}: "
        f"de media, cada una llegó a {_n(s.reach_per_post, 0)} personas y tuvo "
        f"{_n(s.interactions_per_post)} interacciones."
    ]
    if s.rate_followers is None or s.followers is None:  # the rate needs the followers
        lines.append(
            f"Tasa de interacción sobre el alcance: {_n(s.rate_reach)} %. Para calcularla sobre "
            "tus seguidores, escribe cuántos tienes."
        )
    else:
        base = "mayor" if s.reach_per_post > s.followers else "menor"
        lines.append(
            f"Tasa de interacción: {_n(s.rate_followers)} % sobre tus {_n(s.followers, 0)} "
            f"seguidores y {_n(s.rate_reach)} % sobre el alcance. Tu alcance medio es {base} que "
            "tus seguidores, así que la tasa sobre el alcance sale "
            + ("más baja." if base == "mayor" else "más alta (lo habitual en una pyme).")
        )
    k = s.kaushik
    talk, share, like = (k[n]["por_seguidor"] for n in ("conversacion", "amplificacion", "aplauso"))
    follower = (
        f" Por cada 100 seguidores: {_n(talk, 2)}, {_n(share, 2)} y {_n(like, 2)}."
        if talk is not None and share is not None and like is not None  # the followers are known
        else ""
    )
    lines.append(
        f"Por publicación: {_n(k['conversacion']['por_publicacion'])} comentarios (conversación), "
        f"{_n(k['amplificacion']['por_publicacion'])} veces compartido (amplificación) y "
        f"{_n(k['aplauso']['por_publicacion'])} me gusta (aplauso).{follower}"
    )
    if s.best_day:
        lines.append(
            f"El día en que más interesan tus publicaciones es el {s.best_day} "
            f"({_n(s.weekdays[s.best_day]['rate'])} % sobre el alcance)."
        )
    if s.best_hour is not None:
        lines.append(
            f"La mejor hora es hacia las {s.best_hour}:00 "
            f"({_n(s.hours[s.best_hour]['rate'])} % sobre el alcance)."
        )
    rates = [v["rate"] for v in s.weekdays.values() if v["posts"] >= 3]
    if len(rates) > 1 and max(rates) - min(rates) < 1:
        lines.append(
            "Ojo: entre tus días hay menos de un punto de diferencia; con tan pocas publicaciones "
            "puede ser casualidad. Pruébalo unas semanas antes de cambiar tu calendario."
        )
    gap = s.longest_gap
    if gap and gap["days"] > 7:
        lines.append(
            f"Tu parón más largo fue de {gap['days']} días, del {_day(gap['from'])} al "
            f"{_day(gap['to'])}"
            + (
                "."
                if s.gaps_over_week == 1
                else f"; en total, {s.gaps_over_week} veces pasaste más de una semana sin publicar."
            )
        )
    elif gap:
        lines.append(
            f"Publicas con regularidad: nunca pasaste más de {gap['days']} días sin publicar."
        )
    return lines + s.notes
