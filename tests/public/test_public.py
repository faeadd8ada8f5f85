import html
import re

import pytest

from tests.conftest import SAME_ORIGIN

MARKUP = "<script>alert(1)</script>"


def test_home_links_search_and_donation(client):
    html = client.get("/en/").get_data(as_text=True)
    assert 'action="/en/places"' in html
    assert 'href="/en/donation"' in html


def test_search_near_postcode_lists_places_with_status(client, make_place):
    make_place(slug="near", name="Near Place", latitude=50.8466, longitude=4.3517)
    make_place(
        slug="far",
        name="Far Place",
        latitude=50.80,
        longitude=4.33,
        postcode="1180",
        commune="Uccle",
        opening_hours=None,
    )
    html = client.get("/en/places?near=1000").get_data(as_text=True)
    assert html.index("Near Place") < html.index("Far Place")
    assert "Hours not known yet" in html
    assert re.search(r"(Open now · closes at|Closed · opens|>Closed<)", html)


def test_place_page_shows_contact_hours_and_verified(client, make_place):
    make_place(phone="+32 2 279 00 00", email="epn@example.org", website="https://example.org")
    html = client.get("/en/places/test-place").get_data(as_text=True)
    assert 'href="tel:+3222790000"' in html
    assert 'href="mailto:epn@example.org"' in html
    assert "The next seven days" in html
    assert "The place's team has not checked this information yet." in html
    assert "Published on " in html and " by example.org." in html  # each fact says its source
    assert "directions?to=50.8466%2C4.3517" in html


def test_place_page_says_when_facts_are_unknown(client, make_place):
    make_place(street=None, latitude=None, longitude=None, opening_hours=None)
    html = client.get("/en/places/test-place").get_data(as_text=True)
    # what is known of the address is shown, and said to be only the area
    assert '<p class="address">Somewhere in 1000 Bruxelles / Brussel, exact address unknown</p>' in html
    make_place(
        slug="nowhere",
        street=None,
        postcode=None,
        commune=None,
        latitude=None,
        longitude=None,
        opening_hours=None,
    )
    nowhere = client.get("/en/places/nowhere").get_data(as_text=True)
    assert '<p class="address">Address not known yet</p>' in nowhere
    assert "We know no exact address, phone or e-mail for this place yet." in nowhere  # said, not hidden
    assert "Hours not known yet. No phone or e-mail" not in html  # no exact address: not "ask there"
    assert "Hours not known yet." in html
    assert "map-box" not in html  # no pin at the centre of the commune


def test_a_place_without_phone_mail_or_website_names_the_nearest_one_that_has_one(client, make_place):
    make_place(slug="silent", name="Silent Place", phone=None, email=None, website=None)
    make_place(slug="near", name="Near Place", phone="02 279 00 00", latitude=50.8470, longitude=4.3520)
    make_place(slug="far", name="Far Place", phone="02 279 00 01", latitude=50.90, longitude=4.40)
    make_place(slug="quiet", name="Quiet Neighbour", phone=None, latitude=50.8467, longitude=4.3518)
    page = client.get("/en/places/silent").get_data(as_text=True)
    assert 'The nearest place you can call or write to: <a href="/en/places/near">Near Place</a>' in page
    assert "The nearest place you can call" not in client.get("/en/places/near").get_data(as_text=True)


def test_unknown_place_is_404(client):
    assert client.get("/fr/places/nope").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=abc",
        "page=0",
        "service=teleportation",
        "audience=martians",
        "language=xx",
        "day=9",
        "radius=1000",
        "q=" + "x" * 500,
    ],
)
def test_malformed_parameters_are_400_with_a_message(client, query):
    response = client.get(f"/en/places?{query}")
    assert response.status_code == 400
    assert "Some of the search choices are not valid" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "name, query", [("day", "day=9"), ("radius", "radius=1000"), ("language", "language=xx")]
)
def test_a_wrong_choice_is_marked_on_its_list_for_screen_readers(client, name, query):
    html = client.get(f"/en/places?{query}").get_data(as_text=True)
    wrong = f'<select id="{name}" name="{name}" aria-invalid="true" aria-describedby="{name}-error">'
    assert wrong in html and f'id="{name}-error"' in html
    assert '<select id="day" name="day">' in client.get("/en/places").get_data(as_text=True)


def test_unknown_place_gets_suggestions_and_an_ambiguous_one_its_choices(client):
    response = client.get("/en/places?near=Molnbk")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "We do not know the place" in html and "Did you mean:" in html and "Molenbeek-Saint-Jean" in html
    woluwe = client.get("/fr/places?near=Woluwe").get_data(as_text=True)
    assert "« Woluwe » peut désigner plusieurs lieux. Lequel ?" in woluwe
    assert "near=1150" in woluwe and "near=1200" in woluwe
    typo = client.get("/en/places?near=Scharbeek").get_data(as_text=True)
    assert "We do not know the place" not in typo  # a small typo is forgiven


