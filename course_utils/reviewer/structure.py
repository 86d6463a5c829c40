"""Structure checks: the parts of a good reply (thanks … sign-off) and of a good post."""

from __future__ import annotations

import re

from course_utils.reviewer.findings import Finding
from course_utils.reviewer.rules import (
    APOLOGY_RE,
    COMPLAINT_RE,
    INVITE_RE,
    NETWORK_LIMITS,
    NETWORK_NAMES,
    NEXT_RE,
    NOT_NAMES,
    PERSONAL_DATA_RE,
    PRIVATE_CASE_RE,
    PRIVATE_RE,
    PRIVATE_WORD_RE,
    PROBLEM_RE,
    PUBLIC_DATA_RE,
    PUBLIC_PLACE_RE,
    REPLY_RECOMMENDED_CHARS,
    SIGNOFF_RE,
    THANKS_RE,
    TRAILING_JUNK_RE,
)
from course_utils.reviewer.tokens import SENTENCE_RE

__all__ = ["check_structure", "comment_context", "signoff"]


def comment_context(comment: str) -> dict[str, bool]:
    """What the comment a reply answers asks for: {"problem": it reports a problem (a complaint),
    "private": solving it needs the customer's personal data (an order, a booking, a DNI…)}."""
    text = comment if isinstance(comment, str) else ""
    problem = bool(COMPLAINT_RE.search(text))
    return {"problem": problem, "private": problem and bool(PERSONAL_DATA_RE.search(text))}


# A short friendly line after the signature («Un saludo, Marta. ¡Te esperamos!»): looked past.
_FRIENDLY_LAST = re.compile(
    r"(?:(?<=[.!?…\n])|^|(?=¡))\s*(?P<line>[¡]?[^.!?…\n¡]{1,60}[.!?…]*)\s*$"
)
_FRIENDLY = re.compile(
    r"^¡|\b(?:esperamos|pronto|vemos|abrazo|feliz|buen[oa]?s?|disfruta|cuídate|gracias|"
    r"saludos|volver|vuelvas)\b",
    re.IGNORECASE,
)


def signoff(text: str) -> tuple[int, int] | None:
    """Span of a human sign-off (a closing line with a name), if any: at the end, or followed
    by up to two short friendly lines («¡Te esperamos!»)."""
    tail_start = max(0, len(text) - 220)
    tail = text[tail_start:]
    for _ in range(3):
        tail = TRAILING_JUNK_RE.sub("", tail)  # drop trailing emoji and spaces
        m = SIGNOFF_RE.search(tail)
        if m:
            first = m.group("name").split()[0].rstrip(".").lower()
            if first in NOT_NAMES:
                return None
            return tail_start + m.start("name"), tail_start + m.end("name")
        last = _FRIENDLY_LAST.search(tail)
        if not last or not _FRIENDLY.search(last.group("line").strip()):
            return None
        tail = tail[: last.start()]
    return None


