"""Staff login, logout and invitations (Flask-Login, argon2, rate-limited)."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, login_required, login_user, logout_user

from finder import accounts
from finder.security import local_target
from finder.staff_forms import LoginForm, PasswordForm

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address)


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
    """Log out and forget the session."""
    logout_user()
    session.clear()
    flash(_("You are logged out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def invitation(token: str):
    """Let an invited person choose a password, once, within 72 hours."""
    staff = accounts.staff_from_invitation(token, current_app.config["SECRET_KEY"])
    if staff is None:
        return render_template("staff/invitation_invalid.html"), 404
    form = PasswordForm()
    if form.validate_on_submit():
        accounts.accept_invitation(staff, form.password.data)
        flash(_("Your password is set. You can log in now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("staff/invitation.html", form=form, staff=staff)


def init_app(app) -> None:
    """Bind Flask-Login and Flask-Limiter."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = None
    login_manager.user_loader(accounts.load_staff)
    limiter.init_app(app)
