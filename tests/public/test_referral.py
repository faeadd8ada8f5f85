"""Shortlists and referral sheets: built without an account, shared by URL, nothing personal kept."""

import logging
import re
from urllib.parse import quote, urlencode

import pytest
from markupsafe import escape
from sqlalchemy import inspect, text

from finder.models import db
from tests.conftest import BARE_SETTINGS, SAME_ORIGIN

NOTE = "Fatima, mardi 10h30"


def test_add_and_remove_from_the_shortlist(client, make_place):
    make_place()
    response = client.post(
        "/fr/shortlist/add", data={"slug": "test-place", "next": "/fr/places/test-place"}, headers=SAME_ORIGIN
    )
    assert response.status_code == 302 and response.headers["Location"] == "/fr/places/test-place"
    assert "Test Place" in client.get("/fr/shortlist").get_data(as_text=True)
    client.post("/fr/shortlist/remove", data={"slug": "test-place"})
    assert "Votre liste est vide" in client.get("/fr/shortlist").get_data(as_text=True)


def test_add_refuses_unknown_places_and_foreign_redirects(client, make_place):
    make_place()
    assert client.post("/fr/shortlist/add", data={"slug": "nope"}, headers=SAME_ORIGIN).status_code == 400
    response = client.post(
        "/fr/shortlist/add", data={"slug": "test-place", "next": "//evil.example"}, headers=SAME_ORIGIN
    )
    assert response.headers["Location"] == "/fr/shortlist"


def test_forms_need_a_csrf_token(make_app):
    app = make_app({**BARE_SETTINGS, "TESTING": True})
    assert app.test_client().post("/fr/shortlist/remove", data={"slug": "x"}).status_code == 400


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "https://evil.example"}, 400),
        ({"Origin": "null"}, 400),
        ({"Referer": "https://evil.example/fr/places"}, 400),
        ({"Referer": "http://localhost.evil.example/"}, 400),
        ({}, 400),
        ({"Referer": "http://localhost/fr/places?near=1000"}, 302),
        ({"Origin": "http://localhost"}, 302),
    ],
)
def test_add_to_list_needs_no_token_but_a_request_from_this_site(client, make_place, headers, status):
    make_place()
    response = client.post("/fr/shortlist/add", data={"slug": "test-place"}, headers=headers)
    assert response.status_code == status
    assert ("Test Place" in client.get("/fr/shortlist").get_data(as_text=True)) is (status == 302)


def test_sheet_url_holds_the_list_and_renders_in_its_language(client, make_place):
    make_place(slug="a", name="Place A", phone="02 123 45 67")
    make_place(slug="b", name="Place B", opening_hours=None)
    html = client.get("/nl/sheet?places=a,b").get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert html.index("Place A") < html.index("Place B")
    assert "Wat meebrengen" in html and 'href="tel:021234567"' in html
    assert html.count("<svg") >= 2  # one QR code per place, inline
    assert "Openingsuren nog niet bekend" in html
    assert "http://localhost/nl/sheet?places=a,b" in html.replace("%2C", ",")


@pytest.mark.parametrize("places", ["", "../../etc", "a,<b>", ",".join(f"p{i}" for i in range(11))])
def test_malformed_sheet_lists_are_400(client, places):
    assert client.get(f"/fr/sheet?places={places}").status_code == 400


def test_unknown_places_only_is_404(client):
    assert client.get("/fr/sheet?places=nowhere").status_code == 404


def test_sheet_in_another_language_with_a_note_never_stored_or_logged(app, client, make_place, caplog):
    make_place()
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        before = _dump_database()
    # the place's part of a sheet is kept once written: per language
    assert "Scannez le code pour voir ce lieu" in client.get("/fr/sheet?places=test-place").text
    response = client.post("/fr/sheet", data={"places": "test-place", "sheet_lang": "nl", "note": NOTE})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="nl">' in html and "Waar vindt u hulp" in html
    assert "Scan de code om deze plaats op uw telefoon te zien." in html
    assert NOTE in html
    share_links = re.findall(r'(?:href|value)="([^"]*sheet(?:\?|%3F)[^"]*)"', html)
    # copy, SMS, mail, and the sheet in the other languages (head and switcher): none with the note
    assert len(share_links) == 9 and not any("Fatima" in link for link in share_links)
    with app.app_context():
        assert _dump_database() == before
    assert "Fatima" not in caplog.text
    assert client.get_cookie("session") is None


def test_questionnaire_writes_nothing(app, client, make_place, caplog):
    make_place()
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        before = _dump_database()
    client.get(
        "/en/help?need=procedure&topic=eid&how=with_me&language=ar&where=1000&when=weekday&situation=senior"
    )
    with app.app_context():
        assert _dump_database() == before
    assert "topic=eid" not in caplog.text
    assert client.get_cookie("session") is None


