"""Importing open data: the real Aix-en-Provence file, LaMednum CSV, data·inclusion, our own CSV."""

import csv
import datetime as dt
import io
import json

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select, update

from finder.accounts import create_staff
from finder.editing import update_place
from finder.exchange import importer, reading
from finder.models import AuditEntry, ImportedRecord, Place, db
from finder.places import record_of
from tests.conftest import TEST_DATA

AIX = TEST_DATA / "aix-en-provence.mednum-v0.1.json"
TODAY = dt.date(2026, 11, 23)
MEDNUM_HEADER = (
    "id,pivot,nom,commune,code_postal,adresse,latitude,longitude,telephone,horaires,date_maj,services,"
    "frais_a_charge,modalites_acces,publics_specifiquement_adresses\n"
)


def import_text(text: str, source: str = "test", dry_run: bool = False, wanted: str = "auto"):
    with force_locale("en"):
        return importer.run_import(reading.read_text(text, wanted, TODAY), source, dry_run)


def place_named(name: str) -> Place:
    return db.session.scalar(select(Place).where(Place.name == name))


def place_count() -> int:
    return db.session.scalar(select(func.count(Place.id)))


def test_the_aix_file_imports_and_a_second_import_changes_nothing(runner, app, client, tmp_path):
    report_file = tmp_path / "report.json"
    first = runner.invoke(args=["import", str(AIX), "--report", str(report_file)])
    assert first.exit_code == 0, first.output
    assert "38 created" in first.output and "0 rejected" in first.output
    report = json.loads(report_file.read_text())
    assert report["counts"] == {"created": 38, "updated": 0, "unchanged": 0, "matched": 0, "rejected": 0}
    assert not [row for row in report["no_equivalent"] if row["field"] == "dispositif_programmes_nationaux"]

    second = runner.invoke(args=["import", str(AIX)])
    assert "38 unchanged" in second.output and "nothing changed" in second.output
    assert "no longer in the file" not in second.output
    shorter = tmp_path / "aix-en-provence.mednum-v0.1.json"  # the same source name, two places fewer
    shorter.write_text(json.dumps(json.loads(AIX.read_text())[2:]), encoding="utf-8")
    third = runner.invoke(args=["import", str(shorter)])
    assert (
        "36 unchanged" in third.output and "2 places of this source are no longer in the file" in third.output
    )
    with app.app_context():
        assert place_count() == 38
        place = place_named("Mairie de Quartier - Les Hauts d’Aix-Saint Donat")
        assert (place.country, place.postcode, place.phone) == ("FR", "13100", "+33488718170")
        assert place.origin("hours") == {
            "origin": "import",
            "source": "Mairie Aix en Provence",
            "as_of": "2024-01-31",
            "historical": False,
        }
        assert place.codes("service") == ["computer_access", "online_procedures"]
        assert place.codes("label") == ["conseillers_numeriques", "france_services"]

    near = client.get("/en/places?near=13100").get_data(as_text=True)
    assert "38 places near Aix-en-Provence" in near
    by_name = client.get("/en/places?q=Aix-en-Provence").get_data(as_text=True)
    assert "38 places" in by_name and "Anonymal" in by_name
    page = client.get("/fr/places/anonymal-aix-en-provence").get_data(as_text=True)
    assert 'href="tel:+33442645975"' in page and ">+33 4 42 64 59 75</a>" in page  # abroad: country code
    assert "13100 Aix-en-Provence" in page and "Publié le 31 janvier 2024 par Mairie Aix en Provence" in page
    assert "Aidants Connect (peut faire les démarches à votre place)" in page
    assert "Aidants Connect (can do procedures on your behalf)" in near  # on the cards too


def test_french_places_follow_french_public_holidays(app_ctx):
    import_text(
        MEDNUM_HEADER + "1,,Espace Test,Aix-en-Provence,13100,1 rue A,43.52,5.44,,"
        "Mo-Su 09:00-17:00; PH off,2026-10-01,,,,\n"
    )
    place = place_named("Espace Test")
    from finder.hours import coming_week

    bastille_day = coming_week(place.opening_hours, [], dt.date(2027, 7, 14), place.country)[0]
    assert bastille_day.is_holiday and not bastille_day.intervals
    belgian_day = coming_week(place.opening_hours, [], dt.date(2027, 7, 21), place.country)[0]
    assert not belgian_day.is_holiday and belgian_day.intervals


def test_a_dry_run_reports_and_changes_nothing(runner, app):
    result = runner.invoke(args=["import", str(AIX), "--dry-run"])
    assert "Dry run, nothing saved" in result.output and "38 created" in result.output
    with app.app_context():
        assert place_count() == 0


