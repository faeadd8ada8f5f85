"""Between the place edit form and a place record: fill the form, read it back (an explicit whitelist)."""

import datetime as dt

from flask_babel import lazy_gettext as _l

from finder.hours import hours_to_week, week_to_hours
from finder.i18n import LANGUAGES
from finder.models import Place
from finder.places import NAMED, record_of
from finder.staff.forms import PlaceForm
from finder.taxonomy import TAG_FIELDS

TEXT_FIELDS = ("name", "organisation", "street", "postcode", "commune", "phone", "email", "website")


def form_for_place(place: Place, lang: str) -> PlaceForm:
    """Return the edit form filled with the place as stored."""
    record = record_of(place)
    form = PlaceForm(
        formdata=None, lang=lang, version=str(place.version), **{name: record[name] for name in TEXT_FIELDS}
    )
    form.latitude.data = "" if record["latitude"] is None else str(record["latitude"])
    form.longitude.data = "" if record["longitude"] is None else str(record["longitude"])
    form.access_mode.data = record["access_mode"] or ""
    form.cost.data = record["cost"] or ""
    for field, kind in TAG_FIELDS.items():
        form[field].data = record["tags"].get(kind, [])
    for field, code in zip(form.language_fields("description"), LANGUAGES, strict=True):
        field.data = record["descriptions"].get(code, "")
    for name in NAMED:
        for field, code in zip(form.language_fields(f"{name}_in"), LANGUAGES, strict=True):
            field.data = record["names"].get(name, {}).get(code, "")
    form.opening_hours.data = record["opening_hours"] or ""
    weekly = hours_to_week(record["opening_hours"])
    form.hours_mode.data = "weekly" if weekly else "advanced"
    if weekly:
        week, form.closed_on_holidays.data = weekly
        for day, ranges in week.items():
            for slot, (opens, closes) in enumerate(ranges[:2], start=1):
                form[f"d{day}_opens{slot}"].data = _time(opens)
                form[f"d{day}_closes{slot}"].data = _time(closes)
    return form


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def record_from_form(form: PlaceForm) -> dict | None:
    """Read a validated form into the fields it may change; None when the weekly table has errors."""
    if form.hours_mode.data == "advanced":
        hours = (form.opening_hours.data or "").strip()
    else:
        week = form.weekly_ranges()
        if any(form[f"d{day}_closes{slot}"].errors for day in range(7) for slot in (1, 2)):
            form.hours_mode.errors = [_l("Some opening times are not right. Please check the table.")]
            return None
        hours = week_to_hours(week, form.closed_on_holidays.data)
    record = {name: (form[name].data or "").strip() or None for name in TEXT_FIELDS}
    record.update(
        latitude=_number(form.latitude.data),
        longitude=_number(form.longitude.data),
        access_mode=form.access_mode.data or None,
        cost=form.cost.data or None,
        opening_hours=hours or None,
        tags={kind: sorted(form[field].data or []) for field, kind in TAG_FIELDS.items() if form[field].data},
        descriptions=form.texts_by_language("description"),
        names={name: texts for name in NAMED if (texts := form.texts_by_language(f"{name}_in"))},
    )
    return record


def _number(text: str | None) -> float | None:
    return float(text.replace(",", ".")) if text else None
