"""Objectives: whether a written goal is a checkable SMART objective or only asks for presence (lesson 02)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from course_utils.core.content import business_names, people
from course_utils.core.text import plain as _plain


@dataclass
class SmartFinding:
    """One letter of SMART: whether the text meets it and why, in Spanish."""

    letter: str
    ok: bool
    message: str


NETWORKS = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "tiktok": "TikTok",
    "twitter": "Twitter",
    "linkedin": "LinkedIn",
    "youtube": "YouTube",
    "whatsapp": "WhatsApp",
    "pinterest": "Pinterest",
    "google": "Google",
    "threads": "Threads",
    "telegram": "Telegram",
    "bluesky": "Bluesky",
    "x": "X",
}
_NETWORK = re.compile(
    r"\b(instagram|facebook|tik ?tok|twitter|linkedin|youtube|whatsapp|pinterest|google|"
    r"threads|telegram|bluesky|fichas? de google|redes? x)\b|\bX\b"
)
_METRIC = re.compile(
    r"\b(reservas?|citas?|ventas?|vender|venta|pedidos?|visitas?|clics?|mensajes?|consultas?|"
    r"seguidor(?:es|as)?|comentarios?|interacci(?:on|ones)|engagement|resenas?|valoraciones?|"
    r"opiniones?|estrellas|suscriptor(?:es|as)?|suscripciones?|llamadas?|presupuestos?|alcance|"
    r"inscripciones?|inscritos?|clientes?|clientas?|clientela|compras?|descargas?|tiempo de "
    r"respuesta|respond\w*|contestar|contestad\w*|solicitudes?|altas|contactos?|leads?|"
    r"facturacion|ingresos|euros|tasa|porcentaje|conversion(?:es)?|tickets?|entradas|"
    r"asistentes|menus|encargos?|matriculas?|socios?|socias?|publicaciones|visualizaciones|"
    r"reproducciones|respuestas?|preguntas?|dudas?)\b"
)
_NUMBER_WORDS = (
    r"un[oa]?s?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|"
    r"treinta|cuarenta|cincuenta|sesenta|cien|ciento|doscient[oa]s|trescient[oa]s|"
    r"quinient[oa]s|mil|doble|duplicar|triplicar|mitad"
)
_NUMBER = re.compile(rf"\d|\b({_NUMBER_WORDS})\b")
_QUANTITY = re.compile(rf"\d|\b({_NUMBER_WORDS.replace('un[oa]?s?|', '')})\b")
_MONTHS = (
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre"
)
_DEADLINE = re.compile(
    rf"\b(antes de|antes del|como tarde|a mas tardar|hasta el|hasta final|para el \d|"
    rf"para (?:finales de |final de |mediados de )?(?:{_MONTHS}|navidad|verano|semana santa|"
    rf"fin de ano|el ano que viene)|"
    rf"(?:en|durante|dentro de|los|las) (?:los |las )?(?:proxim[oa]s )?(?:\d+|{_NUMBER_WORDS}) "
    rf"(?:dias|semanas|meses|anos|trimestres?)|en (?:un|el proximo) (?:mes|ano|trimestre|semestre)|"
    rf"(?:este|el proximo|primer|segundo|tercer|cuarto) (?:trimestre|semestre)|"
    rf"de aqui a (?:final de |finales de |fin de )?(?:{_MONTHS}|navidad|verano|semana santa|ano|mes|"
    rf"trimestre|semestre|temporada|\d+|{_NUMBER_WORDS})|"
    rf"al (?:terminar|acabar|cerrar|finalizar|final de|acabarse|cierre de) (?:el |la |este |esta )?"
    rf"(?:ano|mes|trimestre|semestre|temporada|verano|campana|curso)|"
    rf"(?:durante|a lo largo de) (?:el|este|todo el|la|esta|toda la) (?:proximo |proxima )?"
    rf"(?:ano|mes|trimestre|semestre|temporada|verano|campana)|"
    rf"fecha|plazo|fin de ano|este ano|este mes|esta temporada|final de ano|31 de|\d{{1,2}}/\d{{1,2}}|"
    rf"(?:en|de|desde|hasta|a) (?:{_MONTHS})|\b20\d\d\b)"
)
_FREQUENCY = re.compile(
    r"\b(al|cada|por) (dia|semana|mes|ano|trimestre)\b|\bsemanal|\bmensual|"
    r"\bdiari|\banual"
)
_OWNER = re.compile(
    r"\b(responsable|se encarga\w*|encargad[oa]s?|a cargo de|lo lleva|la lleva|lo hara|"
    r"lo hace|lo haremos|me encargo|me ocupo|se ocupa\w*|community manager|gestor(?:a)? de redes|"
    r"gerente|duen[oa]|propietari[oa]|recepcionista|camarer[oa]s?|dependient[ae]s?|"
    r"mecanic[oa]s?|peluquer[oa]s?|socio|socia|jef[ae]|director[a]?|la agencia|el equipo|"
    r"(?:yo|nosotros|nosotras) mism[oa]s?|asignad[oa] a|lo revisa|la revisa|publica (?:el|la))\b"
)
_PRESENCE = re.compile(
    r"\b(estar (?:presentes? )?en|tener presencia|presencia en|ganar presencia|mas presencia|"
    r"hay que estar|abrir (?:una |un )?(?:cuenta|perfil|pagina)|abrir (?:instagram|facebook|"
    r"tiktok|twitter|linkedin|youtube)|crear (?:una |un )?(?:cuenta|perfil|pagina)|"
    r"tener (?:una |un )?(?:cuenta|perfil|pagina)|estar en todas|darnos a conocer|"
    r"que se nos vea|ser visibles?|tener redes)\b"
)
_UNREALISTIC = re.compile(
    r"\b(viral|virales|millon|millones|todo el mundo|numero 1|numero uno|"
    r"el mejor|la mejor|los mejores|lider|famos[oa]s?|influencer)\b"
)
_NOT_NAMES = (
    set(NETWORKS)
    | set(_MONTHS.split("|"))
    | {
        "navidad",
        "semana",
        "santa",
        "web",
        "maps",
        "business",
        "meta",
        "stories",
        "reels",
        "lunes",
        "martes",
        "miercoles",
        "jueves",
        "viernes",
        "sabado",
        "domingo",
        "smart",
        "cm",
    }
)
_NAME = re.compile(r"(?<![.!?¿¡:]\s)(?<!^)\b([A-ZÁÉÍÓÚÑ][a-záéíóúñü]{2,})\b")
_OPENING_WORD = re.compile(r"(?:^|[.!?¿¡:;]\s*)([A-ZÁÉÍÓÚÑ][a-záéíóúñü]{2,})\b")


def _is_first_name(word: str) -> bool:
    """Whether a capitalised word that opens a sentence is a person («Sergio publicará…»):
    someone of the course's cast, or a word that is not a known Spanish or project word in
    lower case, unlike «Conseguir», «Responder» or «Newsletter»."""
    if word in people():
        return True
    from course_utils.reviewer.spelling import known

    return not known(word.lower())


def _has_name(text: str) -> bool:
    """A person's name in the sentence: a capitalised word that is not a brand, month or
    network (inside a sentence), or a first name that opens one («Alba se encarga…»).

    The businesses' full names («Tienda Alba») are set aside first; their words alone still
    count when they are a person of the cast (Alba, Marta), not a brand."""
    cleaned = text
    firm_words = set()
    for firm in business_names():
        cleaned = cleaned.replace(firm, "negocio")
        firm_words.update(_plain(firm).split())
    firm_words -= {_plain(person) for person in people()}
    not_names = _NOT_NAMES | firm_words
    cleaned = cleaned.strip()
    for match in _NAME.finditer(cleaned):
        if _plain(match.group(1)) not in not_names:
            return True
    for match in _OPENING_WORD.finditer(cleaned):
        word = match.group(1)
        if _plain(word) not in not_names and _is_first_name(word):
            return True
    return False


def _percentages(plain: str) -> list[float]:
    out = []
    for raw in re.findall(r"(\d+(?:[.,]\d+)?)\s*(?:%|por ciento)", plain):
        try:
            out.append(float(raw.replace(",", ".")))
        except ValueError:  # pragma: no cover
            pass
    return out


def _without_dates(plain: str) -> str:
    """The text without dates and deadlines, so that «30 de junio» is not a target figure."""
    plain = re.sub(rf"\b\d{{1,2}} de (?:{_MONTHS})(?: de \d{{4}})?", " ", plain)
    plain = re.sub(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b20\d\d\b", " ", plain)
    return _DEADLINE.sub(" ", plain)


def smart_elements(text: str) -> dict[str, bool]:
    """Which of the five parts of a checkable objective the text names.

    metrica (what is counted), numero (how much), plazo (by when), responsable (who),
    red (on which network or channel).
    """
    text = text if isinstance(text, str) else ""
    plain = _plain(text)
    for firm in business_names():
        plain = plain.replace(_plain(firm), "negocio")
    return {
        "metrica": bool(_METRIC.search(plain)),
        "numero": bool(_QUANTITY.search(_without_dates(plain))),
        "plazo": bool(_DEADLINE.search(plain)),
        "responsable": bool(_OWNER.search(plain)) or _has_name(text),
        "red": bool(
            _NETWORK.search(plain)
            or re.search(r"\bX\b", text)
            or re.search(r"\b(web|newsletter|boletin|correo)\b", plain)
        ),
    }


ELEMENT_NAMES = {
    "metrica": "qué se cuenta (reservas, citas, mensajes…)",
    "numero": "cuánto (una cifra)",
    "plazo": "para cuándo (una fecha o un plazo)",
    "responsable": "quién se encarga (una persona o un puesto)",
    "red": "en qué red o canal",
}


def is_presence_only(text: str) -> bool:
    """True when the text asks only to be present ("estar en Instagram", "abrir TikTok")."""
    if not isinstance(text, str) or not text.strip():
        return False
    plain = _plain(text)
    parts = smart_elements(text)
    return bool(_PRESENCE.search(plain)) and not (parts["metrica"] and parts["numero"])


def check_smart(text: str) -> list[SmartFinding]:
    """Findings for S, M, A, R and T (in that order), each with a Spanish explanation.

    A presence-only goal fails S with a message that says why presence is not an objective.
    """
    if not isinstance(text, str) or not text.strip():
        return [
            SmartFinding(letter, False, "Todavía no has escrito ningún objetivo.")
            for letter in "SMART"
        ]
    plain = _plain(text)
    parts = smart_elements(text)
    findings = []

    # S — specific: what is counted and where.
    if is_presence_only(text):
        findings.append(
            SmartFinding(
                "S",
                False,
                "Estar, abrir una cuenta o «tener presencia» no es un objetivo: es un medio. "
                "Di qué quieres que pase gracias a esa presencia (más reservas, menos llamadas, "
                "más reseñas…).",
            )
        )
    elif parts["metrica"] and parts["red"]:
        findings.append(SmartFinding("S", True, "Es específico: dice qué quieres lograr y dónde."))
    elif parts["metrica"]:
        findings.append(
            SmartFinding(
                "S",
                False,
                "Dice qué quieres lograr, pero no en qué red o canal. Nómbralo (Instagram, "
                "la ficha de Google, WhatsApp…).",
            )
        )
    else:
        findings.append(
            SmartFinding(
                "S",
                False,
                "No se ve qué resultado concreto buscas. Nombra algo que se pueda contar: "
                "reservas, citas, pedidos, mensajes, reseñas…",
            )
        )

    # M — measurable: a number.
    if parts["numero"]:
        findings.append(
            SmartFinding("M", True, "Es medible: lleva una cifra que podrás comprobar.")
        )
    else:
        findings.append(
            SmartFinding(
                "M",
                False,
                "Falta una cifra. Sin ella no sabrás si lo has conseguido: escribe cuánto "
                "(por ejemplo, 20 reservas o un 10 % más).",
            )
        )

    # A — assignable: someone in charge.
    if parts["responsable"]:
        findings.append(SmartFinding("A", True, "Está asignado: se sabe quién se encarga."))
    else:
        findings.append(
            SmartFinding(
                "A",
                False,
                "No dice quién se encarga. Añade una persona o un puesto "
                "(«responsable: Marta», «el community manager»).",
            )
        )

    # R — realistic: needs a number, and no signs of fantasy.
    percentages = _percentages(plain)
    big_jump = re.search(r"\bde (\d[\d.]*) a (\d[\d.]*)\b", plain)
    jump_ratio = 0.0
    if big_jump:
        low, high = (float(g.replace(".", "")) for g in big_jump.groups())
        jump_ratio = high / low if low else math.inf
    if _UNREALISTIC.search(plain):
        findings.append(
            SmartFinding(
                "R",
                False,
                "Suena poco realista («viral», «el mejor», «millones»…). Apunta a algo que "
                "dependa de tu trabajo y que puedas alcanzar con tus recursos.",
            )
        )
    elif any(p > 100 for p in percentages) or jump_ratio >= 10:
        findings.append(
            SmartFinding(
                "R",
                False,
                "La cifra parece un salto enorme (como pasar de 12 a 1.200 seguidores). "
                "Compárala con lo que consigues hoy y ponte una meta alcanzable.",
            )
        )
    elif not parts["numero"]:
        findings.append(SmartFinding("R", False, "Sin una cifra no se puede saber si es realista."))
    else:
        findings.append(
            SmartFinding(
                "R", True, "Nada indica que sea irrealista; compruébalo con tus cifras de hoy."
            )
        )

    # T — time-related: a deadline, not only a frequency.
    if parts["plazo"]:
        findings.append(SmartFinding("T", True, "Tiene plazo: sabrás cuándo revisarlo."))
    elif _FREQUENCY.search(plain):
        findings.append(
            SmartFinding(
                "T",
                False,
                "Dice cada cuánto («al mes», «cada semana»), pero no hasta cuándo. Añade una "
                "fecha o un plazo para revisarlo (por ejemplo, «antes del 30 de junio»).",
            )
        )
    else:
        findings.append(
            SmartFinding(
                "T",
                False,
                "Falta un plazo. Añade una fecha («antes del 30 de junio») o un periodo "
                "(«en tres meses»).",
            )
        )
    return findings


def smart_report(text: str) -> str:
    """The findings of :func:`check_smart` as plain Spanish lines (for print)."""
    lines = []
    for finding in check_smart(text):
        lines.append(f"{'✅' if finding.ok else '❌'} {finding.letter}: {finding.message}")
    return "\n".join(lines)


# -- from an objective to an indicator (lesson 06's KPI table) ---------------------------------

_CHANNELS = {"fichas de google": "Google", "ficha de google": "Google", "tik tok": "TikTok"}
#: What an indicator counts, most specific first (verbs such as «responder» are not counted).
_COUNTED = re.compile(
    r"\b(tiempo de respuesta|tasa de (?:interaccion|conversion)|interaccion(?:es)?|engagement|"
    r"reservas?|citas?|ventas?|pedidos?|visitas?|clics?|mensajes?|consultas?|"
    r"seguidor(?:es|as)?|comentarios?|resenas?|valoraciones?|opiniones?|estrellas|"
    r"suscriptor(?:es|as)?|llamadas?|presupuestos?|alcance|inscripciones?|clientes?|clientas?|"
    r"compras?|descargas?|solicitudes?|contactos?|facturacion|ingresos|tickets?|entradas|"
    r"encargos?|matriculas?|visualizaciones|reproducciones)\b"
)
_RESPONSE_TIME = re.compile(r"\b(?:respond|contest)\w*.*?(\d+)\s*(horas?|minutos?)\b")


@dataclass(frozen=True)
class Indicator:
    """What a written objective counts, on which channel, and its target: a first row of the
    plan's KPI table, for the owner to complete with the figure of today."""

    metric: str  # the counted thing as the owner wrote it: «reseñas»
    channel: str  # «Google», or "" when the objective names none
    target: str  # «15 reseñas», or "" when it names no figure

    @property
    def label(self) -> str:
        """ "Reseñas en Google": what the KPI table calls the indicator."""
        name = self.metric[:1].upper() + self.metric[1:]
        return f"{name} en {self.channel}" if self.channel else name


