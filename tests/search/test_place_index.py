"""The search index each process keeps follows every write at once, from any process."""

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from finder import data_token
from finder.hours import now_brussels
from finder.models import Place, db
from finder.search import index as place_index
from finder.search.query import SearchFilters, search_places
from tests.conftest import edit_data


def listed(client, query: str) -> bool:
    return "Place A" in client.get(f"/en/places?{query}").get_data(as_text=True)


def test_a_staff_edit_shows_in_the_next_search(auth, client, anna_keeps_a):
    assert not listed(client, "service=print_scan")  # the index is built here
    auth.login()
    data = edit_data(client, anna_keeps_a["a"], services=["computer_access", "print_scan"])
    assert client.post(f"/en/staff/places/{anna_keeps_a['a']}/edit", data=data).status_code == 302
    auth.logout()
    assert listed(client, "service=print_scan")


def test_a_write_by_another_process_rebuilds_the_index_once_the_token_is_rechecked(
    app, two_places, monkeypatch
):
    def names() -> list[str]:
        return [hit.place.name for hit in search_places(SearchFilters(), now_brussels()).hits]

    monkeypatch.setattr(data_token, "RECHECK_SECONDS", 3600)
    with app.app_context():
        assert names() == ["Place A", "Place B"]
        built = place_index.current()
        with Session(db.engine) as other:  # another worker, its own session
            other.execute(update(Place).where(Place.slug == "a").values(is_published=False))
            data_token.bump(other.connection())
            other.commit()
        assert place_index.current() is built  # no query per search: the token is read once a second
        monkeypatch.setattr(data_token, "RECHECK_SECONDS", 0)
        assert names() == ["Place B"]


def test_the_index_is_reused_until_the_data_changes(app, two_places):
    with app.app_context():
        first = place_index.current()
        assert place_index.current() is first
        place = db.session.scalar(select(Place).where(Place.slug == "b"))
        place.name = "Place B renamed"
        db.session.commit()
        assert place_index.current() is not first


def test_an_empty_directory_says_nothing_was_found(client):
    response = client.get("/en/places?q=computer&near=1000")
    assert response.status_code == 200
    assert "No place matches all your choices." in response.get_data(as_text=True)
