"""Staff accounts: passwords (argon2), invitations and password resets by one-time link, places
they may edit."""

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select

from finder.models import Place, Staff, db

# what each signed link lets its holder do, and for how long: choose a password once (it carries the
# account's link stamp, which the new password changes), or say a place's listing is still accurate
LINK_MAX_AGE = {"invitation": 72 * 3600, "reset": 2 * 3600, "still-accurate": 30 * 24 * 3600}
LINK_SALTS = {"invitation": "staff-invitation", "reset": "staff-reset", "still-accurate": "still-accurate"}
hasher = PasswordHasher()


def normalise_email(email: str) -> str:
    """E-mail addresses are compared in lower case, without spaces."""
    return email.strip().lower()


def set_password(staff: Staff, password: str) -> None:
    """Hash and store a new password; this ends other sessions and used links."""
    staff.password_hash = hasher.hash(password)
    staff.login_stamp = secrets.token_hex(8)


def authenticate(email: str, password: str) -> Staff | None:
    """Return the active staff member with this e-mail and password, or None."""
    staff = db.session.scalar(select(Staff).where(Staff.email == normalise_email(email)))
    if staff is None or staff.password_hash is None:
        hasher.hash(password)  # same work either way, so timing does not reveal which e-mails exist
        return None
    try:
        hasher.verify(staff.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return staff if staff.is_active else None


def create_staff(
    email: str,
    name: str,
    is_admin: bool = False,
    password: str | None = None,
    places: list[Place] | None = None,
    language: str = "fr",
) -> Staff:
    """Create an account; without a password it waits for its invitation to be used."""
    staff = Staff(
        email=normalise_email(email),
        name=name.strip(),
        is_admin=is_admin,
        language=language,
        login_stamp=secrets.token_hex(8),
        places=places or [],
    )
    if password:
        set_password(staff, password)
    db.session.add(staff)
    db.session.commit()
    return staff


def email_taken(email: str) -> bool:
    """Tell whether an account already uses this e-mail."""
    return db.session.scalar(select(func.count(Staff.id)).where(Staff.email == normalise_email(email))) > 0


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALTS[purpose])


def sign_link(purpose: str, data: dict) -> str:
    """Return the token of a signed link for this purpose (a key of LINK_MAX_AGE)."""
    return _serializer(purpose).dumps(data)


def read_link(purpose: str, token: str) -> dict | None:
    """Return what a signed link for this purpose carries, or None when forged, expired or malformed."""
    try:
        data = _serializer(purpose).loads(token, max_age=LINK_MAX_AGE[purpose])
    except BadSignature:
        return None
    return data if isinstance(data, dict) else None


def password_token(staff: Staff, purpose: str = "invitation") -> str:
    """Return a link token ("invitation" or "reset") that lets this person set a password once."""
    return sign_link(purpose, {"id": staff.id, "stamp": staff.link_stamp})


def staff_from_token(token: str, purpose: str = "invitation") -> Staff | None:
    """Return the account a valid, unused, unexpired link is for, or None."""
    data = read_link(purpose, token)
    staff = db.session.get(Staff, data["id"]) if data and isinstance(data.get("id"), int) else None
    if staff is None or staff.link_stamp != data.get("stamp") or not staff.is_active_account:
        return None
    return staff


def staff_by_email(email: str) -> Staff | None:
    """Return the account that uses this e-mail, if any."""
    return db.session.scalar(select(Staff).where(Staff.email == normalise_email(email)))


def accept_invitation(staff: Staff, password: str) -> None:
    """Set the password chosen from an invitation or a reset link; the link stops working."""
    set_password(staff, password)
    db.session.commit()


def load_staff(session_id: str) -> Staff | None:
    """Flask-Login loader: the id and stamp must both match, so a new password ends old sessions."""
    staff_id, _, stamp = session_id.partition(":")
    staff = db.session.get(Staff, int(staff_id)) if staff_id.isdigit() else None
    return staff if staff and staff.login_stamp == stamp and staff.is_active else None


def set_staff_places(staff: Staff, places: list[Place]) -> None:
    """Choose the places a staff member may edit."""
    staff.places = places
    db.session.commit()


def end_sessions(staff: Staff) -> None:
    """End every session of this account, on every device: a copied session cookie stops working."""
    staff.login_stamp = secrets.token_hex(8)
    db.session.commit()


def set_active(staff: Staff, is_active: bool) -> None:
    """Deactivate or reactivate an account; deactivation ends its sessions."""
    staff.is_active_account = is_active
    staff.login_stamp = secrets.token_hex(8)
    db.session.commit()


def all_staff() -> list[Staff]:
    """Return every account, by name."""
    return list(db.session.scalars(select(Staff).order_by(Staff.name)))
