"""Turning times, distances and tags into words, in the reader's language."""

import datetime as dt

from flask_babel import format_date, format_decimal, format_time
from flask_babel import gettext as _

from finder.hours import now_brussels
from finder.i18n import current_language, language_name
from finder.taxonomy import ACCESS_LABELS, COST_LABELS, PLACE_LABELS, TAG_TITLES, WEEKDAYS, tag_label


def opens_when(moment: dt.datetime, today: dt.date | None = None) -> str:
    """Say when a place opens: 'today at 14:00', 'tomorrow at 09:00', 'Tuesday at 09:00'…"""
    today = today or now_brussels().date()
    time = format_time(moment, "short")
    days = (moment.date() - today).days
    if days == 0:
        return _("today at %(time)s", time=time)
    if days == 1:
        return _("tomorrow at %(time)s", time=time)
    if days < 7:
        return _("%(day)s at %(time)s", day=format_date(moment, "EEEE"), time=time)
    return _("on %(date)s at %(time)s", date=format_date(moment, "d MMMM"), time=time)


def distance(km: float, is_approximate: bool = False) -> str:
    """Format a distance for the reader's locale: '850 m', '1.2 km'; rounder when approximate."""
    if is_approximate:
        if km < 1:
            return _("less than 1 km")
        return _("about %(distance)s", distance=_("%(n)s km", n=format_decimal(round(km))))
    if km < 1:
        return _("%(n)s m", n=format_decimal(round(km * 1000, -1), "#,##0"))
    return _("%(n)s km", n=format_decimal(km, "#,##0.0"))


def tag_labels(kind: str, codes: list[str]) -> list[str]:
    """Return the translated labels of tags."""
    return [tag_label(kind, code, current_language()) for code in codes]


def place_label(code: str) -> str:
    """Return the translated name of a quality label."""
    return str(PLACE_LABELS.get(code, code))


def endonym(code: str) -> str:
    """Return a language's name in that language, for people who do not read the page's language."""
    return language_name(code, code)


def weekday_name(day: int) -> str:
    """Return the translated name of a weekday, 0 being Monday."""
    return str(WEEKDAYS[day])


def init_app(app) -> None:
    """Make the helpers available in templates."""
    app.jinja_env.globals.update(
        opens_when=opens_when,
        distance=distance,
        tag_labels=tag_labels,
        place_label=place_label,
        endonym=endonym,
        weekday_name=weekday_name,
        tag_titles=TAG_TITLES,
        cost_labels=COST_LABELS,
        access_labels=ACCESS_LABELS,
    )
