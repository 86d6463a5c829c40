"""One cast: every person a learner reads about is in course_utils/data/cast.yaml, works for the
business the sentence names, and is introduced with the role the cast gives them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course_utils.core import content
from support import ROOT

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


# --- Facts, not only names: what a notebook says about a business agrees with its sheet ----------

_NUMBER_WORDS = dict(
    zip(
        "un una dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
        "dieciséis diecisiete dieciocho diecinueve veinte".split(),
        [1, 1, *range(2, 21)],
        strict=True,
    )
)
#: How a comment's header names a channel («**Bar Sol · reseña en Google.**»).
_CHANNEL_ALIASES = {"reseña en Google": "ficha de Google"}


def _sheet():
    data = content.load("cast")
    return data["businesses"], int(data["today_year"])


_STAFF = set(content.load("cast")["people"])
#: Owners may say they run their own social media («lo llevo yo»); the sheet names the usual person.
_OWNERS = {n for n, p in content.load("cast")["people"].items() if "dueñ" in p["role"]}


def _named(sentence: str, businesses: dict) -> list[str]:
    return [bid for bid, b in businesses.items() if b["name"] in sentence]


def fact_problems(path: Path) -> list[str]:
    """Channels, followers and dates a notebook states that its business's sheet does not have."""
    businesses, today = _sheet()
    by_name = {b["name"]: bid for bid, b in businesses.items()}
    found = []
    text = learner_text(path)
    for name, channel in re.findall(r"\*\*([^*·]+?) · ([^*]+?)\.\*\*", text):
        if name in by_name:
            channel = _CHANNEL_ALIASES.get(channel, channel)
            if channel not in businesses[by_name[name]]["channels"]:
                found.append(f"{name} is not on «{channel}» in cast.yaml (channels)")
    for sentence in sentences(text):
        named = _named(sentence, businesses)
        if len(named) != 1:
            continue
        sheet = businesses[named[0]]
        followers = {n for values in sheet.get("followers", {}).values() for n in values}
        followers |= set(sheet.get("followers_wished", ()))
        for number in re.findall(r"(\d{1,3}(?:\.\d{3})*) seguidores", sentence):
            if int(number.replace(".", "")) not in followers:
                found.append(f"{sheet['name']} with {number} seguidores: {sentence[:100]!r}")
        for name in re.findall(
            r"\b([A-ZÁÉÍÓÚ][a-záéíóúñ]+),? (?:que |es |su )?(?:la |el )?(?:lleva (?:las|sus) redes|community manager)\b",
            sentence,
        ):
            if name in _STAFF and name not in sheet["social_media"] and name not in _OWNERS:
                found.append(
                    f"{name} runs {sheet['name']}'s social media? The sheet says «{sheet['social_media']}»"
                )
        years = {int(h["year"]) for h in sheet.get("history", ())}
        for year in re.findall(r"\b(20[0-2]\d)\b", sentence):
            if int(year) <= today and int(year) not in years:
                found.append(f"{sheet['name']} in {year}, not in its history: {sentence[:100]!r}")
        for word in re.findall(r"\bhace (\w+) años\b|\bdesde hace (\w+)\b", sentence):
            n = _NUMBER_WORDS.get(next(w for w in word if w))
            if n and today - n not in years:
                found.append(f"{sheet['name']}: «hace {n}» is {today - n}, not in its history")
    return found


def test_the_fact_checker_finds_contradictions(tmp_path):
    businesses, today = _sheet()
    assert "Instagram" in businesses["tienda_alba"]["channels"]
    notebook = {
        "cells": [
            {
                "cell_type": "markdown",
                "source": "**Taller Núñez · X.** «Hola.»\n"
                "Tienda Alba tiene 4.000 seguidores.\n"
                "Alba abrió Tienda Alba hace cinco años.\n"
                "En 2019, Tienda Alba abrió su tienda en línea.\n"
                "Alba abrió Tienda Alba hace doce años y desde hace tres vende en línea.\n"
                "En Tienda Alba, Sara lleva las redes.",
            }
        ]
    }
    path = tmp_path / "_facts_probe.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    found = fact_problems(path)
    assert len(found) == 5, found  # X, 4.000, hace cinco, 2019, Sara; the fifth line agrees


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_stated_facts_agree_with_the_sheet(path):
    found = fact_problems(path)
    assert not found, f"{path.relative_to(ROOT)}:\n" + "\n".join(found)


def test_everyone_is_introduced_in_lesson_00():
    people, _, businesses = _cast()
    text = learner_text(ROOT / "lessons" / "00-bienvenida.ipynb")
    missing = [name for name in people if not re.search(rf"\b{name}\b", text)]
    assert not missing, f"lesson 00 does not introduce {missing}"
    assert all(name in text for name in businesses)


def test_every_business_has_its_sheet():
    businesses, _ = _sheet()
    for bid, sheet in businesses.items():
        for key in ("name", "sector", "town", "channels", "main_channels", "social_media"):
            assert sheet.get(key), (bid, key)
        assert set(sheet["main_channels"]) <= set(sheet["channels"]), bid
        years = [h["year"] for h in sheet.get("history", ())]
        assert years == sorted(years), bid
