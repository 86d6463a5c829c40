"""Spanish formats: numbers as Spain writes them, and dates («4 de enero de 2027», «del 28 de febrero al 6 de marzo»), one reader for every page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from course_utils.core import formats
from course_utils.core.formats import es_date, es_day, es_number, es_range


def test_numbers_as_spain_writes_them():
    assert es_number(1200) == "1.200" and es_number(3.456, 1) == "3,5"
    assert formats.es_percent(0.5) == "0,5 %" and formats.es_size(4_200_000) == "4,2 MB"


def test_dates_as_spain_writes_them():
    day = date(2027, 1, 4)
    assert es_day(day) == "4 de enero"
    assert es_date(day) == "4 de enero de 2027"
    assert formats.WEEKDAYS[day.weekday()] == "lunes"


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        (date(2027, 1, 1), date(2027, 1, 7), "del 1 al 7 de enero"),
        (date(2027, 2, 22), date(2027, 3, 6), "del 22 de febrero al 6 de marzo"),
        (date(2026, 12, 28), date(2027, 1, 3), "del 28 de diciembre de 2026 al 3 de enero de 2027"),
    ],
)
def test_ranges_name_a_month_or_year_only_when_it_changes(first, last, text):
    assert es_range(first, last) == text


def test_the_plans_old_name_still_writes_the_same_dates():
    """owner.plan.es_date (lesson 06's plan, PDF, certificate) stays importable and agrees."""
    from course_utils.owner import plan

    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(0, 730, 17)]
    assert [plan.es_date(d) for d in days] == [es_date(d) for d in days]
    assert [plan.es_range(d, d + timedelta(days=9)) for d in days] == [
        es_range(d, d + timedelta(days=9)) for d in days
    ]
