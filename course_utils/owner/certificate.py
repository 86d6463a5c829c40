"""The course certificate: a PDF for a learner who has answered every lesson, with a code that shows it was not edited by hand after issuing."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from course_utils.core.errors import CourseError
from course_utils.core.store import answers_path, read_answers
from course_utils.owner.plan import content, es_date
from course_utils.owner.plan_pdf import BLUE, COURSE, FAMILY, GREY, new_document, printable
from course_utils.owner.progress import course_progress

# Crockford's base32: no I, L, O or U, so a code read aloud or typed is hard to get wrong.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = {"O": "0", "I": "1", "L": "1"}
PACKAGE_ROOT = Path(__file__).resolve().parents[2]

# What the code proves, said the same way in the docstring, the PDF and the CLI.
HONESTY = (
    "El código comprueba que el nombre, la fecha y el curso de este certificado son los que se "
    "emitieron (que nadie los ha cambiado a mano después). No acredita la identidad de la "
    "persona: el curso es abierto y cada cual genera su certificado en su ordenador."
)


class CertificateRefused(CourseError):
    """The course is not complete; the message lists, in Spanish, what is missing."""


@dataclass(frozen=True)
class Certificate:
    name: str
    date: date
    code: str
    lessons: tuple[tuple[str, str], ...]  # (lesson id, title)
    path: Path


def course_version() -> str:
    """The installed course's version (pyproject.toml), as importlib.metadata reads it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("redes-pymes")
    except PackageNotFoundError:  # pragma: no cover - a folder that was not installed
        return "0+desconocida"


def normalise_name(name: str) -> str:
    """NFC, case-folded, single spaces: «  Ana  GARCÍA » and «ana garcía» are the same name."""
    return " ".join(unicodedata.normalize("NFC", str(name)).casefold().split())


def verification_code(name: str, day: date | str, lesson_ids: list[str]) -> str:
    """ "XXXXX-XXXXX": the first 50 bits of a SHA-256 over a canonical JSON of the name
    (normalised), the date (ISO), the course version and the lesson ids, in Crockford base32.

    It proves that a certificate was not edited by hand after issuing (change the name or
    the date and the code no longer matches). It does not prove identity: the course is open
    source, so anyone can issue a certificate with any name on their own computer.
    """
    payload = {
        "course_version": course_version(),
        "date": day.isoformat() if isinstance(day, date) else str(day),
        "lessons": sorted(lesson_ids),
        "name": normalise_name(name),
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    number = int.from_bytes(hashlib.sha256(canonical.encode("utf-8")).digest(), "big")
    chars = "".join(ALPHABET[(number >> (256 - 5 * (i + 1))) & 31] for i in range(10))
    return f"{chars[:5]}-{chars[5:]}"


def _lesson_ids(root: str | Path | None) -> list[str]:
    return [row.lesson.id for row in course_progress(root or PACKAGE_ROOT)]


def verify(code: str, name: str, day: date | str, root: str | Path | None = None) -> bool:
    """Whether ``code`` is the one issued for ``name`` on ``day`` (this course version).

    Lower case, spaces, hyphens and the letters O, I, L (read as 0, 1, 1) are accepted.
    """
    clean = "".join(_READ_AS.get(ch, ch) for ch in str(code).upper() if ch not in " -")
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day.strip())
        except ValueError:
            return False
    expected = verification_code(name, day, _lesson_ids(root)).replace("-", "")
    return clean == expected


def missing(root: str | Path) -> list[str]:
    """Spanish lines, one per lesson not complete (empty when the course is complete)."""
    lines = []
    for row in course_progress(root):
        if not row.complete:
            left = len(row.pending)
            total = len(row.lesson.questions)
            lines.append(
                f"- {row.lesson.number} {row.lesson.short_title} ({row.lesson.path.name}): "
                f"te {'falta 1 pregunta' if left == 1 else f'faltan {left} preguntas'} de {total}."
            )
    return lines


def saved_name(root: str | Path) -> str | None:
    """The learner's name saved in lesson 06 (plan_persona), if any."""
    records, _ = read_answers(answers_path(content()["lesson_id"], Path(root) / "lessons"))
    value = (records.get(content()["own"]["person"]) or {}).get("value")
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def issue(
    root: str | Path, path: str | Path, name: str | None = None, today: date | None = None
) -> Certificate:
    """Write the certificate PDF, or raise CertificateRefused (Spanish) when the course is
    not complete or there is no name."""
    root = Path(root)
    lacking = missing(root)
    if lacking:
        raise CertificateRefused(
            "Todavía no puedes obtener el certificado: te faltan respuestas en estas lecciones.\n"
            + "\n".join(lacking)
            + "\nÁbrelas, responde lo que falta y vuelve a pedirlo."
        )
    name = " ".join((name or saved_name(root) or "").split())
    if not name:
        raise CertificateRefused(
            'Falta tu nombre: escríbelo con --nombre "Tu nombre" o en la lección 06.'
        )
    today = today or date.today()
    rows = course_progress(root)
    lessons = tuple((r.lesson.id, r.lesson.title) for r in rows)
    code = verification_code(name, today, [lid for lid, _ in lessons])
    _write(Path(path), name, today, code, lessons)
    return Certificate(name, today, code, lessons, Path(path))


def _write(path: Path, name: str, today: date, code: str, lessons) -> None:
    pdf = new_document(f"Certificado del curso «{COURSE}»")
    pdf.set_title("Certificado")
    pdf.add_page()
    pdf.ln(18)
    pdf.set_font(FAMILY, "B", 24)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 12, "Certificado del curso", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FAMILY, "", 13)
    pdf.multi_cell(0, 7, printable(f"«{COURSE}»"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font(FAMILY, "", 11)
    pdf.cell(0, 7, "Se certifica que", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "B", 20)
    pdf.multi_cell(0, 11, printable(name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 11)
    pdf.multi_cell(
        0,
        6,
        printable(
            f"ha respondido todas las preguntas de las {len(lessons)} lecciones del curso, "
            f"el {es_date(today)}:"
        ),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    for lesson_id, title in lessons:
        pdf.cell(0, 6, printable(f"{lesson_id[:2]} · {title}"), align="C")
        pdf.ln(6)
    pdf.ln(10)
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(0, 7, f"Código de verificación: {code}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    pdf.set_text_color(*GREY)
    check = f'Compruébalo con: curso verificar {code} --nombre "{name}" --fecha {today.isoformat()}'
    pdf.multi_cell(0, 5, printable(check), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.multi_cell(0, 5, printable(HONESTY), align="C", new_x="LMARGIN", new_y="NEXT")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
