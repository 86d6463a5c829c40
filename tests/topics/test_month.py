"""Lesson 07's logic: pillars tied to objectives, the month's calendar rules, UTM links (the owner's address, channel and campaign), the paid test and the month's budget."""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from course_utils.core.content import load
from course_utils.topics import month
from course_utils.topics.month import MonthError, Pillar, Post

GOAL = "Más reservas para las cenas"
PILLARS = [Pillar("La cocina de Paco", GOAL), Pillar("La terraza", GOAL)]


def posts_every_week() -> list[Post]:
    return [
        Post(w, "La cocina de Paco", "Instagram", "reel", "Lucía", weekday=3) for w in (1, 2, 3, 4)
    ]


def test_month_builds_and_places_each_post_on_its_weekday():
    plan = month.build_month(2027, 3, PILLARS, [GOAL], posts_every_week())
    # Thursdays of March 2027 in weeks 1–7, 8–14, 15–21, 22–31: 4, 11, 18, 25.
    assert [s.day for s in plan.posts] == [date(2027, 3, d) for d in (4, 11, 18, 25)]
    assert plan.title == "Marzo de 2027"
    assert plan.minutes() == 4 * 45  # four reels, 45 minutes each in mes.yaml
    assert plan.rows()[0]["Día"] == "jueves" and plan.rows()[0]["Formato"] == "Reel o vídeo corto"


def test_a_person_reads_the_months_dates_as_spain_writes_them():
    """rows() keep ISO dates for files and sorting; readable_rows() is what a page shows."""
    plan = month.build_month(2027, 1, PILLARS, [GOAL], posts_every_week())
    assert [r["Fecha"] for r in plan.rows()] == [
        "2027-01-07",
        "2027-01-14",
        "2027-01-21",
        "2027-01-28",
    ]
    shown = plan.readable_rows()
    assert [r["Fecha"] for r in shown] == [
        "7 de enero",
        "14 de enero",
        "21 de enero",
        "28 de enero",
    ]
    assert [{**r, "Fecha": ""} for r in shown] == [{**r, "Fecha": ""} for r in plan.rows()]


def test_a_weekday_missing_from_a_short_last_week_falls_on_its_last_day():
    # February 2027: week 4 is 22–28 (Monday to Sunday), so every weekday exists; in a
    # 30-day month starting on Monday (November 2027), week 4 is 22–30 and has them all too.
    # Week 1 of February 2027 is Monday 1 to Sunday 7: a Sunday post lands on the 7th.
    posts = [Post(w, "La terraza", "Instagram", weekday=6) for w in (1, 2, 3, 4)]
    plan = month.build_month(2027, 2, PILLARS, [GOAL], posts)
    assert [s.day.day for s in plan.posts] == [7, 14, 21, 28]


def test_an_empty_week_is_refused_with_its_dates():
    posts = [p for p in posts_every_week() if p.week != 3]
    with pytest.raises(MonthError, match=r"semana 3 \(del 15 al 21 de marzo\).*ninguna"):
        month.build_month(2027, 3, PILLARS, [GOAL], posts)


def test_a_pillar_serving_no_objective_is_refused():
    pillars = [*PILLARS, Pillar("Memes", "Hacerme famoso")]
    with pytest.raises(MonthError, match="«Memes» no sirve a ninguno de tus objetivos"):
        month.build_month(2027, 3, pillars, [GOAL], posts_every_week())


def test_objectives_match_without_caring_for_case_or_spaces():
    pillars = [Pillar("La terraza", "  más reservas  para las CENAS ")]
    posts = [Post(w, "la terraza", "Instagram") for w in (1, 2, 3, 4)]
    assert len(month.build_month(2027, 3, pillars, [GOAL], posts).posts) == 4


@pytest.mark.parametrize(
    ("pillars", "objectives", "posts", "message"),
    [
        (PILLARS, [], [], "al menos un objetivo"),
        ([], [GOAL], [], "al menos un pilar"),
        ([*PILLARS, Pillar("la terraza", GOAL)], [GOAL], [], "repetido"),
        (PILLARS, [GOAL], [Post(5, "La terraza", "Instagram")], "semana 5 no existe"),
        (PILLARS, [GOAL], [Post(1, "Otro", "Instagram")], "«Otro», que no está"),
        (PILLARS, [GOAL], [Post(1, "La terraza", " ")], "falta el canal"),
        (PILLARS, [GOAL], [Post(1, "La terraza", "Instagram", "gif")], "«gif» no está"),
    ],
)
def test_bad_months_get_a_spanish_reason(pillars, objectives, posts, message):
    with pytest.raises(MonthError, match=message):
        month.build_month(2027, 3, pillars, objectives, posts)


