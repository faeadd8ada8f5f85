"""Where each fact of a listing comes from, and since when it holds (pure: no Flask, no database).

A place's `provenance` maps a fact (a group of fields a person acts on) to its origin:
{"origin": "seed" | "import" | "staff" | "admin", "source": URL or source name, "staff_id": id,
 "as_of": "2023" | "2023-10" | "2023-10-19" (the precision the source gives), "historical": bool}.
"""

import datetime as dt
import re

# fact -> the record fields it covers ("tags.<kind>" is one kind of tag)
FACT_FIELDS = {
    "name": ("name", "organisation", "names"),
    "description": ("descriptions",),
    "position": ("street", "postcode", "commune", "latitude", "longitude"),
    "hours": ("opening_hours",),
    "contact": ("phone", "email", "website"),
    "cost": ("cost", "prices"),
    "access": ("access_mode",),
    "services": ("tags.service",),
    "audiences": ("tags.audience",),
    "languages": ("tags.language",),
    "accessibility": ("tags.accessibility",),
    "equipment": ("tags.equipment",),
    "outreach": ("tags.outreach",),
    "labels": ("tags.label",),
}
FACTS = tuple(FACT_FIELDS)
AS_OF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# the origins that people stand behind; a seed never overwrites them
PEOPLE = ("staff", "admin", "import")


def check_as_of(text: str) -> bool:
    """Tell whether a date is written as YYYY, YYYY-MM or YYYY-MM-DD and exists."""
    if not AS_OF.match(text or ""):
        return False
    try:
        first_day(text)
    except ValueError:
        return False
    return True


def first_day(as_of: str) -> dt.date:
    """The first day a date of any precision may mean: old facts are judged as old as they can be."""
    parts = [int(part) for part in as_of.split("-")]
    return dt.date(parts[0], *(parts[1:] + [1, 1])[:2])


def precision(as_of: str) -> str:
    """Return 'year', 'month' or 'day'."""
    return ("year", "month", "day")[as_of.count("-")]


def fresh_since(today: dt.date, months: int) -> dt.date:
    """Return the first day from which a fact still counts as current."""
    month_index = today.year * 12 + today.month - 1 - months
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def is_current(origin: dict | None, since: dt.date) -> bool:
    """Tell whether a fact's origin is recent enough, and not marked historical by its source."""
    if not origin or origin.get("historical") or not origin.get("as_of"):
        return False
    return first_day(origin["as_of"]) >= since


def hours_state(hours: str | None, provenance: dict | None, since: dt.date) -> str:
    """Return 'unknown' (no hours), 'current' (usable as true) or 'unconfirmed' (too old to trust)."""
    if not hours:
        return "unknown"
    return "current" if is_current((provenance or {}).get("hours"), since) else "unconfirmed"


def current_hours(hours: str | None, provenance: dict | None, since: dt.date) -> str | None:
    """Return the hours when they may be shown as true, else None."""
    return hours if hours_state(hours, provenance, since) == "current" else None


def field_value(record: dict, field: str):
    """Return one field of a record; 'tags.<kind>' reads a kind of tag."""
    if field.startswith("tags."):
        return record.get("tags", {}).get(field.removeprefix("tags."), [])
    return record.get(field)


def has_value(record: dict, fact: str) -> bool:
    """Tell whether the record knows something of this fact."""
    return any(field_value(record, field) not in (None, "", [], {}) for field in FACT_FIELDS[fact])


def confirmed(provenance: dict, facts, origin: str, staff_id: int | None, today: dt.date) -> dict:
    """Return provenance with these facts marked as confirmed today by a person."""
    stamp = {"origin": origin, "staff_id": staff_id, "as_of": today.isoformat()}
    return {**provenance, **dict.fromkeys(facts, stamp)}


def seed_origin(source: str | None, as_of: str, is_historical: bool) -> dict:
    """Return the origin of the facts a seed record states."""
    return {"origin": "seed", "source": source, "as_of": as_of, "historical": is_historical}


def merge_seed(current: dict, seed: dict, origin: dict) -> dict:
    """Return the record with the seed's facts, keeping every fact a person or an import set."""
    provenance = dict(current.get("provenance") or {})
    merged = {**current, "tags": dict(current.get("tags", {}))}
    for fact, fields in FACT_FIELDS.items():
        if (provenance.get(fact) or {}).get("origin") in PEOPLE:
            continue
        for field in fields:
            set_field(merged, field, field_value(seed, field))
        provenance[fact] = origin
    merged["source_url"] = seed.get("source_url")
    merged["provenance"] = provenance
    return merged


def set_field(record: dict, field: str, value) -> None:
    """Write one field as record_of writes it: sorted tag codes, {} for an empty text mapping."""
    if field.startswith("tags."):
        kind = field.removeprefix("tags.")
        if value:
            record["tags"][kind] = sorted(value)
        else:
            record["tags"].pop(kind, None)
    elif field in ("descriptions", "prices"):
        record[field] = dict(value or {})
    else:
        record[field] = value
