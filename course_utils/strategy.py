"""Strategy: the logic and figures of lessons 00–02: course map, response flowchart, comment triage, SMART objective check, growth and engagement figures."""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import charts
from .grading import Result

# ---------------------------------------------------------------------------
# Response flowchart (US Air Force Web Posting Response Assessment + article 000)
# ---------------------------------------------------------------------------

COMMENT_KINDS: dict[str, str] = {
    "positivo": "Positivo o constructivo",
    "troll": "Troll (solo busca provocar)",
    "desahogo": "Desahogo o burla",
    "datos_erroneos": "Datos erróneos",
    "cliente_insatisfecho": "Cliente insatisfecho",
    "competencia_encubierta": "Competencia encubierta",
    "spam": "Spam o publicidad ajena",
}

ACTIONS: dict[str, str] = {
    "agradecer": "Agradecer (y aprovechar la idea)",
    "vigilar": "Dejar estar y vigilar",
    "corregir": "Corregir los datos con amabilidad",
    "restaurar": "Restaurar: disculparte y ofrecer solución",
    "privado": "Pasar a privado",
    "escalar": "Escalar a quien decide",
    "eliminar": "Eliminar o denunciar",
}

# The flowchart as data: questions asked in order; the first «sí» gives the action.
FLOWCHART: list[dict[str, Any]] = [
    {"question": "¿Es spam, publicidad ajena o un enlace sospechoso?",
     "kinds": ["spam"], "action": "eliminar"},
    {"question": "¿Es positivo o una crítica constructiva?",
     "kinds": ["positivo"], "action": "agradecer"},
    {"question": "¿Hay amenazas, riesgo legal, de salud o de seguridad?",
     "serious": True, "action": "escalar"},
    {"question": "¿Solo busca provocar, desahogarse o burlarse?",
     "kinds": ["troll", "desahogo"], "action": "vigilar"},
    {"question": "¿Parece competencia encubierta?",
     "kinds": ["competencia_encubierta"], "action": "vigilar"},
    {"question": "¿Da datos erróneos sobre tu negocio?",
     "kinds": ["datos_erroneos"], "action": "corregir"},
    {"question": "¿Es un cliente y hacen falta sus datos personales?",
     "kinds": ["cliente_insatisfecho"], "personal_data": True, "action": "privado"},
    {"question": "¿Es un cliente con un problema real?",
     "kinds": ["cliente_insatisfecho"], "action": "restaurar"},
]

ACTION_NOTES: dict[str, str] = {
    "agradecer": "Da las gracias en público, con nombre y sin plantillas; si trae una idea, dilo.",
    "vigilar": "No respondas en caliente: observa si crece o si otras personas lo creen.",
    "corregir": "Responde una vez, con el dato correcto y su fuente, sin reproches.",
    "restaurar": "Reconoce el fallo, discúlpate y ofrece una solución concreta en público.",
    "privado": "Responde en público que lo atiendes y sigue por mensaje privado o teléfono.",
    "escalar": "Avisa hoy a quien decide (dirección, asesoría legal o sanidad) antes de responder.",
    "eliminar": "Borra u oculta el spam y denúncialo a la plataforma; si es una reseña falsa, "
                "denúnciala con pruebas.",
}


def recommended_action(kind: str, serious: bool = False, personal_data: bool = False) -> str:
    """The flowchart's action id for a comment of ``kind`` (see COMMENT_KINDS).

    ``serious``: threats, legal, health or safety risk; ``personal_data``: the fix needs the
    customer's order, phone or appointment, so it goes on in private after a public answer.
    """
    if kind not in COMMENT_KINDS:
        raise ValueError(
            f"Tipo de comentario desconocido: {kind!r}. Tipos: {', '.join(COMMENT_KINDS)}."
        )
    for step in FLOWCHART:
        if step.get("serious") and serious:
            return step["action"]
        if kind in step.get("kinds", ()):
            if step.get("personal_data") and not personal_data:
                continue
            return step["action"]
    raise AssertionError(f"flowchart has no exit for {kind}")  # pragma: no cover


