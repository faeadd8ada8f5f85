import datetime as dt

import pytest

from finder.geo import gazetteer
from finder.hours import BRUSSELS
from finder.search.query import PAGE_SIZE, SearchFilters, search_places
from tests.conftest import BARE_SETTINGS

TUESDAY_10 = dt.datetime(2026, 11, 24, 10, 0, tzinfo=BRUSSELS)


def names(result):
    return [row.name for row in result.map_rows]


def add_three(make_place):
    make_place(slug="centre", name="Espace Centre", latitude=50.8466, longitude=4.3517, postcode="1000")
    make_place(
        slug="laeken",
        name="Bibliothèque Laeken",
        latitude=50.8763,
        longitude=4.3482,
        postcode="1020",
        commune="Laeken",
        tags={"service": ["print_scan"], "language": ["ar"], "accessibility": ["wheelchair"]},
        cost="paid",
    )
    make_place(
        slug="uccle",
        name="Cyber Uccle",
        latitude=50.8000,
        longitude=4.3333,
        postcode="1180",
        commune="Uccle",
        opening_hours="Sa 10:00-12:00",
        tags={"service": ["online_procedures"]},
    )


def test_postcode_orders_nearest_first(app, make_place):
    add_three(make_place)
    with app.app_context():
        result = search_places(SearchFilters(near=gazetteer.locate("1020")), TUESDAY_10)
        assert names(result) == ["Bibliothèque Laeken", "Espace Centre", "Cyber Uccle"]
    distances = [hit.distance_km for hit in result.hits]
    assert distances == sorted(distances)


def test_text_is_accent_and_case_insensitive(app, make_place):
    add_three(make_place)
    with app.app_context():
        assert names(search_places(SearchFilters(text="BIBLIOTHEQUE"), TUESDAY_10)) == ["Bibliothèque Laeken"]
        assert names(search_places(SearchFilters(text="laeken bibli"), TUESDAY_10)) == ["Bibliothèque Laeken"]


def test_text_matches_service_words_of_every_language(app, make_place):
    add_three(make_place)
    with app.app_context():
        for text in ("impression", "printen", "print"):  # French, Dutch, English: all understood
            assert names(search_places(SearchFilters(text=text), TUESDAY_10)) == ["Bibliothèque Laeken"]
        assert names(search_places(SearchFilters(text="impôts"), TUESDAY_10)) == ["Cyber Uccle"]


def test_filters_combine(app, make_place):
    add_three(make_place)
    with app.app_context():
        assert names(search_places(SearchFilters(languages=["ar"]), TUESDAY_10)) == ["Bibliothèque Laeken"]
        assert names(search_places(SearchFilters(is_wheelchair_required=True), TUESDAY_10)) == [
            "Bibliothèque Laeken"
        ]
        assert "Bibliothèque Laeken" not in names(
            search_places(SearchFilters(is_free_required=True), TUESDAY_10)
        )
        assert names(search_places(SearchFilters(services=["online_procedures"]), TUESDAY_10)) == [
            "Cyber Uccle"
        ]


def test_open_now_and_weekday(app, make_place):
    add_three(make_place)
    with app.app_context():
        open_now = names(search_places(SearchFilters(is_open_now_required=True), TUESDAY_10))
        assert "Cyber Uccle" not in open_now and "Espace Centre" in open_now
        assert names(search_places(SearchFilters(weekday=5), TUESDAY_10)) == ["Cyber Uccle"]


def test_radius_keeps_only_close_places(app, make_place):
    add_three(make_place)
    with app.app_context():
        result = search_places(SearchFilters(near=gazetteer.locate("1020"), radius_km=2), TUESDAY_10)
        assert names(result) == ["Bibliothèque Laeken"]


def test_pagination(app, make_place):
    for i in range(PAGE_SIZE + 3):
        make_place(slug=f"p{i}", name=f"Place {i:02d}")
    with app.app_context():
        second = search_places(SearchFilters(page=2), TUESDAY_10)
        too_far = search_places(SearchFilters(page=99), TUESDAY_10)
    assert len(second.hits) == 3 and second.page_count == 2
    assert too_far.page == 2


def test_unpublished_places_are_hidden(app, make_place):
    make_place(slug="hidden", name="Hidden")
    with app.app_context():
        from finder.models import Place, db

        db.session.scalar(db.select(Place)).is_published = False
        db.session.commit()
        assert names(search_places(SearchFilters(), TUESDAY_10)) == []


def test_gazetteer_knows_french_and_dutch_names():
    assert gazetteer.locate("Schaerbeek").postcode == gazetteer.locate("Schaarbeek").postcode == "1030"
    assert gazetteer.locate("sint-gillis") is not None
    assert gazetteer.locate("9999") is None
    assert "Schaerbeek" in gazetteer.suggest("Scharbeek")


def test_a_browser_position_is_a_place_to_search_from():
    position = gazetteer.locate("50.847,4.352")
    assert (position.latitude, position.longitude) == (50.847, 4.352)
    assert gazetteer.locate("48.857,2.352").latitude == 48.857  # Paris: France is known too
    assert gazetteer.locate("40.416,-3.703") is None  # Madrid: in no country we know
    assert gazetteer.locate("50.8,4.3,1") is None


def test_search_near_a_position(client, make_place):
    make_place()
    html = client.get("/en/places?near=50.847,4.352").get_data(as_text=True)
    assert "1 place near your position" in html


def test_the_territory_decides_which_place_a_shared_name_means(make_app):
    def comines(territory: str):
        app = make_app(BARE_SETTINGS, TERRITORY=territory)
        with app.app_context():
            spot = gazetteer.locate("Comines")
            return spot.country, spot.postcode, app.config["BABEL_DEFAULT_LOCALE"]

    assert comines("brussels") == ("BE", "7780", "fr")
    assert comines("france") == ("FR", "59560", "fr")
    assert comines("flanders") == ("BE", "7780", "nl")
    with pytest.raises(ValueError, match="TERRITORY must be one of"):
        make_app(BARE_SETTINGS, TERRITORY="mars")


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("/nl/places?near=1020", "in de buurt van Laken"),
        ("/fr/places?near=Sint-Jans-Molenbeek", "près de Molenbeek-Saint-Jean"),
        ("/nl/places?near=1080", "in de buurt van Sint-Jans-Molenbeek"),
    ],
)
def test_near_names_the_commune_in_the_page_s_language(client, make_place, url, said):
    make_place()
    assert said in client.get(url).get_data(as_text=True)
