"""A month of social media (lesson 07): content pillars tied to objectives, the monthly calendar, UTM links, and the month's budget: hours and a small paid test with its stop rule."""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from course_utils.core.content import load
from course_utils.core.errors import CourseError
from course_utils.core.formats import MONTHS, WEEKDAYS, es_day, es_number, es_range
from course_utils.core.text import plain


class MonthError(CourseError, ValueError):
    """A month plan, link or budget that cannot be used as given; the message says what to fix."""


def content() -> dict[str, Any]:
    """The parsed data/mes.yaml."""
    return load("mes")


# -- pillars -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pillar:
    """A theme the business returns to every month, and the objective it serves."""

    name: str
    objective: str
    idea: str = ""


def example_pillars(business_id: str) -> list[Pillar]:
    """The pillars of one of the course's businesses, as mes.yaml writes them."""
    try:
        rows = content()["pilares"][business_id]["lista"]
    except KeyError:
        raise MonthError(f"No hay pilares de ejemplo para «{business_id}» en mes.yaml.") from None
    return [Pillar(str(r["nombre"]), str(r["objetivo"]), str(r.get("idea", ""))) for r in rows]


def check_pillars(pillars: list[Pillar], objectives: list[str]) -> None:
    """Refuse a pillar that serves none of the owner's objectives, or a repeated pillar."""
    goals = {_key(o) for o in objectives if o.strip()}
    if not goals:
        raise MonthError(
            "Escribe al menos un objetivo (el de la lección 02) antes de elegir tus pilares: "
            "cada pilar tiene que servir a uno."
        )
    if not pillars:
        raise MonthError("Elige al menos un pilar de contenido (lo normal son tres o cuatro).")
    seen: set[str] = set()
    for pillar in pillars:
        if not pillar.name.strip():
            raise MonthError("Hay un pilar sin nombre: ponle uno corto («La cocina de Paco»).")
        if _key(pillar.name) in seen:
            raise MonthError(f"El pilar «{pillar.name}» está repetido: deja solo uno.")
        seen.add(_key(pillar.name))
        if _key(pillar.objective) not in goals:
            raise MonthError(
                f"El pilar «{pillar.name}» no sirve a ninguno de tus objetivos "
                f"({'; '.join(o for o in objectives if o.strip())}). Elige a qué objetivo "
                "sirve o quítalo: un tema que no acerca a ningún objetivo te quita tiempo."
            )


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


# -- seasonal dates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyDate:
    """A local or seasonal date in Spain worth planning around."""

    day: date
    name: str
    note: str = ""


def key_dates(year: int, month: int) -> list[KeyDate]:
    """The dates of mes.yaml that fall in ``month`` of ``year``, in order; a moveable date
    without a day for that year is left out (mes.yaml lists the years it knows)."""
    found = []
    for row in content()["fechas_clave"]:
        if "fechas" in row:
            when = row["fechas"].get(year)
            if when is None:
                continue
            day = date(year, int(when[0]), int(when[1]))
        else:
            day = date(year, int(row["mes"]), int(row["dia"]))
        if day.month == month:
            found.append(KeyDate(day, str(row["nombre"]), str(row.get("nota", ""))))
    return sorted(found, key=lambda k: k.day)


def formats() -> dict[str, dict[str, Any]]:
    """Format id → {"nombre", "minutos", "para"}."""
    return {str(f["id"]): dict(f) for f in content()["formatos"]}


# -- the monthly calendar ----------------------------------------------------------------------


def month_weeks(year: int, month: int) -> list[tuple[date, date]]:
    """The month's four planning weeks: days 1–7, 8–14, 15–21 and 22 to the month's end."""
    last = _calendar.monthrange(year, month)[1]
    starts = [1, 8, 15, 22]
    ends = [7, 14, 21, last]
    return [(date(year, month, s), date(year, month, e)) for s, e in zip(starts, ends, strict=True)]


@dataclass(frozen=True)
class Post:
    """One planned piece: its week (1–4), pillar, channel, format and who makes it."""

    week: int
    pillar: str
    channel: str
    format: str = "foto"
    who: str = ""
    idea: str = ""
    weekday: int = 0  # 0 = lunes … 6 = domingo


