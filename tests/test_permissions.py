"""Every staff and admin route is guarded: anonymous visitors log in, staff touch only their places."""

import datetime as dt

import pytest
from sqlalchemy import select

from finder import claims, editing
from finder.models import AuditEntry, Closure, Correction, Event, Place, Staff, db

GUARDED = ("staff", "admin")


@pytest.fixture
def world(app, auth, anna_keeps_a):
    """Place A (Anna's) and place B (not hers), B with a closure, an event, a correction, a history."""
    auth.create("admin@example.org", "Admin", is_admin=True)
    with app.app_context():
        b = db.session.scalar(select(Place).where(Place.slug == "b"))
        editing.add_closure(b, None, dt.date(2030, 1, 1), dt.date(2030, 1, 2), {})
        editing.add_event(b, None, {"starts_at": dt.datetime(2030, 1, 5, 10), "titles": {"fr": "Atelier"}})
        editing.submit_correction(b, "Wrong phone", None)
        claim = claims.submit(b, "Bob", "coordinator", "bob@example.org", "", "fr")
        ids = {
            "a": db.session.scalar(select(Place.id).where(Place.slug == "a")),
            "place_id": b.id,
            "closure_id": db.session.scalar(select(Closure.id)),
            "event_id": db.session.scalar(select(Event.id)),
            "correction_id": db.session.scalar(select(Correction.id)),
            "entry_id": db.session.scalar(select(AuditEntry.id).where(AuditEntry.place_id == b.id)),
            "staff_id": db.session.scalar(select(Staff.id).where(Staff.is_admin.is_(True))),
            "value": 0,
            "claim_id": claim.id,
            "decision": "approve",
        }
    return ids


def guarded_requests(app, values: dict):
    """Yield (endpoint, method, path) for every route of the staff and admin blueprints."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in GUARDED:
            continue
        path = rule.rule.replace("<lang_code>", "en")
        for name in rule.arguments - {"lang_code"}:
            path = path.replace(f"<int:{name}>", str(values[name])).replace(f"<{name}>", str(values[name]))
        for method in sorted({"GET", "POST"} & rule.methods):
            yield rule.endpoint, method, path


def test_every_guarded_route_is_found(app, world):
    endpoints = {endpoint for endpoint, _, _ in guarded_requests(app, world)}
    assert {"staff.delete_closure", "staff.delete_event", "admin.restore", "admin.history"} <= endpoints
    assert len(endpoints) >= 14


def test_anonymous_visitors_are_sent_to_login_everywhere(app, client, world):
    for _endpoint, method, path in guarded_requests(app, world):
        response = client.open(path, method=method)
        assert response.status_code == 302, (method, path)
        assert response.headers["Location"].startswith("/en/staff/login"), (method, path)


def test_staff_of_a_cannot_touch_place_b_nor_admin_pages(app, client, auth, world):
    auth.login()
    for endpoint, method, path in guarded_requests(app, world):
        response = client.open(path, method=method, data={"name": "Hacked", "places": [world["a"]]})
        if endpoint == "staff.dashboard":
            assert response.status_code == 200
        else:
            assert response.status_code == 403, (method, path, response.status_code)
    with app.app_context():
        b = db.session.get(Place, world["place_id"])
        assert b.name == "Place B" and len(b.closures) == 1 and len(b.events) == 1
        assert db.session.get(Correction, world["correction_id"]).handled_at is None


@pytest.mark.parametrize("part", ["closures/{closure_id}", "events/{event_id}"])
def test_a_part_of_place_b_cannot_be_deleted_through_place_a(app, client, auth, world, part):
    auth.login()
    path = f"/en/staff/places/{world['a']}/{part.format(**world)}/delete"
    assert client.post(path).status_code == 404
    with app.app_context():
        b = db.session.get(Place, world["place_id"])
        assert len(b.closures) == 1 and len(b.events) == 1


def test_admin_reaches_every_guarded_route(app, client, auth, world):
    auth.login("admin@example.org")
    for _endpoint, method, path in guarded_requests(app, world):
        if method == "GET":
            assert client.get(path).status_code == 200, path
