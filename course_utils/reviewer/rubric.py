"""Grading: rubrics (Rubric, RubricItem, the defaults), review_score and rubric_markdown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from course_utils.reviewer.findings import Review
from course_utils.reviewer.review import check_kind, review
from course_utils.reviewer.rules import (
    LONG_SENTENCE_WORDS,
    MIN_REPLY_WORDS,
    MIN_SELF_REFS,
    POSSESSIVE_RATIO_THRESHOLD,
    SELF_RATIO_THRESHOLD,
)

__all__ = [
    "DEFAULT_RUBRICS",
    "POST_ITEMS",
    "REPLY_ITEMS",
    "Rubric",
    "RubricItem",
    "default_rubric",
    "review_score",
    "rubric_markdown",
]


@dataclass(frozen=True)
class RubricItem:
    """One rubric line: ``key`` (what is checked), Spanish ``label``, ``points``, ``how``."""

    key: str
    label: str
    points: float
    how: str = ""


@dataclass(frozen=True)
class Rubric:
    """A grading rubric for one kind of text (readable by instructors)."""

    kind: str
    items: tuple[RubricItem, ...]
    max_spelling_errors: int = 2

    @property
    def total(self) -> float:
        return round(sum(i.points for i in self.items), 2)


_YO_HOW = (
    f"Menos del {round(SELF_RATIO_THRESHOLD * 100)} % de referencias a «yo/nosotros», al nombre "
    f"del negocio incluido (se mira a partir de {MIN_SELF_REFS}), y menos del "
    f"{round(POSSESSIVE_RATIO_THRESHOLD * 100)} % de «nuestro/nuestra/mi»."
)
#: Said of tone, spelling and «yo» in a reply: they only count in a reply that says something.
_IF_IT_ANSWERS = (
    f" Solo cuenta si la respuesta tiene al menos {MIN_REPLY_WORDS} palabras y atiende el "
    "comentario (ante una queja, con una disculpa o un paso concreto)."
)
REPLY_ITEMS = (
    RubricItem(
        "tono",
        "Tono respetuoso (sin ataques, gritos, ironía ni culpas)",
        3.0,
        "Ningún aviso de tono." + _IF_IT_ANSWERS,
    ),
    RubricItem(
        "agradecimiento",
        "Agradece o reconoce el comentario",
        1.0,
        "«Gracias», «te agradecemos», «tienes toda la razón», «valoramos que…», «entendemos»…",
    ),
    RubricItem(
        "disculpa",
        "Pide disculpas si hay un problema",
        1.0,
        "«Perdona», «lo sentimos», «mil disculpas», y también asumir el fallo: «Eso no debió "
        "pasar», «Fallamos», «No tiene excusa», «Nos equivocamos», «No es aceptable», «Asumimos "
        "el error»… Obligatoria si el comentario cuenta un problema; "
        "si no lo cuenta, punto completo para una respuesta que lo atiende.",
    ),
    RubricItem(
        "siguiente_paso",
        "Propone una solución o un paso concreto",
        1.5,
        "Qué vas a hacer y cuándo. Obligatorio si el comentario cuenta un problema; si no lo "
        "cuenta, punto completo para una respuesta que lo atiende.",
    ),
    RubricItem(
        "canal_privado",
        "Lleva los datos personales a un canal privado",
        1.0,
        "Mensaje privado, MD, correo, teléfono o en persona cuando hacen falta datos de la "
        "persona; nunca pedir datos en público.",
    ),
    RubricItem("firma", "Firma con un nombre", 0.5, "Un nombre al final: «Un saludo, Marta»."),
    RubricItem(
        "ortografia",
        "Ortografía cuidada",
        1.0,
        "Como mucho {max} faltas (palabras desconocidas, tildes, ¿? y ¡!)." + _IF_IT_ANSWERS,
    ),
    RubricItem("yo", "Habla del cliente más que de ti", 1.0, _YO_HOW + _IF_IT_ANSWERS),
)
POST_ITEMS = (
    RubricItem("tono", "Tono adecuado (sin gritos ni ironía)", 2.0, "Ningún aviso de tono."),
    RubricItem(
        "invitacion", "Invita a conversar", 2.0, "Una pregunta al lector, «cuéntanos», «¿y tú?»…"
    ),
    RubricItem(
        "longitud",
        "Longitud adecuada para la red",
        1.5,
        "Dentro del límite de la red (X: 280 caracteres).",
    ),
    RubricItem(
        "ortografia",
        "Ortografía cuidada",
        2.0,
        "Como mucho {max} faltas (palabras desconocidas, tildes, ¿? y ¡!).",
    ),
    RubricItem("yo", "Habla del cliente más que de ti", 1.5, _YO_HOW),
    RubricItem(
        "legibilidad",
        "Fácil de leer",
        1.0,
        "Índice Szigriszt-Pazos no «difícil» («algo difícil» cuenta solo en textos de "
        f"40 palabras o más) y sin frases de más de {LONG_SENTENCE_WORDS} palabras.",
    ),
)
DEFAULT_RUBRICS = {
    "respuesta": Rubric("respuesta", REPLY_ITEMS),
    "publicacion": Rubric("publicacion", POST_ITEMS),
}


def default_rubric(kind: str = "respuesta") -> Rubric:
    """The default rubric for ``kind``."""
    check_kind(kind)
    return DEFAULT_RUBRICS[kind]


def _resolve_rubric(rubric: Rubric | Mapping[str, float] | None, kind: str) -> Rubric:
    """A Rubric from a Rubric, a {criterion: points} mapping (over the default) or None."""
    base = default_rubric(kind)
    if rubric is None:
        return base
    if isinstance(rubric, Rubric):
        return rubric
    if isinstance(rubric, Mapping):
        known = {i.key for i in base.items}
        unknown = [k for k in rubric if k not in known and k != "max_spelling_errors"]
        if unknown:
            raise ValueError(
                f"Criterios desconocidos en la rúbrica: {', '.join(map(str, unknown))}. "
                f"Usa: {', '.join(sorted(known))}."
            )
        items = tuple(
            RubricItem(i.key, i.label, float(rubric.get(i.key, i.points)), i.how)
            for i in base.items
        )
        max_err = int(rubric.get("max_spelling_errors", base.max_spelling_errors))
        return Rubric(kind, items, max_err)
    raise TypeError(
        "La rúbrica debe ser un objeto Rubric, un diccionario {criterio: puntos} o None."
    )


def _fmt(x: float) -> str:
    """Points the Spanish way: 1,5 and 10 (not 1.50 and 10.00)."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return s.replace(".", ",")