@dataclass
class Scheduled:
    """A post placed on its day."""

    day: date
    post: Post

    @property
    def title(self) -> str:
        """«Ficha de Google: Novedad en la ficha · El barrio»: a calendar event's title."""
        fmt = formats().get(self.post.format, {}).get("nombre", self.post.format)
        channel = self.post.channel[:1].upper() + self.post.channel[1:]
        return f"{channel}: {fmt} · {self.post.pillar}"


@dataclass
class MonthPlan:
    """The month's calendar: pillars × weeks × channels, each post on a day."""

    year: int
    month: int
    pillars: list[Pillar]
    posts: list[Scheduled] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{MONTHS[self.month - 1].capitalize()} de {self.year}"

    def week(self, number: int) -> list[Scheduled]:
        return [s for s in self.posts if s.post.week == number]

    def minutes(self) -> int:
        """Minutes the month's posts take to make, by the formats' estimates."""
        table = formats()
        return sum(int(table.get(s.post.format, {}).get("minutos", 15)) for s in self.posts)

    def rows(self) -> list[dict[str, str]]:
        """One row a post, with Spanish keys, in date order; «Fecha» is the ISO date that
        files and sorting need (readable_rows() is what a person reads)."""
        table = formats()
        return [
            {
                "Fecha": s.day.isoformat(),
                "Día": WEEKDAYS[s.day.weekday()],
                "Semana": str(s.post.week),
                "Canal": s.post.channel,
                "Formato": str(table.get(s.post.format, {}).get("nombre", s.post.format)),
                "Pilar": s.post.pillar,
                "Quién": s.post.who,
                "Idea": s.post.idea,
            }
            for s in self.posts
        ]

    def readable_rows(self) -> list[dict[str, str]]:
        """rows() as a person reads them: «Fecha» written as Spain writes it («4 de enero»)."""
        return [
            {**row, "Fecha": es_day(s.day)} for s, row in zip(self.posts, self.rows(), strict=True)
        ]


def build_month(
    year: int, month: int, pillars: list[Pillar], objectives: list[str], posts: list[Post]
) -> MonthPlan:
    """The month's calendar; refuses a pillar serving no objective, a post with an unknown
    pillar, week or format, and a week with nothing planned (Spanish messages)."""
    if not 1 <= month <= 12:
        raise MonthError(f"El mes tiene que ir de 1 a 12, no {month}.")
    check_pillars(pillars, objectives)
    names = {_key(p.name): p for p in pillars}
    weeks = month_weeks(year, month)
    known_formats = formats()
    plan = MonthPlan(year, month, list(pillars))
    for post in posts:
        if not 1 <= post.week <= len(weeks):
            raise MonthError(
                f"La semana {post.week} no existe: el mes se planifica en semanas 1 a 4."
            )
        if _key(post.pillar) not in names:
            raise MonthError(
                f"La publicación de la semana {post.week} usa el pilar «{post.pillar}», que no "
                f"está entre tus pilares ({', '.join(p.name for p in pillars)})."
            )
        if not post.channel.strip():
            raise MonthError(f"A una publicación de la semana {post.week} le falta el canal.")
        if post.format not in known_formats:
            raise MonthError(
                f"El formato «{post.format}» no está en la lista ({', '.join(known_formats)})."
            )
        first, last = weeks[post.week - 1]
        day = first + timedelta(days=(post.weekday - first.weekday()) % 7)
        if day > last:  # the short last days of a week 4 may lack that weekday
            day = last
        plan.posts.append(Scheduled(day, post))
    for number, (first, last) in enumerate(weeks, start=1):
        if not plan.week(number):
            raise MonthError(
                f"La semana {number} ({es_range(first, last)}) "
                "no tiene ninguna publicación: añade al menos una, aunque sea una historia "
                "de cinco minutos. Una semana en silencio rompe la constancia."
            )
    plan.posts.sort(key=lambda s: (s.day, s.post.channel))
    return plan