def test_note_too_long_re_renders_the_form(client, make_place):
    make_place()
    response = client.post("/fr/sheet", data={"places": "test-place", "sheet_lang": "nl", "note": "x" * 500})
    assert response.status_code == 400
    assert "Test Place" in response.get_data(as_text=True)


def test_result_links_to_a_printable_sheet(client, make_place):
    make_place(tags={"service": ["print_scan"]})
    html = client.get("/en/help?need=print_scan&language=skip&where=skip&when=skip").get_data(as_text=True)
    assert 'href="/en/sheet?places=test-place"' in html


def _dump_database() -> dict:
    """Every row of every table but the anonymous daily counts (tests/test_counts.py reads those:
    codes and numbers only), to prove a request wrote nothing of the person."""
    tables = set(inspect(db.engine).get_table_names()) - {"place_day", "unmet_day"}
    return {t: db.session.execute(text(f'SELECT * FROM "{t}"')).all() for t in tables}


def test_the_sheet_gives_what_a_social_worker_hands_over(client, make_place):
    make_place(
        slug="a",
        name="Place A",
        website="https://a.example.org",
        access_mode="appointment",
        tags={"service": ["online_procedures"]},
    )
    make_place(
        slug="b",
        name="Place B",
        street=None,
        latitude=None,
        longitude=None,
        phone=None,
        website=None,
        opening_hours=None,
    )
    make_place(slug="c", name="Place C", latitude=None, longitude=None)  # a street, no map pin
    html = client.get("/en/sheet?places=a,b,c").get_data(as_text=True)
    assert "Help with online procedures" in html  # its services
    assert "https://a.example.org" in html  # the website as text, readable on paper
    assert "By appointment only: call or write first." in html
    assert html.count("The exact address is not known: only the area.") == 1  # B only: A and C have a street
    assert "Opening hours: Published on" in html or "Opening hours: Confirmed on" in html  # dated
    b_sheet = client.get("/en/sheet?places=b").get_data(as_text=True)
    assert not re.search(r"Opening hours: (Published|Confirmed|We do not)", b_sheet)  # no hours: no source
    assert '<span class="no-print"> · <a href="https://www.openstreetmap.org/directions' in html
    assert "with%20computers%3A%20http%3A//localhost/en/sheet%3Fplaces%3Da%2Cb%2Cc" in html
    assert 'href="mailto:?subject=Where%20to%20find%20help&body=' in html


def test_a_posted_sheet_changes_language_and_its_places_are_links(client, make_place):
    make_place(name="Lieu Un")
    sheet = client.post(
        "/fr/sheet", data={"places": "test-place", "sheet_lang": "nl", "note": ""}, headers=SAME_ORIGIN
    ).get_data(as_text=True)
    switch = re.findall(r'href="(/(?:fr|nl|en)/sheet[^"]*)"', sheet)
    assert set(switch) == {f"/{lang}/sheet?places=test-place" for lang in ("fr", "nl", "en")}
    assert all(client.get(url).status_code == 200 for url in switch)
    assert '<a href="/nl/places/test-place">Lieu Un</a>' in sheet  # the sheet's language


def test_a_shared_sheet_says_what_the_link_is(client, make_place):
    make_place()
    sheet = client.get("/en/sheet?places=test-place").get_data(as_text=True)
    body = "Places where you can find help with computers: http://localhost/en/sheet?places=test-place"
    assert f'href="sms:?&body={quote(body, safe="/")}"' in sheet


def test_a_place_s_qr_code_draws_exactly_the_dark_squares_of_its_address(client, make_place):
    import qrcode

    make_place(slug="a", name="Place A")
    html = client.get("/en/sheet?places=a").get_data(as_text=True)
    svg = re.search(r'<div class="sheet-qr"[^>]*>(<svg.*?</svg>)', html).group(1)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=2)
    code.add_data("http://localhost/en/places/a")
    rows = code.get_matrix()
    drawn = {
        (int(x) + step, int(y))
        for x, y, length in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", svg)
        for step in range(int(length))
    }
    dark = {(x, y) for y, row in enumerate(rows) for x, is_dark in enumerate(row) if is_dark}
    assert drawn == dark and len(dark) > 100
    side = len(rows) * 0.8
    assert f'width="{side:g}mm" height="{side:g}mm" viewBox="0 0 {len(rows)} {len(rows)}"' in svg


def test_the_add_to_list_button_brings_each_visitor_back_to_their_own_search(client, make_place):
    make_place(slug="a", name="Place A")
    for near in ("1000", "Bruxelles"):  # the second button is kept from the first page's
        html = client.get("/en/places", query_string={"near": near}).get_data(as_text=True)
        back = re.search(r'name="next" value="([^"]*)"', html).group(1)
        assert back == escape(f"/en/places?{urlencode({'near': near})}")
