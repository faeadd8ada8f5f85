import csv
import io
import json

from finder.models import Place, db


def test_seed_twice_changes_nothing(app, runner):
    first = runner.invoke(args=["seed"])
    assert "28 created" in first.output, first.output
    with app.app_context():
        before = {p.slug: (p.version, p.updated_at) for p in db.session.scalars(db.select(Place))}
    second = runner.invoke(args=["seed"])
    assert "0 created, 0 changed" in second.output
    with app.app_context():
        after = {p.slug: (p.version, p.updated_at) for p in db.session.scalars(db.select(Place))}
    assert before == after


def test_seed_never_invents_hours(app, runner):
    runner.invoke(args=["seed"])
    with app.app_context():
        double_click = db.session.scalar(db.select(Place).where(Place.slug == "double-click"))
        assert double_click.opening_hours is None
        assert double_click.street is None
        assert double_click.is_location_approximate


def test_invalid_hours_in_seed_are_refused_naming_the_place(app, runner, tmp_path, valid_record):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([valid_record(name="Broken EPN", opening_hours="Mo-Fr 9h-17h")]))
    result = runner.invoke(args=["seed", "--file", str(bad)])
    assert result.exit_code != 0
    assert "Broken EPN" in result.output and "opening hours" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Place.id))) == 0


def test_json_api_has_documented_schema(client, make_place):
    make_place()
    data = client.get("/api/places.json").get_json()
    assert data["schema_version"] == "1.1" and data["count"] == 1
    record = data["places"][0]
    assert set(record) == {
        "slug",
        "country",
        "name",
        "organisation",
        "street",
        "postcode",
        "commune",
        "latitude",
        "longitude",
        "is_location_approximate",
        "phone",
        "email",
        "website",
        "opening_hours",
        "access_mode",
        "cost",
        "services",
        "audiences",
        "languages",
        "accessibility",
        "equipment",
        "outreach",
        "labels",
        "descriptions",
        "names",
        "prices",
        "provenance",
        "closures",
        "verified_on",
        "source_url",
    }
    assert record["services"] == ["computer_access"] and record["opening_hours"].startswith("Mo-Fr")


def test_api_uses_search_filters(client, make_place):
    make_place(slug="a", name="A", tags={"service": ["print_scan"]})
    make_place(slug="b", name="B")
    data = client.get("/api/places.json?service=print_scan").get_json()
    assert [p["slug"] for p in data["places"]] == ["a"]
    assert client.get("/api/places.json?page=abc").status_code == 400
    assert client.get("/api/places.json?near=nowhere-at-all").status_code == 400


def test_geojson_and_csv(client, make_place):
    make_place()
    geo = client.get("/api/places.geojson").get_json()
    assert geo["features"][0]["geometry"]["coordinates"] == [4.3517, 50.8466]
    text = client.get("/api/places.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["slug"] == "test-place" and rows[0]["languages"] == "fr|nl"


def test_csv_cells_never_start_a_formula(client, make_place):
    make_place(name='=HYPERLINK("http://evil")')
    rows = list(csv.DictReader(io.StringIO(client.get("/api/places.csv").get_data(as_text=True))))
    assert rows[0]["name"].startswith("'=")


def test_csv_export_of_a_place_with_a_closure(client, make_place):
    closure = {"starts_on": "2030-01-01", "ends_on": "2030-01-02", "reasons": {"fr": "Inventaire"}}
    make_place(closures=[closure], phone="+32 2 279 00 00")
    response = client.get("/api/places.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0]["slug"] == "test-place"
    assert rows[0]["phone"] == "+32 2 279 00 00"  # a phone number is not a formula
