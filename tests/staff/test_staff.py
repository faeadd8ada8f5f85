"""The staff area: accounts, editing with audit and conflicts, security rules."""

import datetime as dt
import logging
import os
import re

import pytest
from markupsafe import escape
from sqlalchemy import select, text

from finder import accounts, editing
from finder.hours import now_brussels
from finder.models import AuditEntry, Correction, Place, Staff, db
from tests.conftest import BARE_SETTINGS, SAME_ORIGIN, StaffActions, edit_data
from tests.conftest import STAFF_PASSWORD as PASSWORD


@pytest.fixture
def admin(auth):
    auth.create("admin@example.org", "Admin", is_admin=True)


def test_login_logout_and_generic_error(auth, client, anna_keeps_a):
    bad = auth.login(password="wrong password!")
    assert "E-mail or password is not right." in bad.get_data(as_text=True)
    unknown = auth.login(email="nobody@example.org")
    assert "E-mail or password is not right." in unknown.get_data(as_text=True)
    assert auth.login().headers["Location"] == "/en/staff/"
    assert "Place A" in client.get("/en/staff/").get_data(as_text=True)
    auth.logout()
    assert client.get("/en/staff/").status_code == 302


@pytest.mark.parametrize(
    "url", ["/en/staff/", "/en/staff/places/1/edit", "/en/staff/places/1/closures", "/en/admin/staff"]
)
def test_anonymous_visitors_are_sent_to_login(auth, client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/en/staff/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "edit"),
        ("post", "edit"),
        ("get", "closures"),
        ("post", "closures"),
        ("get", "events"),
        ("post", "events"),
        ("post", "verify"),
        ("post", "closures/1/delete"),
        ("post", "events/1/delete"),
    ],
)
def test_staff_of_a_get_403_on_place_b(auth, client, anna_keeps_a, two_places, method, path):
    auth.login()
    response = getattr(client, method)(f"/en/staff/places/{two_places['b']}/{path}", data={"name": "Hacked"})
    assert response.status_code == 403


def test_staff_cannot_use_admin_pages(auth, client, anna_keeps_a, two_places):
    auth.login()
    assert client.get("/en/admin/staff").status_code == 403
    assert client.get(f"/en/admin/places/{two_places['a']}/history").status_code == 403


def test_correction_of_place_b_cannot_be_closed_by_staff_of_a(auth, app, client, anna_keeps_a, two_places):
    with app.app_context():
        db.session.add(Correction(place_id=two_places["b"], message="wrong phone"))
        db.session.commit()
        correction_id = db.session.scalar(select(Correction.id))
    auth.login()
    assert client.post(f"/en/staff/corrections/{correction_id}/done").status_code == 403


def test_edit_hours_changes_the_public_page_and_is_audited(auth, app, client, anna_keeps_a, two_places):
    auth.login()
    place_id = two_places["a"]
    data = edit_data(client, place_id, d5_opens1="10:00", d5_closes1="13:00", phone="02 279 00 00")
    response = client.post(f"/en/staff/places/{place_id}/edit", data=data)
    assert response.status_code == 302
    with app.app_context():
        place = db.session.get(Place, place_id)
        assert place.opening_hours == "Mo-Fr 09:00-17:00; Sa 10:00-13:00; PH off"
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.place_id == place_id, AuditEntry.action == "edit")
        )
        assert entry.staff.name == "Anna"
        assert entry.changes["phone"] == [None, "02 279 00 00"]
    page = client.get("/en/places/a").get_data(as_text=True)
    assert re.search(r"10:00\sAM to 1:00\sPM", page) and "02 279 00 00" in page