def check_structure(
    text: str,
    masked: str,
    kind: str,
    network: str | None,
    tone_found: bool,
    elements: dict[str, bool],
    problem: bool | None = None,
    private: bool | None = None,
) -> list[Finding]:
    """Replies: thanks, apology, next step, private channel, sign-off, length. Posts: an
    invitation to talk and the length for the network. Fills ``elements`` with what it saw.

    ``problem`` and ``private`` are what the answered comment needs (see :func:`comment_context`):
    a reply to a complaint must apologise and offer a next step even if it never names the
    problem. Left as None, they are guessed from the reply itself (free practice), and a
    private channel is asked for whenever there is a problem.
    """
    out: list[Finding] = []
    n = len(text)
    if kind == "respuesta":
        thanks = bool(THANKS_RE.search(masked))
        if problem is None:
            problem = tone_found or bool(PROBLEM_RE.search(masked))
        needs_private = problem if private is None else private
        apology = bool(APOLOGY_RE.search(masked))
        nxt = bool(NEXT_RE.search(masked))
        has_private = bool(PRIVATE_RE.search(masked) or PRIVATE_CASE_RE.search(masked))
        sign = signoff(text)
        public_data = None
        for sm in SENTENCE_RE.finditer(masked):
            sent = sm.group()
            m = PUBLIC_DATA_RE.search(sent)
            if (
                m
                and PUBLIC_PLACE_RE.search(sent)
                and not (PRIVATE_CASE_RE.search(sent) or PRIVATE_WORD_RE.search(sent))
            ):
                public_data = (sm.start() + m.start(), sm.start() + m.end())
                break
        elements.update(
            agradecimiento=thanks,
            problema=problem,
            disculpa=apology,
            siguiente_paso=nxt,
            canal_privado=has_private,
            privado_necesario=needs_private,
            firma=sign is not None,
            datos_en_publico=public_data is not None,
        )
        if not thanks:
            out.append(
                Finding(
                    "estructura",
                    0,
                    0,
                    "No das las gracias ni reconoces el comentario del cliente.",
                    "Empieza agradeciendo: «Gracias por contarnos tu experiencia, …».",
                    "sin_agradecimiento",
                )
            )
        if problem and not apology:
            out.append(
                Finding(
                    "estructura",
                    0,
                    0,
                    "El cliente cuenta un problema y tu respuesta no incluye una disculpa.",
                    "Pide perdón de forma sencilla: «Sentimos mucho lo que pasó» o «Perdona las molestias».",
                    "sin_disculpa",
                )
            )
        if problem and not nxt:
            out.append(
                Finding(
                    "estructura",
                    0,
                    0,
                    "No propones una solución ni un paso concreto.",
                    "Di qué vas a hacer y cuándo: «Hoy mismo te devolvemos el importe», "
                    "«Te llamamos mañana para buscar una cita».",
                    "sin_siguiente_paso",
                )
            )
        if public_data is not None:
            out.append(
                Finding(
                    "estructura",
                    public_data[0],
                    public_data[1],
                    "Pides datos personales en público: cualquiera podría verlos.",
                    "Pide esos datos por mensaje privado, correo o teléfono.",
                    "datos_en_publico",
                )
            )
        elif needs_private and not has_private:
            out.append(
                Finding(
                    "estructura",
                    0,
                    0,
                    "No ofreces un canal privado para resolver el problema.",
                    "Invita a seguir por mensaje privado (MD), correo o teléfono para los datos personales.",
                    "sin_canal_privado",
                )
            )
        if sign is None:
            out.append(
                Finding(
                    "estructura",
                    n,
                    n,
                    "La respuesta no termina con una firma: parece escrita por una máquina.",
                    "Firma con tu nombre al final, por ejemplo: «Un saludo, Marta».",
                    "sin_firma",
                )
            )
        if n > REPLY_RECOMMENDED_CHARS:
            out.append(
                Finding(
                    "estructura",
                    0,
                    0,
                    f"Tu respuesta tiene {n} caracteres: es larga para un comentario.",
                    f"Intenta quedarte por debajo de {REPLY_RECOMMENDED_CHARS} caracteres; "
                    "lo demás, por privado.",
                    "demasiado_largo",
                )
            )
    else:
        invite = "?" in masked or bool(INVITE_RE.search(masked))
        elements.update(invitacion=invite)
        if not invite:
            out.append(
                Finding(
                    "estructura",
                    0,
                    0,
                    "Tu publicación no invita a conversar: nadie sabe qué responder.",
                    "Termina con una pregunta al lector («¿Y tú qué prefieres?») o con «Cuéntanos…».",
                    "sin_invitacion",
                )
            )
        hard, soft = NETWORK_LIMITS[network]
        name = NETWORK_NAMES.get(network or "", "redes sociales")
        elements.update(longitud_ok=True)
        if hard is not None and n > hard:
            elements["longitud_ok"] = False
            out.append(
                Finding(
                    "estructura",
                    hard,
                    n,
                    f"Tu publicación tiene {n} caracteres y {name} solo admite {hard}.",
                    f"Recórtala hasta {hard} caracteres como mucho.",
                    "demasiado_largo",
                )
            )
        elif n > soft:
            elements["longitud_ok"] = False
            out.append(
                Finding(
                    "estructura",
                    soft,
                    n,
                    f"Tu publicación tiene {n} caracteres: es larga para {name} "
                    f"(recomendado: hasta {soft}).",
                    "Quédate con la idea principal; el resto puede ir en otra publicación.",
                    "demasiado_largo",
                )
            )
    return out