def test_bad_rows_are_rejected_with_row_field_and_reason_and_good_rows_land(app_ctx):
    rows = [
        "1,,Bon Lieu,Aix-en-Provence,13100,1 rue A,43.52,5.44,+33442000000,Mo-Fr 09:00-12:00,2024-01-31,,,,",
        "2,,,Aix-en-Provence,13100,1 rue B,43.52,5.44,,,2024-01-31,,,,",
        "3,,Mauvaises Heures,Aix-en-Provence,13100,1 rue C,43.52,5.44,,Lundi matin,2024-01-31,,,,",
        "4,,Mauvaise Position,Aix-en-Provence,13100,1 rue D,abc,5.44,,,2024-01-31,,,,",
        "5,,Mauvais Code,Aix-en-Provence,131,1 rue E,43.52,5.44,,,2024-01-31,,,,",
        "6,,Sans Date,Aix-en-Provence,13100,1 rue F,43.52,5.44,,,,,,,",
        "7,,Code Inconnu,Aix,13100,1 rue G,43.52,5.44,,,2024-01-31,Faire du café,Gratuit,Se présenter,",
    ]
    link = "javascript:alert(1)"
    header = MEDNUM_HEADER.replace(
        ",publics_specifiquement_adresses", ",publics_specifiquement_adresses,site_web"
    )
    rows = [row + "," for row in rows] + [
        f"8,,Lien Piégé,Aix,13100,1 rue H,43.52,5.44,,,2024-01-31,,,,,{link}"
    ]
    report = import_text(header + "\n".join(rows) + "\n")
    assert [(row, field) for row, field, _reason in report.rejected] == [
        (2, "nom"),
        (3, "horaires"),
        (4, "latitude"),
        (5, "code_postal"),
        (6, "date_maj"),
        (8, "site_web"),  # a link that would run a script is never stored
    ]
    assert "missing" in report.rejected[0][2] and "131" in report.rejected[3][2]
    assert report.created == 2 and report.unmapped[("services", "Faire du café")] == 1
    assert place_named("Code Inconnu").cost.value == "free"
    assert place_named("Code Inconnu").access_mode.value == "walk_in"
    assert place_named("Bon Lieu").opening_hours == "Mo-Fr 09:00-12:00"