@pytest.mark.parametrize("business", list(load("cast")["businesses"]))
def test_every_business_has_3_or_4_pillars_and_a_full_example_month(business):
    pillars = month.example_pillars(business)
    assert 3 <= len(pillars) <= 4
    plan = month.example_month(business, 2027, 1)
    assert all(plan.week(w) for w in (1, 2, 3, 4))
    channels = set(load("cast")["businesses"][business]["channels"])
    assert {s.post.channel for s in plan.posts} <= channels


def test_key_dates_know_moveable_feasts_by_year():
    assert [k.name for k in month.key_dates(2027, 3)] == [
        "Día del Padre (San José)",
        "Semana Santa",
    ]
    assert month.key_dates(2027, 3)[1].day == date(2027, 3, 21)  # Palm Sunday; Easter is 28 March
    assert month.key_dates(2028, 4)[0].day == date(2028, 4, 9)
    assert month.key_dates(2026, 11)[0].day == date(2026, 11, 27)  # Black Friday
    assert month.key_dates(2031, 5) == []  # Día de la Madre: no day listed for 2031
    assert month.key_dates(2027, 9)[0].name.startswith("Vuelta al cole")


# -- UTM links ---------------------------------------------------------------------------------


def test_utm_link_encodes_and_keeps_the_existing_query():
    link = month.utm_link(
        "https://tiendaalba.es/rebajas?talla=M#arriba", "Instagram", "social", "Rebajas enero 2027"
    )
    parts = urlsplit(link)
    assert parts.fragment == "arriba"
    assert "utm_campaign=rebajas+enero+2027" in parts.query
    assert parse_qs(parts.query) == {
        "talla": ["M"],
        "utm_source": ["instagram"],
        "utm_medium": ["social"],
        "utm_campaign": ["rebajas enero 2027"],
    }


def test_utm_link_encodes_reserved_characters_and_accents():
    link = month.utm_link("https://barsol.es", "ficha de Google", "local", "menú&cena=sí")
    query = urlsplit(link).query
    assert "men%C3%BA%26cena%3Ds%C3%AD" in query
    assert parse_qs(query)["utm_campaign"] == ["menú&cena=sí"]


def test_utm_link_replaces_old_utm_parameters():
    link = month.utm_link("https://barsol.es/?utm_source=viejo", "whatsapp", "mensaje", "menu")
    assert parse_qs(urlsplit(link).query)["utm_source"] == ["whatsapp"]


@pytest.mark.parametrize(
    ("kwargs", "kind"),
    [
        ({"content": "carmen.lopez@gmail.com"}, "correo electrónico"),
        ({"campaign": "cliente 612 345 678"}, "teléfono"),
        ({"term": "+34612345678"}, "teléfono"),
        ({"content": "12345678Z"}, "DNI"),
    ],
)
def test_utm_link_refuses_personal_data(kwargs, kind):
    args = {"source": "instagram", "medium": "social", "campaign": "rebajas"} | kwargs
    with pytest.raises(MonthError, match=f"lleva un {kind}|lleva un número de {kind}"):
        month.utm_link("https://tiendaalba.es", **args)


def test_utm_link_refuses_personal_data_already_in_the_address():
    with pytest.raises(MonthError, match="correo"):
        month.utm_link("https://barsol.es/?email=javi@barsol.es", "instagram", "social", "menu")


@pytest.mark.parametrize(
    ("url", "args", "message"),
    [
        ("tiendaalba.es", ("instagram", "social", "rebajas"), "empieza por https://"),
        ("ftp://tiendaalba.es", ("instagram", "social", "rebajas"), "empieza por https://"),
        ("https://tiendaalba.es", ("", "social", "rebajas"), "Falta la fuente"),
        ("https://tiendaalba.es", ("instagram", "social", " "), "Falta la campaña"),
    ],
)
def test_utm_link_needs_an_address_and_the_three_parameters(url, args, message):
    with pytest.raises(MonthError, match=message):
        month.utm_link(url, *args)


def test_a_year_and_a_campaign_number_are_not_taken_for_a_phone():
    assert month.personal_data("rebajas-2027-semana-2") is None
    assert month.personal_data("612345678") == "un número de teléfono"


# -- the paid test -----------------------------------------------------------------------------


def test_paid_test_within_bounds_and_its_sentence():
    test = month.paid_test(7.5, 7, 12)
    assert test.total == 52.5
    assert test.sentence() == (
        "Prueba de 7 días a 7,50 € al día (52,50 € en total); cada reserva puede costar "
        "como mucho 12 €."
    )


