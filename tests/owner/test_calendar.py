"""The owner's calendar: the .ics read back by the icalendar library (one event per item, Madrid dates, reminders, round trip), the CSV read back, `curso plan --calendario` and lesson 06's download."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from course_utils.cli import main
from course_utils.core.errors import CourseError
from course_utils.core.store import AnswerStore
from course_utils.owner import calendar
from course_utils.owner.plan import build_plan
from course_utils.topics import month
from course_utils.ui.plan_page import write_plan
from support import copy_course
from support.owner import GOAL, a_month, answer_everything, pdf_text

MADRID = ZoneInfo("Europe/Madrid")
DAY = date(2027, 3, 1)  # a Monday; the 90 days run into June, across the change to summer time
STAMP = datetime(2027, 3, 1, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def lessons(tmp_path) -> Path:
    """A copy of the course's lessons without anybody's answers."""
    return copy_course(tmp_path, "lessons", config=False) / "lessons"


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def test_the_month_as_ics_one_event_per_post_on_its_madrid_day():
    plan_month = a_month()
    cal = parse(calendar.ics_bytes(calendar.entries(None, plan_month), stamp=STAMP))
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(plan_month.posts) == 4
    starts = [e.decoded("dtstart") for e in events]
    # Thursday 4, Friday 12, Saturday 20 and Monday 22 March 2027, at 10:00 in Madrid
    assert [s.date() for s in starts] == [date(2027, 3, d) for d in (4, 12, 20, 22)]
    assert all(
        s.hour == 10 and s.tzinfo is not None and s.tzinfo.key == "Europe/Madrid" for s in starts
    )
    assert [e["dtstart"].params["TZID"] for e in events] == ["Europe/Madrid"] * 4
    # 10:00 in Madrid is 09:00 UTC in winter (CET, +1)
    assert starts[0].astimezone(timezone.utc).hour == 9
    first = events[0]
    assert str(first["summary"]) == "Instagram: Reel o vídeo corto · La cocina de Paco"
    google = [str(e["summary"]) for e in events if "Google" in str(e["summary"])]
    assert google and all(t.startswith("Ficha de Google: ") for t in google), google
    assert "Paco y las croquetas" in str(first["description"])
    assert first.decoded("dtend") - starts[0] == timedelta(minutes=45)  # a reel in mes.yaml
    # the file carries the time zone's definition (RFC 5545 VTIMEZONE) for calendars without it
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Madrid"]
    assert str(cal["version"]) == "2.0" and "Redes sociales para pymes" in str(cal["prodid"])


def test_every_event_has_a_reminder_an_hour_before():
    cal = parse(calendar.ics_bytes(calendar.entries(None, a_month()), stamp=STAMP))
    for event in cal.walk("VEVENT"):
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["action"]) == "DISPLAY"
        assert alarms[0].decoded("trigger") == timedelta(hours=-1)
        assert str(alarms[0]["description"]) == str(event["summary"])


def test_the_90_days_one_event_per_action_and_summer_time(lessons):

    answer_everything(lessons)
    plan = build_plan(lessons, DAY)
    cal = parse(calendar.ics_bytes(calendar.entries(plan, None), stamp=STAMP))
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(plan.calendar) > 5
    expected = sorted((plan.week_dates(a.week)[0], a.text) for a in plan.calendar)
    got = sorted((e.decoded("dtstart").date(), str(e["summary"])) for e in events)
    assert got == expected
    # week 12 starts on 17 May 2027, in summer time: 9:00 in Madrid is 07:00 UTC
    last = max(e.decoded("dtstart") for e in events)
    assert last.date() == date(2027, 5, 17) and last.hour == 9
    assert last.astimezone(timezone.utc).hour == 7
    assert len({str(e["uid"]) for e in events}) == len(events), "UIDs are unique"


def test_round_trip_and_stable_uids():
    found = calendar.entries(None, a_month())
    data = calendar.ics_bytes(found, stamp=STAMP)
    again = parse(data).to_ical()
    assert parse(again) == parse(data)
    assert calendar.ics_bytes(found, stamp=STAMP) == data, "the same month writes the same file"
    # the same month saved and rebuilt gives the same events (lesson 07 saves it as data)
    rebuilt = month.month_from_value(month.month_value(a_month(), [GOAL]))
    assert calendar.ics_bytes(calendar.entries(None, rebuilt), stamp=STAMP) == data


def test_the_csv_has_spanish_headers_and_one_row_per_event():
    found = calendar.entries(None, a_month())
    rows = list(csv.DictReader(io.StringIO(calendar.csv_text(found)), delimiter=";"))
    assert list(rows[0]) == [
        "Fecha",
        "Hora",
        "Duración (min)",
        "Tipo",
        "Título",
        "Detalle",
    ]
    assert len(rows) == 4
    assert rows[0]["Fecha"] == "04/03/2027" and rows[0]["Hora"] == "10:00"
    assert rows[0]["Duración (min)"] == "45" and rows[0]["Tipo"] == "Publicación"
    assert "Lo prepara: Lucía." in rows[0]["Detalle"]


def test_an_empty_calendar_is_refused_in_spanish(tmp_path):
    with pytest.raises(CourseError, match="Tu calendario está vacío"):
        calendar.write_calendar(None, None, tmp_path / "c.ics")
    with pytest.raises(CourseError, match="Tu calendario está vacío"):
        calendar.write_calendar(None, None, tmp_path / "c.csv")
    with pytest.raises(CourseError, match=r"\.ics o \.csv"):
        calendar.write_calendar(None, a_month(), tmp_path / "c.txt")
    assert not list(tmp_path.iterdir())


def save_month(lessons: Path) -> None:
    store = AnswerStore(calendar.MONTH_LESSON, lessons)
    store.save(calendar.MONTH_QUESTION, month.month_value(a_month(), [GOAL]))


def test_the_month_is_read_from_lesson_07s_answers(lessons):
    assert calendar.month_from_answers(lessons) is None
    save_month(lessons)
    assert calendar.month_from_answers(lessons).posts == a_month().posts
    # a saved month that no longer holds (a pillar now serving no objective) is left out
    broken = month.month_value(a_month(), [GOAL]) | {"objectives": ["Otra cosa"]}
    AnswerStore(calendar.MONTH_LESSON, lessons).save(calendar.MONTH_QUESTION, broken)
    assert calendar.month_from_answers(lessons) is None


def test_curso_plan_calendario_writes_ics_and_csv(lessons, monkeypatch, capsys):

    answer_everything(lessons)
    save_month(lessons)
    monkeypatch.chdir(lessons.parent)
    assert main(["plan", "--calendario"]) == 0
    out = capsys.readouterr().out
    assert "mi-calendario.ics" in out and "mi-calendario.csv" in out and "aviso" in out
    cal = parse((lessons.parent / "mi-calendario.ics").read_bytes())
    plan = build_plan(lessons)
    assert len(list(cal.walk("VEVENT"))) == len(plan.calendar) + 4
    text = (lessons.parent / "mi-calendario.csv").read_bytes()
    assert text.startswith("\ufeff".encode())  # spreadsheets then read the accents right
    assert not (lessons.parent / "mi-plan.pdf").exists(), "--calendario writes only the calendar"
    assert main(["plan", "--calendario", "taller.ics"]) == 0
    assert (lessons.parent / "taller.csv").exists()
    assert main(["plan", "--calendario", "taller.pdf"]) == 2
    assert ".ics o .csv" in capsys.readouterr().err


def test_curso_plan_calendario_without_answers_still_has_the_reviews(lessons, monkeypatch):
    monkeypatch.chdir(lessons.parent)
    plan = build_plan(lessons)
    assert plan.calendar, "the 90 days always hold the mid-way and final reviews"
    assert main(["plan", "--calendario"]) == 0
    events = parse((lessons.parent / "mi-calendario.ics").read_bytes()).walk("VEVENT")
    assert len(events) == len(plan.calendar)


def test_lesson_06_download_writes_the_calendar_beside_the_lesson(lessons):
    save_month(lessons)
    plan = build_plan(lessons, DAY)
    path = write_plan(plan, lessons / calendar.ICS_NAME)
    events = list(parse(path.read_bytes()).walk("VEVENT"))
    assert len(events) == len(plan.calendar) + 4
    assert write_plan(plan, lessons / calendar.CSV_NAME).read_bytes().startswith(b"\xef\xbb\xbf")


def test_lesson_06_page_has_the_calendar_buttons(lessons):
    """The download buttons of lesson 06's page: the .ics (with lesson 07's month) and the .csv."""
    from course_utils import start
    from course_utils.ui.plan_page import PlanPage

    save_month(lessons)
    page = PlanPage(start("06-mi-plan", folder=str(lessons)), lessons, DAY)
    box = page.downloads()
    buttons = {b.description: b for b in box.children[0].children}
    buttons["Añadir a mi calendario (.ics)"].click()
    assert f"<a href='{calendar.ICS_NAME}' download " in box.children[1].value
    events = list(parse((lessons / calendar.ICS_NAME).read_bytes()).walk("VEVENT"))
    assert sum(str(e["categories"].cats[0]) == "Publicación" for e in events) == 4
    buttons["Mi calendario en hoja de cálculo (.csv)"].click()
    assert (lessons / calendar.CSV_NAME).exists()


def test_the_plan_shows_lesson_07s_month_budget_and_kpis_once_answered(lessons, tmp_path):
    """Lesson 07's part is optional: missing before, shown in the HTML and the PDF after."""

    from course_utils.owner.plan import plan_html
    from course_utils.owner.plan_pdf import write_pdf

    before = build_plan(lessons, DAY)
    assert not [m for m in before.missing if m.lesson == calendar.MONTH_LESSON]
    save_month(lessons)
    store = AnswerStore(calendar.MONTH_LESSON, lessons)
    store.save("pyme_presupuesto", "Una hora los lunes (Lucía); prueba de 7 € al día, 7 días.")
    store.save("pyme_kpis", "Reservas por Instagram | hoy 4 | meta 12 | libreta de reservas")
    plan = build_plan(lessons, DAY)
    part = next(p for p in plan.parts if p.lesson == calendar.MONTH_LESSON)
    assert [i.qid for i in part.items] == ["pyme_mes", "pyme_presupuesto", "pyme_kpis"]
    assert part.items[0].text.startswith("Marzo de 2027: 4 publicaciones")
    assert "4 de marzo · Instagram · Reel o vídeo corto · La cocina de Paco" in part.items[0].text
    page = plan_html(plan)
    assert "<td>22 de marzo</td><td>lunes</td><td>Instagram</td>" in page
    text = pdf_text(write_pdf(plan, tmp_path / "plan.pdf"))
    assert "Tu mes en redes" in text and "libreta de reservas" in text
    assert "La cocina de Paco" in text
