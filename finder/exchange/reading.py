"""Reading open-data files of digital-help places into records the directory stores.

Formats: the French standard of "lieux de médiation numérique" (LaMednum v1.0.2, and its older 0.x
form, as CSV or JSON), data·inclusion's structures and services (JSON), and the directory's own CSV
export (so a spreadsheet edited by hand comes back). Each row becomes a `Row` (a record in the seed
format of `places.record_of`) or a `RowError` naming the field and the reason. Values that have no
equivalent here are counted in `Reading.unmapped`, never silently dropped.
"""

import csv
import datetime as dt
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _

from finder.exchange import inclusion, mednum, own_csv
from finder.exchange.fields import Row, RowError, check_row
from finder.hours import now_brussels

FORMATS = ("lamednum", "data-inclusion", "csv")
CELL_LIMIT = 100_000  # characters in one CSV cell: more than any description


class FormatError(ValueError):
    """A file that is not one of the formats we read."""


@dataclass
class Reading:
    format: str
    rows: list[tuple[int, Row | RowError]] = field(default_factory=list)
    unmapped: Counter = field(default_factory=Counter)  # (field, value) → rows


def read(path: Path, wanted: str = "auto", today: dt.date | None = None) -> Reading:
    """Read a file in a format we know; `auto` tells the format from the file itself."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(_("The file is not UTF-8 text.")) from None
    return read_text(text, wanted, today or now_brussels().date())


def read_text(text: str, wanted: str, today: dt.date) -> Reading:
    items = _json_items(text) if text.lstrip()[:1] in "[{" else _csv_items(text)
    kind = _detect(items) if wanted == "auto" else wanted
    if kind not in FORMATS:
        raise FormatError(_("Unknown format: %(value)s", value=wanted))
    reading = Reading(kind)
    if kind == "data-inclusion" and items and "structure_id" in items[0]:
        reading.rows = _checked(inclusion.read_services(items, reading.unmapped), today)
        return reading
    parse = {
        "lamednum": mednum.read_row,
        "data-inclusion": inclusion.read_structure,
        "csv": own_csv.read_row,
    }[kind]
    for number, item in enumerate(items, start=1):
        try:
            reading.rows.append((number, parse(item, reading.unmapped, today)))
        except RowError as error:
            error.key = str(item.get("slug") or item.get("id") or "")  # a known record, refused this time
            reading.rows.append((number, error))
    reading.rows = _checked(reading.rows, today)
    return reading


def _checked(rows: list[tuple[int, Row | RowError]], today: dt.date) -> list[tuple[int, Row | RowError]]:
    """Refuse the rows the database cannot hold as stated (fields.check_row), keeping their ids."""
    return [(number, _checked_row(row, today)) for number, row in rows]


def _checked_row(row: Row | RowError, today: dt.date) -> Row | RowError:
    if isinstance(row, RowError):
        return row
    try:
        return check_row(row, today)
    except RowError as error:
        error.key = row.key  # a known record, refused this time
        return error


def _json_items(text: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError(_("The JSON cannot be read (line %(line)s).", line=error.lineno)) from None
    except RecursionError:  # thousands of nested brackets
        raise FormatError(_("The JSON holds no list of records.")) from None
    if isinstance(data, dict):  # {"places": [...]}, {"data": [...]}…
        data = next((value for value in data.values() if isinstance(value, list)), None)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise FormatError(_("The JSON holds no list of records."))
    return data


def _csv_items(text: str) -> list[dict]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        raise FormatError(_("The file is neither JSON nor a CSV table.")) from None
    usual = csv.field_size_limit(CELL_LIMIT)  # process-wide, and other libraries raise it: set ours
    try:
        return list(csv.DictReader(io.StringIO(text), dialect=dialect))
    except csv.Error as error:  # a cell larger than the limit, a stray NUL…
        raise FormatError(_("The CSV table cannot be read: %(reason)s", reason=error)) from None
    finally:
        csv.field_size_limit(usual)


def _detect(items: list[dict]) -> str:
    fields = set(items[0]) if items else set()
    if "slug" in fields:
        return "csv"
    if {"structure_id", "thematiques"} & fields or {"horaires_accueil", "reseaux_porteurs"} & fields:
        return "data-inclusion"
    if {"nom", "date_maj"} <= fields:
        return "lamednum"
    raise FormatError(_("The columns are not those of LaMednum, data·inclusion or our own CSV."))
