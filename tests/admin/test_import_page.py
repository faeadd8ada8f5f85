"""The admins' import page: send a file, read its dry run, confirm; nobody else can send files."""

import io
import json
import re

from sqlalchemy import func, select

from finder.models import Place, db
from tests.conftest import TEST_DATA

AIX = TEST_DATA / "aix-en-provence.mednum-v0.1.json"


def upload(client, content: bytes, name: str = "aix.json", source: str = "Aix", lang: str = "en"):
    data = {"file": (io.BytesIO(content), name), "format": "auto", "source": source}
    return client.post(f"/{lang}/admin/import", data=data, content_type="multipart/form-data")


def place_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Place.id)))


def test_an_admin_checks_a_file_then_imports_it(app, client, auth):
    auth.create("root@example.org", is_admin=True)
    auth.login("root@example.org")
    dry = upload(client, AIX.read_bytes())
    html = dry.get_data(as_text=True)
    assert dry.status_code == 200 and "What this file would change" in html
    assert re.search(r"New places</th><td>38<", html) and "labels_nationaux" not in html
    assert place_count(app) == 0  # a dry run changes nothing
    token = re.search(r'name="token" type="hidden" value="([0-9a-f]{32})"', html)[1]

    done = client.post("/en/admin/import/confirm", data={"token": token}).get_data(as_text=True)
    assert "What the import changed" in done and re.search(r"New places</th><td>38<", done)
    assert place_count(app) == 38
    again = client.post("/en/admin/import/confirm", data={"token": token}, follow_redirects=True)
    assert "no longer waiting" in again.get_data(as_text=True) and place_count(app) == 38

    second = upload(client, AIX.read_bytes(), lang="fr").get_data(as_text=True)
    assert "Rien ne change" in second and re.search(r"inchangés</th><td>38<", second)
    shorter = json.dumps(json.loads(AIX.read_text())[1:]).encode()
    third = upload(client, shorter, lang="nl").get_data(as_text=True)
    assert "1 plaats die eerder uit deze bron geïmporteerd werd, staat niet meer in dit bestand" in third


def test_a_file_that_is_no_open_data_gets_a_clear_message(client, auth):
    auth.create("root@example.org", is_admin=True)
    auth.login("root@example.org")
    response = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00", name="photo.png")
    assert response.status_code == 400
    assert "This file cannot be imported: The file is not UTF-8 text." in response.get_data(as_text=True)


def test_only_admins_may_send_files(app, client, auth, anna_keeps_a):
    assert upload(client, AIX.read_bytes()).status_code == 400  # a file from a visitor is not even read
    auth.login()
    assert upload(client, AIX.read_bytes()).status_code == 400
    assert client.get("/en/admin/import").status_code == 403
    files = {"name": (io.BytesIO(b"x"), "x.txt")}
    edit = client.post(
        f"/en/staff/places/{anna_keeps_a['a']}/edit", data=files, content_type="multipart/form-data"
    )
    assert edit.status_code == 400
    assert place_count(app) == 2


def test_a_save_during_the_dry_run_or_the_import_is_told_not_a_500(client, auth, monkeypatch):
    from finder.exchange import importer

    def conflict(*args, **kwargs):
        raise importer.ImportConflict

    auth.create("root@example.org", is_admin=True)
    auth.login("root@example.org")
    token = re.search(
        r'name="token" type="hidden" value="([0-9a-f]{32})"', upload(client, AIX.read_bytes()).text
    )[1]
    monkeypatch.setattr(importer, "run_import", conflict)
    dry = upload(client, AIX.read_bytes())
    assert dry.status_code == 400 and "nothing was saved" in dry.text
    done = client.post("/en/admin/import/confirm", data={"token": token}, follow_redirects=True)
    assert done.status_code == 200 and "nothing was saved" in done.text


def dry_run_token(client, content: bytes = b"") -> str:
    html = upload(client, content or AIX.read_bytes()).get_data(as_text=True)
    return re.search(r'name="token" type="hidden" value="([0-9a-f]{32})"', html)[1]


def test_a_file_up_to_the_page_s_limit_is_read_not_refused_at_one_mebibyte(client, auth):
    auth.create("root@example.org", is_admin=True)
    auth.login("root@example.org")
    padded = AIX.read_bytes() + b" " * (2 * 1024 * 1024)  # the same 38 places, 2 MiB
    assert 1024 * 1024 < len(padded) < 4 * 1024 * 1024
    # the form as a browser sends it, built here: the test client would spool it to a file it never closes
    body = (
        b'--b\r\nContent-Disposition: form-data; name="format"\r\n\r\nauto\r\n'
        b'--b\r\nContent-Disposition: form-data; name="source"\r\n\r\nAix\r\n'
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="aix.json"\r\n'
        b"Content-Type: application/json\r\n\r\n" + padded + b"\r\n--b--\r\n"
    )
    response = client.post("/en/admin/import", data=body, content_type="multipart/form-data; boundary=b")
    assert response.status_code == 200 and "What this file would change" in response.get_data(as_text=True)


def test_only_the_admin_who_sent_a_file_confirms_it_once(app, client, auth):
    auth.create("root@example.org", is_admin=True)
    auth.create("other@example.org", is_admin=True)
    auth.login("root@example.org")
    token = dry_run_token(client)
    auth.logout()
    auth.login("other@example.org")
    refused = client.post("/en/admin/import/confirm", data={"token": token}, follow_redirects=True)
    assert "no longer waiting" in refused.get_data(as_text=True) and place_count(app) == 0
    auth.logout()
    auth.login("root@example.org")
    assert "What the import changed" in client.post("/en/admin/import/confirm", data={"token": token}).text


def test_an_import_waits_for_the_one_running(app, client, auth):
    from finder.exchange import uploads

    auth.create("root@example.org", is_admin=True)
    auth.login("root@example.org")
    token = dry_run_token(client)
    with app.app_context(), uploads.one_import_at_a_time():  # `flask import` runs meanwhile
        busy = client.post("/en/admin/import/confirm", data={"token": token}, follow_redirects=True)
    assert "Another import is running" in busy.get_data(as_text=True) and place_count(app) == 0
    assert "What the import changed" in client.post("/en/admin/import/confirm", data={"token": token}).text


def test_a_file_with_more_places_than_the_page_imports_in_time_is_refused(app, client, auth):
    app.config["IMPORT_MAX_ROWS"] = 30
    auth.create("root@example.org", is_admin=True)
    auth.login("root@example.org")
    response = upload(client, AIX.read_bytes())
    assert response.status_code == 400
    assert "more than 30 places: import it with the flask import command" in response.get_data(as_text=True)


def test_a_file_whose_every_row_is_refused_says_so_and_offers_nothing_to_confirm(client, auth):
    auth.create("root@example.org", is_admin=True)
    auth.login("root@example.org")
    future = (
        b"id,nom,commune,code_postal,adresse,date_maj,services\n"
        b"1,Lieu,Lille,59000,1 rue X,2099-01-01,Prendre en main un ordinateur\n"
    )
    html = upload(client, future, name="future.csv").get_data(as_text=True)
    assert "Nothing changes: no row of this file can be imported." in html
    assert "already as it says" not in html and "Import these places" not in html
