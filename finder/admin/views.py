"""Admin pages: accounts, invitations, requests to run a place, completeness, new places, history
and restore."""

import datetime as dt
import math
from types import SimpleNamespace

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from finder import accounts, claims, completeness, counts, editing, letters, places, reminders
from finder.admin import history_words
from finder.admin.forms import ConfirmImportForm, ImportForm, InviteForm, NewPlaceForm, StaffPlacesForm
from finder.auth.guards import admin_required, get_audit_entry_for_staff, get_place_for_staff
from finder.exchange import importer, reading, uploads
from finder.exchange.report import Report
from finder.exchange.spreadsheet import csv_file
from finder.hours import now_brussels
from finder.models import ClaimRequest, Place, Staff, db
from finder.places import freshness_limit
from finder.web.forms import EmptyForm, as_choices

bp = Blueprint("admin", __name__)
CONFLICT = _l("Someone saved a place during the import, so nothing was saved. Import the file again.")


def _place_choices(*groups: list[Place]) -> list:
    """Choices of a places form: the places given (an account's, a search's, the ones sent), never
    the whole directory, so that the page's size does not grow with it."""
    chosen = {place.id: place for group in groups for place in group}
    return as_choices((place.id, place.name) for place in sorted(chosen.values(), key=lambda p: p.name))


def _sent_places() -> list[Place]:
    """The places a posted form names (ids that exist)."""
    ids = [int(value) for value in request.form.getlist("places") if value.isdigit() and len(value) < 12]
    return places.places_with_ids(ids)


def _found_places() -> list[Place]:
    """The places of the accounts page's search (?find=)."""
    return places.find_places(request.args.get("find", "")[:100])


@bp.route("/staff", methods=["GET", "POST"])
@admin_required
def staff_list():
    """List accounts and invite a new staff member by a one-time link."""
    form = _invite_form()
    invite_url = None
    if form.validate_on_submit():
        if accounts.email_taken(form.email.data):
            form.email.errors = [_("An account already uses this e-mail.")]
        else:
            chosen = places.places_with_ids(form.places.data or [])
            staff = accounts.create_staff(
                form.email.data, form.name.data, places=chosen, language=form.language.data
            )
            invite_url, mail_sent = letters.send_invitation(staff)
            flash(_("Account created for %(email)s.", email=staff.email), "success")
            if not mail_sent:
                flash(_("The e-mail could not be sent: send the link below yourself."), "error")
            form = _invite_form(formdata=None)  # empty again: a second press must not invite twice
    status = 400 if form.errors else 200
    return render_template(
        "admin/staff.html",
        form=form,
        invite_url=invite_url,
        accounts=accounts.all_staff(),
        places_form=_places_form,
        found=_found_places(),
        find=request.args.get("find", ""),
        button=EmptyForm(),
    ), status


def _invite_form(**kwargs) -> InviteForm:
    form = InviteForm(**kwargs)
    form.places.choices = _place_choices(_found_places(), _sent_places())
    return form


def _places_form(staff: Staff, found: list[Place]) -> StaffPlacesForm:
    form = StaffPlacesForm(formdata=None, places=[place.id for place in staff.places])
    form.places.choices = _place_choices(staff.places, found)
    form.places.id = f"places-{staff.id}"
    return form


@bp.post("/staff/<int:staff_id>/places")
@admin_required
def staff_places(staff_id: int):
    """Choose which places an account may edit."""
    staff = db.get_or_404(Staff, staff_id)
    form = StaffPlacesForm()
    form.places.choices = _place_choices(_sent_places())
    if not form.validate_on_submit():
        abort(400)
    accounts.set_staff_places(staff, places.places_with_ids(form.places.data))
    flash(_("The places of %(name)s are saved.", name=staff.name), "success")
    return redirect(url_for("admin.staff_list"))


@bp.post("/staff/<int:staff_id>/active/<int:value>")
@admin_required
def staff_active(staff_id: int, value: int):
    """Deactivate (0) or reactivate (1) an account."""
    staff = db.get_or_404(Staff, staff_id)
    if staff.id == current_user.id:  # an admin cannot lock themselves out
        abort(400)
    accounts.set_active(staff, bool(value))
    return redirect(url_for("admin.staff_list"))


@bp.route("/places/new", methods=["GET", "POST"])
@admin_required
def new_place():
    """Create a place, then open its edit form."""
    form = NewPlaceForm()
    if form.validate_on_submit():
        place = places.create_place(form.name.data, form.commune.data)
        return redirect(url_for("staff.edit_place", place_id=place.id))
    return render_template("admin/new_place.html", form=form), 400 if form.errors else 200


@bp.route("/import", methods=["GET", "POST"])
@admin_required
def import_file():
    """Send a file to import: its dry run shows what would change, to confirm."""
    form = ImportForm()
    if form.validate_on_submit():
        token = uploads.keep(form.file.data, form.format.data, form.source.data, current_user.id)
        path, meta = uploads.kept(token, current_user.id)
        try:
            report = _import(path, meta, dry_run=True)
        except (reading.FormatError, importer.ImportConflict) as error:
            uploads.forget(token)
            form.file.errors = [_refusal(error)]
        else:
            confirm = ConfirmImportForm(token=token)
            return render_template("admin/import.html", form=form, report=report, confirm=confirm)
    return render_template("admin/import.html", form=form), 400 if form.errors else 200