def test_an_interrupted_import_leaves_the_database_as_it_was(app_ctx, monkeypatch):
    import_text(MEDNUM_HEADER + "1,,Premier,Aix-en-Provence,13100,1 rue A,43.52,5.44,,,2024-01-31,,,,\n")
    before = place_count()
    calls = []

    def interrupted(place, record):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        original(place, record)

    original = importer.apply_record
    monkeypatch.setattr(importer, "apply_record", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_text(json.dumps(json.loads(AIX.read_text())), source="aix")
    assert place_count() == before
    assert db.session.scalar(select(func.count(ImportedRecord.id))) == 1


def test_a_staff_save_during_an_import_stops_it_and_loses_nothing(app_ctx, monkeypatch):
    line = "1,,Lieu Disputé,Aix-en-Provence,13100,1 rue A,43.52,5.44,{phone},,2024-01-31,,,,\n"
    import_text(MEDNUM_HEADER + line.format(phone="+33442000000"))
    place_id = place_named("Lieu Disputé").id

    def staff_saves_meanwhile(place, record):
        bump = update(Place).where(Place.id == place_id).values(version=Place.version + 1)
        db.session.execute(bump.execution_options(synchronize_session=False))  # as another session would
        original(place, record)

    original = importer.apply_record
    monkeypatch.setattr(importer, "apply_record", staff_saves_meanwhile)
    with pytest.raises(importer.ImportConflict):
        import_text(MEDNUM_HEADER + line.format(phone="+33442999999").replace("2024-01-31", "2024-02-01"))
    assert place_named("Lieu Disputé").phone == "+33442000000"


def test_an_import_never_overwrites_what_staff_confirmed_later(app_ctx):
    line = "1,,Lieu Suivi,Aix-en-Provence,13100,1 rue A,43.52,5.44,{phone},Mo-Fr 09:00-12:00,{date},,,,\n"
    import_text(MEDNUM_HEADER + line.format(phone="+33442000000", date="2024-01-31"))
    place = place_named("Lieu Suivi")
    staff = create_staff("staff@example.org", "Staff", places=[place])
    update_place(place, staff, {"phone": "+33442111111"}, confirms=("contact",))

    report = import_text(MEDNUM_HEADER + line.format(phone="+33442999999", date="2025-06-30"))
    assert report.updated == 1  # the file changed, yet staff's phone is more recent
    assert place_named("Lieu Suivi").phone == "+33442111111"
    assert place_named("Lieu Suivi").origin("contact")["origin"] == "staff"

    hours = "Mo-Fr 09:00-12:00"
    newer = MEDNUM_HEADER + line.format(phone="+33442999999", date="2025-07-01").replace(
        hours, "Mo 10:00-11:00"
    )
    import_text(newer)
    assert place_named("Lieu Suivi").opening_hours == "Mo 10:00-11:00"  # nobody confirmed the hours
    assert place_named("Lieu Suivi").origin("hours")["as_of"] == "2025-07-01"
    history = db.session.scalars(select(AuditEntry.action).where(AuditEntry.place_id == place.id)).all()
    assert history.count("import") == 3


def test_a_service_the_source_removes_is_removed_and_other_sources_keep_theirs(app_ctx, make_place):
    line = "1,,Lieu Suivi,Aix-en-Provence,13100,1 rue A,43.52,5.44,,,{date},{services},,,\n"
    import_text(MEDNUM_HEADER + line.format(date="2024-01-31", services="Aide aux démarches administratives"))
    assert place_named("Lieu Suivi").codes("service") == ["online_procedures"]
    import_text(MEDNUM_HEADER + line.format(date="2024-06-30", services=""))
    assert place_named("Lieu Suivi").codes("service") == []
    assert place_named("Lieu Suivi").origin("services")["as_of"] == "2024-06-30"

    make_place(slug="seeded", name="Lieu Semé", latitude=43.53, longitude=5.45)  # services from its seed
    seeded = "2,,Lieu Semé,Aix-en-Provence,13100,2 rue B,43.53,5.45,,,2024-06-30,,,,\n"
    import_text(MEDNUM_HEADER + seeded, source="other")
    assert place_named("Lieu Semé").codes("service") == ["computer_access"]  # the file said nothing of it


def test_a_record_known_from_another_source_is_linked_not_duplicated(app_ctx, make_place):
    make_place(slug="bib", name="Bibliothèque Sud", postcode="1000", latitude=50.8466, longitude=4.3517)
    report = import_text(
        MEDNUM_HEADER
        + "a1,12345678900011,Bibliothèque Sud,Bruxelles,1000,Rue Haute 1,50.8468,4.3518,,,2024-01-31,,,,\n"
        + "a2,W123456789,Antenne,Bruxelles,1000,Rue Haute 9,50.8500,4.3600,,,2024-01-31,,,,\n",
        source="first",
    )
    assert report.created == 1 and [m[2:] for m in report.matched] == [("bib", "the same name within 50 m")]
    other = import_text(
        MEDNUM_HEADER + "zz,12345678900011,Bibliothèque du Sud,Bruxelles,1000,,50.9,4.4,,,2024-02-01,,,,\n",
        source="second",
    )
    assert other.created == 0 and other.matched[0][3] == "the same official id"
    assert place_count() == 2


def test_data_inclusion_structures_then_services(app_ctx):
    structures = [
        {
            "source": "dora",
            "id": "dora--s1",
            "nom": "Centre social Le Tournesol",
            "date_maj": "2025-02-14",
            "siret": "13003013300016",
            "commune": "Lyon",
            "code_postal": "69001",
            "adresse": "1 rue X",
            "latitude": 45.767,
            "longitude": 4.834,
            "telephone": "+33478000000",
            "courriel": "a@b.fr",
            "site_web": "https://example.fr",
            "horaires_accueil": "Mo-Fr 09:00-17:00",
            "description": "Un centre.",
            "reseaux_porteurs": ["france-services"],
        }
    ]
    first = import_text(json.dumps(structures), source="dora")
    assert first.created == 1 and first.format == "data-inclusion"
    services = [
        {
            "source": "dora",
            "structure_id": "dora--s1",
            "id": "x1",
            "nom": "Aide",
            "date_maj": "2025-02-14",
            "thematiques": ["numerique--acceder-a-des-services-en-ligne", "famille--garde-denfants"],
            "frais": ["gratuit"],
            "publics": ["seniors"],
        },
        {
            "source": "dora",
            "structure_id": "dora--s1",
            "id": "x2",
            "nom": "Wifi",
            "date_maj": "2025-03-01",
            "thematiques": ["numerique--acceder-a-une-connexion-internet"],
            "frais": ["gratuit"],
        },
        {"source": "dora", "structure_id": "dora--unknown", "id": "x3", "nom": "?", "date_maj": "2025-03-01"},
    ]
    report = import_text(json.dumps(services), source="dora")
    place = place_named("Centre social Le Tournesol")
    assert place.codes("service") == ["computer_access", "online_procedures"]
    assert place.codes("audience") == ["seniors"] and place.cost.value == "free"
    assert place.codes("language") == [] and place.opening_hours == "Mo-Fr 09:00-17:00"
    assert report.rejected == [(3, "structure_id", "no structure dora--unknown imported from dora")]


def test_our_own_csv_export_comes_back_with_only_the_edited_cell_changed(app, client, make_place):
    make_place(slug="one", name="Lieu Un", phone="+32 2 279 00 00")
    make_place(slug="two", name="Lieu Deux")
    exported = client.get("/api/places.csv").get_data(as_text=True)
    assert "+32 2 279 00 00" in exported and "'+32" not in exported
    rows = list(csv.DictReader(io.StringIO(exported)))
    rows[0]["phone"] = "+32 2 000 00 00"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    with app.app_context():
        before = {place.slug: record_of(place) for place in db.session.scalars(select(Place))}
        report = import_text(out.getvalue(), source="spreadsheet")
        assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
        assert len(report.matched) == 0 and report.rejected == []
        after = {place.slug: record_of(place) for place in db.session.scalars(select(Place))}
    edited = rows[0]["slug"]
    assert after[edited]["phone"] == "+32 2 000 00 00"
    assert after[edited]["provenance"]["contact"]["origin"] == "import"
    untouched = "two" if edited == "one" else "one"
    assert after[untouched] == before[untouched]


def test_files_we_cannot_read_are_refused_with_a_reason(runner, tmp_path):
    odd_files = (
        ("{not json", "The JSON cannot be read"),
        ("a,b\n1,2\n", "The columns are not"),
        ("[" * 100_000, "The JSON holds no list of records"),
        (
            "nom,date_maj\na,2024-01-01\n" * 100 + '"' + "x" * 200_000 + '",2024-01-01\n',
            "The CSV table cannot",
        ),
    )
    for content, reason in odd_files:
        path = tmp_path / "bad.txt"
        path.write_text(content)
        result = runner.invoke(args=["import", str(path)])
        assert result.exit_code != 0 and reason in result.output


ROW = "1,{nom},{commune},59000,1 rue X,{date},{telephone},{site},Prendre en main un ordinateur\n"
ROW_HEADER = "id,nom,commune,code_postal,adresse,date_maj,telephone,site_web,services\n"
FINE = {"nom": "Lieu", "commune": "Lille", "date": "2026-10-01", "telephone": "", "site": ""}


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"telephone": "04 42 64 59 75 / 06 12 34 56 78 / 07 12 34"}, "phone", "longer than 40 characters"),
        ({"nom": "N" * 201}, "name", "longer than 200 characters"),
        ({"commune": "C" * 101}, "commune", "longer than 100 characters"),
        ({"site": "https://x.org/" + "a" * 300}, "website", "longer than 300 characters"),
        ({"nom": "Li\x00eu"}, "name", "characters that are not text"),
        ({"date": "2099-01-01"}, "date", "in the future: 2099-01-01"),
    ],
)
def test_a_value_the_database_cannot_hold_refuses_its_row_with_a_reason(app_ctx, change, field, reason):
    report = import_text(ROW_HEADER + ROW.format(**{**FINE, **change}), dry_run=True)
    assert (report.created, report.rejected) == (0, [(1, field, reason)])
    report = import_text(ROW_HEADER + ROW.format(**{**FINE, **change}))
    assert place_count() == 0


