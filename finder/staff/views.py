"""The staff area: each staff member keeps their own places true."""

import datetime as dt

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from finder import completeness, counts, editing, places
from finder.auth.guards import (
    get_closure_for_staff,
    get_correction_for_staff,
    get_event_for_staff,
    get_place_for_staff,
)
from finder.hours import coming_week, now_brussels, open_status
from finder.places import freshness_limit
from finder.staff.forms import ClosureForm, EventForm, PlaceForm
from finder.staff.place_form import form_for_place, record_from_form
from finder.web.forms import EmptyForm

bp = Blueprint("staff", __name__)


@bp.get("/")
@login_required
def dashboard():
    """List my places and the corrections waiting for me."""
    find = request.args.get("find", "")[:100] if current_user.is_admin else ""
    own = places.find_places(find) if find else current_user.places
    months = current_app.config["FRESHNESS_MONTHS"]
    today = now_brussels().date()
    since = freshness_limit(today)
    ids = [place.id for place in own]
    return render_template(
        "staff/dashboard.html",
        places=own,
        find=find,
        last_month=counts.place_totals(ids, *counts.last_month(today)),
        this_month=counts.place_totals(ids, today.replace(day=1), today),
        missing={place.id: completeness.missing_labels(place, since) for place in own},
        corrections=editing.open_corrections(current_user),
        stale=editing.stale_places(now_brussels().date(), months) if current_user.is_admin else [],
        months=months,
        button=EmptyForm(),
    )


@bp.route("/places/<int:place_id>/edit", methods=["GET", "POST"])
@login_required
def edit_place(place_id: int):
    """Edit a place's details and hours, with a preview and a check for concurrent edits."""
    place = get_place_for_staff(current_user, place_id)
    form = PlaceForm(lang=g.lang_code) if request.method == "POST" else form_for_place(place, g.lang_code)
    preview = conflict = None
    if form.validate_on_submit():
        record = record_from_form(form)
        if record is not None and "preview" in request.form:
            now = now_brussels()
            preview = (
                open_status(record["opening_hours"], place.closures, now, place.country),
                coming_week(record["opening_hours"], place.closures, now.date(), place.country),
            )
        elif record is not None:
            try:
                editing.save_place_form(place, current_user, record, int(form.version.data or 0))
            except editing.EditConflict as error:
                theirs = {field: error.current.get(field) for field in record}  # only what the form edits
                conflict = editing.diff_records(record, theirs)
                form.version.data = str(place.version)
                flash(
                    _(
                        "Someone else saved this place while you were editing. Nothing was saved: "
                        "compare with their changes below, then save again."
                    ),
                    "error",
                )
            else:
                flash(_("Saved. The public page shows your changes now."), "success")
                return redirect(url_for("staff.edit_place", place_id=place.id))
    status = 400 if request.method == "POST" and (form.errors or conflict) else 200
    return render_template(
        "staff/edit_place.html", place=place, form=form, preview=preview, conflict=conflict
    ), status


@bp.post("/places/<int:place_id>/verify")
@login_required
def verify(place_id: int):
    """Mark the listing as still accurate today."""
    place = get_place_for_staff(current_user, place_id)
    editing.mark_verified(place, current_user)
    flash(_("Thank you: the listing is marked as checked today."), "success")
    return redirect(url_for("staff.dashboard"))


@bp.route("/places/<int:place_id>/closures", methods=["GET", "POST"])
@login_required
def closures(place_id: int):
    """List and add temporary closures."""
    place = get_place_for_staff(current_user, place_id)
    form = ClosureForm()
    if form.validate_on_submit():
        reasons = form.texts_by_language("reason")
        editing.add_closure(place, current_user, form.starts_on.data, form.ends_on.data, reasons)
        flash(_("The closure is saved."), "success")
        return redirect(url_for("staff.closures", place_id=place.id))
    status = 400 if form.errors else 200
    return render_template("staff/closures.html", place=place, form=form, button=EmptyForm()), status


@bp.post("/places/<int:place_id>/closures/<int:closure_id>/delete")
@login_required
def delete_closure(place_id: int, closure_id: int):
    """Remove a temporary closure, named by its id."""
    place, closure = get_closure_for_staff(current_user, place_id, closure_id)
    editing.remove_closure(place, current_user, closure)
    return redirect(url_for("staff.closures", place_id=place.id))


@bp.route("/places/<int:place_id>/events", methods=["GET", "POST"])
@login_required
def events(place_id: int):
    """List and add events and workshops."""
    place = get_place_for_staff(current_user, place_id)
    form = EventForm()
    if form.validate_on_submit():
        editing.add_event(place, current_user, _event_data(form))
        flash(_("The event is saved."), "success")
        return redirect(url_for("staff.events", place_id=place.id))
    status = 400 if form.errors else 200
    upcoming = editing.upcoming_events(now_brussels(), place=place)
    return render_template(
        "staff/events.html", place=place, form=form, events=upcoming, button=EmptyForm()
    ), status


def _event_data(form: EventForm) -> dict:
    return {
        "starts_at": dt.datetime.combine(form.day.data, form.starts.data),
        "ends_at": dt.datetime.combine(form.day.data, form.ends.data) if form.ends.data else None,
        "titles": form.texts_by_language("title"),
        "descriptions": form.texts_by_language("description"),
        "registration": form.registration.data or None,
    }


@bp.post("/places/<int:place_id>/events/<int:event_id>/delete")
@login_required
def delete_event(place_id: int, event_id: int):
    """Delete an event of one of my places."""
    place, event = get_event_for_staff(current_user, place_id, event_id)
    editing.remove_event(place, current_user, event)
    return redirect(url_for("staff.events", place_id=place.id))


@bp.post("/corrections/<int:correction_id>/done")
@login_required
def correction_done(correction_id: int):
    """Close a suggested correction of one of my places."""
    editing.handle_correction(get_correction_for_staff(current_user, correction_id))
    return redirect(url_for("staff.dashboard"))