def test_preview_shows_hours_without_saving(auth, app, client, anna_keeps_a, two_places):
    auth.login()
    data = edit_data(client, two_places["a"], d6_opens1="10:00", d6_closes1="12:00")
    del data["save"]
    data["preview"] = "1"
    html = client.post(f"/en/staff/places/{two_places['a']}/edit", data=data).get_data(as_text=True)
    assert "Preview: what the public will see" in html
    with app.app_context():
        assert "Su" not in db.session.get(Place, two_places["a"]).opening_hours


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "call me", "phone number"),
        ("email", "not-an-email", "valid e-mail"),
        ("website", "javascript:alert(1)", "full web address"),
        ("postcode", "0000", "four digits in Belgium"),
        ("postcode", "1999", "do not know this postcode"),
        ("postcode", "99999", "do not know this postcode"),
        ("latitude", "48.0", "not in the country of the postcode"),
        ("longitude", "abc", "a number"),
        ("name", "", "This field is required"),
        ("name", "x" * 201, "200"),
    ],
)
def test_invalid_input_is_refused_with_a_message_and_kept(
    auth, app, client, anna_keeps_a, two_places, field, value, message
):
    auth.login()
    data = edit_data(client, two_places["a"], **{field: value})
    response = client.post(f"/en/staff/places/{two_places['a']}/edit", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    if value:  # what the person typed stays in the form, to be corrected
        assert f'value="{escape(value)}"' in html
    with app.app_context():
        assert db.session.get(Place, two_places["a"]).name == "Place A"


def test_invalid_advanced_hours_are_refused(auth, client, anna_keeps_a, two_places):
    auth.login()
    data = edit_data(client, two_places["a"], hours_mode="advanced", opening_hours="Monday 9 to 5")
    response = client.post(f"/en/staff/places/{two_places['a']}/edit", data=data)
    assert response.status_code == 400
    assert "These opening hours cannot be read" in response.get_data(as_text=True)


def test_second_concurrent_save_is_refused_and_shows_the_other_changes(
    auth, app, client, anna_keeps_a, two_places
):
    auth.login()
    first = edit_data(client, two_places["a"], phone="02 111 11 11")
    second = edit_data(client, two_places["a"], phone="02 222 22 22")
    assert client.post(f"/en/staff/places/{two_places['a']}/edit", data=first).status_code == 302
    response = client.post(f"/en/staff/places/{two_places['a']}/edit", data=second)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Someone else saved this place" in html and "02 111 11 11" in html
    conflict = html.split('id="conflict-title"')[1].split("</section>")[0]
    assert "verified_on" not in conflict and "closures" not in conflict  # only what the form edits
    with app.app_context():
        assert db.session.get(Place, two_places["a"]).phone == "02 111 11 11"


def test_closure_event_and_verify_show_on_the_public_page(auth, app, client, anna_keeps_a, two_places):
    auth.login()
    place_id = two_places["a"]
    today = now_brussels().date()
    assert 'id="events"' not in client.get("/en/places/a").text  # none yet, and so kept
    client.post(
        f"/en/staff/places/{place_id}/closures",
        data={
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=3)).isoformat(),
            "reason_en": "Painting the room",
        },
    )
    client.post(
        f"/en/staff/places/{place_id}/events",
        data={
            "day": (today + dt.timedelta(days=5)).isoformat(),
            "starts": "14:00",
            "ends": "16:00",
            "title_fr": "Atelier smartphone",
            "registration": "Call 02 000 00 00",
        },
    )
    client.post(f"/en/staff/places/{place_id}/verify")
    page = client.get("/en/places/a").get_data(as_text=True)
    assert "Painting the room" in page and "Temporarily closed until" in page
    assert 'id="events"' in page and 'lang="fr">Atelier smartphone' in page
    assert "Atelier smartphone" in client.get("/nl/events").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Place, place_id).verified_on == today


def test_bad_closure_dates_are_refused(auth, client, anna_keeps_a, two_places):
    auth.login()
    response = client.post(
        f"/en/staff/places/{two_places['a']}/closures",
        data={"starts_on": "2026-12-10", "ends_on": "2026-12-01"},
    )
    assert response.status_code == 400
    assert "The end date must be on or after the start date." in response.get_data(as_text=True)