def review_score(
    text: str,
    kind: str = "respuesta",
    rubric: Rubric | Mapping[str, float] | None = None,
    network: str | None = None,
    *,
    problem: bool | None = None,
    private: bool | None = None,
    self_names: Iterable[str] = (),
) -> tuple[float, list[str]]:
    """Partial credit for an exercise: (points earned, Spanish line per rubric item).

    For a reply, ``problem`` and ``private`` say what the answered comment needs (see
    ``structure.comment_context``): with ``problem=True`` the apology and the next step are
    required even if the reply never mentions the problem. None guesses it from the reply.
    ``self_names`` (the business's names) count as talking about yourself.
    """
    check_kind(kind)
    rub = _resolve_rubric(rubric, kind)
    r = review(text, kind, network=network, problem=problem, private=private, self_names=self_names)
    lines: list[str] = []
    earned = 0.0
    if not r.word_count:
        for item in rub.items:
            lines.append(f"❌ {item.label}: 0/{_fmt(item.points)}. No has escrito nada todavía.")
        lines.append(f"Total: 0/{_fmt(rub.total)} puntos.")
        return 0.0, lines
    cats = r.categories()
    codes = r.codes()
    el = r.elements
    n_spelling = len(r.by_category("ortografia"))
    unanswered = _unanswered(r, el) if kind == "respuesta" else ""
    for item in rub.items:
        ok, note = _rubric_item(item.key, r, el, cats, codes, n_spelling, rub.max_spelling_errors)
        if ok and unanswered and (item.key in _FORM_KEYS or note.startswith("No hacía falta")):
            ok, note = False, unanswered
        pts = item.points if ok else 0.0
        earned += pts
        mark = "✅" if ok else "❌"
        lines.append(f"{mark} {item.label}: {_fmt(pts)}/{_fmt(item.points)}. {note}")
    earned = round(earned, 2)
    lines.append(f"Total: {_fmt(earned)}/{_fmt(rub.total)} puntos.")
    return earned, lines


#: Reply criteria that any text meets by saying little: they count only in a reply that answers.
_FORM_KEYS = frozenset({"tono", "ortografia", "yo"})