def triage_key(feed: Mapping[str, Mapping[str, Any]]) -> tuple[dict, dict]:
    """Answer keys (type, action) of a comment feed {id: {"kind", "action"?, "also"?}}.

    The action defaults to the flowchart's; "also" lists other acceptable actions.
    """
    kinds, actions = {}, {}
    for cid, item in feed.items():
        kinds[cid] = item["kind"]
        main = item.get("action") or recommended_action(
            item["kind"], item.get("serious", False), item.get("personal_data", False))
        also = [a for a in item.get("also", []) if a != main]
        actions[cid] = [main, *also] if also else main
    return kinds, actions


def flowchart_figure():
    """A drawing of the response flowchart: one question per row, «sí» to the right."""
    plt = charts.plt()
    steps = FLOWCHART
    fig, ax = plt.subplots(figsize=(9.2, 0.62 * len(steps) + 0.9))
    ax.set_xlim(0, 10.4)
    ax.set_ylim(-0.6, len(steps) + 0.2)
    ax.axis("off")
    colours = {"eliminar": charts.PALETTE["gris"], "agradecer": charts.PALETTE["verde"],
               "escalar": charts.PALETTE["bermellon"], "vigilar": charts.PALETTE["celeste"],
               "corregir": charts.PALETTE["azul"], "restaurar": charts.PALETTE["naranja"],
               "privado": charts.PALETTE["purpura"]}
    for n, step in enumerate(steps):
        y = len(steps) - n - 0.5
        ax.text(0.1, y, f"{n + 1}. {step['question']}", va="center", ha="left", fontsize=9,
                bbox={"boxstyle": "round,pad=0.3", "fc": "#f6f8fa", "ec": "#57606a"})
        ax.annotate("", xy=(6.95, y), xytext=(6.3, y),
                    arrowprops={"arrowstyle": "->", "color": "#57606a"})
        ax.text(6.45, y + 0.18, "sí", fontsize=8, color="#57606a")
        ax.text(7.0, y, ACTIONS[step["action"]], va="center", ha="left", fontsize=9,
                color="white", fontweight="bold",
                bbox={"boxstyle": "round,pad=0.3", "fc": colours[step["action"]], "ec": "none"})
        if n < len(steps) - 1:
            ax.annotate("", xy=(0.35, y - 0.72), xytext=(0.35, y - 0.28),
                        arrowprops={"arrowstyle": "->", "color": "#57606a"})
            ax.text(0.45, y - 0.55, "no", fontsize=8, color="#57606a")
    ax.text(0.1, -0.35, "Si nada encaja: lee otra vez el comentario con calma antes de actuar.",
            fontsize=8, style="italic", color="#57606a")
    ax.set_title("¿Qué hago con este comentario?")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# Criticism never reaches zero (simulated months of comments)
# ---------------------------------------------------------------------------

def simulate_negative_comments(months: int = 12, seed: int = 35) -> dict[str, list[int]]:
    """Simulated negative comments per month for a firm that manages well and one that does not.

    The well-run firm's rate falls towards a floor of about 3 a month; it never reaches 0.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    t = np.arange(months)
    well_rate = 3.5 + 9.0 * np.exp(-t / 3.5)
    badly_rate = 12.0 + 0.6 * t
    well = np.maximum(rng.poisson(well_rate), 1)
    badly = np.maximum(rng.poisson(badly_rate), 1)
    return {"bien": well.tolist(), "mal": badly.tolist()}


def criticism_figure(months: int = 12, seed: int = 35):
    """Figure: «¿Desaparecen las críticas si lo haces bien?» (simulated)."""
    plt = charts.plt()
    from matplotlib.ticker import MaxNLocator

    data = simulate_negative_comments(months, seed)
    x = list(range(1, months + 1))
    fig, ax = plt.subplots()
    ax.plot(x, data["mal"], marker="o", color=charts.PALETTE["bermellon"],
            label="Sin estrategia: responde en caliente o no responde")
    ax.plot(x, data["bien"], marker="s", color=charts.PALETTE["azul"],
            label="Con estrategia: responde con método")
    floor = min(data["bien"])
    ax.axhline(0, color="#57606a", linewidth=0.8)
    ax.annotate(f"Nunca llega a cero (mínimo: {floor} al mes)",
                xy=(x[-1], data["bien"][-1]), xytext=(months * 0.45, max(data["mal"]) * 0.45),
                arrowprops={"arrowstyle": "->", "color": "#57606a"}, fontsize=9)
    ax.set_title("¿Desaparecen las críticas si lo haces bien?")
    ax.set_xlabel("Mes desde que empiezas en redes")
    ax.set_ylabel("Comentarios negativos al mes")
    ax.set_xticks(x)
    ax.set_ylim(bottom=0)
    charts.spanish_axes(ax)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=9, loc="upper right")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# SMART objective check (Doran 1981: Specific, Measurable, Assignable, Realistic, Time-related)
# ---------------------------------------------------------------------------

@dataclass
class SmartFinding:
    """One letter of SMART: whether the text meets it and why, in Spanish."""

    letter: str
    ok: bool
    message: str


def _plain(text: str) -> str:
    """Lower case without accents, for matching."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