def example_month(business_id: str, year: int, month: int) -> MonthPlan:
    """A worked month for one of the course's businesses: each pillar once, spread over the
    four weeks on the business's main channels."""
    info = load("cast")["businesses"][business_id]
    pillars = example_pillars(business_id)
    channels = [str(c) for c in info["main_channels"]]
    who = str(info["social_media"]).split(",")[0]
    posts = []
    for week in range(1, 5):
        for i, channel in enumerate(channels):
            pillar = pillars[(week + i) % len(pillars)]
            posts.append(
                Post(week, pillar.name, channel, format_for(channel), who, pillar.idea, 1 + 2 * i)
            )
    objectives = sorted({p.objective for p in pillars})
    return build_month(year, month, pillars, objectives, posts)


def format_for(channel: str) -> str:
    """The usual format of a channel: a Google post, a WhatsApp status, an article, a photo."""
    text = channel.casefold()
    if "google" in text:
        return "ficha"
    if "whatsapp" in text:
        return "estado"
    if "linkedin" in text or "boletín" in text:
        return "articulo"
    return "foto"


# -- UTM links ---------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# A Spanish phone (9 digits starting 6, 7, 8 or 9, with or without +34 and separators) or any
# run of 9 or more digits: a parameter is no place for either.
_PHONE = re.compile(r"(?:\+|00)?(?:34[\s.-]?)?[6789](?:[\s.-]?\d){8}|\d{9,}")
_DNI = re.compile(r"\b\d{8}[A-HJ-NP-TV-Z]\b", re.IGNORECASE)


def personal_data(text: str) -> str | None:
    """What kind of personal data ``text`` seems to hold («un correo electrónico»…), or None."""
    if _EMAIL.search(text):
        return "un correo electrónico"
    if _DNI.search(text):
        return "un DNI"
    if _PHONE.search(text):
        return "un número de teléfono"
    return None


def utm_link(
    url: str,
    source: str,
    medium: str,
    campaign: str,
    content: str = "",
    term: str = "",
) -> str:
    """``url`` with utm_* parameters added (encoded by urllib.parse, lower case so that
    «Instagram» and «instagram» count as one source); refuses personal data in them."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise MonthError(
            f"«{url}» no parece una dirección web completa: empieza por https:// "
            "(por ejemplo, https://tiendaalba.ejemplo.es/rebajas)."
        )
    given = {
        "utm_source": source,
        "utm_medium": medium,
        "utm_campaign": campaign,
        "utm_content": content,
        "utm_term": term,
    }
    labels = {"utm_source": "la fuente", "utm_medium": "el medio", "utm_campaign": "la campaña"}
    for key, label in labels.items():
        if not given[key].strip():
            raise MonthError(f"Falta {label} ({key}): sin ella no sabrás de dónde vino la visita.")
    kept = parse_qsl(parts.query, keep_blank_values=True)
    for key, value in [*given.items(), *kept]:
        kind = personal_data(value)
        if kind:
            raise MonthError(
                f"El parámetro {key} lleva {kind}. Un enlace no debe llevar datos personales: "
                "queda guardado en el historial, en las estadísticas y en quien lo reenvía. "
                "Usa un nombre de campaña («rebajas-enero»), nunca datos de una persona."
            )
    query = [(k, v) for k, v in kept if not k.startswith("utm_")]
    query += [(k, " ".join(v.split()).lower()) for k, v in given.items() if v.strip()]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def utm_channels() -> dict[str, dict[str, str]]:
    """Where an owner shares a link → {"source", "medium"} its link carries (mes.yaml), in order."""
    return {
        str(row["canal"]): {"source": str(row["source"]), "medium": str(row["medium"])}
        for row in content()["enlaces_utm"]
    }


_HOST = re.compile(r"^[^\W_]([^\W_]|-)*(\.[^\W_]([^\W_]|-)*)+$")


def web_address(text: str) -> str:
    """The owner's web or booking address as a full address («www.barsol.es/reservas» →
    «https://www.barsol.es/reservas»); refuses spaces, an e-mail and what is no web address."""
    given = text.strip()
    example = "por ejemplo, https://barsol.es/reservas"
    if not given:
        raise MonthError(f"Escribe la dirección de tu web o de tu página de reservas ({example}).")
    if given.casefold().startswith("mailto:") or _EMAIL.fullmatch(given):
        raise MonthError(
            f"«{given}» es un correo electrónico, no una dirección web. Escribe la de tu web o "
            f"tu página de reservas ({example})."
        )
    if any(ch.isspace() for ch in given):
        raise MonthError(
            "La dirección no puede llevar espacios: cópiala tal cual de la barra de direcciones "
            f"del navegador ({example})."
        )
    full = given if "://" in given else "https://" + given
    parts = urlsplit(full)
    if "@" in parts.netloc:
        raise MonthError(
            f"«{given}» lleva una @, como un correo electrónico: escribe solo la dirección de tu "
            f"web ({example})."
        )
    try:
        host, port = parts.hostname or "", parts.port
    except ValueError:
        host, port = "", None
    bad = (
        parts.scheme.lower() not in ("http", "https")
        or not _HOST.match(host)
        or (port is not None and not 0 < port < 65536)
    )
    if bad:
        raise MonthError(
            f"«{given}» no parece una dirección web completa: empieza por https:// y lleva el "
            f"nombre de tu web ({example})."
        )
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, parts.fragment)
    )


