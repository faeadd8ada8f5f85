"""The finder and a place's card in other sites' frames; every other page refuses to be framed."""

import re

from tests.conftest import BARE_SETTINGS


def test_the_finder_may_be_framed_and_sets_no_cookie(client, seeded):
    answer = client.get("/fr/embed?near=1030&service=online_procedures")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Set-Cookie" not in answer.headers
    assert "frame-ancestors *" in answer.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in answer.headers
    assert '<base target="_blank">' in html and 'target="_self"' in html  # places open in a new tab
    assert "/fr/places/cpas-schaerbeek" in html and "près de Schaerbeek" in html
    assert 'name="service" value="online_procedures"' in html  # kept by the next search
    assert "<script" not in html


def test_every_other_page_refuses_to_be_framed(client, seeded):
    for url in ("/fr/", "/fr/places?near=1030", "/fr/places/cpas-schaerbeek", "/fr/embed/code"):
        answer = client.get(url)
        assert answer.headers["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"], url


def test_a_place_card_says_if_it_is_open_where_and_how_to_call(client, make_place):
    make_place(slug="card", name="Card Place", phone="02 279 00 00")
    answer = client.get("/en/embed/places/card")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "frame-ancestors *" in answer.headers["Content-Security-Policy"]
    assert (
        "Card Place" in html
        and "Rue Haute 1, 1000 Bruxelles / Brussel" in html
        and 'href="tel:+3222790000"' in html
    )
    assert re.search(r"Open now|Closed", html) and "/en/places/card" in html
    assert client.get("/en/embed/places/nowhere").status_code == 404


def test_the_ancestors_come_from_a_setting(make_app):
    client = make_app(BARE_SETTINGS, EMBED_ANCESTORS="https://commune.example").test_client()
    assert (
        "frame-ancestors https://commune.example"
        in client.get("/fr/embed").headers["Content-Security-Policy"]
    )


def test_the_code_page_writes_the_frame_for_the_choices(client):
    html = client.get("/en/embed/code?near=1030&service=online_procedures&language=&height=500").get_data(
        as_text=True
    )
    assert (
        "&lt;iframe src=&#34;http://localhost/en/embed?near=1030&amp;amp;service=online_procedures&#34;"
        in html
    )
    assert 'height="500"' in html and "<iframe src=" in html  # the preview
    assert client.get("/en/embed/code?height=abc").status_code == 400


def test_the_dashboard_offers_each_place_its_card(client, auth, anna_keeps_a):
    auth.login("anna@example.org")
    html = client.get("/en/staff/").get_data(as_text=True)
    assert "Put this place’s card on your own site" in html and "/en/embed/places/a&amp;#34;" not in html
    assert "embed/places/a&#34;" in html
