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
]
VALUES = {
    "lang_code": "fr",
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
            path = path.replace(f"<path:{name}>", VALUES[name])
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


def test_no_post_url_answers_500(app, client, visitor):
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or "logout" in rule.rule:
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{name}>", VALUES[name]).replace(f"<int:{name}>", "1")
        response = client.post(path, data=GARBAGE)
        assert response.status_code < 500, (path, response.status_code)


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
