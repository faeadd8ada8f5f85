"""The faults a security pass found stay fixed: redirects, sessions, sizes, hosts, files, caches."""

import datetime as dt
import io

import pytest
from sqlalchemy import select

from finder import editing
from finder.editing import seed_places
from finder.models import Closure, Correction, Place, db
from tests.conftest import BARE_SETTINGS, SAME_ORIGIN, place_record


@pytest.fixture
def anna(auth, anna_keeps_a):
    auth.login()


def place_a(app) -> Place:
    return db.session.scalar(select(Place).where(Place.slug == "a"))


@pytest.mark.parametrize(
    "target", ["/%09/evil.example", "/%0A/evil.example", "/%5C/evil.example", "//evil.example"]
)
def test_login_never_redirects_to_another_site(client, auth, make_place, target):
    make_place(slug="a")
    auth.create("anna@example.org", "Anna", slugs=["a"])
    response = client.post(
        f"/en/staff/login?next={target}", data={"email": "anna@example.org", "password": auth.password}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/staff/"


def test_shortlist_next_with_a_tab_or_newline_stays_on_the_site(client, make_place):
    make_place()
    for target in ("/\t/evil.example", "/\n/evil.example"):
        response = client.post(
            "/fr/shortlist/add", data={"slug": "test-place", "next": target}, headers=SAME_ORIGIN
        )
        assert response.status_code == 302 and response.headers["Location"] == "/fr/shortlist"


def test_a_copied_session_cookie_is_dead_after_logout(client, auth, anna):
    copied = client.get_cookie("session").value
    assert client.get("/en/staff/").status_code == 200
    auth.logout()
    client.set_cookie("session", copied)
    response = client.get("/en/staff/")
    assert response.status_code == 302 and "/en/staff/login" in response.headers["Location"]


def test_two_people_deleting_the_first_closure_delete_only_that_one(app, client, anna):
    with app.app_context():
        for day in (1, 10):
            editing.add_closure(place_a(app), None, dt.date(2030, 1, day), dt.date(2030, 1, day + 1), {})
        first_id, second_id = db.session.scalars(select(Closure.id).order_by(Closure.starts_on)).all()
        place_id = place_a(app).id
    path = f"/en/staff/places/{place_id}/closures/{first_id}/delete"
    assert client.post(path).status_code == 302
    assert client.post(path).status_code == 404  # the second person's page named a closure now gone
    with app.app_context():
        assert [closure.id for closure in place_a(app).closures] == [second_id]


def test_a_large_post_is_refused_before_it_is_read(client, make_place):
    make_place()
    big = {"message": "x" * (2 * 1024 * 1024)}
    response = client.post("/en/places/test-place/correction", data=big)
    assert response.status_code == 413
    assert "What you sent is too big." in response.get_data(as_text=True)


def test_a_post_with_thousands_of_fields_is_refused(client, make_place):
    make_place()
    many = "&".join(f"f{i}=x" for i in range(200_000))
    response = client.post(
        "/en/places/test-place/correction", data=many, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    parts = {f"field{i}": "x" for i in range(2000)}
    response = client.post("/en/places/test-place/correction", data=parts, content_type="multipart/form-data")
    assert response.status_code == 413


def test_a_file_where_a_text_is_expected_is_a_400(client, make_place):
    make_place()
    data = {"places": "test-place", "sheet_lang": "fr", "note": (io.BytesIO(b"hello"), "note.txt")}
    response = client.post("/en/sheet", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Something in the address or the form was not right." in response.get_data(as_text=True)


def test_a_forged_host_header_gets_no_page_and_no_link(client, make_place):
    make_place()
    response = client.get("/fr/sheet?places=test-place", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.get_data(as_text=True)


def test_a_named_host_is_used_for_absolute_links(make_app):
    app = make_app({**BARE_SETTINGS, "TESTING": True}, TRUSTED_HOSTS=["epn.example.org"])
    with app.app_context():
        seed_places([place_record()])
    client = app.test_client()
    html = client.get("/fr/sheet?places=test-place", base_url="https://epn.example.org").get_data(
        as_text=True
    )
    assert "https://epn.example.org/fr/sheet?places=test-place" in html
    assert client.get("/fr/sheet?places=test-place").status_code == 400  # localhost is not named


def test_staff_pages_and_posted_sheets_are_never_cached(client, anna, make_place):
    assert client.get("/en/staff/").headers["Cache-Control"] == "no-store"
    assert client.get("/en/staff/login").headers["Cache-Control"] == "no-store"
    sheet = client.post("/fr/sheet", data={"places": "a", "sheet_lang": "fr", "note": "Jean, mardi 10 h"})
    assert sheet.status_code == 200 and sheet.headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/fr/places/a").headers.get("Cache-Control", "")


def test_a_handled_correction_forgets_the_contact(app, client, anna):
    client.post("/en/places/a/correction", data={"message": "Wrong phone", "contact": "me@example.org"})
    with app.app_context():
        correction = db.session.scalar(select(Correction))
        assert correction.contact == "me@example.org"
        correction_id = correction.id
    assert client.post(f"/en/staff/corrections/{correction_id}/done").status_code == 302
    with app.app_context():
        assert db.session.get(Correction, correction_id).contact is None