def test_admin_invites_staff_who_sets_a_password_once(auth, app, client, admin, two_places, inbox):
    auth.login("admin@example.org")
    data = {"email": "Ben@Example.org", "name": "Ben", "language": "nl", "places": [str(two_places["b"])]}
    html = client.post("/en/admin/staff", data=data).get_data(as_text=True)
    link = re.search(r'value="http://localhost(/nl/staff/invitation/[^"]+)"', html).group(1)
    assert re.search(r'<input[^>]*name="email"[^>]*value=""', html)  # empty again: no double invitation
    (mail,) = inbox.to("ben@example.org")
    assert mail["Subject"] == "Uw EPN Finder-account"
    assert f"http://localhost{link}" in inbox.links(mail) and "Place B" in inbox.text(mail)
    assert mail.get_body(preferencelist=("html",)) is not None
    auth.logout()
    assert client.post(link, data={"password": PASSWORD, "confirm": PASSWORD}).status_code == 302
    assert client.get(link).status_code == 404  # one time only
    auth.login("ben@example.org")
    assert "Place B" in client.get("/en/staff/").get_data(as_text=True)


def test_expired_invitation_is_refused(app, client, monkeypatch):
    with app.app_context():
        staff = accounts.create_staff("late@example.org", "Late")
        token = accounts.password_token(staff)
    monkeypatch.setitem(accounts.LINK_MAX_AGE, "invitation", -1)
    assert client.get(f"/en/staff/invitation/{token}").status_code == 404


def test_deactivated_account_cannot_log_in_and_loses_its_session(auth, app, client, anna_keeps_a, admin):
    auth.login()
    with app.app_context():
        anna = db.session.scalar(select(Staff).where(Staff.email == "anna@example.org"))
        accounts.set_active(anna, False)
    assert client.get("/en/staff/").status_code == 302
    assert "E-mail or password is not right." in auth.login().get_data(as_text=True)


def test_admin_sees_history_and_restores(auth, app, client, anna_keeps_a, admin, two_places):
    auth.login()
    client.post(
        f"/en/staff/places/{two_places['a']}/edit", data=edit_data(client, two_places["a"], name="Renamed")
    )
    auth.logout()
    auth.login("admin@example.org")
    with app.app_context():
        editing.add_closure(
            db.session.get(Place, two_places["a"]), None, dt.date(2030, 1, 1), dt.date(2030, 1, 2), {}
        )
    html = client.get(f"/fr/admin/places/{two_places['a']}/history").get_data(as_text=True)
    assert "Renamed" in html and "Anna" in html
    assert "Nom" in html and "Information last checked" not in html  # labels in the reader's language
    assert "Fermé du 1 janvier 2030 au 2 janvier 2030." in html  # readable values, never Python's
    assert "verified_on" not in html and "starts_on" not in html and "{" not in html.split("<main")[1]
    entry_id = re.findall(r"/restore/(\d+)", html)[1]  # newest first: the closure, then the rename
    client.post(f"/en/admin/places/{two_places['a']}/restore/{entry_id}")
    with app.app_context():
        assert db.session.get(Place, two_places["a"]).name == "Place A"
    assert "An earlier version restored" in client.get(
        f"/en/admin/places/{two_places['a']}/history"
    ).get_data(as_text=True)


def test_admin_sees_stale_listings(auth, client, admin, make_place):
    make_place(slug="old", name="Old Listing", as_of="2020-01")
    auth.login("admin@example.org")
    html = client.get("/en/staff/").get_data(as_text=True)
    assert "Listings their team has not checked for 12 months" in html and "Old Listing" in html


def test_public_correction_lands_in_the_queue(auth, app, client, anna_keeps_a, two_places):
    response = client.post("/en/places/a/correction", data={"message": "The phone number is wrong."})
    assert response.status_code == 302
    client.post("/en/places/a/correction", data={"message": "Buy cheap pills", "website": "http://spam"})
    with app.app_context():
        assert [c.message for c in db.session.scalars(select(Correction))] == ["The phone number is wrong."]
    auth.login()
    assert "The phone number is wrong." in client.get("/en/staff/").get_data(as_text=True)


