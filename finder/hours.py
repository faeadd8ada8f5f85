"""Opening hours: OpenStreetMap `opening_hours` strings evaluated in the place's country.

Public holidays (`PH`) come from the opening-hours library's own calendar for the place's country
(Belgium or France), in that country's time zone; temporary closures are cut out of the open
intervals it gives.
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, ParserError, State

BRUSSELS = ZoneInfo("Europe/Brussels")
TIME_ZONES = {"BE": BRUSSELS, "FR": ZoneInfo("Europe/Paris")}
LOOKAHEAD = dt.timedelta(days=14)


class Closure(Protocol):
    """A temporary closure: anything that tells which days it covers (the model's Closure does)."""

    def covers(self, day: dt.date) -> bool: ...


class InvalidHours(ValueError):
    """An opening_hours string the parser refuses."""


@lru_cache(maxsize=4096)
def parse_hours(text: str, country: str = "BE") -> OpeningHours:
    """Parse an opening_hours string once; raise InvalidHours when it is not valid."""
    zone = TIME_ZONES.get(country, BRUSSELS)
    try:
        return OpeningHours(text, timezone=zone, country=country, auto_country=False, auto_timezone=False)
    except (ParserError, SyntaxError, ValueError) as error:
        raise InvalidHours(str(error).splitlines()[0]) from None


def check_hours(text: str | None, country: str = "BE") -> str | None:
    """Return an error message from the parser, or None when the hours are valid or empty."""
    if not text or not text.strip():
        return None
    try:
        parse_hours(text.strip(), country)
    except InvalidHours as error:
        return str(error)
    return None


def system_clock() -> dt.datetime:
    """Return the current time in Brussels, from the system."""
    return dt.datetime.now(BRUSSELS)


clock = system_clock  # tests that must happen at a given moment replace it


def now_brussels() -> dt.datetime:
    """Return the current time in Brussels."""
    return clock()


def closed_on(closures: list[Closure], day: dt.date) -> Closure | None:
    """Return the closure that covers this day, if any."""
    return next((closure for closure in closures if closure.covers(day)), None)


def open_intervals(
    hours: str | None, closures: list[Closure], start: dt.datetime, end: dt.datetime, country: str = "BE"
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Return the open (from, to) intervals between start and end, closures cut out."""
    if not hours:
        return []
    result = []
    for begin, finish, state, _comment in parse_hours(hours, country).intervals(start, end):
        if state != State.OPEN:
            continue
        begin, finish = max(begin, start), min(finish, end)
        day = begin
        while day < finish:  # split at midnight so closures apply per day
            midnight = dt.datetime.combine(day.date() + dt.timedelta(days=1), dt.time(), day.tzinfo)
            piece_end = min(finish, midnight)
            if not closed_on(closures, day.date()):
                result.append((day, piece_end))
            day = piece_end
    return _merge(result)


def _merge(intervals: list[tuple[dt.datetime, dt.datetime]]) -> list:
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for begin, finish in intervals:
        if merged and merged[-1][1] == begin:
            merged[-1] = (merged[-1][0], finish)
        else:
            merged.append((begin, finish))
    return merged


@dataclass
class OpenStatus:
    """Whether a place is open at a moment, and when that changes."""

    is_known: bool
    is_unconfirmed: bool = False  # hours exist but are too old to be used as true
    is_open: bool = False
    closes_at: dt.datetime | None = None
    opens_at: dt.datetime | None = None
    closure: Closure | None = None


def open_status(
    hours: str | None, closures: list[Closure], now: dt.datetime, country: str = "BE"
) -> OpenStatus:
    """Tell whether a place is open at `now`, when it closes or when it next opens."""
    if not hours:
        return OpenStatus(is_known=False, closure=closed_on(closures, now.date()))
    intervals = open_intervals(hours, closures, now, now + LOOKAHEAD, country)
    current = next((i for i in intervals if i[0] <= now < i[1]), None)
    if current:
        return OpenStatus(is_known=True, is_open=True, closes_at=current[1])
    upcoming = next((i for i in intervals if i[0] > now), None)
    return OpenStatus(
        is_known=True,
        opens_at=upcoming[0] if upcoming else None,
        closure=closed_on(closures, now.date()),
    )


@dataclass
class DayHours:
    """The open intervals of one calendar day, and why it is closed when it is."""

    day: dt.date
    intervals: list[tuple[dt.datetime, dt.datetime]]
    closure: Closure | None
    is_holiday: bool


def coming_week(
    hours: str | None, closures: list[Closure], today: dt.date, country: str = "BE"
) -> list[DayHours]:
    """Return the hours of the seven days from today, with closures and public holidays."""
    start = dt.datetime.combine(today, dt.time(), TIME_ZONES.get(country, BRUSSELS))
    intervals = open_intervals(hours, closures, start, start + dt.timedelta(days=7), country)
    week = []
    for offset in range(7):
        day = today + dt.timedelta(days=offset)
        week.append(
            DayHours(
                day=day,
                intervals=[i for i in intervals if i[0].date() == day],
                closure=closed_on(closures, day),
                is_holiday=is_public_holiday(day, country),
            )
        )
    return week


@lru_cache(maxsize=512)
def is_public_holiday(day: dt.date, country: str = "BE") -> bool:
    """Tell whether a day is a public holiday in the country."""
    noon = dt.datetime.combine(day, dt.time(12), TIME_ZONES.get(country, BRUSSELS))
    return parse_hours("PH", country).is_open(noon)


def is_open_on_weekday(
    hours: str | None, closures: list[Closure], weekday: int, today: dt.date, country: str = "BE"
) -> bool:
    """Tell whether a place opens on a weekday (0 = Monday) within the next two weeks."""
    start = dt.datetime.combine(today, dt.time(), TIME_ZONES.get(country, BRUSSELS))
    intervals = open_intervals(hours, closures, start, start + LOOKAHEAD, country)
    return any(begin.weekday() == weekday for begin, _ in intervals)


DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
HOLIDAYS_OFF = "PH off"


def week_to_hours(week: dict[int, list[tuple[str, str]]], is_closed_on_holidays: bool) -> str:
    """Build an opening_hours string from a weekly table {weekday: [(opens, closes)]}."""
    rules: list[tuple[list[int], list[tuple[str, str]]]] = []
    for day in range(7):
        ranges = week.get(day, [])
        if not ranges:
            continue
        if rules and rules[-1][1] == ranges and rules[-1][0][-1] == day - 1:
            rules[-1][0].append(day)
        else:
            rules.append(([day], ranges))
    parts = []
    for days, ranges in rules:
        selector = DAY_CODES[days[0]] + (f"-{DAY_CODES[days[-1]]}" if len(days) > 1 else "")
        parts.append(selector + " " + ",".join(f"{opens}-{closes}" for opens, closes in ranges))
    if parts and is_closed_on_holidays:
        parts.append(HOLIDAYS_OFF)
    return "; ".join(parts)


def hours_to_week(text: str | None) -> tuple[dict[int, list[tuple[str, str]]], bool] | None:
    """Read a simple opening_hours string back into a weekly table; None when it is too complex."""
    week: dict[int, list[tuple[str, str]]] = {}
    holidays_off = False
    for rule in (part.strip() for part in (text or "").split(";") if part.strip()):
        if rule == HOLIDAYS_OFF:
            holidays_off = True
            continue
        selector, _, times = rule.partition(" ")
        days = _days(selector)
        ranges = [tuple(span.split("-")) for span in times.split(",")]
        if days is None or not all(len(r) == 2 and all(_is_hhmm(t) for t in r) for r in ranges):
            return None
        for day in days:
            week[day] = list(ranges)
    return week, holidays_off


def _days(selector: str) -> list[int] | None:
    days = []
    for piece in selector.split(","):
        first, _, last = piece.partition("-")
        if first not in DAY_CODES or (last and last not in DAY_CODES):
            return None
        start, end = DAY_CODES.index(first), DAY_CODES.index(last or first)
        days += list(range(start, end + 1))
    return days


def _is_hhmm(text: str) -> bool:
    return len(text) == 5 and text[2] == ":" and text[:2].isdigit() and text[3:].isdigit()
