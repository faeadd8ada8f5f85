"""'I run this place': a visitor asks to keep a listing that has no team; an admin checks and
decides, and the person is told the outcome by mail (an invitation, or a refusal)."""

from sqlalchemy import select, update

from finder import accounts, data_token, letters
from finder.models import ClaimRequest, Place, db, now_utc, staff_place


def can_be_claimed(place: Place) -> bool:
    """Only a place without a team can be asked for (a kept place, search/query.py, does not load
    its team: the places with one are read once per data token, which a team's change changes)."""
    return place.id not in data_token.kept_while_unchanged("places_with_a_team", _places_with_a_team)


def _places_with_a_team() -> frozenset[int]:
    return frozenset(db.session.scalars(select(staff_place.c.place_id).distinct()))


def submit(place: Place, name: str, role: str, email: str, message: str, language: str) -> ClaimRequest:
    """Record a request for an admin to check."""
    claim = ClaimRequest(
        place=place,
        name=name.strip(),
        role=role.strip(),
        email=accounts.normalise_email(email),
        message=(message or "").strip(),
        language=language,
    )
    db.session.add(claim)
    db.session.commit()
    return claim


def pending() -> list[ClaimRequest]:
    """Requests waiting for a decision, oldest first."""
    query = select(ClaimRequest).where(ClaimRequest.decided_at.is_(None)).order_by(ClaimRequest.id)
    return list(db.session.scalars(query))


class AlreadyDecided(Exception):
    """Another administrator decided this request first."""


def approve(claim: ClaimRequest) -> bool:
    """Give the person the place: a new account gets an invitation by mail, an existing one is told.
    Return whether the mail was sent."""
    _take(claim, "approved")
    staff = accounts.staff_by_email(claim.email)
    if staff is None:
        staff = accounts.create_staff(claim.email, claim.name, places=[claim.place], language=claim.language)
        _link, sent = letters.send_invitation(staff)
    else:
        accounts.set_staff_places(staff, [*staff.places, claim.place])
        sent = letters.send_place_added(staff, claim.place)
    claim.is_answer_mailed = sent
    db.session.commit()
    return sent


def refuse(claim: ClaimRequest) -> bool:
    """Tell the person no account was created. Return whether the mail was sent; the decision and
    that outcome are saved together."""
    _take(claim, "refused")
    claim.is_answer_mailed = letters.send_claim_refused(claim.email, claim.language, claim.place)
    db.session.commit()
    return claim.is_answer_mailed


def _take(claim: ClaimRequest, outcome: str) -> None:
    """Mark the request decided, unless another administrator did it first (then raise AlreadyDecided).

    One conditional UPDATE: of two admins deciding at the same moment, the database lets one win.
    """
    taken = db.session.execute(
        update(ClaimRequest)
        .where(ClaimRequest.id == claim.id, ClaimRequest.decided_at.is_(None))
        .values(decided_at=now_utc(), outcome=outcome)
    )
    if taken.rowcount != 1:
        db.session.rollback()
        raise AlreadyDecided
