"""What each mail says: invitations, password resets, update reminders, answers to claims.

Each function builds its absolute links and sends one mail through finder.mail, in the
recipient's language.
"""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from finder import accounts, completeness
from finder.mail import Letter, send, send_later
from finder.models import Place, Staff


def _link(endpoint: str, lang: str, **values) -> str:
    return url_for(endpoint, lang_code=lang, _external=True, **values)


def password_link(staff: Staff, purpose: str) -> str:
    """The absolute, one-time link of an invitation or a password reset."""
    token = accounts.password_token(staff, purpose)
    endpoint = "auth.invitation" if purpose == "invitation" else "auth.reset_password"
    return _link(endpoint, staff.language, token=token)


def send_invitation(staff: Staff) -> tuple[str, bool]:
    """Mail an invitation to a new account; return its link (admins may also copy it) and whether
    the mail was sent."""
    link = password_link(staff, "invitation")

    def write() -> Letter:
        places = ", ".join(place.name for place in staff.places)
        paragraphs = [
            _("Hello %(name)s,", name=staff.name),
            _("You are invited to keep the listing of your place up to date on EPN Finder.")
            + (" " + _("Places: %(places)s.", places=places) if places else ""),
            _("Choose your password with the link below. It works once, for 3 days."),
        ]
        return Letter(_("Your EPN Finder account"), paragraphs, [(_("Choose my password"), link)])

    return link, send(staff.email, staff.language, write)


def queue_password_reset(email: str) -> None:
    """Look the address up and mail its account a reset link, in the background: whether an
    account uses the address never shows in the time the page takes."""

    def work() -> None:
        staff = accounts.staff_by_email(email)
        if staff is not None and staff.is_active:
            send_password_reset(staff)

    send_later(work)


def send_password_reset(staff: Staff) -> bool:
    """Mail a one-time link to choose a new password, valid two hours."""
    link = password_link(staff, "reset")

    def write() -> Letter:
        paragraphs = [
            _("Hello %(name)s,", name=staff.name),
            _("Someone asked to change the password of your EPN Finder account."),
            _("Choose a new password with the link below. It works once, for 2 hours."),
            _("If you did not ask for this, do nothing: your password stays the same."),
        ]
        return Letter(_("A new password for EPN Finder"), paragraphs, [(_("Choose a new password"), link)])

    return send(staff.email, staff.language, write)


def send_reminder(
    staff: Staff, place: Place, missing: list[str], confirm_link: str, looked_at: int = 0
) -> bool:
    """Ask staff to update a listing: how often people looked at it last month, what is missing
    (completeness check names), the form, and "still accurate"."""

    def write() -> Letter:
        paragraphs = [
            _("Hello %(name)s,", name=staff.name),
            _(
                "People use EPN Finder to find %(place)s. Please check that its listing is still true.",
                place=place.name,
            ),
            ngettext(
                "Last month, people looked at its listing %(num)d time.",
                "Last month, people looked at its listing %(num)d times.",
                looked_at,
            ),
        ]
        if missing:
            labels = "; ".join(str(completeness.CHECKS[name]) for name in missing)
            paragraphs.append(_("What is missing: %(items)s.", items=labels))
        actions = [
            (_("Update the listing"), _link("staff.edit_place", staff.language, place_id=place.id)),
            (_("Everything is still accurate"), confirm_link),
        ]
        return Letter(_("Is the listing of %(place)s still true?", place=place.name), paragraphs, actions)

    return send(staff.email, staff.language, write)


def send_claim_refused(email: str, lang: str, place: Place) -> bool:
    """Tell someone who asked to run a place that the request was not accepted."""

    def write() -> Letter:
        paragraphs = [
            _("Hello,"),
            _("You asked to manage the listing of %(place)s on EPN Finder.", place=place.name),
            _("We could not confirm that you work there, so we did not create an account."),
            _("If this is a mistake, reply with a way to check it, for example an address of the place."),
        ]
        return Letter(_("Your request about %(place)s", place=place.name), paragraphs)

    return send(email, lang, write)


def send_place_added(staff: Staff, place: Place) -> bool:
    """Tell an existing account that it may now edit one more place."""

    def write() -> Letter:
        paragraphs = [
            _("Hello %(name)s,", name=staff.name),
            _("You can now keep the listing of %(place)s up to date.", place=place.name),
        ]
        link = _link("staff.edit_place", staff.language, place_id=place.id)
        return Letter(
            _("Your request about %(place)s", place=place.name), paragraphs, [(_("Update the listing"), link)]
        )

    return send(staff.email, staff.language, write)
