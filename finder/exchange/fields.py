"""What every reader of open-data files shares: a row, a row's error, and field helpers that check
one value and say which field is wrong and why."""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import String

from finder.geo import gazetteer
from finder.hours import check_hours
from finder.models import ImportedRecord, Place

OFFICIAL_ID = re.compile(r"^[a-zA-Z0-9]{9,14}$")  # SIRET (14 digits), SIREN (9) or RNA (W + 9 digits)
WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)  # never javascript: or data:
EMAIL_ADDRESS = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
MULTI = re.compile(r"\s*[|;]\s*")  # LaMednum 1.x separates values with |, 0.x with ;


class RowError(ValueError):
    """A row that cannot be imported: which field, and why."""

    def __init__(self, field_name: str, reason: str):
        super().__init__(f"{field_name}: {reason}")
        self.field = field_name
        self.reason = reason
        self.key = ""  # the record's id, when the row gives one


@dataclass
class Row:
    """One place as a file states it."""

    key: str  # its id in the source
    as_of: str  # when the source last updated it (YYYY-MM-DD)
    record: dict
    official_id: str | None = None  # SIRET or RNA
    collected_by: str | None = None  # the file's own "source" field, when it has one
    is_partial: bool = False  # adds to a place known by its key (data·inclusion services)
    slug: str | None = None  # a row of our own export: the place it was exported from


def text_field(item: dict, name: str) -> str:
    value = item.get(name)
    if isinstance(value, dict | list):
        raise RowError(name, _("a list or a group of values where a text is expected"))
    return "" if value is None else str(value).strip()


def required_field(item: dict, name: str) -> str:
    value = text_field(item, name)
    if not value:
        raise RowError(name, _("missing"))
    return value


def official_id(item: dict, name: str) -> str | None:
    """A SIRET or RNA number, or None when the value is not one."""
    value = text_field(item, name).replace(" ", "")
    return value if OFFICIAL_ID.match(value) else None


def not_a_postcode(value: str) -> str:
    return _("not a Belgian (4 digits) or French (5 digits) postcode: %(value)s", value=value)


def date_field(item: dict, name: str) -> str:
    value = required_field(item, name)[:10]
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise RowError(name, _("not a date written YYYY-MM-DD: %(value)s", value=value)) from None
    return value


def postcode_field(item: dict, name: str) -> str:
    value = required_field(item, name)
    if isinstance(item[name], int) and len(value) == 4 and text_field(item, "code_insee").zfill(5)[:1] == "0":
        value = value.zfill(5)  # a French postcode written as a number lost its leading zero
    if not gazetteer.country_of_postcode(value):
        raise RowError(name, not_a_postcode(value))
    return value


def position_fields(item: dict) -> dict:
    latitude, longitude = text_field(item, "latitude"), text_field(item, "longitude")
    if not latitude and not longitude:
        return {"latitude": None, "longitude": None}
    try:
        lat, lon = float(latitude.replace(",", ".")), float(longitude.replace(",", "."))
    except ValueError:
        raise RowError("latitude", _("not a position: %(value)s", value=f"{latitude}, {longitude}")) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat, lon) == (0, 0):
        raise RowError("latitude", _("not a position: %(value)s", value=f"{lat}, {lon}"))
    return {"latitude": lat, "longitude": lon}


def hours_field(item: dict, name: str, country: str) -> str | None:
    opening_hours = text_field(item, name) or None
    error = check_hours(opening_hours, country)
    if error:
        raise RowError(name, _("opening hours that cannot be read: %(error)s", error=error))
    return opening_hours


def values_field(item: dict, name: str) -> list[str]:
    value = item.get(name)
    values = value if isinstance(value, list) else MULTI.split(text_field(item, name))
    return [str(one).strip() for one in values if str(one).strip()]


def first_web_address(item: dict, name: str) -> str | None:
    """The first web address of a field; a value that is not one refuses the row (it becomes a link)."""
    value = next(iter(values_field(item, name)), None)
    if value is not None and not WEB_ADDRESS.match(value):
        raise RowError(name, _("not a web address starting with http:// or https://: %(value)s", value=value))
    return value


def first_email(item: dict, name: str) -> str | None:
    """The first e-mail address of a field; a value that is not one refuses the row."""
    value = next(iter(values_field(item, name)), None)
    if value is not None and not EMAIL_ADDRESS.match(value):
        raise RowError(name, _("not an e-mail address: %(value)s", value=value))
    return value


def mapped(values: list[str], table: dict, name: str, unmapped: Counter) -> list:
    found = []
    for value in values:
        if table.get(value) is None:
            unmapped[(name, value)] += 1
        else:
            found.append(table[value])
    return found


def place_fields(item: dict, names: dict) -> dict:
    """The fields LaMednum and data·inclusion share (under the names given)."""
    code = postcode_field(item, "code_postal")
    country = gazetteer.country_of_postcode(code)
    street = ", ".join(
        part for part in (text_field(item, names["street"]), text_field(item, "complement_adresse")) if part
    )
    return {
        "name": required_field(item, "nom"),
        "street": street or None,
        "postcode": code,
        "commune": required_field(item, "commune"),
        "country": country,
        **position_fields(item),
        "phone": text_field(item, "telephone") or None,
        "email": first_email(item, names["email"]),
        "website": first_web_address(item, "site_web"),
        "opening_hours": hours_field(item, names["hours"], country),
    }


def one_cost(costs: list[str]) -> str | None:
    """One cost for the place: free or paid when all agree, free under conditions when they differ."""
    kinds = set(costs)
    return None if not kinds else kinds.pop() if len(kinds) == 1 else "free_conditional"


def one_access(modes: list[str]) -> str | None:
    kinds = set(modes)
    return None if not kinds else kinds.pop() if len(kinds) == 1 else "both"


def codes_by_value(table: dict) -> dict:
    """Standard value → our code, from a table of our code → standard value."""
    return {value: code for code, value in table.items()}


def check_row(row: Row, today: dt.date) -> Row:
    """Return the row when the database can hold it as stated; raise RowError naming the field
    (a value longer than its column, a NUL or a broken character, a list where a text goes, a date
    in the future, which would outrank every later correction)."""
    if row.as_of > today.isoformat():
        raise RowError("date", _("in the future: %(date)s", date=row.as_of))
    key_length = ImportedRecord.__table__.c.key.type.length
    if len(row.key) > key_length:
        raise RowError("id", _("longer than %(count)d characters", count=key_length))
    for name, value in row.record.items():
        column = Place.__table__.c.get(name)
        if column is not None and isinstance(column.type, String) and value is not None:
            _check_text(name, value, column.type.length)
        elif name in ("names", "descriptions", "prices") and isinstance(value, dict):
            for texts in value.values():
                for text in texts.values() if isinstance(texts, dict) else [texts]:
                    _check_text(name, text, None)
    return row


def _check_text(name: str, value, length: int | None) -> None:
    if not isinstance(value, str):
        raise RowError(name, _("a list or a group of values where a text is expected"))
    if "\x00" in value or not _is_encodable(value):
        raise RowError(name, _("characters that are not text"))
    if length and len(value) > length:
        raise RowError(name, _("longer than %(count)d characters", count=length))


def _is_encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, from JSON's \ud800
        return False
    return True
