"""Links written in pages: the kept ones are the URLs Flask would build."""

import pytest
from flask import url_for

from finder.web.fragments import kept_url_for

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
