"""Exercise 07's keys are what lesson 07's own logic says: the drafts through month.build_month,
the ads through month.stop_rule, the links through month.utm_link and personal_data."""

from __future__ import annotations

import ast
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from course_utils.core.lessons import exercise_notebook
from course_utils.grading import scoring
from course_utils.grading.self_check_items import keys_in
from course_utils.topics import month
from support import ROOT, load_nb

NAME = "07-tu-mes-en-redes"
SOURCE = ROOT / "solutions" / NAME / exercise_notebook(NAME)
CELLS = load_nb(SOURCE)["cells"]
KEYS = keys_in(CELLS)
OBJECTIVES = ["Más citas pedidas por WhatsApp", "Más reseñas en la ficha de Google"]


def _text(cell: dict) -> str:
    return "".join(cell["source"])


def _spec(qid: str) -> dict:
    """The question dict a control cell asks (all literal data)."""
    for cell in CELLS:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse(_text(cell))):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                value = ast.literal_eval(node.value)
                if value.get("id") == qid:
                    return value
    raise AssertionError(f"{qid} not asked in {SOURCE.name}")


def _markdown(grade_id: str) -> str:
    (cell,) = [c for c in CELLS if c["metadata"]["nbgrader"]["grade_id"] == grade_id]
    return _text(cell)


# -- 1. pillars: the business's own pillars in mes.yaml serve the objective the key says ---------


def test_the_pillars_of_the_peluqueria_serve_the_keyed_objective():
    _, key = KEYS["pilares"]
    items = _spec("pilares")["items"]
    pillars = {p.name: p.objective for p in month.example_pillars("peluqueria_marta")}
    assert pillars["Huecos de la semana"] == pillars["Antes y después"] == OBJECTIVES[0]
    for item, name in (("huecos", "Huecos de la semana"), ("antes_despues", "Antes y después")):
        assert items[item].startswith(name) and key[item] == "citas"
    assert {item for item, objective in key.items() if objective == "ninguno"} == {
        "bailes",
        "futbol",
    }


# -- 2. the four drafts, built with the lesson's month builder -----------------------------------

PILLARS = {
    "Huecos de la semana": OBJECTIVES[0],
    "Antes y después": OBJECTIVES[0],
    "Cómo dejar tu reseña": OBJECTIVES[1],
    "Tu opinión cuenta": OBJECTIVES[1],
    "Memes del partido del domingo": "Más me gusta",  # serves neither objective
}
#: The drafts of question 2 as data, week by week: (pillar, format, channel).
DRAFTS = {
    "b1": [
        [
            ("Huecos de la semana", "historia", "Instagram"),
            ("Antes y después", "reel", "Instagram"),
        ],
        [("Cómo dejar tu reseña", "reel", "Instagram")],
        [("Huecos de la semana", "estado", "WhatsApp")],
        [("Antes y después", "foto", "Instagram")],
    ],
    "b2": [
        [
            ("Huecos de la semana", "historia", "Instagram"),
            ("Antes y después", "reel", "Instagram"),
        ],
        [("Cómo dejar tu reseña", "reel", "Instagram")],
        [("Memes del partido del domingo", "foto", "Instagram")],
        [("Huecos de la semana", "estado", "WhatsApp")],
    ],
    "b3": [
        [
            ("Antes y después", "reel", "Instagram"),
            ("Huecos de la semana", "historia", "Instagram"),
            ("Tu opinión cuenta", "historia", "Instagram"),
        ],
        [
            ("Huecos de la semana", "historia", "Instagram"),
            ("Antes y después", "carrusel", "Instagram"),
            ("Cómo dejar tu reseña", "reel", "Instagram"),
        ],
        [
            ("Huecos de la semana", "reel", "Instagram"),
            ("Tu opinión cuenta", "ficha", "ficha de Google"),
        ],
        [],
    ],
    "b4": [
        [("Huecos de la semana", "historia", "Instagram")],
        [("Antes y después", "foto", "Instagram")],
        [("Cómo dejar tu reseña", "reel", "Instagram")],
        [("Huecos de la semana", "historia", "Instagram")],
    ],
}


def test_the_drafts_as_data_are_the_drafts_the_learner_reads():
    items = _spec("calendarios")["items"]
    assert sorted(items) == sorted(DRAFTS)
    for draft, weeks in DRAFTS.items():
        lines = items[draft].split("\n")
        assert [line.split(":")[0] for line in lines] == [
            f"Semana {n} ({first.day}–{last.day})"
            for n, (first, last) in enumerate(month.month_weeks(2027, 3), start=1)
        ]
        for line, posts in zip(lines, weeks, strict=True):
            if not posts:
                assert line.split(": ", 1)[1].startswith("nada"), (draft, line)
            for pillar, _, _ in posts:
                assert pillar in line, (draft, pillar, line)
            others = [p for p in PILLARS if p in line and p not in {x[0] for x in posts}]
            assert not others, (draft, others)


