"""Lessons 00–01 and exercises 00–01: honest stated time, Coombs' crisis theory, the law on fake
reviews, the wording fixes of issue 14, one cast, and a spell check over all their text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course_utils.core import content
from course_utils.core.lessons import estimate, estimate_parts, read_lesson, stated_minutes
from course_utils.reviewer import unknown_words
from course_utils.topics import triage
from support import ROOT

LESSON_00 = ROOT / "lessons" / "00-bienvenida.ipynb"
LESSON_01 = ROOT / "lessons" / "01-despersonalizar-la-critica.ipynb"
EXERCISE_00 = ROOT / "solutions" / "00-primeros-pasos" / "ejercicio-00-primeros-pasos.ipynb"
EXERCISE_01 = (
    ROOT
    / "solutions"
    / "01-despersonalizar-la-critica"
    / "ejercicio-01-despersonalizar-la-critica.ipynb"
)
FILES = [LESSON_00, LESSON_01, EXERCISE_00, EXERCISE_01]
IDS = [p.stem for p in FILES[:2]] + ["ejercicio-00", "ejercicio-01"]

# People a learner reads about who are not staff of the five businesses (customers, a learner).
NOT_STAFF = {"Carmen", "Pilar", "Andrea", "Rosa"}


def _cells(path: Path) -> list[dict]:
    return [
        dict(c, text="".join(c["source"])) for c in json.loads(path.read_text("utf-8"))["cells"]
    ]


def _markdown(path: Path) -> str:
    return "\n".join(c["text"] for c in _cells(path) if c["cell_type"] == "markdown")


def _learner_text(path: Path) -> str:
    """Markdown without code spans and link targets, plus the strings of question data."""
    parts = []
    for c in _cells(path):
        if c["cell_type"] == "markdown":
            text = re.sub(r"```.*?```", " ", c["text"], flags=re.S)
            text = re.sub(r"`[^`]*`", " ", text)
            text = re.sub(r"\]\([^)]*\)", "]", text)
            text = re.sub(r"<?https?://\S+", " ", text)
            text = re.sub(r"### (BEGIN|END) MARK SCHEME", " ", text)
            parts.append(text)
        else:
            parts += [
                m.group(1)
                for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', c["text"])
                if " " in m.group(1)
            ]
    return "\n".join(parts)


def _question(path: Path, qid: str) -> dict:
    """The question dict with id ``qid``, read by running its cell up to ``.ask`` (data only)."""
    source = next(c["text"] for c in _cells(path) if f'"id": "{qid}"' in c["text"])
    namespace: dict = {"triage": triage}
    exec(re.split(r"\n\w+\.ask\(", source)[0], namespace)
    return next(v for v in namespace.values() if isinstance(v, dict) and v.get("id") == qid)


@pytest.mark.parametrize("path", [LESSON_00, LESSON_01], ids=IDS[:2])
def test_stated_minutes_follow_the_time_model(path):
    """The model of docs/tiempos.md, rounded to the nearest 5; no part longer than 40 minutes."""
    lesson, est = read_lesson(path), estimate(path)
    assert lesson.minutes == stated_minutes(est.minutes), (lesson.minutes, round(est.minutes, 1))
    assert f"⏱️ {lesson.minutes} minutos" in _markdown(path)
    assert all(p.minutes <= 40 for p in estimate_parts(path))


def test_lesson_01_teaches_coombs_with_a_worked_case_and_a_check():
    md = _markdown(LESSON_01)
    section = md.split("## Cuando una crítica se convierte en crisis", 1)[1].split("\n## ", 1)[0]
    for word in ("**Víctima**", "**Accidental**", "**Evitable**"):
        assert word in section, word
    for word in ("**Negar**", "**Disminuir**", "**Reconstruir**", "**Reforzar**"):
        assert word in section, word
    assert "Un caso en el Bar Sol" in section and "Lucía" in section and "Javi" in section
    q = _question(LESSON_01, "crisis_estrategia")
    assert q["type"] == "classify"
    assert set(q["categories"]) == {"negar", "disminuir", "reconstruir", "reforzar"}
    # Key re-derived by hand from Coombs (2007): a false rumour (victim) → deny; a first
    # technical fault with a good name (accidental) → diminish; human error (preventable) →
    # rebuild; a third technical fault (accidental + crisis history, one step up) → rebuild.
    # The double charge also accepts rebuild: money left the customers' accounts, and an
    # apology with an immediate refund is proportionate (claves.yaml, issue 23).
    assert q["answer"] == {
        "rumor": "negar",
        "pagos": ["disminuir", "reconstruir"],
        "tapon": "reconstruir",
        "citas": "reconstruir",
    }
    assert set(q["explanations"]) == set(q["items"])
    questions = read_lesson(LESSON_01).questions
    assert "crisis_estrategia" in questions
    # the check sits in the crisis section, before the next section starts
    order = [c["text"] for c in _cells(LESSON_01)]
    start = next(i for i, t in enumerate(order) if t.startswith("## Cuando una crítica"))
    assert '"id": "crisis_estrategia"' in order[start + 1]


def test_lesson_01_says_fake_reviews_are_unlawful_and_cites_its_sources():
    q = _question(LESSON_01, "consideraciones_respuesta")
    assert q["answer"] == ["a", "c", "e"]  # unchanged: b (the friend's review) stays wrong
    assert "ilegal" in q["explanation"] and "Real Decreto-ley 24/2021" in q["explanation"]
    md = _markdown(LESSON_01)
    fuentes = md.split("## Fuentes", 1)[1]
    assert "BOE-A-2021-17910" in fuentes and "2019/2161" in fuentes
    assert "Coombs (2007)" in fuentes and "Protecting Organization Reputations During a Crisis" in (
        fuentes
    )
    assert "*Corporate Reputation Review*, 10(3)" in fuentes


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_wording_fixes_of_issue_14(path):
    text = _learner_text(path)
    assert "veces compartida" not in text
    assert "saber dónde" not in text
    assert not re.search(r"\bkernel\b", text, re.I), "say it in plain Spanish (code spans aside)"
    assert not re.search(r"\bonline\b", text.replace("Management Journal Online", ""), re.I), (
        "use «tienda en línea», «en línea»"
    )


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_people_keep_their_business_and_role(path):
    """A cast name in a paragraph about one business is that business's; «X, el dueño» agrees."""
    cast = content.load("cast")
    people, businesses = cast["people"], cast["businesses"]
    names = {b["name"]: bid for bid, b in businesses.items()}
    assert not NOT_STAFF & set(people)
    text = _learner_text(path)
    for paragraph in text.split("\n"):
        named = {bid for name, bid in names.items() if name in paragraph}
        present = [p for p in people if re.search(rf"\b{p}\b", paragraph)]
        if len(named) == 1:
            (bid,) = named
            for person in present:
                assert people[person]["business"] == bid, (person, paragraph[:120])
        for person in present:
            for role in re.findall(
                rf"\b{person}, (?:el|la|su) (dueñ[oa]|community manager|recepcionista|"
                r"mecánico|dependienta)",
                paragraph,
            ):
                assert role in people[person]["role"], (person, role)
    # staff never appear as customers being greeted or signing a review
    for person in people:
        assert not re.search(rf"Hola, {person}\b|— {person}\b", text), person


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_spelling_over_the_whole_text(path):
    """test_lessons checks the first 20,000 characters; lesson 01 is longer: check it all."""
    unknown = [w for paragraph in _learner_text(path).split("\n") for w in unknown_words(paragraph)]
    assert not unknown, sorted(set(unknown))


def test_the_two_complete_replies_are_told_apart_by_the_reviewer():
    """Lesson 01 shows a complete good reply and a complete bad one (issue 23): the course's own
    reviewer agrees with the annotations (the good one gets everything, the bad one under half)."""
    from course_utils.grading.scoring import reply_scorer_for

    nb = json.loads(LESSON_01.read_text(encoding="utf-8"))
    cell = next("".join(c["source"]) for c in nb["cells"] if c.get("id") == "dos-respuestas")
    assert (
        "ejemplo"
        in next(c for c in nb["cells"] if c.get("id") == "dos-respuestas")["metadata"]["tags"]
    )
    good, bad = re.findall(r"^> «(.+)»$", cell, re.M)
    review = (
        "Fuimos el sábado en familia y tardaron 45 minutos en traer las raciones. Nadie se "
        "disculpó. Una pena, porque la comida estaba buena."
    )
    code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert f'"c01": "**Bar Sol · reseña en Google.** «{review}»"' in code  # comment c01
    assert reply_scorer_for(review)(good).fraction == 1
    assert reply_scorer_for(review)(bad).fraction < 0.5
