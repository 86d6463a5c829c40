"""Course content kept as data: reads the YAML files in course_utils/data once, for notebooks and code."""

from __future__ import annotations

from functools import cache
from typing import Any

from course_utils.core.errors import CourseError
from course_utils.core.paths import DATA

DATA_DIR = DATA
SOURCES = (
    "triage",
    "maturity",
    "audit",
    "security",
    "delegation",
    "cast",
    "plan",
    "claves",
    "razones",
    "mes",
)


class ContentError(CourseError, ValueError):
    """A content file that cannot be read; its message is Spanish, for the trainer who edited it."""


def parse_yaml(text: str) -> Any:
    """YAML text parsed safely, with libyaml when PyYAML has it (ten times faster: a lesson
    reads several content files as its page opens)."""
    import yaml  # on first use, so that importing the package stays cheap

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # a safe loader


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed ``data/<name>.yaml`` (cached: edit the file, then restart the kernel)."""
    if name not in SOURCES:
        raise ValueError(f"unknown content source: {name!r} (known: {', '.join(SOURCES)})")
    import yaml  # on first use, so that importing the package stays cheap

    path = DATA_DIR / f"{name}.yaml"
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContentError(
            f"No se pudo leer el archivo de contenido «{path.name}» ({exc})."
        ) from exc
    except yaml.YAMLError as exc:
        raise ContentError(
            f"El archivo de contenido «{path.name}» tiene un error de formato: {exc}. "
            "Revisa las sangrías y las comillas de la línea que indica."
        ) from exc
    if not isinstance(data, dict):
        raise ContentError(f"El archivo de contenido «{path.name}» no contiene un diccionario.")
    return data


def business_name(business_id: str) -> str:
    """The name a learner reads for one of the course's businesses ("Bar Sol")."""
    businesses = load("cast")["businesses"]
    try:
        return str(businesses[business_id]["name"])
    except KeyError:
        raise ContentError(
            f"El negocio «{business_id}» no está en cast.yaml (negocios: {', '.join(businesses)})."
        ) from None


def business_with_article(business_id: str) -> str:
    """ "el Bar Sol", "la Peluquería Marta": the name as a sentence needs it."""
    info = load("cast")["businesses"][business_id]
    article = info.get("article")
    return f"{article} {info['name']}" if article else str(info["name"])


def business_of(business_id: str) -> str:
    """ "del Bar Sol", "de la Peluquería Marta": the name after «de», contracted as Spanish asks."""
    named = business_with_article(business_id)
    return "del " + named[3:] if named.startswith("el ") else "de " + named


def business_names() -> list[str]:
    """The names of the course's five businesses, in the cast's order."""
    return [str(b["name"]) for b in load("cast")["businesses"].values()]


def people() -> dict[str, dict[str, str]]:
    """Name → {"business", "role"} for every person of the cast."""
    return {str(k): dict(v) for k, v in load("cast")["people"].items()}


def key_reasons(notebook: str) -> dict[tuple[str, str], str]:
    """Why a key is what it is, for a notebook («ejercicio-05-….ipynb» or a lesson's file name):
    (question id, item or "") → the Spanish reason of claves.yaml, for the self-check to show."""
    return {
        (str(e["pregunta"]), str(e.get("elemento") or "")): " ".join(str(e["razon"]).split())
        for e in load("claves")["claves"]
        if str(e["cuaderno"]).rsplit("/", 1)[-1] == notebook
    }
