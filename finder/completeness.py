"""What a listing lacks, at a glance: the checks admins filter by and reminders name."""

import datetime as dt

from flask_babel import lazy_gettext as _l

from finder import facts
from finder.models import Place

CHECKS = {
    "hours": _l("Hours confirmed"),
    "reach": _l("A way to reach them (phone, e-mail or website)"),
    "address": _l("Exact address"),
    "services": _l("Services"),
    "languages": _l("Languages spoken"),
    "accessibility": _l("Accessibility"),
    "verified": _l("Checked within the freshness period"),
}
# what makes a reminder worth sending: old facts, or nothing to tell people when and how to come
REMINDER_CHECKS = ("hours", "reach", "verified")


def checks(place: Place, since: dt.date) -> dict[str, bool]:
    """Tell, for each check, whether the place passes it; facts stated before `since` are old."""
    return {
        "hours": facts.hours_state(place.opening_hours, place.provenance, since) == "current",
        "reach": place.is_reachable,
        "address": place.has_exact_position and bool(place.street),
        "services": bool(place.codes("service")),
        "languages": bool(place.codes("language")),
        "accessibility": bool(place.codes("accessibility")),
        "verified": place.verified_on is not None and place.verified_on >= since,
    }


def missing(place: Place, since: dt.date, among=tuple(CHECKS)) -> list[str]:
    """Return the names of the checks a place fails, among some."""
    passed = checks(place, since)
    return [name for name in among if not passed[name]]


def missing_labels(place: Place, since: dt.date) -> list[str]:
    """Say in words what a place lacks."""
    return [str(CHECKS[name]) for name in missing(place, since)]


def table(
    places: list[Place], since: dt.date, lacking: str = "", views: dict[int, int] | None = None
) -> list[tuple[Place, dict[str, bool]]]:
    """Places with their checks, only those failing `lacking` when given: the incomplete ones first,
    the most looked at (views by place id) first among them, then the least complete."""
    views = views or {}
    rows = [(place, checks(place, since)) for place in places]
    if lacking:
        rows = [row for row in rows if not row[1][lacking]]
    return sorted(
        rows,
        key=lambda row: (all(row[1].values()), -views.get(row[0].id, 0), sum(row[1].values()), row[0].name),
    )


def counts(places: list[Place], since: dt.date) -> dict[str, int]:
    """How many places fail each check."""
    rows = [checks(place, since) for place in places]
    return {name: sum(not row[name] for row in rows) for name in CHECKS}


def csv_table(rows) -> tuple[list[str], list[list[str]]]:
    """Return the table's header and lines for a CSV file (yes/no per check)."""
    lines = [
        [place.slug, place.name, *("yes" if passed[name] else "no" for name in CHECKS)]
        for place, passed in rows
    ]
    return ["slug", "name", *CHECKS], lines
