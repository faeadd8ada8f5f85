"""Staff login, logout, invitations, password resets and "still accurate" links (Flask-Login,
argon2, rate-limited)."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from finder import accounts, editing, letters, reminders
from finder.auth.forms import LoginForm, PasswordForm, ResetRequestForm
from finder.web.forms import EmptyForm
from finder.web.security import limiter, local_target

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


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
        letters.queue_password_reset(form.email.data)
        flash(_("If an account uses this address, we have sent it a link. It works for 2 hours."), "success")
        return redirect(url_for("auth.login"))
    return render_template("staff/reset.html", form=form), 400 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def reset_password(token: str):
    """Let a person choose a new password from a reset link, once, within 2 hours."""
    return _choose_password(token, "reset")


def _choose_password(token: str, purpose: str):
    staff = accounts.staff_from_token(token, purpose)
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
    """Bind Flask-Login."""
    # current_user as a global, read only by the templates that name it (staff pages), rather than
    # Flask-Login's context processor, which loads the user for every page
    login_manager.init_app(app, add_context_processor=False)
    app.jinja_env.globals["current_user"] = current_user
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = None
    login_manager.user_loader(accounts.load_staff)