def campaign_tag(text: str) -> str:
    """A campaign's name as a link's tag: lower case, no accents, words joined by «-»
    («Rebajas de enero» → «rebajas-de-enero»); refuses personal data and an empty name."""
    kind = personal_data(text)
    if kind:
        raise MonthError(
            f"El nombre de la campaña lleva {kind}. Un enlace no debe llevar datos personales: "
            "usa el nombre de la campaña («rebajas-enero»), nunca datos de una persona."
        )
    tag = re.sub(r"[^a-z0-9]+", "-", plain(text)).strip("-")[:60].rstrip("-")
    if not tag:
        raise MonthError(
            "Escribe un nombre corto para la campaña («rebajas-enero», «menu-de-otono»): así "
            "sabrás qué publicación trajo cada visita."
        )
    return tag


def channel_link(url: str, channel: str, campaign: str) -> str:
    """The owner's address tagged for one channel of mes.yaml and one campaign (utm_link)."""
    found = utm_channels().get(channel)
    if found is None:
        raise MonthError(
            f"Elige dónde compartirás el enlace ({', '.join(utm_channels())}), no «{channel}»."
        )
    return utm_link(web_address(url), found["source"], found["medium"], campaign_tag(campaign))


# -- the small paid test -----------------------------------------------------------------------


def euros(value: float) -> str:
    """«12 €», «7,50 €»: euros as Spain writes them, without needless cents."""
    return f"{es_number(value, 2).removesuffix(',00')} €"


@dataclass(frozen=True)
class PaidTest:
    """A small paid test: euros a day, days, and the most one result (a booking, a visit) may cost."""

    daily: float
    days: int
    max_cost: float  # euros per result the owner can afford
    result: str = "reserva"

    @property
    def total(self) -> float:
        return self.daily * self.days

    def sentence(self) -> str:
        return (
            f"Prueba de {self.days} días a {es_number(self.daily, 2).removesuffix(',00')} € al día "
            f"({es_number(self.total, 2).removesuffix(',00')} € en total); "
            f"cada {self.result} puede costar como mucho "
            f"{es_number(self.max_cost, 2).removesuffix(',00')} €."
        )


def paid_test(daily: float, days: int, max_cost: float, result: str = "reserva") -> PaidTest:
    """A paid test inside mes.yaml's bounds (5–10 € a day, 3–14 days); refuses anything else."""
    bounds = content()["prueba_pagada"]
    low, high = float(bounds["euros_dia_min"]), float(bounds["euros_dia_max"])
    if not low <= daily <= high:
        raise MonthError(
            f"Para una primera prueba, pon entre {es_number(low)} y {es_number(high)} € al día "
            f"(has puesto {es_number(daily, 2)} €): basta para aprender sin arriesgar el mes."
        )
    if not int(bounds["dias_min"]) <= days <= int(bounds["dias_max"]):
        raise MonthError(
            f"La prueba tiene que durar entre {bounds['dias_min']} y {bounds['dias_max']} días "
            f"(has puesto {days})."
        )
    if max_cost <= 0:
        raise MonthError(
            f"Escribe cuánto puede costarte como mucho cada {result}: por ejemplo, lo que ganas "
            "con ella (el margen), no lo que cobras."
        )
    return PaidTest(float(daily), int(days), float(max_cost), result)