def test_passwords_are_hashed_with_argon2_and_never_logged(auth, app, client, anna_keeps_a, caplog):
    caplog.set_level(logging.DEBUG)
    auth.login()
    auth.login(password="another wrong password")
    with app.app_context():
        dump = str(db.session.execute(text("SELECT * FROM staff")).all())
    assert PASSWORD not in dump and "$argon2id$" in dump
    assert PASSWORD not in caplog.text and "another wrong password" not in caplog.text


def test_login_is_rate_limited(auth, app, anna_keeps_a):
    app.config["RATELIMIT_ENABLED"] = True
    from finder.web.security import limiter

    limiter.init_app(app)
    codes = [auth.login(password="wrong").status_code for _ in range(6)]
    assert codes[:5] == [200] * 5 and codes[5] == 429


def test_session_cookie_flags_by_default(make_app):
    # no cookie settings given: the defaults a deployment gets
    secure_app = make_app(BARE_SETTINGS, WTF_CSRF_ENABLED=False)
    actions = StaffActions(secure_app, secure_app.test_client())
    actions.create("anna@example.org", "Anna")
    cookie = actions.login().headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie


def test_session_is_rotated_at_login(auth, client, anna_keeps_a, make_place):
    client.post("/en/shortlist/add", data={"slug": "a"}, headers=SAME_ORIGIN)
    before = client.get_cookie("session").value
    auth.login()
    after = client.get_cookie("session").value
    assert before != after
    assert "My list (1)" not in client.get("/en/").get_data(as_text=True)


def test_create_admin_command(app, runner):
    result = runner.invoke(
        args=["create-admin", "--email", "Root@Example.org", "--name", "Root", "--password", PASSWORD]
    )
    assert "Created the administrator root@example.org" in result.output
    with app.app_context():
        assert db.session.scalar(select(Staff)).is_admin


def test_corrections_are_rate_limited(app, make_place):
    make_place()
    app.config["RATELIMIT_ENABLED"] = True
    from finder.web.security import limiter

    limiter.init_app(app)
    client = app.test_client()
    codes = [
        client.post("/en/places/test-place/correction", data={"message": "Wrong hours"}).status_code
        for _ in range(6)
    ]
    assert codes[:5] == [302] * 5 and codes[5] == 429


def test_tampered_version_field_is_a_400_not_a_500(auth, client, anna_keeps_a, two_places):
    auth.login()
    data = edit_data(client, two_places["a"], version="abc")
    assert client.post(f"/en/staff/places/{two_places['a']}/edit", data=data).status_code == 400


def test_per_language_fields_follow_the_site_languages(auth, client, anna_keeps_a, two_places):
    from finder.i18n import LANGUAGES

    auth.login()
    html = client.get(f"/nl/staff/places/{two_places['a']}/edit").get_data(as_text=True)
    for code in LANGUAGES:
        assert f'name="description_{code}"' in html
    assert "Beschrijving (Frans)" in html and "Beschrijving (Nederlands)" in html
    closures = client.get(f"/fr/staff/places/{two_places['a']}/closures").get_data(as_text=True)
    assert "Raison (Néerlandais)" in closures
    events = client.post(f"/en/staff/places/{two_places['a']}/events", data={"day": "2030-01-01"})
    assert events.status_code == 400
    assert "Give a title in at least one language." in events.get_data(as_text=True)


def test_staff_give_the_dutch_name_where_it_differs(auth, client, anna_keeps_a, two_places):
    auth.login()
    data = edit_data(client, two_places["a"], name_in_nl="Plek A", organisation_in_nl="Stad Brussel")
    assert client.post(f"/en/staff/places/{two_places['a']}/edit", data=data).status_code == 302
    page = client.get("/nl/places/a").get_data(as_text=True)
    assert "<h1>Plek A</h1>" in page and "Stad Brussel" in page
    assert 'value="Plek A"' in client.get(f"/en/staff/places/{two_places['a']}/edit").get_data(as_text=True)


