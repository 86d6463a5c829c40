"""The owner's calendar: the month's posts (lesson 07) and the plan's 90 days as an iCalendar file with reminders (RFC 5545, Europe/Madrid) and as a CSV with Spanish headers."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from course_utils.core.errors import CourseError
from course_utils.core.store import answers_path, read_answers
from course_utils.owner.plan import MONTH_LESSON, MONTH_QUESTION, Plan
from course_utils.topics.month import MonthError, MonthPlan, formats, month_from_value

TZ = ZoneInfo("Europe/Madrid")
ICS_NAME, CSV_NAME = "mi-calendario.ics", "mi-calendario.csv"
PLAN_HOUR, POST_HOUR = time(9, 0), time(10, 0)  # when the reminders of each kind fall
PLAN_MINUTES = 30
REMINDER = timedelta(hours=1)  # a VALARM this long before each event
PRODID = "-//Curso Redes sociales para pymes//mi-calendario//ES"
CSV_HEADERS = ("Fecha", "Hora", "Duración (min)", "Tipo", "Título", "Detalle")


@dataclass(frozen=True)
class Entry:
    """One event of the owner's calendar, in Madrid time."""

    start: datetime
    minutes: int
    kind: str  # «Plan de 90 días» or «Publicación»
    title: str
    detail: str

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


def _at(day: date, hour: time) -> datetime:
    return datetime.combine(day, hour, tzinfo=TZ)


def plan_entries(plan: Plan) -> list[Entry]:
    """One entry per action of the plan's 90 days, on the first day of its week at 9:00."""
    return [
        Entry(
            _at(plan.week_dates(action.week)[0], PLAN_HOUR),
            PLAN_MINUTES,
            "Plan de 90 días",
            action.text,
            f"Semana {action.week} de tu plan (lección {action.lesson[:2]}).",
        )
        for action in plan.calendar
    ]


def month_entries(month: MonthPlan) -> list[Entry]:
    """One entry per planned post, on its day at 10:00, as long as its format takes to make."""
    table = formats()
    entries = []
    for scheduled in month.posts:
        post = scheduled.post
        minutes = int(table.get(post.format, {}).get("minutos", 15))
        detail = [f"Pilar: {post.pillar}."]
        if post.idea:
            detail.append(f"Idea: {post.idea}.")
        if post.who:
            detail.append(f"Lo prepara: {post.who}.")
        entries.append(
            Entry(
                _at(scheduled.day, POST_HOUR),
                minutes,
                "Publicación",
                scheduled.title,
                " ".join(detail),
            )
        )
    return entries


def month_from_answers(folder: str | Path) -> MonthPlan | None:
    """The month lesson 07 saved in ``folder``, or None when it is not answered or not valid."""
    records, _problem = read_answers(answers_path(MONTH_LESSON, Path(folder)))
    value = records.get(MONTH_QUESTION, {}).get("value")
    if not isinstance(value, Mapping):
        return None
    try:
        return month_from_value(value)
    except MonthError:
        return None


def entries(plan: Plan | None, month: MonthPlan | None) -> list[Entry]:
    """The plan's and the month's entries together, in time order."""
    found = (plan_entries(plan) if plan else []) + (month_entries(month) if month else [])
    return sorted(found, key=lambda e: (e.start, e.kind, e.title))


def _uid(entry: Entry, seen: dict[str, int]) -> str:
    """A stable UID, so that importing the file again updates events instead of doubling them."""
    base = hashlib.sha256(
        f"{entry.start.isoformat()}|{entry.kind}|{entry.title}".encode()
    ).hexdigest()[:20]
    seen[base] = seen.get(base, 0) + 1
    return f"{base}-{seen[base]}@redes-pymes"


def ics_bytes(
    found: list[Entry], name: str = "Mi plan de redes", stamp: datetime | None = None
) -> bytes:
    """The entries as an iCalendar file (RFC 5545): Europe/Madrid with its VTIMEZONE and a
    display reminder an hour before each event."""
    from icalendar import Alarm, Calendar, Event  # on first use

    if not found:
        raise CourseError(
            "Tu calendario está vacío: responde la lección 06 «Mi plan» o la 07 «Tu mes en "
            "redes» y vuelve a descargarlo."
        )
    stamp = stamp or datetime.now(timezone.utc)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Madrid")
    seen: dict[str, int] = {}
    for entry in found:
        event = Event()
        event.add("uid", _uid(entry, seen))
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end)
        event.add("summary", entry.title)
        event.add("description", entry.detail)
        event.add("categories", [entry.kind])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", entry.title)
        alarm.add("trigger", -REMINDER)
        event.add_component(alarm)
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def csv_text(found: list[Entry]) -> str:
    """The entries as CSV for a spreadsheet: Spanish headers, «;» between columns (what a
    spreadsheet set to Spanish expects), dates as 15/03/2027."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for e in found:
        writer.writerow(
            [
                e.start.strftime("%d/%m/%Y"),
                e.start.strftime("%H:%M"),
                e.minutes,
                e.kind,
                e.title,
                e.detail,
            ]
        )
    return out.getvalue()


def write_calendar(plan: Plan | None, month: MonthPlan | None, path: str | Path) -> Path:
    """Write the calendar as .ics or .csv (by the extension); the CSV starts with a BOM so that
    spreadsheets read its accents right."""
    path = Path(path)
    found = entries(plan, month)
    suffix = path.suffix.lower()
    if suffix == ".ics":
        data = ics_bytes(found)
    elif suffix == ".csv":
        if not found:
            ics_bytes(found)  # the same Spanish refusal
        data = csv_text(found).encode("utf-8-sig")
    else:
        raise CourseError(f"El calendario se escribe en .ics o .csv, no en «{path.name}».")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_owner_calendar(plan: Plan, folder: str | Path, path: str | Path) -> Path:
    """The plan's 90 days and the month lesson 07 saved in ``folder``, written to ``path``."""
    return write_calendar(plan, month_from_answers(folder), path)
