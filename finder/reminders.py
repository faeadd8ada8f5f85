"""Update reminders: a mail to the team of each listing that is old or lacks hours or a way to be
reached, never more than one per place every 30 days, with a one-click "still accurate" link.

`flask --app app send-reminders` runs it (daily, from cron or a systemd timer).
"""

import datetime as dt

from flask import url_for
from sqlalchemy import func, select

from finder import accounts, completeness, counts, letters
from finder.models import Place, Reminder, Staff, db

MIN_DAYS_BETWEEN = 30


def last_reminders() -> dict[int, Reminder]:
    """Return the latest reminder of each place that had one."""
    latest = (
        select(Reminder.place_id, func.max(Reminder.id).label("id")).group_by(Reminder.place_id).subquery()
    )
    query = select(Reminder).join(latest, Reminder.id == latest.c.id)
    return {reminder.place_id: reminder for reminder in db.session.scalars(query)}


def places_to_remind(now: dt.datetime, since: dt.date) -> list[Place]:
    """Published places with an active team, something old or missing, and no recent reminder."""
    # sent_at is stored in UTC without its zone (now_utc); compare in the same terms
    recent = (now - dt.timedelta(days=MIN_DAYS_BETWEEN)).astimezone(dt.UTC).replace(tzinfo=None)
    reminded = select(Reminder.place_id).where(Reminder.sent_at > recent)
    query = select(Place).where(Place.is_published.is_(True), Place.staff.any(), Place.id.not_in(reminded))
    return [
        place
        for place in db.session.scalars(query.order_by(Place.id))
        if completeness.missing(place, since, completeness.REMINDER_CHECKS) and _team(place)
    ]


def _team(place: Place) -> list[Staff]:
    return [staff for staff in place.staff if staff.is_active]


def send_reminders(now: dt.datetime, since: dt.date) -> list[Reminder]:
    """Mail every place's team that needs it; record each reminder (one commit per place)."""
    sent = []
    month = counts.last_month(now.date())
    for place in places_to_remind(now, since):
        missing = completeness.missing(place, since)
        looked_at = counts.place_totals([place.id], *month).get(place.id, 0)
        reached = [
            staff.email
            for staff in _team(place)
            if letters.send_reminder(staff, place, missing, confirm_link(staff, place), looked_at)
        ]
        if not reached:  # the mail server refused or is down: try again tomorrow
            continue
        reminder = Reminder(place=place, recipients=", ".join(reached))
        db.session.add(reminder)
        db.session.commit()
        sent.append(reminder)
    return sent


def confirm_link(staff: Staff, place: Place) -> str:
    """The signed link that lets this staff member say "still accurate" without logging in."""
    token = accounts.sign_link(
        "still-accurate", {"staff": staff.id, "place": place.id, "stamp": staff.link_stamp}
    )
    return url_for("auth.still_accurate", lang_code=staff.language, token=token, _external=True)


def from_confirm_link(token: str) -> tuple[Staff, Place] | None:
    """Return who confirms which place from a valid, unexpired link; None otherwise."""
    data = accounts.read_link("still-accurate", token)
    if data is None or not all(isinstance(data.get(key), int) for key in ("staff", "place")):
        return None
    staff, place = db.session.get(Staff, data.get("staff")), db.session.get(Place, data.get("place"))
    if staff is None or place is None or not staff.is_active or staff.link_stamp != data.get("stamp"):
        return None
    return (staff, place) if staff.may_edit(place) else None
