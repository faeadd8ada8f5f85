"""The directory's own CSV format, written (/api/places.csv) and read back: a spreadsheet edited by
hand comes back."""

import datetime as dt
import json
from collections import Counter

from flask_babel import gettext as _

from finder import taxonomy
from finder.exchange.fields import (
    Row,
    RowError,
    first_email,
    first_web_address,
    hours_field,
    not_a_postcode,
    position_fields,
    required_field,
    text_field,
    values_field,
)
from finder.geo import gazetteer
from finder.i18n import LANGUAGES
from finder.places import NAMED

# the columns of /api/places.csv, which this module reads back
CSV_COLUMNS = (
    "slug",
    "name",
    "organisation",
    "street",
    "postcode",
    "commune",
    "latitude",
    "longitude",
    "is_location_approximate",
    "phone",
    "email",
    "website",
    "opening_hours",
    "access_mode",
    "cost",
    "services",
    "audiences",
    "languages",
    "accessibility",
    "equipment",
    "outreach",
    "labels",
    "verified_on",
    "source_url",
    "provenance",
    *(f"{field}_{lang}" for field in NAMED for lang in LANGUAGES),  # where they differ by language
)
TEXT_COLUMNS = ("name", "organisation", "street", "postcode", "commune", "phone")  # cells guarded by "'"


def row_of(record: dict) -> list:
    """Return a place's record as the cells of our CSV: a mapping (where each fact comes from) as
    compact JSON."""
    cells = {**record, **_name_cells(record["names"])}
    return [_cell(cells.get(column, "")) for column in CSV_COLUMNS]


def _name_cells(names: dict) -> dict:
    return {f"{field}_{lang}": text for field, texts in names.items() for lang, text in texts.items()}


def _cell(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if isinstance(value, dict) else value


def read_row(item: dict, unmapped: Counter, today: dt.date) -> Row:
    """A row of our own CSV export; a hand-edited spreadsheet states its facts as of today."""
    postcode = text_field(item, "postcode")
    country = gazetteer.country_of_postcode(postcode) or "BE"
    if postcode and not gazetteer.country_of_postcode(postcode):
        raise RowError("postcode", not_a_postcode(postcode))
    is_approximate = text_field(item, "is_location_approximate").lower() == "true"
    record = {name: text_field(item, name).lstrip("'") or None for name in TEXT_COLUMNS}
    record.update(
        name=required_field(item, "name"),
        country=country,
        email=first_email(item, "email"),
        website=first_web_address(item, "website"),
        **({"latitude": None, "longitude": None} if is_approximate else position_fields(item)),
        opening_hours=hours_field(item, "opening_hours", country),
        access_mode=_choice(item, "access_mode", ("walk_in", "appointment", "both")),
        cost=_choice(item, "cost", ("free", "free_conditional", "paid")),
        tags={
            kind: codes
            for column, kind in taxonomy.TAG_FIELDS.items()
            if (codes := _codes(item, column, kind))
        },
    )
    if any(f"{field}_{lang}" in item for field in NAMED for lang in LANGUAGES):
        record["names"] = _names(item)  # a file without these columns says nothing of names
    slug = required_field(item, "slug")
    return Row(slug, today.isoformat(), record, slug=slug)


def _names(item: dict) -> dict:
    """Names that differ by language, from the name_fr, street_nl… columns."""
    names = {}
    for field in NAMED:
        texts = {lang: text_field(item, f"{field}_{lang}").lstrip("'") for lang in LANGUAGES}
        if any(texts.values()):
            names[field] = {lang: text for lang, text in texts.items() if text}
    return names


def _choice(item: dict, name: str, allowed: tuple) -> str | None:
    value = text_field(item, name) or None
    if value is not None and value not in allowed:
        raise RowError(name, _("unknown value: %(value)s", value=value))
    return value


def _codes(item: dict, column: str, kind: str) -> list[str]:
    codes = values_field(item, column)
    unknown = [code for code in codes if code not in taxonomy.TAG_KINDS[kind]]
    if unknown:
        raise RowError(column, _("unknown value: %(value)s", value=", ".join(unknown)))
    return sorted(set(codes))
