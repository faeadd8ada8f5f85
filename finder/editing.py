"""Changes staff make to places: each one checked, recorded in the audit log, committed once."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from finder import data_token, facts
from finder.hours import now_brussels
from finder.models import AuditEntry, Closure, Correction, Event, Place, Staff, db, now_utc
from finder.places import apply_record, check_record, closure_record, record_of


class EditConflict(Exception):
    """Someone else saved the place since the form was opened."""

    def __init__(self, current: dict):
        super().__init__("edit conflict")
        self.current = current


def diff_records(before: dict, after: dict) -> dict:
    """Return {field: [before, after]} for every field that differs (provenance is kept, not listed)."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(after)
        if key != "provenance" and before.get(key) != after.get(key)
    }


def update_place(
    place: Place,
    staff: Staff | None,
    changes: dict,
    expected_version: int | None = None,
    action: str = "edit",
    confirms=(),
) -> dict:
    """Apply changes to a place, refusing stale forms; record and return what changed.

    The facts in `confirms` are marked as confirmed today by this person: they saw them and saved.
    """
    if expected_version is not None and place.version != expected_version:
        raise EditConflict(record_of(place))
    before = record_of(place)
    after = {**before, **changes, "slug": place.slug}
    if staff is not None and confirms:
        origin = "admin" if staff.is_admin and not staff.keeps(place) else "staff"
        today = now_brussels().date()
        after["provenance"] = facts.confirmed(after["provenance"], confirms, origin, staff.id, today)
    apply_record(place, after)
    diff = diff_records(before, record_of(place))
    if diff or before["provenance"] != place.provenance:
        place.updated_at = now_utc()  # bumps the version even when only tags or closures changed
        record_change(place, staff, action, diff, before)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise EditConflict(record_of(db.session.get(Place, place.id))) from None
    return diff


def record_change(
    place: Place, staff: Staff | None, action: str, changes: dict, before: dict | None = None
) -> None:
    """Write a change to the place's history (who, what, the fields before and after, the record before)."""
    db.session.add(
        AuditEntry(
            place_id=place.id,
            staff_id=staff.id if staff else None,
            action=action,
            changes=changes,
            before=before or {},
        )
    )


def save_place_form(place: Place, staff: Staff, record: dict, expected_version: int) -> dict:
    """Save the edit form: what it shows is now confirmed by this person, and the listing checked today."""
    checked = {**record, "verified_on": now_brussels().date().isoformat()}
    return update_place(place, staff, checked, expected_version=expected_version, confirms=facts.FACTS)


def mark_verified(place: Place, staff: Staff) -> None:
    """Record that the listing is still accurate today: every fact it states is confirmed."""
    record = record_of(place)
    known = [fact for fact in facts.FACTS if facts.has_value(record, fact)]
    today = now_brussels().date().isoformat()
    update_place(place, staff, {"verified_on": today}, action="verified", confirms=known)


def seed_places(records: list[dict]) -> tuple[int, int]:
    """Create or refresh places from seed records keyed by slug; return (created, changed).

    The seed only writes the facts it owns: a fact set by staff, an admin or an import is kept.
    Slugs never change (they are printed on sheets and QR codes). Every change is in the history.
    """
    for record in records:
        check_record(record)
    created = changed = 0
    for record in records:
        place = db.session.scalar(select(Place).where(Place.slug == record["slug"]))
        is_new = place is None
        if is_new:
            place = Place(slug=record["slug"])
            db.session.add(place)
            created += 1
        before = record_of(place)
        origin = facts.seed_origin(
            record.get("source_url"), record["as_of"], record.get("is_historical", False)
        )
        apply_record(place, facts.merge_seed(before, record, origin))
        db.session.flush()
        diff = diff_records(before, record_of(place))
        if diff or before["provenance"] != place.provenance:
            place.updated_at = now_utc()
            changed += not is_new
            record_change(place, None, "seed", diff, None if is_new else before)
    db.session.commit()
    return created, changed


def add_closure(place: Place, staff: Staff, starts_on: dt.date, ends_on: dt.date, reasons: dict) -> None:
    """Add a temporary closure."""
    closures = record_of(place)["closures"] + [
        {"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(), "reasons": reasons}
    ]
    update_place(place, staff, {"closures": sorted(closures, key=lambda c: c["starts_on"])}, action="closure")


def remove_closure(place: Place, staff: Staff, closure: Closure) -> None:
    """Remove one temporary closure of this place."""
    closures = [closure_record(other) for other in place.closures if other.id != closure.id]
    update_place(place, staff, {"closures": closures}, action="closure")


def restore_version(place: Place, staff: Staff, entry: AuditEntry) -> dict:
    """Put a place back as it was before an audited change."""
    return update_place(place, staff, entry.before, action="restore")


def add_event(place: Place, staff: Staff, data: dict) -> Event:
    """Add an event or workshop to a place."""
    event = Event(place_id=place.id, **data)
    db.session.add(event)
    record_change(place, staff, "event", {"event": [None, data["titles"]]})
    db.session.commit()
    return event


def remove_event(place: Place, staff: Staff, event: Event) -> None:
    """Delete one of the place's events."""
    db.session.delete(event)
    record_change(place, staff, "event", {"event": [event.titles, None]})
    db.session.commit()


def upcoming_events(now: dt.datetime, place: Place | None = None, limit: int = 50) -> list[Event]:
    """Return the events that have not ended yet, soonest first."""
    if place is not None and place.id not in places_with_events():
        return []
    local_now = now.replace(tzinfo=None)
    query = (
        select(Event)
        .join(Place)
        .where(Place.is_published.is_(True), Event.starts_at >= local_now - dt.timedelta(hours=12))
    )
    if place is not None:
        query = query.where(Event.place_id == place.id)
    return list(db.session.scalars(query.order_by(Event.starts_at).limit(limit)))


def places_with_events() -> frozenset[int]:
    """The ids of the places that have events, past or coming: asked once per data token (every
    event written changes it), so the page of a place without any asks nothing."""
    return data_token.kept_while_unchanged("places_with_events", _places_with_events)


def _places_with_events() -> frozenset[int]:
    return frozenset(db.session.scalars(select(Event.place_id).distinct()))


def history(place: Place) -> list[AuditEntry]:
    """Return the audit log of a place, newest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.place_id == place.id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        )
    )


def submit_correction(place: Place, message: str, contact: str | None) -> None:
    """Queue a visitor's suggested correction."""
    db.session.add(Correction(place_id=place.id, message=message, contact=contact or None))
    db.session.commit()


def open_corrections(staff: Staff, limit: int = 50) -> list[Correction]:
    """Return the oldest corrections this person should handle: their places', or all for admins."""
    query = select(Correction).where(Correction.handled_at.is_(None))
    if not staff.is_admin:
        query = query.where(Correction.place_id.in_([place.id for place in staff.places]))
    return list(db.session.scalars(query.order_by(Correction.created_at).limit(limit)))


def handle_correction(correction: Correction) -> None:
    """Close a correction and forget the visitor's contact details, which served only to answer."""
    correction.handled_at = now_utc()
    correction.contact = None
    db.session.commit()


def stale_places(today: dt.date, months: int, limit: int = 50) -> list[Place]:
    """Return places their team has not checked within the freshness setting, oldest first."""
    since = facts.fresh_since(today, months)
    query = select(Place).where((Place.verified_on.is_(None)) | (Place.verified_on < since))
    order = (Place.verified_on.is_(None).desc(), Place.verified_on, Place.id)
    return list(db.session.scalars(query.order_by(*order).limit(limit)))