NETWORKS = {
    "instagram": "Instagram", "facebook": "Facebook", "tiktok": "TikTok", "twitter": "Twitter",
    "linkedin": "LinkedIn", "youtube": "YouTube", "whatsapp": "WhatsApp",
    "pinterest": "Pinterest", "google": "Google", "threads": "Threads", "telegram": "Telegram",
    "bluesky": "Bluesky", "x": "X",
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
    r"reproducciones)\b"
)
_NUMBER_WORDS = (
    r"un[oa]?s?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|"
    r"treinta|cuarenta|cincuenta|sesenta|cien|ciento|doscient[oa]s|trescient[oa]s|"
    r"quinient[oa]s|mil|doble|duplicar|triplicar|mitad"
)
_NUMBER = re.compile(rf"\d|\b({_NUMBER_WORDS})\b")
_QUANTITY = re.compile(rf"\d|\b({_NUMBER_WORDS.replace('un[oa]?s?|', '')})\b")
_MONTHS = (r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
           r"noviembre|diciembre")
_DEADLINE = re.compile(
    rf"\b(antes de|antes del|como tarde|a mas tardar|hasta el|hasta final|para el \d|"
    rf"para (?:finales de |final de |mediados de )?(?:{_MONTHS}|navidad|verano|semana santa|"
    rf"fin de ano|el ano que viene)|"
    rf"(?:en|durante|dentro de|los|las) (?:los |las )?(?:proxim[oa]s )?(?:\d+|{_NUMBER_WORDS}) "
    rf"(?:dias|semanas|meses|anos|trimestres?)|en (?:un|el proximo) (?:mes|ano|trimestre|semestre)|"
    rf"(?:este|el proximo|primer|segundo|tercer|cuarto) (?:trimestre|semestre)|"
    rf"fecha|plazo|fin de ano|este ano|este mes|esta temporada|final de ano|31 de|\d{{1,2}}/\d{{1,2}}|"
    rf"(?:en|de|desde|hasta|a) (?:{_MONTHS})|\b20\d\d\b)"
)
_FREQUENCY = re.compile(r"\b(al|cada|por) (dia|semana|mes|ano|trimestre)\b|\bsemanal|\bmensual|"
                        r"\bdiari|\banual")
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
_FIRMS = ("peluqueria marta", "bar sol", "taller nunez", "tienda alba", "asesoria rivas")
_NOT_NAMES = set(NETWORKS) | set(_MONTHS.split("|")) | {
    "navidad", "semana", "santa", "web", "maps", "business", "meta", "stories", "reels",
    "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo", "smart", "cm",
    "peluqueria", "bar", "taller", "tienda", "asesoria", "sol", "alba", "rivas", "nunez",
}
_NAME = re.compile(r"(?<![.!?¿¡:]\s)(?<!^)\b([A-ZÁÉÍÓÚÑ][a-záéíóúñü]{2,})\b")


