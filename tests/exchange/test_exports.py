"""Exports: the standards' files validate against the standards themselves; every export streams and pages."""

import csv
import io
import json
from pathlib import Path

import pytest
from data_inclusion.schema.v1 import Service, Structure
from frictionless import Resource, Schema

from tests.conftest import TEST_DATA

AIX = TEST_DATA / "aix-en-provence.mednum-v0.1.json"
MEDNUM_SCHEMA = TEST_DATA / "schema-1.0.2.json"


@pytest.fixture
def aix(runner, make_place):
    make_place(slug="brussels", name="Lieu Bruxellois")  # Belgian: no standard can hold it
    result = runner.invoke(args=["import", str(AIX)])
    assert "38 created" in result.output


def validate_mednum(path: Path) -> list[str]:
    schema = Schema.from_descriptor(json.loads(MEDNUM_SCHEMA.read_text(encoding="utf-8")))
    report = Resource(path=path.name, basepath=str(path.parent), schema=schema).validate()
    return [error.message for task in report.tasks for error in task.errors]


def test_lamednum_csv_validates_against_the_standard_and_counts_what_it_leaves_out(aix, client, tmp_path):
    response = client.get("/api/lamednum.csv")
    assert response.status_code == 200 and response.is_streamed
    path = tmp_path / "lamednum.csv"
    path.write_bytes(response.get_data())
    assert validate_mednum(path) == []
    path.write_text(response.get_data(as_text=True).replace(",13100,", ",1000,", 1), encoding="utf-8")
    assert any("code_postal" in error for error in validate_mednum(path))  # a Belgian postcode would fail
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    # the standard needs an official id (SIRET or RNA) and a street: 36 of Aix's 38 places give both
    assert len(rows) == 36 == int(response.headers["X-Total-Count"])
    assert int(response.headers["X-Left-Out-Count"]) == 39 - 36
    saint_donat = next(row for row in rows if row["nom"].startswith("Mairie de Quartier - Les Hauts"))
    assert saint_donat["code_insee"] == "13001" and saint_donat["telephone"] == "+33488718170"
    assert set(saint_donat["services"].split("|")) == {
        "Aide aux démarches administratives",
        "Accès internet et matériel informatique",
    }


def test_lamednum_json_holds_the_same_valid_records(aix, client, tmp_path):
    records = client.get("/api/lamednum.json").get_json()
    assert len(records) == 36
    path = tmp_path / "from-json.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    assert validate_mednum(path) == []


def test_data_inclusion_files_validate_against_its_schema(aix, client):
    structures = client.get("/api/data-inclusion/structures.json")
    assert structures.headers["X-Total-Count"] == "38" and structures.headers["X-Left-Out-Count"] == "1"
    for record in structures.get_json():
        Structure.model_validate(record)
    services = client.get("/api/data-inclusion/services.json").get_json()
    assert len(services) > 38
    for record in services:
        Service.model_validate(record)
    themes = {theme for record in services for theme in record["thematiques"]}
    assert "numerique--acceder-a-des-services-en-ligne" in themes


def test_exports_page_with_limit_and_offset(aix, client):
    everything = client.get("/api/places.json").get_json()
    assert everything["count"] == 39 and len(everything["places"]) == 39
    page = client.get("/api/places.json?offset=10&limit=5").get_json()
    assert [place["slug"] for place in page["places"]] == [
        place["slug"] for place in everything["places"][10:15]
    ]
    mednum = client.get("/api/lamednum.json?offset=30&limit=10").get_json()
    assert len(mednum) == 6
    for url in ("/api/places.json?limit=-1", "/api/lamednum.csv?offset=abc", "/api/places.csv?limit=1.5"):
        assert client.get(url).status_code == 400


def test_our_exports_say_where_each_fact_comes_from(aix, client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/places.csv").get_data(as_text=True))))
    anonymal = next(row for row in rows if row["name"] == "Anonymal")
    assert json.loads(anonymal["provenance"])["contact"] == {
        "origin": "import",
        "source": "Mairie Aix en Provence",
        "as_of": "2024-01-31",
        "historical": False,
    }
    geojson = client.get("/api/places.geojson").get_json()
    assert len(geojson["features"]) == 39 and geojson["type"] == "FeatureCollection"


def test_our_lamednum_file_reads_back_as_the_same_places(aix, client, runner, tmp_path, app):
    path = tmp_path / "lamednum.csv"
    path.write_bytes(client.get("/api/lamednum.csv").get_data())
    result = runner.invoke(
        args=["import", str(path), "--source", "our-own-export", "--report", str(tmp_path / "r.json")]
    )
    counts = json.loads((tmp_path / "r.json").read_text())["counts"]
    # linked to the places they came from (by name within 50 m, or by an official id only one place has)
    assert counts == {"created": 0, "updated": 0, "unchanged": 0, "matched": 36, "rejected": 0}, result.output
    places = client.get("/api/places.json").get_json()["places"]
    assert len(places) == 39
    anonymal = next(place for place in places if place["name"] == "Anonymal")
    assert anonymal["provenance"]["contact"]["source"] == "Mairie Aix en Provence"  # same values: same origin
    assert anonymal["opening_hours"] is None


def test_exports_write_hours_only_while_they_are_current(client, runner, tmp_path):
    from finder.hours import now_brussels

    recent = now_brussels().date().isoformat()
    header = "id,pivot,nom,commune,code_postal,adresse,horaires,date_maj\n"
    rows = (
        f"n,W131000001,Lieu Récent,Aix-en-Provence,13100,1 rue A,Mo-Fr 09:00-12:00,{recent}\n"
        "o,W131000002,Lieu Ancien,Aix-en-Provence,13100,2 rue B,Mo-Fr 09:00-12:00,2020-01-31\n"
    )
    path = tmp_path / "hours.csv"
    path.write_text(header + rows, encoding="utf-8")
    assert runner.invoke(args=["import", str(path)]).exit_code == 0
    hours = {record["nom"]: record["horaires"] for record in client.get("/api/lamednum.json").get_json()}
    assert hours == {"Lieu Récent": "Mo-Fr 09:00-12:00", "Lieu Ancien": ""}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("＝1+1", "'＝1+1"),  # a fullwidth equals sign
        ("-1-1", "'-1-1"),
        ("+1+1", "'+1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+32 2 279 00 00", "+32 2 279 00 00"),  # a phone stays a phone
        ("Rue Haute 1", "Rue Haute 1"),
    ],
)
def test_no_cell_of_a_csv_export_runs_as_a_formula(value, written):
    from finder.exchange.spreadsheet import csv_cell

    assert csv_cell(value) == written


@pytest.mark.parametrize("query", ["offset=9223372036854775808", "limit=9223372036854775808", "offset=-1"])
@pytest.mark.parametrize("path", ["/api/places.json", "/api/lamednum.json", "/api/lamednum.csv"])
def test_a_page_of_an_export_beyond_any_directory_is_a_bad_request(client, make_place, path, query):
    make_place()
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
