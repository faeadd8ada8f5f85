import datetime as dt

import pytest

from finder.hours import (
    BRUSSELS,
    InvalidHours,
    check_hours,
    coming_week,
    is_open_on_weekday,
    open_status,
    parse_hours,
)
from finder.models import Closure

HOURS = "Mo-Fr 09:00-12:00,13:00-17:00; PH off"


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BRUSSELS)


def test_open_now_says_when_it_closes():
    status = open_status(HOURS, [], at(2026, 11, 24, 10, 30))  # a Tuesday
    assert status.is_open and status.closes_at == at(2026, 11, 24, 12, 0)


def test_closed_at_lunch_says_when_it_opens():
    status = open_status(HOURS, [], at(2026, 11, 24, 12, 30))
    assert not status.is_open and status.opens_at == at(2026, 11, 24, 13, 0)


def test_weekend_next_opening_is_monday():
    status = open_status(HOURS, [], at(2026, 11, 28, 10, 0))  # Saturday
    assert status.opens_at == at(2026, 11, 30, 9, 0)


def test_belgian_public_holiday_is_closed():
    # 21 July is the Belgian national day, a Tuesday in 2026
    status = open_status(HOURS, [], at(2026, 7, 21, 10, 0))
    assert not status.is_open
    assert status.opens_at == at(2026, 7, 22, 9, 0)


def test_christmas_week_table_marks_the_holiday():
    week = coming_week(HOURS, [], dt.date(2026, 12, 21))
    christmas = next(day for day in week if day.day == dt.date(2026, 12, 25))
    assert christmas.intervals == [] and christmas.is_holiday
    monday = week[0]
    assert [(s.hour, e.hour) for s, e in monday.intervals] == [(9, 12), (13, 17)]


def test_temporary_closure_overrides_hours():
    closure = Closure(
        starts_on=dt.date(2026, 11, 23), ends_on=dt.date(2026, 11, 25), reasons={"fr": "Travaux"}
    )
    status = open_status(HOURS, [closure], at(2026, 11, 24, 10, 0))
    assert not status.is_open
    assert status.closure is closure
    assert status.opens_at == at(2026, 11, 26, 9, 0)


def test_unknown_hours_are_not_guessed():
    status = open_status(None, [], at(2026, 11, 24, 10, 0))
    assert not status.is_known and not status.is_open


@pytest.mark.parametrize("text", ["Mo-Fr 25:00-99:00", "every day", "Mo-Fr 09:00-", "<script>"])
def test_invalid_hours_are_rejected(text):
    assert check_hours(text)
    with pytest.raises(InvalidHours):
        parse_hours(text)


def test_valid_and_empty_hours_pass():
    assert check_hours(HOURS) is None
    assert check_hours("") is None


def test_open_on_weekday():
    today = dt.date(2026, 11, 23)
    assert is_open_on_weekday(HOURS, [], 0, today)
    assert not is_open_on_weekday(HOURS, [], 5, today)