def max_cost_from_margin(ticket: float, margin_percent: float) -> float:
    """The most a result may cost without losing money: the ticket's margin in euros."""
    if ticket <= 0 or not 0 < margin_percent <= 100:
        raise MonthError("El tique medio tiene que ser mayor que 0 y el margen, de 1 a 100 %.")
    return round(ticket * margin_percent / 100, 2)


@dataclass(frozen=True)
class Verdict:
    """What to do with a running test: «seguir», «esperar» or «parar», and why."""

    action: str
    cost_per_result: float | None
    reason: str


def stop_rule(test: PaidTest, spent: float, results: int) -> Verdict:
    """The stop rule: stop when twice the affordable cost is spent with no result or when a
    result costs more than affordable once that much is spent; keep going while it pays."""
    if spent < 0 or results < 0:
        raise MonthError("El gasto y los resultados no pueden ser negativos.")
    cost = spent / results if results else None
    money = euros(spent)
    if results and cost is not None and cost <= test.max_cost:
        return Verdict(
            "seguir",
            cost,
            f"Cada {test.result} te cuesta {euros(cost)}, dentro de tu límite de "
            f"{euros(test.max_cost)}: sigue hasta el final de la prueba.",
        )
    if spent >= 2 * test.max_cost:
        why = (
            f"Llevas {money} sin ningún resultado"
            if not results
            else f"Cada {test.result} te cuesta {euros(cost or 0)}, más que tu límite"
        )
        return Verdict(
            "parar",
            cost,
            f"{why}: para el anuncio, cambia una sola cosa (la imagen, el texto o la zona) y "
            "vuelve a probar otro día.",
        )
    return Verdict(
        "esperar",
        cost,
        f"Llevas {money}: todavía es pronto para juzgar. Decide cuando hayas gastado "
        f"{euros(2 * test.max_cost)} (dos veces tu límite por {test.result}).",
    )


# -- the month's budget: hours and euros -------------------------------------------------------


def _hours(value: float) -> str:
    text = es_number(value, 1).removesuffix(",0")
    return f"{text} hora" if value == 1 else f"{text} horas"


def results() -> list[str]:
    """What one result of a paid test can be («reserva», «visita»…), from mes.yaml."""
    return [str(r) for r in content()["prueba_pagada"]["resultados"]]


@dataclass(frozen=True)
class Budget:
    """The month's budget: hours a week for social media and the small paid test, with the
    ticket and margin its limit per result comes from."""

    hours: float  # a week
    test: PaidTest
    ticket: float
    margin: float  # per cent

    def sentence(self) -> str:
        """The budget in one line, for the lesson and «Mi plan»."""
        return (
            f"{_hours(self.hours).capitalize()} a la semana para tus redes. "
            f"{self.test.sentence()} Ese límite es el {es_number(self.margin, 1).removesuffix(',0')} % "
            f"de margen de un tique medio de {euros(self.ticket)}."
        )

    def after(self, spent: float, got: int) -> Verdict:
        """The stop rule's verdict once ``spent`` euros brought ``got`` results."""
        return stop_rule(self.test, spent, got)


