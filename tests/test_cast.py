"""One cast: every person a learner reads about is in course_utils/data/cast.yaml, works for the
business the sentence names, and is introduced with the role the cast gives them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT
from course_utils.core import content

NOTEBOOKS = sorted(
    [
        *(ROOT / "lessons").glob("*.ipynb"),
        *ROOT.glob("solutions/*/*.ipynb"),
        *ROOT.glob("exercises/*/*.ipynb"),
    ]
)

#: Common Spanish given names: one of these in a notebook must be a cast person or in `others`.
#: Names that are also ordinary words at the start of a sentence («Marcos de trabajo», «Luz»,
#: «Paz», «Sol», «Mercedes», the car brand) are left out on purpose.
COMMON_NAMES = set(
    """
    Adrián Agustín Aitor Alba Alberto Alejandra Alejandro Alfonso Alicia Álvaro Amaia Ana Andrea
    Andrés Ángel Ángela Antonia Antonio Beatriz Begoña Carla Carlos Carmen Celia Clara Cristina
    Dani Daniel David Diego Elena Emilio Enrique Esther Eva Fernando Francisco Gloria Gonzalo
    Hugo Ignacio Inés Irene Iris Isabel Iván Javi Javier Jesús Jorge José Juan Juana Julia Julián
    Julio Laura Leire Lola Lorena Lorenzo Lucas Lucía Luis Manolo Manuel Marta María Mario Marina
    Martín Miguel Mikel Mónica Nerea Noelia Nuria Olga Pablo Paco Patricia Paula Pedro Pepe Pilar
    Rafa Rafael Ramón Raquel Raúl Ricardo Roberto Rocío Rosa Rubén Santiago Sara Sergio Silvia
    Sofía Sonia Susana Teresa Toni Vanesa Víctor Yolanda
    """.split()
)

#: Words that give a person a role when they follow «Name, el/la …» or «Name es el/la …».
ROLE_WORDS = (
    "dueño dueña socio socia jefe jefa mecánico mecánica cocinero cocinera camarero camarera "
    "dependiente dependienta recepcionista estilista aprendiz administrativo administrativa "
    "asesor asesora sobrino sobrina hijo hija gerente encargado encargada"
).split() + ["community manager"]


def _cast():
    data = content.load("cast")
    people = {str(k): dict(v) for k, v in data["people"].items()}
    others = {str(k) for k in (data.get("others") or {})}
    businesses = {str(v["name"]): str(k) for k, v in data["businesses"].items()}
    return people, others, businesses


def learner_text(path: Path) -> str:
    """Markdown cells and the string literals of code cells (question texts), one per line."""
    parts = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            parts.append(text)
        else:
            parts += [m.group(1) for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', text)]
            parts += [m.group(1) for m in re.finditer(r"'((?:[^'\\]|\\.)*)'", text)]
    return "\n".join(parts)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?…])\s+|\n+", text) if s.strip()]


_NAME = re.compile(r"\b[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+\b")


def names_in(sentence: str, businesses: dict[str, str]) -> list[str]:
    """Given names in a sentence, after taking out business names («Tienda Alba» is no person)."""
    for name in businesses:
        sentence = sentence.replace(name, " ")
    return _NAME.findall(sentence)


def problems(path: Path) -> list[str]:
    people, others, businesses = _cast()
    known = set(people) | others
    found = []
    for sentence in sentences(learner_text(path)):
        names = names_in(sentence, businesses)
        for name in sorted({n for n in names if n in COMMON_NAMES and n not in known}):
            found.append(f"«{name}» is not in cast.yaml (people or others): {sentence[:90]!r}")
        named = {bid for bname, bid in businesses.items() if bname in sentence}
        for name in sorted({n for n in names if n in people}):
            if named and people[name]["business"] not in named:
                found.append(
                    f"{name} works at {people[name]['business']}, but the sentence names "
                    f"{sorted(named)}: {sentence[:90]!r}"
                )
            role = people[name]["role"].lower()
            pattern = (
                rf"\b{name}(?:,| es| era)\s+(?:el|la|un|una|su|nuestr[oa])\s+"
                rf"({'|'.join(map(re.escape, ROLE_WORDS))})\b"
            )
            for m in re.finditer(pattern, names_sentence := sentence):
                if m.group(1).lower() not in role:
                    found.append(
                        f"{name} is «{people[name]['role']}» in cast.yaml, "
                        f"not «{m.group(1)}»: {names_sentence[:90]!r}"
                    )
    return found


def test_the_cast_is_consistent():
    people, others, businesses = _cast()
    assert not set(people) & others, "a name is either staff (people) or other, not both"
    assert set(people) | others <= COMMON_NAMES, "add the cast's names to COMMON_NAMES"
    for person in people.values():
        assert person["business"] in businesses.values() and person["role"]


def test_the_checker_finds_what_it_should():
    _, _, businesses = _cast()
    assert names_in("Alba abrió Tienda Alba hace doce años.", businesses) == ["Alba"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_name_is_in_the_cast_with_its_business_and_role(path):
    found = problems(path)
    assert not found, f"{path.relative_to(ROOT)}:\n" + "\n".join(found)
