"""Running the site: health check, backup and restore."""

import datetime as dt
import json

from sqlalchemy import select

from finder import create_app, editing, places
from finder.models import Place, db
from finder.places import record_of


def test_health_is_green_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_is_red_when_the_database_is_gone(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite", "SECRET_KEY": "x"}
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "error"


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