def _has_name(text: str) -> bool:
    """A person's name inside the sentence (a capitalised word that is not a brand or month)."""
    cleaned = text
    for firm in ("Peluquería Marta", "Bar Sol", "Taller Núñez", "Tienda Alba", "Asesoría Rivas"):
        cleaned = cleaned.replace(firm, "negocio")
    for match in _NAME.finditer(cleaned.strip()):
        if _plain(match.group(1)) not in _NOT_NAMES:
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
    for firm in _FIRMS:
        plain = plain.replace(firm, "negocio")
    return {
        "metrica": bool(_METRIC.search(plain)),
        "numero": bool(_QUANTITY.search(_without_dates(plain))),
        "plazo": bool(_DEADLINE.search(plain)),
        "responsable": bool(_OWNER.search(plain)) or _has_name(text),
        "red": bool(_NETWORK.search(plain) or re.search(r"\bX\b", text)
                    or re.search(r"\b(web|newsletter|boletin|correo)\b", plain)),
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
        return [SmartFinding(letter, False, "Todavía no has escrito ningún objetivo.")
                for letter in "SMART"]
    plain = _plain(text)
    parts = smart_elements(text)
    findings = []

    # S — specific: what is counted and where.
    if is_presence_only(text):
        findings.append(SmartFinding("S", False,
            "Estar, abrir una cuenta o «tener presencia» no es un objetivo: es un medio. "
            "Di qué quieres que pase gracias a esa presencia (más reservas, menos llamadas, "
            "más reseñas…)."))
    elif parts["metrica"] and parts["red"]:
        findings.append(SmartFinding("S", True, "Es específico: dice qué quieres lograr y dónde."))
    elif parts["metrica"]:
        findings.append(SmartFinding("S", False,
            "Dice qué quieres lograr, pero no en qué red o canal. Nómbralo (Instagram, "
            "la ficha de Google, WhatsApp…)."))
    else:
        findings.append(SmartFinding("S", False,
            "No se ve qué resultado concreto buscas. Nombra algo que se pueda contar: "
            "reservas, citas, pedidos, mensajes, reseñas…"))

    # M — measurable: a number.
    if parts["numero"]:
        findings.append(SmartFinding("M", True, "Es medible: lleva una cifra que podrás comprobar."))
    else:
        findings.append(SmartFinding("M", False,
            "Falta una cifra. Sin ella no sabrás si lo has conseguido: escribe cuánto "
            "(por ejemplo, 20 reservas o un 10 % más)."))

    # A — assignable: someone in charge.
    if parts["responsable"]:
        findings.append(SmartFinding("A", True, "Está asignado: se sabe quién se encarga."))
    else:
        findings.append(SmartFinding("A", False,
            "No dice quién se encarga. Añade una persona o un puesto "
            "(«responsable: Marta», «el community manager»)."))

    # R — realistic: needs a number, and no signs of fantasy.
    percentages = _percentages(plain)
    big_jump = re.search(r"\bde (\d[\d.]*) a (\d[\d.]*)\b", plain)
    jump_ratio = 0.0
    if big_jump:
        low, high = (float(g.replace(".", "")) for g in big_jump.groups())
        jump_ratio = high / low if low else math.inf
    if _UNREALISTIC.search(plain):
        findings.append(SmartFinding("R", False,
            "Suena poco realista («viral», «el mejor», «millones»…). Apunta a algo que "
            "dependa de tu trabajo y que puedas alcanzar con tus recursos."))
    elif any(p > 100 for p in percentages) or jump_ratio >= 10:
        findings.append(SmartFinding("R", False,
            "La cifra parece un salto enorme (como pasar de 12 a 1.200 seguidores). "
            "Compárala con lo que consigues hoy y ponte una meta alcanzable."))
    elif not parts["numero"]:
        findings.append(SmartFinding("R", False,
            "Sin una cifra no se puede saber si es realista."))
    else:
        findings.append(SmartFinding("R", True,
            "Nada indica que sea irrealista; compruébalo con tus cifras de hoy."))

    # T — time-related: a deadline, not only a frequency.
    if parts["plazo"]:
        findings.append(SmartFinding("T", True, "Tiene plazo: sabrás cuándo revisarlo."))
    elif _FREQUENCY.search(plain):
        findings.append(SmartFinding("T", False,
            "Dice cada cuánto («al mes», «cada semana»), pero no hasta cuándo. Añade una "
            "fecha o un plazo para revisarlo (por ejemplo, «antes del 30 de junio»)."))
    else:
        findings.append(SmartFinding("T", False,
            "Falta un plazo. Añade una fecha («antes del 30 de junio») o un periodo "
            "(«en tres meses»)."))
    return findings


def smart_report(text: str) -> str:
    """The findings of :func:`check_smart` as plain Spanish lines (for print)."""
    lines = []
    for finding in check_smart(text):
        lines.append(f"{'✅' if finding.ok else '❌'} {finding.letter}: {finding.message}")
    return "\n".join(lines)


def smart_structure_score(value: Any) -> Result:
    """Scorer for graded exercises: share of the five parts present (0 if presence only)."""
    if not isinstance(value, str) or not value.strip():
        return Result(0.0, ["No escribiste ningún objetivo."], answered=False)
    if is_presence_only(value):
        return Result(0.0, ["Es un objetivo de presencia («estar en…»): no cuenta como objetivo."])
    parts = smart_elements(value)
    found = sum(parts.values())
    lines = [f"Partes del objetivo presentes: {found} de {len(parts)}."]
    for key, present in parts.items():
        lines.append(f"{'✅' if present else '❌'} {ELEMENT_NAMES[key]}")
    return Result(found / len(parts), lines)


def with_smart_check(question: Any) -> Any:
    """Add a «Comprobar objetivo» button to a text question of the kit (widgets.Text).

    The button saves the text through the question (so its store keeps it) and shows the
    SMART findings under it; the learner's text is escaped before it is shown.
    """
    import ipywidgets as w

    button = w.Button(description="Comprobar objetivo", icon="search",
                      tooltip="Guardar y revisar tu objetivo con SMART")
    out = w.HTML()

    def show(_=None) -> None:
        text = question.value
        if not text.strip():
            out.value = "<p>Escribe primero tu objetivo y vuelve a pulsar.</p>"
            return
        question.save()
        items = "".join(
            f"<li>{'✅' if f.ok else '❌'} <b>{f.letter}</b>: {html.escape(f.message)}</li>"
            for f in check_smart(text)
        )
        passed = sum(f.ok for f in check_smart(text))
        out.value = (f"<p>Tu objetivo: <i>{html.escape(text)}</i></p>"
                     f"<p><b>Cumple {passed} de 5 letras.</b></p><ul>{items}</ul>")

    button.on_click(show)
    children = list(question.box.children)
    children.insert(len(children) - 2, w.HBox([button]))
    children.append(out)
    question.box.children = tuple(children)
    return question


# ---------------------------------------------------------------------------
# Expectations against reality: follower growth and engagement bases
# ---------------------------------------------------------------------------

def simulate_growth(start: int = 12, months: int = 12, seed: int = 3) -> list[int]:
    """Simulated followers month by month for a small firm publishing steadily (not a promise)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    followers = [start]
    for month in range(1, months + 1):
        new = rng.poisson(8 + 2.2 * month)
        lost = rng.poisson(0.02 * followers[-1])
        followers.append(max(followers[-1] + new - lost, followers[-1]))
    return followers


def growth_figure(start: int = 12, dream: int = 1200, months: int = 12, seed: int = 3):
    """Figure: «¿Pasarás de 12 a 1.200 seguidores en un mes?» (simulated)."""
    plt = charts.plt()
    real = simulate_growth(start, months, seed)
    x = list(range(months + 1))
    fantasy = [start] + [dream] * months
    fig, ax = plt.subplots()
    ax.step(x, fantasy, where="post", linestyle="--", color=charts.PALETTE["bermellon"],
            label=f"Lo que se espera: de {charts.es_number(start)} a "
                  f"{charts.es_number(dream)} en un mes")
    ax.plot(x, real, marker="o", color=charts.PALETTE["azul"],
            label="Lo habitual: crecimiento lento y constante")
    ax.annotate(f"{charts.es_number(real[-1])} seguidores al cabo de {months} meses",
                xy=(x[-1], real[-1]), xytext=(months * 0.35, dream * 0.45),
                arrowprops={"arrowstyle": "->", "color": "#57606a"}, fontsize=9)
    ax.set_title(f"¿Pasarás de {charts.es_number(start)} a {charts.es_number(dream)} "
                 "seguidores en un mes?")
    ax.set_xlabel("Meses")
    ax.set_ylabel("Seguidores")
    ax.set_xticks(x)
    ax.set_ylim(0, dream * 1.1)
    charts.spanish_axes(ax)
    ax.legend(frameon=False, fontsize=9, loc="center right")
    fig.tight_layout()
    return fig


def engagement_rate(interactions: float, base: float) -> float:
    """Engagement rate in % = interactions ÷ base × 100 (the base must be named)."""
    if base <= 0:
        raise ValueError("La base (seguidores, alcance…) tiene que ser mayor que cero.")
    return interactions / base * 100


def engagement_figure(interactions: int = 1500, followers: int = 10000, reach: int = 50000):
    """Figure: the same interactions give 15 % over followers and 3 % over reach."""
    plt = charts.plt()
    rates = {
        f"Sobre seguidores\n({charts.es_number(followers)})": engagement_rate(interactions, followers),
        f"Sobre alcance\n({charts.es_number(reach)} personas)": engagement_rate(interactions, reach),
    }
    fig, ax = plt.subplots(figsize=(6.5, 4.0))
    bars = ax.bar(list(rates), list(rates.values()),
                  color=[charts.PALETTE["naranja"], charts.PALETTE["azul"]], width=0.55)
    for bar, value in zip(bars, rates.values(), strict=True):
        ax.text(bar.get_x() + bar.get_width() / 2, value + 0.3, charts.es_percent(value, 0),
                ha="center", fontsize=11)
    ax.set_title(f"¿Cuál es tu tasa de interacción con {charts.es_number(interactions)} "
                 "interacciones?")
    ax.set_ylabel("Tasa de interacción")
    ax.set_ylim(0, max(rates.values()) * 1.2)
    charts.spanish_axes(ax, x_decimals=None, y_decimals=0, y_percent=True)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# Lesson 00: the course map with the learner's progress
# ---------------------------------------------------------------------------

def course_map_figure(course: Sequence[Mapping[str, Any]], root: str | Path = ".."):
    """Figure: the lessons as a path of minutes, each bar filled as far as it is answered.

    ``course``: [{"id": "01-…", "title": "…", "minutes": 40}, …] (the notebook's data);
    lessons are matched by their two-digit number, and the minutes a lesson states in its
    own box win over the estimate.
    """
    from .progress import course_progress

    plt = charts.plt()
    try:
        found = {p.notebook_id[:2]: p for p in course_progress(Path(root))}
    except OSError:
        found = {}
    fig, ax = plt.subplots(figsize=(8.2, 0.5 * len(course) + 1.4))
    start = 0.0
    labels = []
    for n, lesson in enumerate(course):
        progress = found.get(str(lesson["id"])[:2])
        minutes = (progress.minutes if progress and progress.minutes else lesson["minutes"])
        share = progress.share if progress else 0.0
        y = len(course) - n - 1
        ax.barh(y, minutes, left=start, color="#e6e6e6", edgecolor="#57606a", height=0.6)
        if share:
            ax.barh(y, minutes * share, left=start, color=charts.PALETTE["verde"], height=0.6)
        ax.text(start + minutes + 2, y, f"{minutes} min", va="center", fontsize=8)
        labels.append(f"{lesson['id'][:2]} {lesson['title']}")
        start += minutes
    ax.set_yticks(range(len(course) - 1, -1, -1))
    ax.set_yticklabels(labels, fontsize=9)
    ax.set_xlabel("Minutos acumulados de curso")
    ax.set_xlim(0, start * 1.12)
    charts.spanish_axes(ax, y_decimals=None)
    ax.set_title("¿Qué camino vas a recorrer y cuánto llevas?")
    done = plt.Rectangle((0, 0), 1, 1, color=charts.PALETTE["verde"])
    todo = plt.Rectangle((0, 0), 1, 1, fc="#e6e6e6", ec="#57606a")
    ax.legend([done, todo], ["Preguntas respondidas", "Por hacer"], frameon=False,
              fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# Exercise 01: the reviewer's rubric as a scorer for a reply
# ---------------------------------------------------------------------------

def reply_scorer(value: Any) -> Result:
    """Scorer for a written reply: the reviewer's default rubric as a fraction of its total."""
    from .review import default_rubric, review_score

    if not isinstance(value, str) or not value.strip():
        return Result(0.0, ["No escribiste ninguna respuesta."], answered=False)
    earned, lines = review_score(value, kind="respuesta")
    total = default_rubric("respuesta").total
    return Result(earned / total if total else 0.0, lines)