def _verdict(weeks: list[list[tuple[str, str, str]]]) -> str:
    used = {pillar for posts in weeks for pillar, _, _ in posts}
    pillars = [month.Pillar(name, PILLARS[name]) for name in PILLARS if name in used]
    posts = [
        month.Post(week, pillar, channel, fmt, "Iris")
        for week, items in enumerate(weeks, start=1)
        for pillar, fmt, channel in items
    ]
    try:
        month.build_month(2027, 3, pillars, OBJECTIVES, posts)
    except month.MonthError as problem:
        if "no sirve a ninguno" in str(problem):
            return "sin_objetivo"
        if "no tiene ninguna publicación" in str(problem):
            return "vacia"
        raise
    return "cumple"


@pytest.mark.parametrize("draft", sorted(DRAFTS))
def test_each_draft_gets_the_verdict_of_the_month_builder(draft):
    _, key = KEYS["calendarios"]
    assert key[draft] == _verdict(DRAFTS[draft])


def test_the_case_states_march_2027_as_the_calendar_has_it():
    case = _markdown("caso")
    dates = {k.name: k.day for k in month.key_dates(2027, 3)}
    assert dates["Día del Padre (San José)"].day == 19 and "Día del Padre (viernes 19)" in case
    palm = dates["Semana Santa"]
    assert palm.day == 21 and f"del domingo {palm.day} al domingo {palm.day + 7}" in case
    assert "(25 y 26)" in case  # Holy Thursday and Good Friday, Easter Sunday being the 28th
    assert month.month_weeks(2027, 3)[3][1].day == 31  # «del 22 al 31»


# -- 5. the stop rule on the figures each item states -------------------------------------------


def test_the_limit_per_booking_is_the_margin_the_case_states():
    case = _markdown("caso")
    assert "cuesta 30 €" in case and "margen del 40 %" in case and "12 €" in case
    assert month.max_cost_from_margin(30, 40) == 12
    assert "6 € al día durante 7 días" in _markdown("enunciado_regla")


def test_each_ad_gets_the_verdict_of_the_stop_rule():
    _, key = KEYS["regla"]
    test = month.paid_test(6, 7, 12, "cita")
    items = _spec("regla")["items"]
    assert set(items) == set(key)
    for item, text in items.items():
        day = int(re.search(r"día (\d+)", text).group(1))
        spent = int(re.search(r"lleva (\d+) € gastados", text).group(1))
        found = re.search(r"han llegado (\d+) citas|no ha llegado ninguna cita", text)
        results = int(found.group(1)) if found.group(1) else 0
        assert spent == day * test.daily, text  # the figures agree with 6 € a day
        assert month.stop_rule(test, spent, results).action == key[item], text


# -- 6. links: personal data and lower-case tags, as month.utm_link writes them -----------------


def _link_verdict(url: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if any(month.personal_data(v) for v in query.values()):
        return "datos"
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    built = month.utm_link(base, query["utm_source"], query["utm_medium"], query["utm_campaign"])
    return "vale" if built == url and re.fullmatch(r"[a-z0-9_=&.-]+", parts.query) else "mal"


def test_each_link_gets_the_verdict_of_the_utm_builder():
    _, key = KEYS["enlaces"]
    items = _spec("enlaces")["items"]
    assert set(items) == set(key)
    for item, url in items.items():
        assert _link_verdict(url) == key[item], url
    with pytest.raises(month.MonthError, match="datos personales"):
        month.utm_link("https://peluqueriamarta.ejemplo.es/", "whatsapp", "mensaje", "c-612345678")


# -- 7. the written part -------------------------------------------------------------------------


def test_the_model_answer_earns_the_automatic_point_and_meets_its_own_rubric():
    from course_utils.grading.self_check import _rubric

    scheme = _markdown("rubrica_mes")
    criteria, notes = _rubric(scheme)
    assert len(criteria) == 5 and all(points == "1" for _, points in criteria)
    (model,) = [n for n in notes if n.startswith("Respuesta modelo")]
    text = model.split(": ", 1)[1].strip("«»")
    assert scoring.score_text(text, min_words=60).fraction == 1
    for needed in ("Huecos de la semana", "Semana Santa", "lunes", "12 €", "24 €", "conocido"):
        assert needed in text, needed
    # the visible criteria are the rubric's, one bullet each
    shown = re.findall(r"^- (.+)$", _markdown("enunciado_mes"), re.M)
    assert len(shown) == len(criteria)