@pytest.mark.parametrize(
    ("daily", "days", "max_cost", "message"),
    [
        (4.99, 7, 10, "entre 5 y 10 € al día"),
        (25, 7, 10, "entre 5 y 10 € al día"),
        (5, 2, 10, "entre 3 y 14 días"),
        (5, 30, 10, "entre 3 y 14 días"),
        (5, 7, 0, "como mucho cada reserva"),
    ],
)
def test_paid_test_refuses_what_is_not_a_small_test(daily, days, max_cost, message):
    with pytest.raises(MonthError, match=message):
        month.paid_test(daily, days, max_cost)


def test_max_cost_is_the_margin_in_euros():
    assert month.max_cost_from_margin(30, 40) == 12.0
    with pytest.raises(MonthError, match="margen"):
        month.max_cost_from_margin(30, 0)


@pytest.mark.parametrize(
    ("spent", "results", "action", "cost"),
    [
        (10, 0, "esperar", None),  # less than twice the 12 € limit, nothing yet: too early
        (24, 0, "parar", None),  # twice the limit with no result
        (30, 3, "seguir", 10.0),  # 10 € a booking, within 12 €
        (20, 1, "esperar", 20.0),  # dear, but 20 € < 24 €: not enough spent to judge
        (36, 2, "parar", 18.0),  # 18 € a booking after 36 €
        (12, 1, "seguir", 12.0),  # exactly the limit still pays
    ],
)
def test_stop_rule(spent, results, action, cost):
    verdict = month.stop_rule(month.paid_test(6, 7, 12), spent, results)
    assert (verdict.action, verdict.cost_per_result) == (action, cost)
    assert verdict.reason.endswith(".")


def test_the_stop_rule_writes_euros_as_spain_does():
    test = month.paid_test(6, 7, 12)
    assert month.stop_rule(test, 24, 0).reason.startswith("Llevas 24 € sin ningún resultado")
    assert "7,50 €" in month.stop_rule(test, 7.5, 1).reason
    assert month.euros(1200) == "1.200 €" and month.euros(12.5) == "12,50 €"


# -- the owner's own link: address, channel, campaign ------------------------------------------


@pytest.mark.parametrize(
    ("given", "address"),
    [
        ("www.BarSol.es/Reservas", "https://www.barsol.es/Reservas"),  # the path keeps its case
        ("  https://tiendaalba.es/rebajas?talla=M  ", "https://tiendaalba.es/rebajas?talla=M"),
        ("http://barsol.es", "http://barsol.es"),
        ("HTTPS://peluqueríamarta.es:8443/cita", "https://peluqueríamarta.es:8443/cita"),
    ],
)
def test_web_address_completes_what_an_owner_types(given, address):
    assert month.web_address(given) == address


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("", "Escribe la dirección"),
        ("javi@barsol.es", "es un correo electrónico"),
        ("mailto:javi@barsol.es", "es un correo electrónico"),
        ("https://javi@barsol.es/reservas", "lleva una @"),
        ("bar sol.es", "no puede llevar espacios"),
        ("barsol", "no parece una dirección web"),
        ("ftp://barsol.es", "empieza por https://"),
        ("javascript:alert(1)", "no parece una dirección web"),
        ("barsol.es:99999", "no parece una dirección web"),
        ("https://-barsol.es", "no parece una dirección web"),
    ],
)
def test_web_address_refuses_what_is_not_one(given, message):
    with pytest.raises(MonthError, match=message):
        month.web_address(given)


@pytest.mark.parametrize(
    ("name", "tag"),
    [
        ("Rebajas de Enero", "rebajas-de-enero"),
        ("¡Menú de otoño!", "menu-de-otono"),
        ("  Día de la Madre 2027 ", "dia-de-la-madre-2027"),
        ("semana_santa", "semana-santa"),
        ("a " * 40, "-".join(["a"] * 30)),  # at most 60 characters, never ending in «-»
    ],
)
def test_campaign_tag_is_lower_case_without_accents_or_spaces(name, tag):
    assert month.campaign_tag(name) == tag


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("clienta maria@correo.es", "lleva un correo electrónico"),  # refused before it is cut
        ("llamar al 612 345 678", "lleva un número de teléfono"),
        ("!!!", "Escribe un nombre corto"),
        ("", "Escribe un nombre corto"),
    ],
)
def test_campaign_tag_refuses_personal_data_and_nothing(name, message):
    with pytest.raises(MonthError, match=message):
        month.campaign_tag(name)


