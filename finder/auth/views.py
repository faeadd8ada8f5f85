"""Staff login, logout, invitations, password resets and "still accurate" links (Flask-Login,
argon2, rate-limited), and every permission check."""

import functools

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from finder import accounts, editing, letters, reminders
from finder.auth.forms import LoginForm, PasswordForm, ResetRequestForm
from finder.models import AuditEntry, Closure, Correction, Event, Place, Staff, db
from finder.staff.forms import EmptyForm
from finder.web.security import local_target

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address)


def admin_required(view):
    """Let only logged-in administrators use a view: others are sent to login, or get 403."""

    @functools.wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return guarded


def may_edit(staff: Staff, place: Place) -> bool:
    """Tell whether this person may change this place."""
    return staff.is_admin or any(own.id == place.id for own in staff.places)


def get_place_for_staff(staff: Staff, place_id: int) -> Place:
    """Return a place this person may edit, or stop with 404 (no such place) or 403 (not theirs)."""
    place = db.get_or_404(Place, place_id)
    if not may_edit(staff, place):
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


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per minute; 20 per hour", methods=["POST"])
def login():
    """Log a staff member in; the message never says which of e-mail or password was wrong."""
    form = LoginForm()
    if form.validate_on_submit():
        staff = accounts.authenticate(form.email.data, form.password.data)
        if staff:
            session.clear()  # a fresh session at login, so nothing from before carries over
            login_user(staff)
            return redirect(local_target(request.args.get("next"), url_for("staff.dashboard")))
        flash(_("E-mail or password is not right."), "error")
    return render_template("staff/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Log out: the session ends on the server too (on every device of this account)."""
    accounts.end_sessions(current_user)
    logout_user()
    session.clear()
    flash(_("You are logged out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def invitation(token: str):
    """Let an invited person choose a password, once, within 72 hours."""
    return _choose_password(token, "invitation")


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def reset():
    """Mail a link to choose a new password; the answer never says whether the address has an account."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        staff = accounts.staff_by_email(form.email.data)
        if staff is not None and staff.is_active:
            letters.send_password_reset(staff)
        flash(_("If an account uses this address, we have sent it a link. It works for 2 hours."), "success")
        return redirect(url_for("auth.login"))
    return render_template("staff/reset.html", form=form), 400 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def reset_password(token: str):
    """Let a person choose a new password from a reset link, once, within 2 hours."""
    return _choose_password(token, "reset")


def _choose_password(token: str, purpose: str):
    staff = accounts.staff_from_token(token, current_app.config["SECRET_KEY"], purpose)
    if staff is None:
        return render_template("staff/invitation_invalid.html"), 404
    form = PasswordForm()
    if form.validate_on_submit():
        accounts.accept_invitation(staff, form.password.data)
        flash(_("Your password is set. You can log in now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("staff/invitation.html", form=form, staff=staff, purpose=purpose)


@bp.route("/still-accurate/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def still_accurate(token: str):
    """From a reminder: confirm, after a confirmation page, that a listing is still true."""
    found = reminders.from_confirm_link(token)
    if found is None:
        return render_template("staff/invitation_invalid.html"), 404
    staff, place = found
    form = EmptyForm()
    if form.validate_on_submit():
        editing.mark_verified(place, staff)
        flash(_("Thank you: %(place)s is marked as checked today.", place=place.name), "success")
        return redirect(url_for("public.place", slug=place.slug))
    return render_template("staff/still_accurate.html", form=form, place=place)


def init_app(app) -> None:
    """Bind Flask-Login and Flask-Limiter."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = None
    login_manager.user_loader(accounts.load_staff)
    limiter.init_app(app)