def test_empty_result_says_so(client, make_place):
    make_place()
    html = client.get("/en/places?q=nothingmatches").get_data(as_text=True)
    assert "No place matches all your choices." in html


@pytest.mark.parametrize("param", ["q", "near"])
def test_markup_in_parameters_is_escaped(client, param):
    html = client.get(f"/fr/places?{param}={MARKUP}").get_data(as_text=True)
    assert MARKUP not in html
    assert "&lt;script&gt;" in html


def test_each_search_box_shows_the_words_typed_for_it(client):
    """The search box is written once and kept: the words of one search never show in another's."""
    first = client.get("/en/places?q=scanner&near=1000").get_data(as_text=True)
    second = client.get('/en/places?q=tax+"help"&near=1030').get_data(as_text=True)
    empty = client.get("/en/places?near=1030").get_data(as_text=True)
    assert 'name="q" type="text" value="scanner"' in first and 'value="1000"' in first
    assert 'name="q" type="text" value="tax &#34;help&#34;"' in second and 'value="1030"' in second
    assert "scanner" not in second + empty and 'name="q" type="text" value=""' in empty


def test_each_search_form_shows_the_choices_made_for_it(client):
    """The form is kept whole for the same choices: another search's choices never show."""
    chosen = client.get("/en/places?near=1000&free=y&day=2&q=scanner").get_data(as_text=True)
    plain = client.get("/en/places?near=1030&q=tax").get_data(as_text=True)
    again = client.get("/en/places?near=1060&free=y&day=2").get_data(as_text=True)
    for page in (chosen, again):
        assert '<details class="filters" open>' in page and '<option value="2" selected>' in page
        assert '<input checked id="free" name="free" type="checkbox" value="y">' in page
    assert '<details class="filters">' in plain and '<option value="2">' in plain
    assert '<input id="free" name="free" type="checkbox" value="y">' in plain
    assert 'value="tax"' in plain and 'value="1060"' in again and "scanner" not in plain + again


def test_place_name_with_markup_is_escaped_in_page_and_popup(client, make_place):
    make_place(name=MARKUP)
    for page in ("/en/places?near=1000", "/en/places/test-place"):
        assert MARKUP not in client.get(page).get_data(as_text=True)
    for script in ("/en/places/map.js?near=1000", "/en/places/test-place/map.js"):
        popups = client.get(script).get_data(as_text=True)
        assert "bindPopup(" in popups
        assert "<\\/script>" not in popups  # escaped as HTML entities, then as JSON
        assert "\\u0026lt;script\\u0026gt;" in popups


def test_pages_load_nothing_from_other_hosts(client, make_place):
    make_place()
    for url in ("/fr/", "/fr/places?near=1000", "/fr/places/test-place", "/fr/donation"):
        html = client.get(url).get_data(as_text=True)
        sources = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
        sources += " ".join(re.findall(r'data-map-assets="([^"]*)"', html)).split()
        external = [s for s in sources if s.startswith(("http:", "https:", "//"))]
        assert external == [], url
        assert "cdn" not in html.lower()


@pytest.mark.parametrize(("count", "is_clustered"), [(3, False), (9, True)])
def test_map_is_clustered_only_when_many(client, make_place, count, is_clustered):
    for i in range(count):
        make_place(slug=f"p{i}", name=f"Place {i}", latitude=50.84 + i / 1000)
    html = client.get("/fr/places?near=1000").get_data(as_text=True)
    script = client.get("/fr/places/map.js?near=1000").get_data(as_text=True)
    assert script.count("L.marker(") == count  # markers are drawn by the script, one per place
    cluster_script = "/static/vendor/markercluster/leaflet.markercluster.js"
    assert (cluster_script in html) is is_clustered


def test_donation_page_links_official_rules(client):
    html = client.get("/nl/donation").get_data(as_text=True)
    assert "smartcity.bruxelles.be/projets/vous-avez-besoin-de-materiel-it" in html
    assert "Laptops" in html


