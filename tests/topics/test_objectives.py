"""SMART objectives: what a written goal names, and why «estar en…» is not an objective."""

from __future__ import annotations

import pytest

from course_utils.topics import objectives

# -- SMART check --------------------------------------------------------------------------

FULL = "Conseguir 40 reservas al mes por Instagram antes del 30 de junio; responsable: Javi."


@pytest.mark.parametrize(
    "text",
    [
        "Estar en Instagram.",
        "Tener presencia en todas las redes sociales.",
        "Abrir TikTok este año.",
        "Hay que estar en Facebook como la competencia.",
        "Crear una cuenta de LinkedIn para la asesoría.",
    ],
)
def test_presence_goals_are_refused(text):
    assert objectives.is_presence_only(text)
    findings = objectives.check_smart(text)
    assert findings[0].letter == "S" and not findings[0].ok
    assert "no es un objetivo" in findings[0].message


def test_a_complete_objective_passes_every_letter():
    findings = objectives.check_smart(FULL)
    assert [f.letter for f in findings] == list("SMART")
    assert all(f.ok for f in findings)
    assert not objectives.is_presence_only(FULL)


def test_presence_with_a_measurable_result_is_an_objective():
    text = "Abrir Instagram y conseguir 20 citas nuevas antes de septiembre; lo lleva Marta."
    assert not objectives.is_presence_only(text)
    assert all(f.ok for f in objectives.check_smart(text))


@pytest.mark.parametrize(
    "text, missing",
    [
        ("Conseguir reservas por Instagram antes del 30 de junio; responsable: Javi.", "MR"),
        ("Conseguir 40 reservas por Instagram antes del 30 de junio.", "A"),
        ("Conseguir 40 reservas por Instagram; responsable: Javi.", "T"),
        ("Conseguir 40 reservas antes del 30 de junio; responsable: Javi.", "S"),
        ("Ser virales y ganar 5.000 seguidores en Instagram antes de junio; lo lleva Javi.", "R"),
        ("Pasar de 12 a 1.200 seguidores en Instagram en un mes; responsable: Javi.", "R"),
    ],
)
def test_the_failing_letter_is_named(text, missing):
    failed = [f.letter for f in objectives.check_smart(text) if not f.ok]
    assert failed == list(missing)


def test_a_frequency_is_not_a_deadline():
    text = "Responder 20 mensajes de WhatsApp cada semana; se encarga Lucía."
    t = objectives.check_smart(text)[-1]
    assert not t.ok and "cada cuánto" in t.message


@pytest.mark.parametrize(
    "period",
    [
        "durante los próximos tres meses",
        "en 6 semanas",
        "dentro de dos meses",
        "antes de Navidad",
        "este trimestre",
    ],
)
def test_periods_count_as_deadlines(period):
    assert objectives.smart_elements(f"Responder 30 mensajes de Instagram {period}")["plazo"]


def test_firm_names_are_not_owners():
    assert not objectives.smart_elements("Peluquería Marta: 20 citas por Instagram en junio")[
        "responsable"
    ]
    assert objectives.smart_elements("20 citas por Instagram en junio; lo revisa Marta")[
        "responsable"
    ]


def test_roles_count_as_owners_and_numbers_in_words_count():
    parts = objectives.smart_elements(
        "Duplicar las consultas por WhatsApp en tres meses; el community manager se encarga."
    )
    assert parts == {
        "metrica": True,
        "numero": True,
        "plazo": True,
        "responsable": True,
        "red": True,
    }


def test_empty_and_non_text_objectives():
    assert all(not f.ok for f in objectives.check_smart(""))
    assert objectives.smart_elements(None) == dict.fromkeys(objectives.ELEMENT_NAMES, False)


def test_smart_report_lists_five_lines():
    assert len(objectives.smart_report(FULL).splitlines()) == 5


# -- issue 10, point 5: valid objectives the check used to miss ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a name opening the sentence, with no «se encarga» or «responsable» to help
        "Sergio publicará tres veces por semana para conseguir 12 pedidos online en Instagram "
        "antes de septiembre.",
        # Alba is a person of the case and also the name of the shop (Tienda Alba)
        "Alba contestará en menos de 24 horas las preguntas de tallas por Instagram antes de junio.",
        "Alba se encarga de conseguir 12 pedidos online al mes desde Instagram antes de septiembre.",
        "Conseguir 12 pedidos online al mes desde Instagram antes de septiembre (Alba).",
    ],
)
def test_names_that_open_a_sentence_or_are_also_a_firm_count_as_owners(text):
    assert objectives.smart_elements(text)["responsable"]


def test_a_capitalised_verb_that_opens_the_sentence_is_not_an_owner():
    parts = objectives.smart_elements(
        "Conseguir 12 pedidos online al mes desde Tienda Alba en Instagram antes de septiembre."
    )
    assert not parts["responsable"]


@pytest.mark.parametrize(
    "period", ["de aquí a Navidad", "al terminar el año", "durante el trimestre"]
)
def test_more_ways_of_saying_a_deadline(period):
    text = f"Conseguir 12 pedidos al mes desde Instagram {period}; responsable: Sergio."
    assert all(f.ok for f in objectives.check_smart(text)), objectives.smart_report(text)


def test_the_reply_to_size_questions_is_something_counted():
    text = (
        "Bajar a menos de 24 horas la respuesta a preguntas de tallas por Instagram antes de "
        "junio; responsable: Sergio."
    )
    assert objectives.smart_elements(text) == dict.fromkeys(objectives.ELEMENT_NAMES, True)


# -- from an objective to an indicator (lesson 06's KPI table) ----------------------------


@pytest.mark.parametrize(
    ("text", "label", "target"),
    [
        (
            "Conseguir 15 reseñas nuevas en Google antes del 31 de marzo; Pedro.",
            "Reseñas en Google",
            "15 reseñas",
        ),
        (FULL, "Reservas en Instagram", "40 reservas"),
        (
            "Responder en menos de 24 horas todos los mensajes de Instagram durante el próximo "
            "trimestre; se encarga Javi.",
            "Tiempo de respuesta en Instagram",
            "menos de 24 horas",
        ),
        (
            "Subir la tasa de interacción al 5 % en Instagram antes de junio; Lucía.",
            "Tasa de interacción en Instagram",
            "5 %",
        ),
        (
            "Conseguir 1.200 seguidores en la ficha de Google",
            "Seguidores en Google",
            "1.200 seguidores",
        ),
        ("Más citas pedidas por WhatsApp", "Citas en WhatsApp", ""),
    ],
)
def test_an_objective_gives_the_first_row_of_the_kpi_table(text, label, target):
    found = objectives.indicator(text)
    assert found is not None and (found.label, found.target) == (label, target)


@pytest.mark.parametrize("text", ["", "   ", "Estar en TikTok.", "Vender más.", None, 42])
def test_a_goal_that_counts_nothing_gives_no_indicator(text):
    assert objectives.indicator(text) is None


def test_the_deadline_is_not_the_target():
    """«31 de marzo» is a date, not a figure: the target is the 15, the metric kept as written."""
    found = objectives.indicator("Antes del 31 de marzo, 15 reseñas nuevas en Google.")
    assert found is not None and found.target == "15 reseñas" and found.metric == "reseñas"
