"""A place's history in words: field labels and readable values in the reader's language, never
raw field names or Python values."""

import datetime as dt

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from finder.i18n import current_language, language_name
from finder.taxonomy import ACCESS_LABELS, COST_LABELS, TAG_TITLES, tag_label

ACTIONS = {
    "edit": _l("Edited"),
    "verified": _l("Still accurate"),
    "seed": _l("Loaded from the published sources"),
    "restore": _l("An earlier version restored"),
    "closure": _l("Closures"),
    "event": _l("Workshops and events"),
}
FIELDS = {
    "name": _l("Name"),
    "organisation": _l("Organisation"),
    "street": _l("Street and number"),
    "postcode": _l("Postcode"),
    "commune": _l("Commune"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
    "phone": _l("Phone"),
    "email": _l("E-mail"),
    "website": _l("Website"),
    "descriptions": _l("Description"),
    "access_mode": _l("How to come"),
    "cost": _l("Cost"),
    "opening_hours": _l("Opening hours"),
    "verified_on": _l("Information last checked"),
    "closures": _l("Closures"),
    "event": _l("Workshops and events"),
    "source_url": _l("Source"),
    "tags": _l("What you offer"),
}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def field_label(field: str) -> str:
    return str(FIELDS.get(field, field))


def readable(field: str, value) -> str:
    """Say a recorded value in words."""
    if value in (None, "", [], {}):
        return _("(empty)")
    if field == "verified_on":
        return format_date(dt.date.fromisoformat(value), "long")
    if field in ("cost", "access_mode"):
        return str({**COST_LABELS, **ACCESS_LABELS}.get(value, value))
    if field == "tags":
        return "; ".join(f"{TAG_TITLES[kind]}: {_tag_names(kind, codes)}" for kind, codes in value.items())
    if field == "closures":
        return "; ".join(_closure_words(closure) for closure in value)
    if isinstance(value, dict):  # texts per language (descriptions, event titles, prices)
        lang = current_language()
        return "; ".join(f"{language_name(code, lang)}: {text}" for code, text in sorted(value.items()))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _tag_names(kind: str, codes: list[str]) -> str:
    return ", ".join(tag_label(kind, code, current_language()) for code in codes)


def _closure_words(closure: dict) -> str:
    start = format_date(dt.date.fromisoformat(closure["starts_on"]), "long")
    end = format_date(dt.date.fromisoformat(closure["ends_on"]), "long")
    return _("Closed from %(start)s to %(end)s.", start=start, end=end)