def test_admin_sees_what_is_missing_with_counts_and_a_csv(auth, client, admin, make_place):
    make_place(slug="full", name="Full Place", phone="02 279 00 00", tags={"service": ["computer_access"]})
    make_place(slug="bare", name="=Bare Place", opening_hours=None, street=None, tags={})
    auth.login("admin@example.org")
    page = client.get("/en/admin/completeness?missing=hours").get_data(as_text=True)
    assert "=Bare Place" in page and "Full Place" not in page  # only the places without confirmed hours
    assert "Without: Hours confirmed (1)" in page
    csv_text = client.get("/en/admin/completeness?format=csv").get_data(as_text=True)
    assert csv_text.splitlines()[0].startswith("slug,name,hours,reach")
    assert "bare,'=Bare Place,no," in csv_text  # never a formula in a spreadsheet
    assert client.get("/en/admin/completeness?missing=nonsense").status_code == 400


def test_admin_pages_keep_their_size_as_the_directory_grows(app, auth, client, admin):
    from finder.editing import seed_places
    from tests.conftest import place_record

    with app.app_context():
        seed_places([place_record(slug=f"p{number}", name=f"Espace {number:03d}") for number in range(120)])
    auth.create("anna@example.org", "Anna", slugs=["p7"])
    auth.create("ben@example.org", "Ben")
    auth.login("admin@example.org")
    accounts_page = client.get("/en/admin/staff").get_data(as_text=True)
    dashboard = client.get("/en/staff/").get_data(as_text=True)
    assert accounts_page.count("Espace 0") == 1  # Anna's one place, not the directory per account
    assert "Type part of a place's name above" in dashboard
    assert dashboard.count(">Espace ") == 50  # the 50 listings checked longest ago, not all 120
    found = client.get("/en/admin/staff?find=espace 11").get_data(as_text=True)
    assert found.count("Espace 11") == 3 * 10  # Espace 110–119, in Anna's, Ben's and the invite's lists
    with app.app_context():
        ben = db.session.scalar(select(Staff).where(Staff.email == "ben@example.org"))
        p115 = db.session.scalar(select(Place).where(Place.slug == "p115"))
    saved = client.post(f"/en/admin/staff/{ben.id}/places", data={"places": [str(p115.id)]})
    assert saved.status_code == 302
    assert "Espace 115" in client.get("/en/admin/staff").get_data(as_text=True)
    assert "Espace 114" in client.get("/en/staff/?find=espace 114").get_data(as_text=True)


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"), reason="row locks: PostgreSQL"
)
def test_a_save_meeting_a_long_write_fails_fast_with_a_conflict(app, auth, client, anna_keeps_a):
    import time

    from sqlalchemy import create_engine, update

    auth.login()
    data = edit_data(client, anna_keeps_a["a"], name="Place A, first floor")
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with other.begin() as import_run:  # an import holds place A for its whole length
        import_run.execute(update(Place).where(Place.id == anna_keeps_a["a"]).values(phone="02 000 00 00"))
        started = time.monotonic()
        response = client.post(f"/en/staff/places/{anna_keeps_a['a']}/edit", data=data)
        waited = time.monotonic() - started
    other.dispose()
    assert response.status_code == 409 and waited < 6
    assert "nothing was saved" in response.get_data(as_text=True)


def test_what_is_missing_shows_a_page_of_places_at_a_time(app, auth, client, admin):
    from finder.editing import seed_places
    from tests.conftest import place_record

    with app.app_context():
        seed_places([place_record(slug=f"p{number}", name=f"Espace {number:03d}") for number in range(130)])
    auth.login("admin@example.org")
    first = client.get("/en/admin/completeness").get_data(as_text=True)
    second = client.get("/en/admin/completeness?page=2").get_data(as_text=True)
    assert first.count(">Espace ") == 100 and second.count(">Espace ") == 30
    assert "Page 1 of 2" in first and "Every place (130)" in first
    assert client.get("/en/admin/completeness?page=3").status_code == 404
    assert client.get("/en/admin/completeness?format=csv").get_data(as_text=True).count("Espace ") == 130