def budget(
    hours: float, daily: float, days: int, ticket: float, margin: float, result: str = "reserva"
) -> Budget:
    """The month's budget: hours a week within mes.yaml's bounds and a paid test whose limit per
    result is the ticket's margin (max_cost_from_margin); Spanish messages for what to fix."""
    bounds = content()["prueba_pagada"]
    low, high = float(bounds["horas_semana_min"]), float(bounds["horas_semana_max"])
    if not low <= hours <= high:
        raise MonthError(
            f"Escribe cuántas horas a la semana dedicarás a tus redes, entre "
            f"{es_number(low, 1)} y {es_number(high)} (has puesto {es_number(hours, 1)}): "
            "cuenta preparar, publicar y responder."
        )
    if result not in results():
        raise MonthError(f"Elige qué cuenta como resultado ({', '.join(results())}).")
    if ticket <= 0:
        raise MonthError(
            f"Escribe tu tique medio: lo que te deja de media cada {result} en euros "
            "(por ejemplo, 30 € una cena para dos)."
        )
    if not 0 < margin <= 100:
        raise MonthError(
            "Escribe tu margen en tanto por ciento, de 1 a 100: la parte del tique que te queda "
            "después de pagar lo que vendes (por ejemplo, 40 %)."
        )
    limit = max_cost_from_margin(ticket, margin)
    return Budget(float(hours), paid_test(daily, days, limit, result), float(ticket), float(margin))


def budget_value(
    plan: Budget, spent: float | None = None, got: int | None = None
) -> dict[str, Any]:
    """The budget as plain data, the way lesson 07 saves it as an answer (with the stop rule's
    verdict once the test has spent something or brought a result)."""
    money, count = float(spent or 0.0), int(got or 0)
    verdict = plan.after(money, count) if (money or count) else None
    return {
        "hours_week": plan.hours,
        "daily": plan.test.daily,
        "days": plan.test.days,
        "ticket": plan.ticket,
        "margin": plan.margin,
        "result": plan.test.result,
        "max_cost": plan.test.max_cost,
        "total": plan.test.total,
        "summary": plan.sentence(),
        "spent": money if verdict else None,
        "results": count if verdict else None,
        "verdict": verdict.action if verdict else None,
    }


def budget_from_value(value: Mapping[str, Any]) -> Budget:
    """A saved budget rebuilt and checked again; MonthError when it no longer holds."""
    try:
        numbers = (
            float(value["hours_week"]),
            float(value["daily"]),
            int(value["days"]),
            float(value["ticket"]),
            float(value["margin"]),
        )
        result = str(value.get("result", "reserva"))
    except (KeyError, TypeError, ValueError) as exc:
        raise MonthError(
            f"El presupuesto guardado está incompleto ({exc}): vuelve a calcularlo en la lección 07."
        ) from exc
    return budget(*numbers, result)


# -- saving a month as an answer ---------------------------------------------------------------


def month_value(plan: MonthPlan, objectives: list[str]) -> dict[str, Any]:
    """The month as plain data, the way lesson 07 saves it as an answer."""
    return {
        "year": plan.year,
        "month": plan.month,
        "objectives": list(objectives),
        "pillars": [
            {"name": p.name, "objective": p.objective, "idea": p.idea} for p in plan.pillars
        ],
        "posts": [
            {
                "week": s.post.week,
                "pillar": s.post.pillar,
                "channel": s.post.channel,
                "format": s.post.format,
                "who": s.post.who,
                "idea": s.post.idea,
                "weekday": s.post.weekday,
            }
            for s in plan.posts
        ],
    }


def month_from_value(value: Mapping[str, Any]) -> MonthPlan:
    """A saved month rebuilt and checked again; MonthError when it no longer holds."""
    try:
        pillars = [
            Pillar(str(p["name"]), str(p["objective"]), str(p.get("idea", "")))
            for p in value["pillars"]
        ]
        posts = [
            Post(
                int(p["week"]),
                str(p["pillar"]),
                str(p["channel"]),
                str(p.get("format", "foto")),
                str(p.get("who", "")),
                str(p.get("idea", "")),
                int(p.get("weekday", 0)),
            )
            for p in value["posts"]
        ]
        year, month = int(value["year"]), int(value["month"])
        objectives = [str(o) for o in value["objectives"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise MonthError(
            f"El calendario guardado está incompleto ({exc}): vuelve a crearlo en la lección 07."
        ) from exc
    return build_month(year, month, pillars, objectives, posts)
