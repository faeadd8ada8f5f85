"""Who may do what: the guards every feature's views use (the rule itself is `Staff.may_edit`)."""

import functools

from flask import abort
from flask_login import current_user, login_required

from finder.models import AuditEntry, Closure, Correction, Event, Place, Staff, db


def admin_required(view):
    """Let only logged-in administrators use a view: others are sent to login, or get 403."""

    @functools.wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return guarded


def get_place_for_staff(staff: Staff, place_id: int) -> Place:
    """Return a place this person may edit, or stop with 404 (no such place) or 403 (not theirs)."""
    place = db.get_or_404(Place, place_id)
    if not staff.may_edit(place):
        abort(403)
    return place


def _part_of_place(model, staff: Staff, place_id: int, part_id: int):
    place = get_place_for_staff(staff, place_id)
    part = db.get_or_404(model, part_id)
    if part.place_id != place.id:
        abort(404)
    return place, part


def get_closure_for_staff(staff: Staff, place_id: int, closure_id: int) -> tuple[Place, Closure]:
    """Return a place this person may edit and one of its closures, or stop with 403/404."""
    return _part_of_place(Closure, staff, place_id, closure_id)


def get_event_for_staff(staff: Staff, place_id: int, event_id: int) -> tuple[Place, Event]:
    """Return a place this person may edit and one of its events, or stop with 403/404."""
    return _part_of_place(Event, staff, place_id, event_id)


def get_audit_entry_for_staff(staff: Staff, place_id: int, entry_id: int) -> tuple[Place, AuditEntry]:
    """Return a place this person may edit and one entry of its history, or stop with 403/404."""
    return _part_of_place(AuditEntry, staff, place_id, entry_id)


def get_correction_for_staff(staff: Staff, correction_id: int) -> Correction:
    """Return a correction of a place this person may edit, or stop with 403/404."""
    correction = db.get_or_404(Correction, correction_id)
    get_place_for_staff(staff, correction.place_id)
    return correction
