"""The search box understands what people type: places in French and Dutch, everyday words, typos."""

from pathlib import Path
from urllib.parse import unquote_plus

import pytest
import yaml

from finder.geo import gazetteer
from finder.hours import now_brussels
from finder.search import vocabulary
from finder.search.query import SearchFilters, search_places

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text(encoding="utf-8"))


def test_the_table_is_big_enough():
    assert len(QUERIES["places"]) + len(QUERIES["words"]) >= 60


@pytest.mark.parametrize(("query", "expected"), QUERIES["places"].items())
def test_place_names(query, expected):
    resolution = gazetteer.resolve(query)
    if isinstance(expected, list):  # ambiguous: the choices, each with its postcode
        assert resolution.location is None
        assert [spot.postcode for spot in resolution.choices] == expected
    else:
        assert resolution.location is not None, (query, resolution.options("fr"))
        assert resolution.location.postcode == expected


@pytest.mark.parametrize(("query", "expected"), QUERIES["words"].items())
def test_everyday_words(app_ctx, query, expected):
    tags = set(vocabulary.tags_for_phrases(query))
    for word in vocabulary.query_words(query):
        tags |= vocabulary.tags_for_word(word)
    codes = {code for _kind, code in tags}
    assert set(expected) <= codes, (query, sorted(codes))


def test_brussels_names_win_over_the_same_name_elsewhere():
    assert gazetteer.locate("Berchem").postcode == "1082"  # not Antwerp's Berchem, 35 km away


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("logement", "cpas-schaerbeek"),  # a word of its description
        ("recherche de logement", "cpas-schaerbeek"),
        ("huisvesting", "cpas-schaerbeek"),  # the same need in Dutch: through its service
        ("aide pour mes impôts", "cpas-schaerbeek"),
        ("imprimante", "bibliotheque-sesame"),  # it prints (0.30 EUR a page)
        ("Riches Claires", "bibliotheque-riches-claires"),
        ("bibliotheque laeken", "bibliotheque-laeken"),
    ],
)
def test_words_find_places(app, seeded, text, slug):
    with app.app_context():
        result = search_places(SearchFilters(text=text), now_brussels())
        assert result.hits and result.hits[0].place.slug == slug, [hit.place.slug for hit in result.hits]


def test_a_search_that_finds_nothing_says_what_would(client, seeded):
    html = client.get("/en/places?near=1000&q=photocopie&radius=1&wheelchair=y").get_data(as_text=True)
    assert "No place matches all your choices." in html
    assert "Search at any distance" in html and "Search without the other choices" in html
    assert "Every place near Bruxelles" in html and "/en/help" in html
    assert "The nearest place, whatever it offers:" in html
    assert "/en/places/bibliotheque-riches-claires" in html


@pytest.mark.parametrize(
    ("typed", "words", "near", "heading"),
    [
        ("déclaration impôts molenbeek", "déclaration+impôts", "molenbeek", "près de Molenbeek-Saint-Jean"),
        ("aide internet 1080", "aide+internet", "1080", "près de Molenbeek-Saint-Jean"),
        ("internet Sint-Jans-Molenbeek", "internet", "Sint-Jans-Molenbeek", "près de Molenbeek-Saint-Jean"),
    ],
)
def test_a_commune_typed_with_the_need_is_read_as_the_place(client, seeded, typed, words, near, heading):
    answer = client.get("/fr/places", query_string={"q": typed})
    assert answer.status_code == 302
    assert unquote_plus(answer.headers["Location"]) == unquote_plus(f"/fr/places?q={words}&near={near}")
    assert heading in client.get(answer.headers["Location"]).get_data(as_text=True)


def test_words_that_mean_a_service_are_never_read_as_a_place(client, seeded):
    for typed in ("internet", "cours informatique", "senioren", "bibliotheque sesame"):
        assert client.get("/fr/places", query_string={"q": typed}).status_code == 200, typed


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("senioren", "espace-s"),
        ("seniors", "espace-s"),
        ("smartphone", "entrela-evere"),
        ("printen", "bibliotheque-sesame"),
        ("à domicile", "brigade-numerique-mobile"),
        ("huisbezoek", "brigade-numerique-mobile"),
        ("informaticien public", "informaticien-public-auderghem"),
    ],
)
def test_everyday_words_find_audiences_and_services_that_come_to_people(app, seeded, text, slug):
    with app.app_context():
        result = search_places(SearchFilters(text=text), now_brussels())
        assert slug in [hit.place.slug for hit in result.hits[:2]], [hit.place.slug for hit in result.hits]
