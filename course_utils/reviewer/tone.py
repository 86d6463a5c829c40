"""Tone checks: accusations, blame, hurt feelings, aggression, insults, irony and shouting."""

from __future__ import annotations

import re

from course_utils.reviewer.findings import Finding
from course_utils.reviewer.rules import (
    IRONY_CUES,
    MARK_RUNS_RE,
    QUOTES_RE,
    SARCASM_RULES,
    TONE_RULES,
)
from course_utils.reviewer.tokens import LETTER_RE, SENTENCE_RE, WORD_RE

__all__ = ["check_tone"]


def check_tone(masked: str, kind: str) -> list[Finding]:
    """Tone findings (irony only in replies), sorted, without repeats of one code on one span."""
    out: list[Finding] = []
    for rx, code, msg, sugg in TONE_RULES:
        for m in rx.finditer(masked):
            out.append(Finding("tono", m.start(), m.end(), msg, sugg, code))
    if kind == "respuesta":
        for rx, code in SARCASM_RULES:
            for m in rx.finditer(masked):
                out.append(
                    Finding(
                        "tono",
                        m.start(),
                        m.end(),
                        "Esto puede sonar a ironía o burla; por escrito la ironía casi siempre se "
                        "lee como desprecio.",
                        "Escribe en serio y con respeto: di lo que quieres decir de forma directa.",
                        code,
                    )
                )
        for m in QUOTES_RE.finditer(masked):
            out.append(
                Finding(
                    "tono",
                    m.start(),
                    m.end(),
                    f"Poner «{m.group(1)}» entre comillas suena irónico, como si no te lo creyeras.",
                    "Quita las comillas y habla del problema tal cual.",
                    "comillas",
                )
            )
        for sm in SENTENCE_RE.finditer(masked):
            sent = sm.group()
            if ("..." in sent or "…" in sent) and IRONY_CUES.search(sent):
                pos = sent.find("…") if "…" in sent else sent.find("...")
                out.append(
                    Finding(
                        "tono",
                        sm.start() + pos,
                        sm.start() + pos + (1 if "…" in sent else 3),
                        "Los puntos suspensivos con este tono suenan a ironía.",
                        "Termina la frase con un punto y di las cosas claras.",
                        "ironia",
                    )
                )
    # runs of ! or ?
    for m in MARK_RUNS_RE.finditer(masked):
        out.append(
            Finding(
                "tono",
                m.start(),
                m.end(),
                f"«{m.group()}»: tantos signos seguidos suenan a grito o a enfado.",
                "Usa un solo signo de apertura y uno de cierre: «¡…!» o «¿…?».",
                "signos_repetidos",
            )
        )
    # shouting
    out.extend(_check_caps(masked))
    out.sort(key=lambda f: (f.start, f.end))
    dedup: list[Finding] = []
    for f in out:
        if dedup and f.start < dedup[-1].end and f.code == dedup[-1].code:
            continue
        dedup.append(f)
    return dedup


def _check_caps(masked: str) -> list[Finding]:
    """Runs of words in capitals (not lone acronyms such as IVA or ITV)."""
    out: list[Finding] = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        if not run:
            return
        letters = sum(len(m.group()) for m in run)
        long_words = sum(1 for m in run if len(m.group()) >= 4)
        if (len(run) >= 3 and long_words >= 1) or (len(run) >= 2 and letters >= 10):
            out.append(
                Finding(
                    "tono",
                    run[0].start(),
                    run[-1].end(),
                    "Escribir en MAYÚSCULAS se lee como si estuvieras gritando.",
                    "Escribe en minúsculas y, si quieres destacar algo, usa una sola palabra o un emoji.",
                    "mayusculas",
                )
            )
        run.clear()

    for m in WORD_RE.finditer(masked):
        w = m.group()
        if w.isupper() and len(w) >= 2 or (w.isupper() and run):
            if run:
                gap = masked[run[-1].end() : m.start()]
                if LETTER_RE.search(gap) or len(gap) > 6:
                    flush()
            run.append(m)
        else:
            flush()
    flush()
    return out