def test_security_headers(client):
    response = client.get("/fr/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # only over HTTPS
    assert "max-age" in client.get("/fr/", base_url="https://localhost").headers["Strict-Transport-Security"]


def test_pages_have_no_inline_script_and_the_map_script_its_own_url(client, make_place):
    make_place()
    for page in ("/fr/places?near=1000&service=computer_access", "/fr/places/test-place"):
        response = client.get(page)
        html = response.get_data(as_text=True)
        assert "nonce" not in response.headers["Content-Security-Policy"]
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
        script_url = re.search(r'data-map-script="([^"]+)"', html).group(1).replace("&amp;", "&")
        script = client.get(script_url)
        assert script.mimetype == "text/javascript"
        assert re.search(r'L\.map\(\s*"epn_map"', script.get_data(as_text=True))
        assert 'id="epn_map"' in html
    assert client.get("/fr/places/map.js?near=9999").status_code == 404
    assert client.get("/fr/places/nowhere/map.js").status_code == 404


def test_communes_are_named_in_the_page_language(client, make_place):
    make_place(street="Rue Haute 1", postcode="1000", commune="Bruxelles")
    make_place(slug="laeken", name="In Laeken", street="Place Bockstael 1", postcode="1020", commune="Laeken")
    assert "Rue Haute 1, 1000 Brussel" in client.get("/nl/places/test-place").get_data(as_text=True)
    assert "Rue Haute 1, 1000 Bruxelles" in client.get("/fr/places/test-place").get_data(as_text=True)
    english = client.get("/en/places/test-place").get_data(as_text=True)
    assert "Rue Haute 1, 1000 Bruxelles / Brussel" in english
    assert "1020 Laken" in client.get("/nl/places/laeken").get_data(as_text=True)


def test_french_contracts_before_a_name_that_starts_with_a_vowel(app, client, auth, make_place):
    def text(url: str) -> str:
        return html.unescape(client.get(url).get_data(as_text=True))

    make_place(slug="epn", name="EPN Anderlecht")
    heading = text("/fr/places?near=Anderlecht")
    assert "près d'Anderlecht" in heading and "près de Anderlecht" not in heading
    assert "Tous les lieux près d'Anderlecht" in text("/fr/places?near=Anderlecht&q=zzz")  # built in Python
    assert "in de buurt van Anderlecht" in text("/nl/places?near=Anderlecht")
    auth.create("anna@example.org", "Anna", slugs=["epn"])
    auth.login(lang="fr")
    assert "Fermetures d'EPN Anderlecht" in text("/fr/staff/places/1/closures")


def test_names_show_in_the_page_language_and_search_finds_either(client, make_place):
    make_place(
        name="EPN du CPAS de Bruxelles",
        organisation="CPAS de Bruxelles",
        names={"name": {"nl": "OCR van het OCMW van Brussel"}, "organisation": {"nl": "OCMW van Brussel"}},
    )
    assert "<h1>OCR van het OCMW van Brussel</h1>" in client.get("/nl/places/test-place").get_data(
        as_text=True
    )
    assert "<h1>EPN du CPAS de Bruxelles</h1>" in client.get("/fr/places/test-place").get_data(as_text=True)
    english = client.get("/en/places/test-place").get_data(as_text=True)
    assert "<h1>EPN du CPAS de Bruxelles / OCR van het OCMW van Brussel</h1>" in english
    assert "CPAS de Bruxelles / OCMW van Brussel" in english
    assert "OCR van het OCMW" in client.get("/nl/places?q=ocmw").get_data(as_text=True)
    assert "EPN du CPAS" in client.get("/fr/places?q=cpas").get_data(as_text=True)


def test_a_service_never_promises_free_when_the_cost_is_unknown(client, make_place):
    make_place(cost=None, tags={"service": ["computer_access"]})
    html = client.get("/en/places/test-place").get_data(as_text=True)
    assert "Computer and internet access" in html and "Free" not in html


WHERE = {  # the three cases of "where is it", whatever the map pin
    "street": ({"street": "22 Rogier, 2e étage", "latitude": None, "longitude": None}, "22 Rogier, 2e étage"),
    "area": ({"street": None, "latitude": None, "longitude": None}, "Somewhere in 1000 Bruxelles"),
    "nothing": ({"street": None, "postcode": None, "commune": None, "latitude": None, "longitude": None},
                "Address not known yet"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(WHERE))
def test_every_page_says_where_a_place_is_by_one_rule(client, make_place, case):
    facts, said = WHERE[case]
    make_place(name="Lieu Test", phone=None, email=None, website=None, opening_hours=None, **facts)
    client.post("/en/shortlist/add", data={"slug": "test-place"}, headers=SAME_ORIGIN)
    pages = {
        "place": client.get("/en/places/test-place"),
        "sheet": client.get("/en/sheet?places=test-place"),
        "shortlist": client.get("/en/shortlist"),
        "search": client.get("/en/places?q=Lieu+Test"),
    }
    for name, response in pages.items():
        html = response.get_data(as_text=True)
        assert said in html, name
        never = "We know no exact address, phone or e-mail" if case == "street" else "ask at the place itself"
        assert never not in html, name


def test_a_confirmation_that_holds_for_every_fact_is_said_once(client, make_place):
    make_place(phone="02 279 00 00")
    html = client.get("/fr/places/test-place").get_data(as_text=True)
    assert html.count("Publié le 23 novembre 2026 par example.org.") == 1
    assert "Tout ce qui figure sur cette page : Publié le 23 novembre 2026" in html
