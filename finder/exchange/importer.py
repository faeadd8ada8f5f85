"""Importing open-data files: each record keyed by (source, its id in the source), merged fact by fact.

- Idempotent: a record whose content has not changed since the last import of its source is skipped
  (its checksum is kept with its key); re-importing a file changes nothing and says so.
- Provenance: every fact a record sets has origin "import", the source's name and the record's
  `date_maj`. A fact known from a more recent date (set by staff, an admin, another import) is kept;
  people win a tie.
- Duplicates: a record unknown to its source but matching a place already known (same official id,
  or the same name within 50 m) is linked to that place, and listed in the report.
- One transaction: a dry run, a crash or Ctrl-C leaves the database as it was before the run.
"""

import hashlib
import json

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from finder import facts
from finder.editing import diff_records, record_change
from finder.exchange.fields import Row, RowError
from finder.exchange.reading import Reading
from finder.exchange.report import Report
from finder.geo import gazetteer
from finder.models import ImportedRecord, Place, db, now_utc
from finder.places import PlaceDataError, apply_record, is_slug, record_of, slugify

SAME_PLACE_METRES = 50
BATCH = 500  # rows between flushes


class ImportConflict(Exception):
    """Someone saved a place the import was changing: nothing was saved, the import can run again."""


def checksum(row: Row) -> str:
    content = json.dumps([row.as_of, row.official_id, row.record], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(content.encode()).hexdigest()


def merge_import(current: dict, incoming: dict, origin: dict, is_partial: bool) -> dict:
    """Return the place's record with the facts the file states that are not known from later."""
    provenance = dict(current.get("provenance") or {})
    merged = {**current, "tags": dict(current.get("tags", {}))}
    as_of = facts.first_day(origin["as_of"])
    for fact, fields in facts.FACT_FIELDS.items():
        known = provenance.get(fact) or {}
        from_same_source = known.get("origin") == "import" and known.get("source") == origin["source"]
        if not facts.has_value(incoming, fact) and (is_partial or not from_same_source):
            continue  # the file says nothing of it
        if known.get("as_of"):
            known_since = facts.first_day(known["as_of"])
            if known_since > as_of or (known_since == as_of and known.get("origin") in ("staff", "admin")):
                continue  # known from later
        values = [facts.field_value(incoming, name) for name in fields if _states(incoming, name)]
        if values == [facts.field_value(current, name) for name in fields if _states(incoming, name)]:
            if not from_same_source:
                continue  # the same value: its origin stays
        for name in fields:
            if _states(incoming, name):
                facts.set_field(merged, name, facts.field_value(incoming, name))
        provenance[fact] = origin
    merged["provenance"] = provenance
    return merged


def _states(record: dict, name: str) -> bool:
    """Whether the record speaks of this field (a tag kind counts when the record has tags at all)."""
    return (
        name.removeprefix("tags.") in record.get("tags", {}) if name.startswith("tags.") else name in record
    )


class _Known:
    """What the database knows before the run: keys, official ids, slugs, names and positions."""

    def __init__(self, source: str):
        rows = db.session.execute(
            select(ImportedRecord.key, ImportedRecord.checksum, ImportedRecord.place_id).where(
                ImportedRecord.source == source
            )
        )
        self.keys = {row.key: (row.checksum, row.place_id) for row in rows}
        # an official id names one place only when no other place carries it (a city's SIRET is
        # often given for each of its town-hall annexes)
        carriers: dict[str, set[int]] = {}
        query = select(ImportedRecord.official_id, ImportedRecord.place_id)
        for row in db.session.execute(query.where(ImportedRecord.official_id.is_not(None))):
            carriers.setdefault(row.official_id, set()).add(row.place_id)
        self.official = {official: places.pop() for official, places in carriers.items() if len(places) == 1}
        self.slugs = set(db.session.scalars(select(Place.slug)))
        self.by_name: dict[str, list[tuple[int | Place, float, float]]] = {}
        query = select(Place.id, Place.name, Place.latitude, Place.longitude).where(
            Place.latitude.is_not(None), Place.is_location_approximate.is_(False)
        )
        for place in db.session.execute(query):
            self.add_name(place.id, place.name, place.latitude, place.longitude)

    def add_name(
        self, place: int | Place, name: str, latitude: float | None, longitude: float | None
    ) -> None:
        """Remember a place (its id, or a new Place) by its name and exact position."""
        if latitude is not None and longitude is not None:
            self.by_name.setdefault(gazetteer.normalise(name), []).append((place, latitude, longitude))

    def same_place(self, row: Row) -> tuple[int | Place, str] | None:
        """(place, how) of a place this record already describes, from another source or row."""
        if row.official_id and row.official_id in self.official:
            return self.official[row.official_id], _("the same official id")
        record = row.record
        if record.get("latitude") is None or not record.get("name"):
            return None
        for place, latitude, longitude in self.by_name.get(gazetteer.normalise(record["name"]), []):
            metres = (
                gazetteer.distance_km(latitude, longitude, record["latitude"], record["longitude"]) * 1000
            )
            if metres <= SAME_PLACE_METRES:
                return place, _("the same name within 50 m")
        return None

    def new_slug(self, record: dict) -> str:
        base = slugify(f"{record['name']} {record.get('commune') or ''}") or "place"
        slug, number = base, 1
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        self.slugs.add(slug)
        return slug


def run_import(reading: Reading, source: str, dry_run: bool = False) -> Report:
    """Import what a file holds under a source name; commit only when all went through and not dry."""
    report = Report(source, reading.format, dry_run, unmapped=reading.unmapped)
    known = _Known(source)
    pending: list[tuple[Place, dict, dict | None]] = []  # changed places: the change, the record before
    try:
        for number, row in reading.rows:
            if isinstance(row, RowError):
                report.rejected.append((number, row.field, row.reason))
                continue
            try:
                _import_row(number, row, source, known, report, pending)
            except PlaceDataError as error:
                report.rejected.append((number, "record", str(error)))
            if len(pending) >= BATCH:
                _write_history(pending)
        _write_history(pending)
        if not any(isinstance(row, Row) and row.is_partial for _number, row in reading.rows):
            in_file = {row.key for _number, row in reading.rows}
            report.no_longer_in_file = len(set(known.keys) - in_file)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise ImportConflict from None
    except BaseException:
        db.session.rollback()
        raise
    return report


def _import_row(number: int, row: Row, source: str, known: _Known, report: Report, pending: list) -> None:
    total = checksum(row)
    known_key = known.keys.get(row.key)
    if known_key and known_key[0] == total:
        report.unchanged += 1
        return
    place = db.session.get(Place, known_key[1]) if known_key else None
    if place is None and is_slug(row.slug or ""):
        place = db.session.scalar(select(Place).where(Place.slug == row.slug))
    if place is None and row.is_partial:
        reason = _("no structure %(key)s imported from %(source)s", key=row.key, source=source)
        report.rejected.append((number, "structure_id", reason))
        return
    same = known.same_place(row) if place is None else None
    if same:
        place = same[0] if isinstance(same[0], Place) else db.session.get(Place, same[0])
        report.matched.append((number, row.key, place.slug, same[1]))
    is_new = place is None
    if is_new:
        place = Place(
            slug=row.slug
            if is_slug(row.slug or "") and row.slug not in known.slugs
            else known.new_slug(row.record)
        )
        known.slugs.add(place.slug)
        db.session.add(place)
    before = {**record_of(place), "provenance": {}} if is_new else record_of(place)
    origin = {
        "origin": "import",
        "source": row.collected_by or source,
        "as_of": row.as_of,
        "historical": False,
    }
    apply_record(place, merge_import(before, row.record, origin, row.is_partial))
    diff = diff_records(before, record_of(place))
    changed = bool(diff) or before["provenance"] != place.provenance
    if is_new:
        report.created += 1
        known.add_name(place, place.name, *(_exact_position(place)))
    elif not same:
        report.updated += changed
        report.unchanged += not changed
    _remember(row, source, place, total, known_key is not None)
    if changed:
        place.updated_at = now_utc()
        pending.append((place, diff, None if is_new else before))


def _exact_position(place: Place) -> tuple[float | None, float | None]:
    return (place.latitude, place.longitude) if place.has_exact_position else (None, None)


def _remember(row: Row, source: str, place: Place, total: str, is_known: bool) -> None:
    if is_known:
        entry = db.session.scalar(
            select(ImportedRecord).where(ImportedRecord.source == source, ImportedRecord.key == row.key)
        )
        entry.checksum, entry.as_of, entry.imported_at = total, row.as_of, now_utc()
        entry.official_id = row.official_id or entry.official_id
    else:
        db.session.add(
            ImportedRecord(
                source=source,
                key=row.key,
                place=place,
                official_id=row.official_id,
                checksum=total,
                as_of=row.as_of,
            )
        )


def _write_history(pending: list) -> None:
    """Flush the batch, then write each change to its place's history (ids exist after the flush)."""
    db.session.flush()
    for place, diff, before in pending:
        record_change(place, None, "import", diff, before)
    pending.clear()
