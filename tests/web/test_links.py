"""Links written in pages: the kept ones are the URLs Flask would build, for the page's own
language and site path."""

import pytest
from flask import g, url_for

from finder.web.fragments import kept_url_for
from finder.web.here import here
from finder.web.languages import page_language

LINKS = [
    ("public.home", {}),
    ("public.place", {"slug": "bibliotheque-laeken"}),
    ("public.places", {"near": "1000", "service": ["computer_access", "printing"], "free": "y", "page": 2}),
    ("public.places", {"q": "aide pour mes impôts & co/2 +?=#", "near": None, "audience": []}),
    ("help.step", {"need": "procedure", "topic": "eid", "step": "how"}),
    ("referral.sheet", {"places": "a-place,another-place"}),
    ("static", {"filename": "css/site.css"}),
    ("public.places", {"lang_code": "nl", "near": "Liège"}),
    ("public.places", {"_anchor": "results", "near": "1000"}),
    ("public.place", {"slug": "bibliotheque-laeken", "_external": True}),
]


@pytest.mark.parametrize("endpoint, values", LINKS)
def test_a_kept_link_is_the_url_flask_builds(app, endpoint, values):
    for base_url in ("http://localhost/", "http://localhost/finder/"):
        with app.test_request_context("/fr/places", base_url=base_url):
            app.preprocess_request()
            kept_url_for(endpoint, **values)  # the second time, from what was kept
            assert kept_url_for(endpoint, **values) == url_for(endpoint, **values)


def test_a_request_inside_another_leaves_it_its_own_language_and_path(app):
    with app.test_request_context("/nl/places", base_url="http://localhost/finder/"):
        app.preprocess_request()
        assert (here().script_root, page_language()) == ("/finder", "nl")
        # (Flask gives a request inside another the same app context: the same g, the same language)
        assert 'action="/nl/places"' in app.test_client().get("/nl/places").get_data(as_text=True)
        assert (here().script_root, page_language()) == ("/finder", "nl")
        assert here().g is g._get_current_object()
        assert kept_url_for("public.places") == "/finder/nl/places"
