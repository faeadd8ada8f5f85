"""The Brussels places and services the sources name, services without a door, street names per
language and labels."""

import csv
import io
import re

import pytest
from sqlalchemy import select

from finder.models import Place, db
from tests.conftest import edit_data


def shown_places(html: str, lang: str = "en") -> list[str]:
    return re.findall(rf'<h3><a href="/{lang}/places/([a-z0-9-]+)">', html)


def test_the_directory_lists_28_brussels_places_each_fact_with_its_source(app, seeded):
    with app.app_context():
        places = db.session.scalars(select(Place).where(Place.is_published.is_(True))).all()
        assert len(places) >= 28
        for place in places:
            assert place.source_url and place.country == "BE", place.slug
            assert {origin["source"] for origin in place.provenance.values()} == {place.source_url}


def test_a_service_without_a_door_says_how_it_comes_and_has_no_pin(client, seeded):
    brigade = client.get("/en/places/brigade-numerique-mobile").get_data(as_text=True)
    assert "No address to walk to. Comes to people&#39;s homes. Comes to associations" in brigade
    assert "folium-map" not in brigade and "Directions" not in brigade
    assert "No phone, e-mail or website known yet." in brigade  # the source gives none: said, not guessed
    assert "We know no phone or e-mail to reach this service yet." in brigade
    assert "The exact address is not known" not in brigade  # it has none: it goes to people
    assert "Days and times of the help" in brigade and "Opening hours" not in brigade
    sheet = client.get("/en/sheet?places=brigade-numerique-mobile").get_data(as_text=True)
    assert "Days and times of the help:" in sheet and "How to get there" not in sheet
    auderghem = client.get("/fr/places/informaticien-public-auderghem").get_data(as_text=True)
    assert (
        "Pas d&#39;adresse où se rendre. Tient des permanences dans d&#39;autres lieux (1160 Auderghem)."
        in auderghem
    )
    assert "Comes to people" not in client.get("/en/places/bibliotheque-laeken").get_data(as_text=True)


def test_services_that_come_to_people_are_found_by_search_and_the_help_finder(client, seeded):
    near = client.get("/en/places?near=1050&q=procedures").get_data(as_text=True)
    assert "arc-informaticiens-publics" in shown_places(near)
    html = client.get(
        "/en/help?need=learn&how=come_to_me&language=skip&where=1050&when=skip&situation=skip"
    ).get_data(as_text=True)
    assert shown_places(html)[0] == "brigade-numerique-mobile" and "Someone can come to you" in html
    other = client.get(
        "/en/help?need=learn&how=teach_me&language=skip&where=1050&when=skip&situation=skip"
    ).get_data(as_text=True)
    assert "Someone can come to you" not in other


def test_a_street_is_named_in_the_page_language_with_the_other_name_beside_it(client, seeded):
    nl = client.get("/nl/places/digipunt-intec").get_data(as_text=True)
    assert "Rouppeplein, 1000 Brussel (in het Frans: Place Rouppe)" in nl
    fr = client.get("/fr/places/digipunt-intec").get_data(as_text=True)
    assert "Place Rouppe, 1000 Bruxelles (en néerlandais : Rouppeplein)" in fr
    assert "rouppeplein" in client.get("/fr/places?q=rouppeplein").get_data(as_text=True).lower()
    koekelberg = client.get("/fr/places/koekeltech").get_data(as_text=True)
    assert "Sint-Annakerkstraat 631, 1081 Koekelberg<" in koekelberg  # one name known: no hint


def test_staff_give_a_street_its_name_in_each_language_and_the_csv_keeps_it(client, auth, anna_keeps_a):
    auth.login("anna@example.org")
    place_id = anna_keeps_a["a"]
    data = edit_data(client, place_id, street="Rue Haute 1", street_in_nl="Hoogstraat 1")
    client.post(f"/en/staff/places/{place_id}/edit", data=data)
    assert "Hoogstraat 1, 1000 Brussel (ook Rue Haute 1 genoemd)" in client.get("/nl/places/a").get_data(
        as_text=True
    )
    rows = csv.DictReader(io.StringIO(client.get("/api/places.csv").get_data(as_text=True)))
    assert {row["slug"]: row["street_nl"] for row in rows}["a"] == "Hoogstraat 1"


def test_a_label_is_kept_shown_and_counts_as_help_with_procedures(client, make_place):
    make_place(slug="maison-fs", name="Maison France Services", tags={"label": ["france_services"]})
    page = client.get("/fr/places/maison-fs").get_data(as_text=True)
    assert "France Services (aide aux services publics)" in page
    html = client.get(
        "/en/help?need=procedure&topic=skip&how=skip&language=skip&where=1000&when=skip&situation=skip"
    ).get_data(as_text=True)
    assert shown_places(html)[0] == "maison-fs"
    assert client.get("/api/places.json").get_json()["places"][0]["labels"] == ["france_services"]


@pytest.mark.parametrize(
    "url",
    [
        "/fr/help?need=procedure&topic=eid&how=with_me&language=skip&where=1080&when=skip&situation=skip",
        "/nl/help?need=learn&how=teach_me&language=skip&where=1020&when=skip&situation=skip",
        "/en/help?need=print_scan&language=skip&where=1050&when=skip",
    ],
)
def test_the_first_help_offered_is_current_and_one_can_walk_there_or_ask_it(app, client, seeded, url):
    first = re.findall(r'<h3><a href="/\w\w/places/([a-z0-9-]+)">', client.get(url).get_data(as_text=True))[0]
    with app.app_context():
        place = db.session.scalar(select(Place).where(Place.slug == first))
        assert not place.speaks_of_the_past and (place.is_reachable or place.where_known == "street"), first