def test_every_channel_tags_its_link_in_lower_case_without_spaces():
    channels = month.utm_channels()
    assert {"Instagram", "Ficha de Google", "WhatsApp"} <= set(channels)
    for name, tags in channels.items():
        assert re.fullmatch(r"[a-z0-9_-]+", tags["source"]), name
        assert re.fullmatch(r"[a-z0-9_-]+", tags["medium"]), name
        link = month.channel_link("barsol.es/reservas", name, "Semana Santa 2027")
        assert parse_qs(urlsplit(link).query) == {
            "utm_source": [tags["source"]],
            "utm_medium": [tags["medium"]],
            "utm_campaign": ["semana-santa-2027"],
        }
        assert link.startswith("https://barsol.es/reservas?")


def test_channel_link_refuses_an_unknown_channel_and_personal_data_in_the_address():
    with pytest.raises(MonthError, match="Elige dónde compartirás"):
        month.channel_link("barsol.es", "Paloma mensajera", "menu")
    with pytest.raises(MonthError, match="lleva un número de teléfono"):
        month.channel_link("barsol.es/?tel=612345678", "Instagram", "menu")


# -- the month's budget ------------------------------------------------------------------------


def test_budget_limit_total_and_sentence():
    plan = month.budget(1.5, 7, 7, 30, 40)
    assert (plan.test.max_cost, plan.test.total, plan.test.result) == (12.0, 49.0, "reserva")
    assert plan.sentence() == (
        "1,5 horas a la semana para tus redes. Prueba de 7 días a 7 € al día (49 € en total); "
        "cada reserva puede costar como mucho 12 €. Ese límite es el 40 % de margen de un tique "
        "medio de 30 €."
    )
    assert month.budget(1, 5, 3, 45, 25, "cita").sentence().startswith("1 hora a la semana")
    assert plan.after(24, 0).action == "parar"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 7, 7, 30, 40, "reserva"), "cuántas horas a la semana"),
        ((41, 7, 7, 30, 40, "reserva"), "cuántas horas a la semana"),
        ((2, 7, 7, 0, 40, "reserva"), "tique medio"),
        ((2, 7, 7, 30, 0, "reserva"), "margen en tanto por ciento"),
        ((2, 7, 7, 30, 120, "reserva"), "margen en tanto por ciento"),
        ((2, 7, 7, 30, 40, "like"), "qué cuenta como resultado"),
        ((2, 12, 7, 30, 40, "reserva"), "entre 5 y 10 € al día"),
        ((2, 7, 30, 30, 40, "reserva"), "entre 3 y 14 días"),
    ],
)
def test_budget_refuses_what_it_cannot_use(args, message):
    with pytest.raises(MonthError, match=message):
        month.budget(*args)


def test_budget_value_round_trips_and_carries_the_verdict():
    plan = month.budget(2, 6, 7, 30, 40, "reserva")
    value = month.budget_value(plan)
    assert value["spent"] is None and value["verdict"] is None
    assert value["summary"] == plan.sentence() and value["total"] == 42.0
    assert month.budget_from_value(value) == plan
    after = month.budget_value(plan, 36, 2)
    assert (after["spent"], after["results"], after["verdict"]) == (36.0, 2, "parar")
    assert month.budget_from_value(json.loads(json.dumps(after))) == plan


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"daily": None}, "incompleto"),
        ({"days": "siete"}, "incompleto"),
        ({"daily": 50}, "entre 5 y 10 € al día"),  # edited by hand: checked again
    ],
)
def test_a_saved_budget_is_checked_again(change, message):
    value = month.budget_value(month.budget(2, 6, 7, 30, 40)) | change
    with pytest.raises(MonthError, match=message):
        month.budget_from_value(value)
    with pytest.raises(MonthError, match="incompleto"):
        month.budget_from_value({})


def test_content_lists_for_the_lesson():
    data = month.content()
    assert set(data["respuestas_resenas"]) == {1, 2, 3, 4, 5}
    assert len(data["ficha_google"]) >= 6
    assert any("permiso" in item for item in data["whatsapp_business"])
    assert {"foto", "reel", "historia", "carrusel"} <= set(month.formats())


def test_every_mes_yaml_row_has_only_its_keys():
    """A comma in an unquoted flow-style value would split it into a stray key."""
    for business in month.content()["pilares"].values():
        for row in business["lista"]:
            assert set(row) == {"nombre", "idea", "objetivo"}, row
    for row in month.content()["fechas_clave"]:
        assert set(row) <= {"mes", "dia", "fechas", "nombre", "nota"}, row
    assert (
        month.example_pillars("bar_sol")[1].idea == "el ambiente, la hora buena y las mesas libres"
    )
