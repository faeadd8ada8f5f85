"""What "near" means: a distance per territory, a wider search on request, and a choice when a
name means several towns."""

import re

from finder.geo import gazetteer
from tests.conftest import TEST_DATA

AIX = TEST_DATA / "aix-en-provence.mednum-v0.1.json"


def shown_places(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/\w\w/places/([a-z0-9-]+)">', html)


def test_near_a_french_town_never_lists_brussels(client, runner, seeded):
    assert runner.invoke(args=["import", str(AIX)]).exit_code == 0
    html = client.get("/fr/places?near=13100").get_data(as_text=True)
    assert "38 lieux près d'Aix-en-Provence" in html and "Jusqu'à 15 km." in html
    assert "bibliotheque-laeken" not in html and "brigade-numerique-mobile" not in html
    further = client.get("/fr/places?near=13100&radius=all").get_data(as_text=True)
    assert "66 lieux, les plus proches d'Aix-en-Provence en premier" in further


def test_near_brussels_keeps_the_region_and_the_services_that_come_to_people(client, seeded):
    html = client.get("/en/places?near=1020").get_data(as_text=True)
    assert "Up to 15 km away." in html and "radius=all" in html
    shown = shown_places(html) + shown_places(
        client.get("/en/places?near=1020&page=2").get_data(as_text=True)
    )
    assert shown[0] == "bibliotheque-laeken"
    assert "brigade-numerique-mobile" in shown_places(
        client.get("/en/places?near=1020&page=3").get_data(as_text=True)
    )
    close = client.get("/en/places?near=1020&radius=2").get_data(as_text=True)
    assert "woluwe-cyber-cite" not in close and "Search further away" in close


def test_a_name_several_towns_share_offers_them_with_their_departement(client, make_app):
    html = client.get("/fr/places?near=Aix").get_data(as_text=True)
    assert "peut désigner plusieurs lieux" in html
    options = re.findall(r'<li><a href="[^"]*near=(\d+)[^"]*">([^<]+)</a>', html)
    assert options[0] == ("13080", "Aix-en-Provence (Bouches-du-Rhône, 13080)")
    assert ("19200", "Aix (Corrèze, 19200)") in options
    app = make_app(TERRITORY="france")
    with app.app_context():
        labels = [label for label, _code in gazetteer.resolve("Saint-Gilles").options("fr")]
    assert "Saint-Gilles (Gard, 30800)" in labels and "Saint-Gilles (Marne, 51170)" in labels
    with app.app_context():
        assert gazetteer.locate("Paris").postcode.startswith("75")  # no larger town begins with its name


def test_choices_name_brussels_communes_in_the_page_language(client):
    nl = client.get("/nl/places?near=Woluwe").get_data(as_text=True)
    assert "Sint-Lambrechts-Woluwe (1200)" in nl and "Sint-Pieters-Woluwe (1150)" in nl
    fr = client.get("/fr/places?near=Woluwe").get_data(as_text=True)
    assert "Woluwe-Saint-Pierre (1150)" in fr