@bp.post("/import/confirm")
@admin_required
def confirm_import():
    """Import the file whose dry run was shown (once, by the admin who sent it)."""
    form = ConfirmImportForm()
    taken = uploads.take(form.token.data, current_user.id) if form.validate_on_submit() else None
    if taken is None:
        flash(_("This file is no longer waiting: send it again."), "error")
        return redirect(url_for("admin.import_file"))
    try:
        with uploads.one_import_at_a_time():
            report = _import(*taken, dry_run=False)
    except (importer.ImportConflict, uploads.ImportBusy) as error:
        uploads.give_back(form.token.data)
        flash(_refusal(error), "error")
        return redirect(url_for("admin.import_file"))
    uploads.forget(form.token.data)
    return render_template("admin/import.html", form=ImportForm(formdata=None), report=report)


def _import(path, meta: dict, dry_run: bool) -> Report:
    found = reading.read(path, meta["format"])
    if len(found.rows) > current_app.config["IMPORT_MAX_ROWS"]:
        raise reading.FormatError(
            _(
                "more than %(count)d places: import it with the flask import command.",
                count=current_app.config["IMPORT_MAX_ROWS"],
            )
        )
    return importer.run_import(found, meta["source"], dry_run)


def _refusal(error: Exception) -> str:
    """What an admin reads when a file cannot be imported now."""
    if isinstance(error, importer.ImportConflict):
        return str(CONFLICT)
    if isinstance(error, uploads.ImportBusy):
        return _("Another import is running. Try again in a minute.")
    return _("This file cannot be imported: %(reason)s", reason=error)


@bp.get("/places/<int:place_id>/history")
@admin_required
def history(place_id: int):
    """Show every recorded change of a place."""
    place = get_place_for_staff(current_user, place_id)
    return render_template(
        "admin/history.html",
        place=place,
        entries=editing.history(place),
        button=EmptyForm(),
        words=history_words,
    )


@bp.post("/places/<int:place_id>/restore/<int:entry_id>")
@admin_required
def restore(place_id: int, entry_id: int):
    """Put a place back as it was before a recorded change."""
    place, entry = get_audit_entry_for_staff(current_user, place_id, entry_id)
    if not entry.before:
        abort(400)
    editing.restore_version(place, current_user, entry)
    flash(_("The earlier version is back."), "success")
    return redirect(url_for("admin.history", place_id=place.id))


@bp.get("/claims")
@admin_required
def claim_list():
    """Requests to run a place, waiting for a decision."""
    return render_template("admin/claims.html", claims=claims.pending(), button=EmptyForm())


@bp.post("/claims/<int:claim_id>/<decision>")
@admin_required
def decide_claim(claim_id: int, decision: str):
    """Approve (an invitation is mailed) or refuse (the person is told) a request."""
    claim = db.get_or_404(ClaimRequest, claim_id)
    if decision not in ("approve", "refuse") or not EmptyForm().validate_on_submit():
        abort(400)
    try:
        _decide(claim, decision)
    except claims.AlreadyDecided:
        flash(_("Another administrator has already decided this request."), "error")
    return redirect(url_for("admin.claim_list"))


def _decide(claim: ClaimRequest, decision: str) -> None:
    if decision == "approve" and claims.approve(claim):
        place = claim.place.name
        flash(
            _(
                "%(email)s can now keep %(place)s up to date; we sent them an e-mail.",
                email=claim.email,
                place=place,
            ),
            "success",
        )
    elif decision == "approve":
        flash(_("The e-mail could not be sent: invite the person again from Accounts."), "error")
    elif claims.refuse(claim):
        flash(_("Request refused; we told %(email)s.", email=claim.email), "success")
    else:
        flash(
            _("Request refused, but the e-mail to %(email)s could not be sent.", email=claim.email), "error"
        )


@bp.get("/completeness")
@admin_required
def completeness_list():
    """Every place by completeness, with filters by what is missing, counts, and a CSV."""
    since = freshness_limit(now_brussels().date())
    lacking = request.args.get("missing", "")
    if lacking and lacking not in completeness.CHECKS:
        abort(400)
    every_place = places.all_places()
    today = now_brussels().date()
    views = counts.place_totals(None, today - dt.timedelta(days=30), today)
    rows = completeness.table(every_place, since, lacking, views)
    if request.args.get("format") == "csv":
        return csv_file(*completeness.csv_table(rows), "completeness.csv")
    shown = _page_of(rows, places.LIST_SIZE * 2)
    return render_template(
        "admin/completeness.html",
        rows=rows[(shown.page - 1) * shown.size : shown.page * shown.size],
        shown=shown,
        total=len(every_place),
        counts=completeness.counts(every_place, since),
        checks=completeness.CHECKS,
        lacking=lacking,
        reminded=reminders.last_reminders(),
        views=views,
    )


def _page_of(rows: list, size: int) -> SimpleNamespace:
    """The page of a long list the URL asks for (?page=), or 404 past its end."""
    page = request.args.get("page", "1")
    count = max(1, math.ceil(len(rows) / size))
    if not page.isdigit() or not 1 <= int(page) <= count:
        abort(404)
    return SimpleNamespace(page=int(page), page_count=count, size=size)
