"""Running the site: health check, backup and restore."""

import datetime as dt
import json
import socket
import time

from sqlalchemy import select

from finder import create_app, data_token, editing, ops, places
from finder.models import Place, db
from finder.places import record_of
from tests.conftest import StaffActions, place_record


def test_health_is_green_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "none"}


def test_health_is_red_when_the_database_is_gone(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite", "SECRET_KEY": "x"}
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "error"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again: nothing listens there


def test_without_redis_pages_logins_and_limits_go_on(make_app, make_place, auth):
    down = f"redis://127.0.0.1:{closed_port()}/0"
    app = make_app(
        CACHE_TYPE="RedisCache",
        CACHE_REDIS_URL=down,
        CACHE_OPTIONS={"socket_connect_timeout": 0.5},
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=down,
    )
    with app.app_context():
        editing.seed_places([place_record()])
    client = app.test_client()
    assert client.get("/fr/places/test-place").status_code == 200
    assert client.get("/fr/places/test-place").status_code == 200  # a miss again, not an error
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json() == {"status": "degraded", "database": "ok", "redis": "unreachable"}
    actions = StaffActions(app, client)
    actions.create("anna@example.org")
    codes = [actions.login(password="wrong password here").status_code for _ in range(6)]
    assert codes[:5] == [200] * 5 and codes[5] == 429  # the limit holds, in memory


def test_a_database_outage_is_a_503_and_the_site_recovers_without_a_restart(make_app, tmp_path):
    database = tmp_path / "finder.sqlite"
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with app.app_context():
        editing.seed_places([place_record()])
    client = app.test_client()
    assert client.get("/fr/places/test-place").status_code == 200  # now in the page cache
    saved = database.read_bytes()
    database.unlink()
    with app.app_context():
        db.engine.dispose()
    token, _seen_at = app.extensions["data_token"]  # as if it was read long enough ago to recheck
    app.extensions["data_token"] = (token, time.monotonic() - data_token.RECHECK_SECONDS - 1)
    assert client.get("/fr/places/test-place").status_code == 200  # served from the cache
    # a search is answered from what the worker keeps (its index and places read before)
    assert "Test Place" in client.get("/fr/places?near=1000").get_data(as_text=True)
    outage = client.get("/fr/places/test-place/correction")  # a form reads the database
    assert outage.status_code == 503 and outage.headers["Retry-After"] == "30"
    assert "réessayer dans quelques minutes" in outage.get_data(as_text=True)
    assert client.get("/healthz").status_code == 503
    database.write_bytes(saved)
    assert client.get("/fr/places/test-place/correction").status_code == 200
    assert client.get("/healthz").status_code == 200


def snapshot(app) -> list[dict]:
    with app.app_context():
        return [record_of(place) for place in db.session.scalars(select(Place).order_by(Place.slug))]


def test_a_backup_restores_everything_staff_entered(app, runner, auth, make_place, tmp_path):
    make_place(slug="a", name="Place A")
    make_place(slug="b", name="Place B", cost="paid", access_mode="appointment")
    auth.create("anna@example.org", "Anna", slugs=["a"])
    with app.app_context():
        a = db.session.scalar(select(Place).where(Place.slug == "a"))
        editing.add_closure(a, None, dt.date(2030, 1, 1), dt.date(2030, 1, 2), {"fr": "Travaux"})
        editing.add_event(a, None, {"starts_at": dt.datetime(2030, 2, 1, 10), "titles": {"nl": "Workshop"}})
    before = snapshot(app)
    path = tmp_path / "backup.json"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(path.read_text())["tables"]["place"][0]["slug"] == "a"

    with app.app_context():  # a bad day: a place deleted, another renamed
        db.session.delete(db.session.scalar(select(Place).where(Place.slug == "b")))
        db.session.scalar(select(Place).where(Place.slug == "a")).name = "Wrong"
        db.session.commit()
    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert snapshot(app) == before
    with app.app_context():
        assert len(db.session.scalar(select(Place).where(Place.slug == "a")).events) == 1
        new = places.create_place("After Restore", "Bruxelles")  # ids go on after the restored ones
        assert new.id > max(place["id"] for place in json.loads(path.read_text())["tables"]["place"])
    assert auth.login().status_code == 302  # the account and its password came back


def test_restore_refuses_a_file_that_is_not_a_backup(app, runner, make_place, tmp_path):
    make_place()
    path = tmp_path / "other.json"
    path.write_text('{"places": []}')
    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code != 0 and "not a backup of EPN Finder" in result.output
    assert len(snapshot(app)) == 1


def test_a_backup_whose_rows_point_at_missing_rows_is_refused_and_not_written(
    app, runner, auth, anna_keeps_a, tmp_path, monkeypatch
):
    with app.app_context():
        whole = ops.read_snapshot()
        assert ops.dangling_references(whole) == []
    # what separate reads during an import gave: history and links of places the backup lacks
    torn = {**whole, "place": [row for row in whole["place"] if row["slug"] != "a"]}
    monkeypatch.setattr(ops, "read_snapshot", lambda: torn)
    path = tmp_path / "backup.json"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 1 and "No backup written: inconsistent snapshot" in result.output
    assert "staff_place.place_id" in result.output
    assert not path.exists() and list(tmp_path.iterdir()) == []
