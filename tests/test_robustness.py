"""No URL of the site answers 500, whatever its path values and query string."""

import pytest

ODD_QUERIES = [
    "",
    "?page=%00",
    "?near=%ff%fe&q=%27%20OR%201%3D1--",
    "?places=,,,&need=<b>",
    "?day=-1&radius=NaN",
    "?radius=5",
    "?radius=5&open_now=y&day=2",
    "?service=computer_access&service=computer_access&page=99999999999999999999",
    "?day=%20%20%20&radius=%20%20%20&language=%20",
    "?service=&audience=",
]
VALUES = {
    "lang_code": "fr",
    "kind": "phone",
    "slug": "%3Cscript%3E",
    "token": "not-a-token",
    "place_id": "999999",
    "staff_id": "999999",
    "entry_id": "999999",
    "event_id": "999999",
    "correction_id": "999999",
    "closure_id": "999999",
    "claim_id": "999999",
    "decision": "approve",
    "value": "1",
    "filename": "nope.js",
}


def get_urls(app):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{name}>", VALUES[name]).replace(f"<int:{name}>", VALUES[name])
            path = path.replace(f"<path:{name}>", VALUES[name]).replace(f"<slug:{name}>", VALUES[name])
        yield path


@pytest.fixture(params=["anonymous", "admin"])
def visitor(request, auth, make_place):
    """A site with one place, visited anonymously or by a logged-in administrator."""
    make_place()
    if request.param == "admin":
        auth.create("root@example.org", is_admin=True)
        auth.login("root@example.org")


def test_no_get_url_answers_500(app, client, visitor):
    for path in get_urls(app):
        for query in ODD_QUERIES:
            response = client.get(path + query)
            response.get_data()  # a streamed answer must not fail half-way either
            assert response.status_code < 500, (path + query, response.status_code)


@pytest.mark.parametrize("query", ["day=%20%20%20", "radius=%20%20%20", "language=%20", "service=", "day=7"])
@pytest.mark.parametrize("path", ["/fr/places", "/api/places.json", "/nl/places/map.js"])
def test_a_choice_that_is_not_one_is_a_bad_request(client, make_place, path, query):
    make_place()
    assert client.get(f"{path}?{query}").status_code == 400


@pytest.mark.parametrize("slug", ["%00", "10%0000", "Test-Place", "a%20b", "x" * 121])
@pytest.mark.parametrize("suffix", ["", "/map.js", "/correction", "/claim"])
def test_a_slug_that_cannot_exist_is_not_found_before_any_query(client, make_place, slug, suffix):
    make_place()
    assert client.get(f"/fr/places/{slug}{suffix}").status_code == 404


GARBAGE = {
    "name": "\x00" * 3,
    "email": "@@",
    "password": "x",
    "slug": "../..",
    "places": "a,,b",
    "note": "é" * 300,
    "starts_on": "2026-13-45",
    "ends_on": "yesterday",
    "day": "0",
    "starts": "25:61",
    "version": "-1",
    "message": "",
    "sheet_lang": "zz",
    "latitude": "nan",
    "opening_hours": "Mo-Fr 9-5",
}
# blank or spaces where a choice is expected: an empty list item, a select of spaces
BLANKS = {"places": "", "services": "", "audiences": "", "cost": "   ", "access_mode": "   ", "name": "A"}


def test_no_post_url_answers_500(app, client, visitor):
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or "logout" in rule.rule:
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{name}>", VALUES[name]).replace(f"<int:{name}>", "1")
        for data in (GARBAGE, BLANKS):
            response = client.post(path, data=data)
            assert response.status_code < 500, (path, data, response.status_code)


def test_every_combination_of_search_filters_answers(client, make_place):
    import itertools

    make_place()
    options = [
        "open_now=y",
        "day=2",
        "radius=5",
        "near=1000",
        "free=y",
        "wheelchair=y",
        "q=test",
        "language=fr",
    ]
    for size in range(len(options) + 1):
        for combination in itertools.combinations(options, size):
            for prefix in ("/fr/places?", "/api/places.json?"):
                response = client.get(prefix + "&".join(combination))
                assert response.status_code == 200, (prefix, combination)