@pytest.mark.parametrize(
    ("value", "field", "reason"),
    [
        ({"a": 1}, "nom", "a list or a group of values where a text is expected"),
        ("Li\ud800eu", "name", "characters that are not text"),
    ],
)
def test_a_json_value_that_is_no_text_refuses_its_row(app_ctx, value, field, reason):
    item = {"id": "1", "nom": value, "commune": "Lille", "code_postal": "59000", "adresse": "x"}
    report = import_text(json.dumps([{**item, "date_maj": "2026-10-01"}]))
    assert report.rejected == [(1, field, reason)] and place_count() == 0


def test_the_command_says_which_row_and_field_was_refused(runner, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(ROW_HEADER + ROW.format(**{**FINE, "nom": "N" * 201}), encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert (
        result.exit_code == 0 and "row 1" in result.output and "longer than 200 characters" in result.output
    )


def test_a_spreadsheet_without_the_name_columns_keeps_the_names_per_language(app, client, make_place):
    make_place(slug="one", name="Lieu Un", names={"street": {"nl": "Hoogstraat 1"}})
    rows = list(csv.DictReader(io.StringIO(client.get("/api/places.csv").get_data(as_text=True))))
    assert rows[0]["street_nl"] == "Hoogstraat 1"
    rows[0]["phone"] = "+32 2 000 00 00"
    kept = [column for column in rows[0] if not column.startswith(("name_", "organisation_", "street_"))]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=kept, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    with app.app_context():
        assert import_text(out.getvalue(), source="older spreadsheet").updated == 1
        place = db.session.scalar(select(Place).where(Place.slug == "one"))
        assert place.phone == "+32 2 000 00 00" and place.names == {"street": {"nl": "Hoogstraat 1"}}
