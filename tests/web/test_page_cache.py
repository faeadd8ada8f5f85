"""Anonymous pages come from the cache until the data or the minute changes; nobody gets another
visitor's page; browsers that have a page get 304."""

import pytest
from flask import template_rendered

from finder.editing import seed_places
from tests.conftest import SAME_ORIGIN, edit_data, place_record


@pytest.fixture
def renders(app):
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(record, app)
    yield rendered
    template_rendered.disconnect(record, app)


def test_the_second_visitor_gets_the_page_from_the_cache(app, make_place, renders):
    make_place()
    first, second = app.test_client(), app.test_client()
    page = first.get("/fr/places?near=1000", headers={"Accept-Encoding": "gzip"})
    assert renders == ["public/places.html"]
    again = second.get("/fr/places?near=1000", headers={"Accept-Encoding": "gzip"})
    assert renders == ["public/places.html"]  # not rendered again
    assert again.data == page.data and again.headers["Content-Encoding"] == "gzip"
    assert again.headers["Content-Security-Policy"]


def test_a_browser_that_has_the_page_gets_304(client, make_place):
    make_place()
    for url in ("/fr/places/test-place", "/fr/places?near=1000"):
        etag = client.get(url).headers["ETag"]
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 304 and response.data == b""


@pytest.mark.filterwarnings("ignore:Flask-Caching")  # it warns that NullCache keeps nothing
def test_a_browser_that_has_the_page_gets_304_when_it_is_built_again(make_app):
    app = make_app(CACHE_TYPE="NullCache")  # nothing kept: every answer is built
    with app.app_context():
        seed_places([place_record()])
    client = app.test_client()
    etag = client.get("/fr/places/test-place").headers["ETag"]
    assert client.get("/fr/places/test-place", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/fr/places/test-place", headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_staff_edit_shows_at_once_to_anonymous_visitors(app, auth, anna_keeps_a):
    visitor = app.test_client()
    assert "Place A" in visitor.get("/en/places/a").get_data(as_text=True)
    auth.login()
    staff = auth._client
    data = edit_data(staff, anna_keeps_a["a"], name="Place A, second floor")
    assert staff.post(f"/en/staff/places/{anna_keeps_a['a']}/edit", data=data).status_code == 302
    assert "Place A, second floor" in visitor.get("/en/places/a").get_data(as_text=True)


def test_visitors_with_a_list_or_a_message_get_their_own_page(app, make_place, renders):
    make_place()
    anonymous, worker = app.test_client(), app.test_client()
    anonymous.get("/en/places/test-place")
    worker.post("/en/shortlist/add", data={"slug": "test-place"}, headers=SAME_ORIGIN)
    assert "My list (1)" in worker.get("/en/places/test-place").get_data(as_text=True)
    assert "My list (1)" not in anonymous.get("/en/places/test-place").get_data(as_text=True)
    helper = app.test_client()
    helper.post("/en/places/test-place/correction", data={"message": "The phone number changed."})
    assert "Thank you" in helper.get("/en/places/test-place").get_data(as_text=True)
    assert "Thank you" not in app.test_client().get("/en/places/test-place").get_data(as_text=True)


def test_open_now_follows_the_clock(app, client, make_place, monkeypatch):
    import datetime as dt

    from finder import hours

    make_place(opening_hours="Mo-Fr 09:00-17:00")
    monday = dt.datetime(2026, 11, 23, 16, 59, tzinfo=hours.BRUSSELS)
    monkeypatch.setattr(hours, "clock", lambda: monday)
    assert "Open now" in client.get("/en/places/test-place").get_data(as_text=True)
    monkeypatch.setattr(hours, "clock", lambda: monday + dt.timedelta(minutes=2))
    assert "Open now" not in client.get("/en/places/test-place").get_data(as_text=True)


def test_a_write_by_another_process_shows_once_the_token_is_rechecked(app, client, two_places, monkeypatch):
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from finder import data_token
    from finder.models import Place, db

    monkeypatch.setattr(data_token, "RECHECK_SECONDS", 3600)
    assert "Place A" in client.get("/en/places").get_data(as_text=True)
    with app.app_context(), Session(db.engine) as other:  # another worker, its own session
        other.execute(update(Place).where(Place.slug == "a").values(name="Place A moved"))
        data_token.bump(other.connection())
        other.commit()
    assert "Place A moved" not in client.get("/en/places").get_data(as_text=True)  # not yet rechecked
    monkeypatch.setattr(data_token, "RECHECK_SECONDS", 0)
    assert "Place A moved" in client.get("/en/places").get_data(as_text=True)


def test_junk_query_strings_do_not_fill_the_cache(app, make_place, renders):
    from finder.web.page_cache import cache

    make_place()
    client = app.test_client()
    for number in range(5):
        assert client.get(f"/fr/?x={number}{'y' * 3000}").status_code == 200
        assert client.get(f"/fr/places?near=1000&utm_source={number}").status_code == 200
    assert renders.count("public/home.html") == 5 and renders.count("public/places.html") == 5
    assert len(cache.cache._cache) == 0  # nothing kept


def test_the_same_search_in_another_order_or_encoding_list_is_one_entry(app, make_place, renders):
    make_place()
    client = app.test_client()
    client.get("/fr/places?near=1000&free=y", headers={"Accept-Encoding": "gzip, deflate"})
    client.get("/fr/places?free=y&near=1000", headers={"Accept-Encoding": "deflate,gzip;q=1.0, identity"})
    assert renders == ["public/places.html"]


def test_the_parameters_the_pages_read_are_known_to_the_cache(app):
    from finder.help.questionnaire import load_flow
    from finder.public.forms import SearchForm
    from finder.web.page_cache import KNOWN_PARAMETERS

    with app.test_request_context("/fr/places"):
        fields = {field.name for field in SearchForm()}
    questions = {question.id for question in load_flow().questions}
    assert fields | questions <= KNOWN_PARAMETERS


@pytest.mark.parametrize("path", ["/api/places.json", "/api/places.geojson", "/api/places.csv"])
def test_a_small_api_answer_is_kept_and_a_browser_that_has_it_gets_304(app, make_place, path):
    make_place()
    first = app.test_client().get(path)
    assert first.headers["ETag"]
    again = app.test_client().get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_big_api_answer_is_streamed_not_kept(app, make_place, monkeypatch):
    from finder.public import api

    make_place(slug="one")
    make_place(slug="two")
    monkeypatch.setattr(api, "IN_MEMORY_PLACES", 1)
    answer = app.test_client().get("/api/places.json")
    assert "ETag" not in answer.headers
    assert answer.get_json()["count"] == 2
