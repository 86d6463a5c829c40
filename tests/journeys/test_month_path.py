"""The owner's month on a 390×844 touch phone in Debian's Chromium, as `curso abrir` serves it:
lesson 07's page (one load) with the month builder filled (each week's channels one under
another, its dates and the month's table in Spanish), a tagged link made (a personal datum
refused first) and the budget calculated (a decimal comma typed) with the stop rule's verdict;
then lesson 06's page (one load) downloads the calendar as .ics and .csv. The .ics is read back
with the icalendar library (one event per post, on its day, at 10:00 Europe/Madrid, with a
reminder) and the CSV with its Spanish headers; the answers file holds what «Mi plan» reads.

Screenshots go to build/capturas/mes-*.png (kept as test artefacts)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, time
from urllib.parse import parse_qs, urlsplit

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from course_utils.core.store import answers_path, read_answers
from support.pages import PHONE, SHOTS, assert_fits, assert_spanish_and_codeless, ready, serve, stop

pytestmark = pytest.mark.browser

LESSON = "07-tu-mes-en-redes"
MONTHS = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
GOAL = "Más reservas para las cenas"
PILLARS = ("La cocina de Paco", "La terraza")
CHANNELS = ("Instagram", "Facebook", "ficha de Google", "WhatsApp")  # as lesson 07 lists them


def shot(target, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(SHOTS / f"mes-{name}.png"))


def enter(field, text: str) -> None:
    """Type into a box that tells the kernel on Enter (or on leaving it), as a person does."""
    field.scroll_into_view_if_needed()
    field.fill(text)
    field.press("Enter")


def test_an_owner_plans_the_month_and_takes_it_to_the_calendar(course, browser, tmp_path):
    proc, base = serve(course, tmp_path / "casa")
    try:
        context = browser.new_context(accept_downloads=True, **PHONE)
        page = context.new_page()
        page.goto(f"{base}/voila/render/lessons/{LESSON}.ipynb")
        ready(page)
        heading = page.get_by_text(re.compile(r"^Tu mes: \w+ de \d{4}$"))
        name, year = re.fullmatch(r"Tu mes: (\w+) de (\d{4})", heading.inner_text()).groups()
        year, number = int(year), MONTHS.split().index(name) + 1

        # --- the month: one objective, two pillars, Instagram every week ------------------------
        page.get_by_label("Objetivo 1", exact=True).fill(GOAL)
        for i, pillar in enumerate(PILLARS, start=1):
            page.get_by_label(f"Pilar {i}", exact=True).fill(pillar)
            page.get_by_label(f"Pilar {i}: sirve a").select_option(label=GOAL)
        for week in (1, 2, 3, 4):
            slot = page.get_by_label(f"Semana {week} · Instagram", exact=True)
            slot.scroll_into_view_if_needed()
            slot.select_option(label=PILLARS[week % 2])
        done = page.get_by_text(re.compile(r"está completo: 4 publicaciones"))
        expect(done).to_be_visible(timeout=20_000)
        # the week grid fits the phone: a week's drop-downs one under another, none cut
        expect(page.get_by_text(f"del 1 al 7 de {name}", exact=False)).to_be_visible()
        week = [page.get_by_label(f"Semana 4 · {c}", exact=True) for c in CHANNELS]
        boxes = [slot.bounding_box() for slot in week]
        width = PHONE["viewport"]["width"]
        assert all(0 <= b["x"] and b["x"] + b["width"] <= width for b in boxes), boxes
        assert [b["y"] for b in boxes] == sorted(b["y"] for b in boxes), "stacked in order"
        assert len({round(b["y"]) for b in boxes}) == len(CHANNELS), "one under another"
        table = page.locator("table", has_text="Pilar").first
        expect(table).to_contain_text(re.compile(rf"\d+ de {name}"))
        assert not re.search(r"\d{4}-\d\d-\d\d", table.inner_text()), "an ISO date on screen"
        # the whole builder is taller than a phone's screen: a week and the month, one by one
        shot(page.locator(".curso-mes-semana").last, "01-constructor-semana")
        shot(table, "01-constructor-tabla")

        # --- a tagged link: a customer's e-mail refused, then the campaign's name ---------------
        enter(page.get_by_label("Tu web o tu página de reservas"), "barsol.es/reservas")
        page.get_by_label("Dónde lo compartes").select_option("Ficha de Google")
        campaign = page.get_by_label("Campaña", exact=True)
        enter(campaign, "reserva de maria@correo.es")
        expect(page.get_by_text("lleva un correo electrónico")).to_be_visible(timeout=20_000)
        enter(campaign, "Semana Santa")
        link = page.locator("code", has_text="utm_campaign=semana-santa")
        expect(link).to_be_visible(timeout=20_000)
        tagged = link.inner_text()
        assert parse_qs(urlsplit(tagged).query) == {
            "utm_source": ["ficha-google"],
            "utm_medium": ["organic"],
            "utm_campaign": ["semana-santa"],
        }
        shot(page.locator(".widget-vbox", has=link).last, "02-enlace")

        # --- the budget, then the test's first days -------------------------------------------
        margin = page.get_by_label("Tu margen (%)")
        expect(margin).to_have_attribute("inputmode", "decimal")  # a phone's number pad
        enter(page.get_by_label("Horas a la semana para tus redes"), "2")
        enter(page.get_by_label("Euros al día (de 5 a 10)"), "7,5")  # a decimal comma
        enter(page.get_by_label("Tique medio de cada resultado (€)"), "30")
        enter(margin, "40")
        limit = page.get_by_text("Cada reserva puede costarte como mucho 12 €")
        expect(limit).to_be_visible(timeout=20_000)
        expect(page.get_by_text("52,50 € en total")).to_be_visible()
        enter(page.get_by_label("Gastado hasta hoy (€)"), "24")
        verdict = page.get_by_text(re.compile(r"🔴 Para\."))
        expect(verdict).to_be_visible(timeout=20_000)
        expect(page.get_by_text("Llevas 24 € sin ningún resultado")).to_be_visible()
        shot(page.locator(".widget-vbox", has=limit).last, "03-presupuesto")
        assert_fits(page, "lesson 07, month, link and budget")
        assert_spanish_and_codeless(page, "lesson 07")

        # --- lesson 06: the calendar, downloaded as .ics and as .csv ---------------------------
        page.goto(f"{base}/voila/render/lessons/06-mi-plan.ipynb")
        ready(page)
        files = {}
        for label, name in (
            ("Añadir a mi calendario (.ics)", "mi-calendario.ics"),
            ("Mi calendario en hoja de cálculo (.csv)", "mi-calendario.csv"),
        ):
            button = page.get_by_role("button", name=label)
            button.scroll_into_view_if_needed()
            button.tap()
            ready_link = page.get_by_role("link", name=name)
            expect(ready_link).to_be_visible(timeout=60_000)
            with page.expect_download(timeout=30_000) as download:
                ready_link.tap()
            files[name] = tmp_path / name
            download.value.save_as(files[name])
        shot(page.locator(".curso-estado", has=page.get_by_role("link")).first, "04-calendario")
        context.close()
    finally:
        stop(proc)

    # the posts: Instagram's weekday is Monday, and each planning week holds one Monday
    mondays = [date(year, number, d) for d in range(1, 29) if date(year, number, d).weekday() == 0]
    calendar = Calendar.from_ical(files["mi-calendario.ics"].read_bytes())
    events = calendar.walk("VEVENT")
    posts = [e for e in events if "Publicación" in e.get("categories").cats]
    starts = [e.decoded("dtstart") for e in posts]
    assert [s.date() for s in starts] == mondays
    assert {s.time() for s in starts} == {time(10, 0)}
    assert {str(s.tzinfo) for s in starts} == {"Europe/Madrid"}
    assert [str(e.get("summary")).startswith("Instagram: Foto · ") for e in posts] == [True] * 4
    assert all(e.walk("VALARM") for e in events), "a reminder on every event"
    assert {str(z.get("tzid")) for z in calendar.walk("VTIMEZONE")} == {"Europe/Madrid"}

    text = files["mi-calendario.csv"].read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Fecha", "Hora", "Duración (min)", "Tipo", "Título", "Detalle"]
    assert len(rows) - 1 == len(events)
    assert [r[0] for r in rows[1:] if r[3] == "Publicación"] == [
        d.strftime("%d/%m/%Y") for d in mondays
    ]

    # what «Mi plan» reads from lesson 07's answers
    saved = {
        qid: record["value"]
        for qid, record in read_answers(answers_path(LESSON, course / "lessons"))[0].items()
    }
    assert saved["pyme_enlace_utm"] == {
        "url": "https://barsol.es/reservas",
        "channel": "Ficha de Google",
        "campaign": "semana-santa",
        "link": tagged,
    }
    budget = saved["pyme_presupuesto_mes"]
    assert (budget["hours_week"], budget["daily"], budget["max_cost"]) == (2.0, 7.5, 12.0)
    assert budget["total"] == 52.5
    assert (budget["spent"], budget["results"], budget["verdict"]) == (24.0, 0, "parar")
    assert len(saved["pyme_mes"]["posts"]) == 4