def _as_written(text: str, folded: str) -> str:
    """The words of ``text`` whose folded form is ``folded`` («resenas» → «reseñas»)."""
    words = re.findall(r"\w+", text)
    wanted = folded.split()
    plain_words = [_plain(w) for w in words]
    for i in range(len(words) - len(wanted) + 1):
        if plain_words[i : i + len(wanted)] == wanted:
            return " ".join(words[i : i + len(wanted)]).lower()
    return folded


def indicator(text: str) -> Indicator | None:
    """The indicator a written objective names: what it counts, where and how much («Conseguir
    15 reseñas nuevas en Google antes del 31 de marzo» → reseñas, Google, «15 reseñas»); None
    when it counts nothing (a presence-only goal, an empty answer)."""
    if not isinstance(text, str) or not text.strip() or is_presence_only(text):
        return None
    plain = _plain(text)
    network = _NETWORK.search(plain)
    channel = ""
    if network and network.group(1):
        found = " ".join(network.group(1).split())
        channel = _CHANNELS.get(found) or NETWORKS.get(found.split()[-1], found.capitalize())
    response = _RESPONSE_TIME.search(plain)
    if response:
        unit = response.group(2)
        return Indicator("tiempo de respuesta", channel, f"menos de {response.group(1)} {unit}")
    counted = _COUNTED.search(plain)
    if counted is None:
        return None
    metric = _as_written(text, counted.group(1))
    figure = re.search(r"\d+(?:[.,]\d+)*(?:\s*%)?", _without_dates(plain))
    if figure is None:
        return Indicator(metric, channel, "")
    number = re.sub(r"\s*%", " %", figure.group(0))
    return Indicator(metric, channel, number if "%" in number else f"{number} {metric}")