def _unanswered(r: Review, el: dict[str, bool]) -> str:
    """Why a reply does not answer its comment («» if it does): too short, or a complaint
    met with neither an apology nor a step. Its tone, spelling and «yo» then earn nothing."""
    if r.word_count < MIN_REPLY_WORDS:
        return (
            f"Sin valorar: con {r.word_count} palabra(s), tu respuesta es demasiado breve para "
            f"atender el comentario (se piden al menos {MIN_REPLY_WORDS})."
        )
    if el.get("problema") and not (el.get("disculpa") or el.get("siguiente_paso")):
        return (
            "Sin valorar: tu respuesta no atiende la queja (ni una disculpa ni un paso concreto)."
        )
    return ""


def _rubric_item(
    key: str,
    r: Review,
    el: dict[str, bool],
    cats: set[str],
    codes: set[str],
    n_spelling: int,
    max_err: int,
) -> tuple[bool, str]:
    """Whether one rubric criterion is met, and the Spanish note that explains it."""
    problem = el.get("problema", False)
    if key == "tono":
        n = len(r.by_category("tono"))
        return (n == 0, "Tono correcto." if n == 0 else f"Hay {n} aviso(s) de tono.")
    if key == "agradecimiento":
        ok = el.get("agradecimiento", False)
        return ok, "Das las gracias." if ok else "Falta agradecer el comentario."
    if key == "disculpa":
        if not problem:
            return True, "No hacía falta: no hay ningún problema del que disculparse."
        ok = el.get("disculpa", False)
        return ok, "Pides disculpas." if ok else "Falta una disculpa («Sentimos…», «Perdona…»)."
    if key == "siguiente_paso":
        if not problem:
            return True, "No hacía falta: no hay ningún problema que resolver."
        ok = el.get("siguiente_paso", False)
        return ok, "Propones un paso concreto." if ok else "Falta decir qué vas a hacer y cuándo."
    if key == "canal_privado":
        if el.get("datos_en_publico"):
            return False, "Pides datos personales en público."
        if not el.get("privado_necesario", problem):
            return True, "No hacía falta: no hay datos personales que tratar."
        ok = el.get("canal_privado", False)
        return ok, (
            "Ofreces un canal privado."
            if ok
            else "Falta ofrecer seguir en privado (mensaje privado, correo, teléfono o en persona)."
        )
    if key == "firma":
        ok = el.get("firma", False)
        return ok, "Firmas con tu nombre." if ok else "Falta firmar con tu nombre."
    if key == "ortografia":
        ok = n_spelling <= max_err
        return ok, f"{n_spelling} falta(s) de ortografía (máximo {max_err})."
    if key == "yo":
        ok = "yo" not in cats
        return ok, (
            f"Proporción «yo»: {round(r.self_ratio * 100)} %."
            if ok
            else f"Hablas demasiado de ti ({round(r.self_ratio * 100)} % de las referencias)."
        )
    if key == "invitacion":
        ok = "sin_invitacion" not in codes
        return ok, "Invitas a conversar." if ok else "Falta una pregunta o invitación al lector."
    if key == "longitud":
        ok = "demasiado_largo" not in codes
        return ok, "Longitud adecuada." if ok else "Es demasiado larga para la red."
    if key == "legibilidad":
        ok = "legibilidad" not in cats
        band = f" Se lee de forma {r.readability_band}." if r.readability_band else ""
        if r.readability_note:
            band = " No se ha podido calcular el índice de legibilidad."
        return ok, ("Fácil de leer." if ok else "Cuesta leerla.") + band
    return False, "Criterio desconocido."


def rubric_markdown(
    rubric: Rubric | Mapping[str, float] | None = None, kind: str = "respuesta"
) -> str:
    """The rubric as a Spanish markdown table for instructors."""
    if isinstance(rubric, Rubric):
        kind = rubric.kind
    rub = _resolve_rubric(rubric, kind)
    title = "respuesta a un comentario" if rub.kind == "respuesta" else "publicación"
    lines = [
        f"**Rúbrica: {title}** (total {_fmt(rub.total)} puntos)",
        "",
        "| Criterio | Puntos | Cómo lo comprueba el revisor |",
        "| --- | ---: | --- |",
    ]
    for item in rub.items:
        how = item.how.replace("{max}", str(rub.max_spelling_errors)).replace("|", "\\|")
        lines.append(f"| {item.label} | {_fmt(item.points)} | {how} |")
    lines.append(f"| **Total** | **{_fmt(rub.total)}** | |")
    return "\n".join(lines) + "\n"
