"""Mail through a real SMTP server on loopback: invitations, resets, reminders, requests to run a place."""

import datetime as dt
import re
import socket

import pytest
from sqlalchemy import select, update

from finder import claims, reminders
from finder.hours import now_brussels
from finder.mail import wait_for_queue
from finder.models import ClaimRequest, Place, Staff, db
from tests.conftest import BARE_SETTINGS
from tests.conftest import STAFF_PASSWORD as PASSWORD


def path_of(link: str) -> str:
    return re.sub(r"^http://localhost", "", link)


def test_a_reset_link_reaches_the_account_and_works_once(auth, client, inbox):
    auth.create("anna@example.org", "Anna")
    for email in ("Anna@Example.org", "nobody@example.org"):
        response = client.post("/fr/staff/reset", data={"email": email})
        assert response.status_code == 302  # the same answer either way
    wait_for_queue()
    assert [message["To"] for message in inbox.messages] == ["anna@example.org"]
    (mail,) = inbox.messages
    link = path_of(next(link for link in inbox.links(mail) if "/staff/reset/" in link))
    new_password = "another long secret phrase"
    assert client.post(link, data={"password": new_password, "confirm": new_password}).status_code == 302
    assert client.get(link).status_code == 404  # once only
    assert auth.login(password=new_password).status_code == 302
    assert "Choisir un nouveau mot de passe" in inbox.html(mail) and "<img" not in inbox.html(mail)


def test_reminders_name_what_is_missing_and_respect_30_days(app, auth, client, inbox, make_place):
    make_place(slug="old", name="Old Place", opening_hours=None, as_of="2020-01-01")
    make_place(slug="fine", name="Fine Place", phone="02 279 00 00")
    make_place(slug="nobody", name="Nobody's Place", opening_hours=None)  # no team: nobody to mail
    auth.create("anna@example.org", "Anna", slugs=["old", "fine"])
    with app.app_context():
        db.session.scalar(select(Staff)).language = "nl"
        fine = db.session.scalar(select(Place).where(Place.slug == "fine"))
        fine.verified_on = now_brussels().date()
        db.session.commit()
    runner = app.test_cli_runner()
    assert "Sent 1 reminders." in runner.invoke(args=["send-reminders"]).output
    (mail,) = inbox.messages
    assert mail["To"] == "anna@example.org" and "Old Place" in mail["Subject"]
    text = inbox.text(mail)
    assert "Openingsuren bevestigd" in text  # what is missing, in Dutch
    edit_link, confirm_link = inbox.links(mail)
    assert edit_link.startswith("http://localhost/nl/staff/places/")  # absolute, from a CLI command
    assert "Sent 0 reminders." in runner.invoke(args=["send-reminders"]).output  # 30 days apart
    page = client.get(path_of(confirm_link))
    assert page.status_code == 200 and "Old Place" in page.get_data(as_text=True)
    assert client.post(path_of(confirm_link)).status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(select(Place).where(Place.slug == "old")).verified_on == now_brussels().date()
        )
        reminders_sent = reminders.last_reminders()
        assert len(reminders_sent) == 1
        next(iter(reminders_sent.values())).sent_at -= dt.timedelta(days=31)
        db.session.commit()
    auth.login(email="anna@example.org")
    assert "Sent 1 reminders." in runner.invoke(args=["send-reminders"]).output  # still no hours


def test_a_still_accurate_link_from_another_place_or_tampered_is_refused(app, client, auth, make_place):
    make_place(slug="a", name="A")
    make_place(slug="b", name="B")
    auth.create("anna@example.org", "Anna", slugs=["a"])
    with app.app_context(), app.test_request_context():
        anna = db.session.scalar(select(Staff))
        b = db.session.scalar(select(Place).where(Place.slug == "b"))
        link = reminders.confirm_link(anna, b)
    assert client.get(path_of(link)).status_code == 404
    assert client.get(path_of(link)[:-3] + "abc").status_code == 404


def test_i_run_this_place_then_approved_then_invited(app, auth, client, inbox, make_place):
    make_place(slug="free", name="Free Place")
    make_place(slug="taken", name="Taken Place")
    auth.create("anna@example.org", "Anna", slugs=["taken"])
    auth.create("admin@example.org", "Admin", is_admin=True)
    assert "I run this place" in client.get("/en/places/free").get_data(as_text=True)
    assert client.get("/en/places/taken/claim").status_code == 404
    form = {"name": "Bob", "role": "coordinator", "email": "Bob@Free.example", "message": "Hello"}
    assert client.post("/nl/places/free/claim", data={**form, "website": "spam"}).status_code == 302
    assert client.post("/nl/places/free/claim", data={**form, "email": "not an address"}).status_code == 400
    assert client.post("/nl/places/free/claim", data=form).status_code == 302
    with app.app_context():
        (claim,) = claims.pending()  # the honeypot's was dropped
        claim_id = claim.id
    auth.login(email="admin@example.org")
    assert "Bob" in client.get("/en/admin/claims").get_data(as_text=True)
    assert client.post(f"/en/admin/claims/{claim_id}/approve").status_code == 302
    again = client.post(f"/en/admin/claims/{claim_id}/refuse", follow_redirects=True)  # decided already
    assert "Another administrator has already decided this request." in again.get_data(as_text=True)
    auth.logout()
    assert "I run this place" not in client.get("/en/places/free").text  # it has a team now
    (mail,) = inbox.to("bob@free.example")
    assert mail["Subject"] == "Uw EPN Finder-account"  # in the language of the request
    link = path_of(inbox.links(mail)[0])
    assert client.post(link, data={"password": PASSWORD, "confirm": PASSWORD}).status_code == 302
    auth.login(email="bob@free.example")
    assert "Free Place" in client.get("/en/staff/").get_data(as_text=True)


def test_a_refused_request_is_told(app, auth, client, inbox, make_place):
    make_place(slug="free", name="Free Place")
    auth.create("admin@example.org", "Admin", is_admin=True)
    form = {"name": "Eve", "role": "owner", "email": "eve@example.org"}
    client.post("/fr/places/free/claim", data=form)
    with app.app_context():
        claim_id = claims.pending()[0].id
    auth.login(email="admin@example.org")
    client.post(f"/en/admin/claims/{claim_id}/refuse")
    (mail,) = inbox.to("eve@example.org")
    assert "Free Place" in mail["Subject"] and "Free Place" in inbox.text(mail)
    with app.app_context():
        assert (
            claims.pending() == [] and db.session.scalars(select(Staff)).all()[-1].email != "eve@example.org"
        )


def test_of_two_admins_deciding_at_once_one_wins_and_nothing_fails(app, inbox, make_place):
    make_place(slug="free", name="Free Place")
    with app.app_context():
        place = db.session.scalar(select(Place).where(Place.slug == "free"))
        claim = claims.submit(place, "Bob", "coordinator", "bob@example.org", "", "en")
        # the other admin's decision lands between this admin's page and their click
        db.session.execute(
            update(ClaimRequest).values(decided_at=dt.datetime(2026, 11, 23), outcome="refused")
        )
        db.session.commit()
        with pytest.raises(claims.AlreadyDecided):
            claims.approve(claim)
        assert db.session.scalars(select(Staff).where(Staff.email == "bob@example.org")).all() == []
    assert inbox.to("bob@example.org") == []


def test_without_a_mail_server_mails_go_to_the_log(make_app, capsys):
    from finder.mail import Letter, send

    app = make_app(BARE_SETTINGS)
    with app.app_context():
        send("someone@example.org", "en", lambda: Letter("Hello", ["A line."]))
    assert "Subject: Hello" in capsys.readouterr().out


def test_create_admin_runs_without_questions_and_checks_the_password_first(app, monkeypatch):
    runner = app.test_cli_runner()
    monkeypatch.setenv("EPN_ADMIN_PASSWORD", "short")
    result = runner.invoke(args=["create-admin", "--email", "a@example.org", "--name", "Ana"])
    assert result.exit_code != 0 and "12 characters" in result.output
    monkeypatch.setenv("EPN_ADMIN_PASSWORD", PASSWORD)
    result = runner.invoke(
        args=["create-admin", "--email", "a@example.org", "--name", "Ana", "--language", "nl"]
    )
    assert result.exit_code == 0, result.output
    prompted = runner.invoke(
        args=["create-admin", "--email", "b@example.org", "--name", "Bo"],
        env={"EPN_ADMIN_PASSWORD": ""},
        input="short\n" + PASSWORD + "\n" + PASSWORD + "\n",
    )
    assert prompted.output.count("Repeat for confirmation") == 1  # the short one was refused at once
    assert "--password" in runner.invoke(args=["create-admin", "--help"]).output


def test_a_mail_server_that_is_down_never_breaks_a_page(app, auth, client, make_place, monkeypatch):
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    app.extensions["mailman"].port = closed_port
    make_place(opening_hours=None)
    auth.create("admin@example.org", "Admin", is_admin=True, slugs=["test-place"])
    assert client.post("/en/staff/reset", data={"email": "admin@example.org"}).status_code == 302
    auth.login(email="admin@example.org")
    html = client.post("/en/admin/staff", data={"email": "ben@example.org", "name": "Ben", "language": "fr"})
    text = html.get_data(as_text=True)
    assert "The e-mail could not be sent" in text and "/fr/staff/invitation/" in text
    assert "Sent 0 reminders." in app.test_cli_runner().invoke(args=["send-reminders"]).output


HOSTILE_NAME = "BruSurf\r\nBcc: victim@example.org"


def test_a_name_is_one_line_whoever_writes_it(app, client, auth, anna_keeps_a, runner, tmp_path):
    auth.login()
    from tests.conftest import edit_data

    data = edit_data(client, anna_keeps_a["a"], name=HOSTILE_NAME)
    assert client.post(f"/en/staff/places/{anna_keeps_a['a']}/edit", data=data).status_code == 302
    lamednum = tmp_path / "lines.csv"
    lamednum.write_text(
        "id,nom,commune,code_postal,adresse,date_maj,services\n"
        '1,"Deux\nlignes",Lille,59000,1 rue X,2026-10-01,Prendre en main un ordinateur\n'
    )
    assert runner.invoke(args=["import", str(lamednum)]).exit_code == 0
    with app.app_context():
        names = set(db.session.scalars(select(Place.name)))
    assert "BruSurf Bcc: victim@example.org" in names and "Deux lignes" in names


def test_a_mail_that_cannot_be_sent_is_skipped_and_the_reminders_go_on(app, auth, inbox, make_place):
    make_place(slug="broken", name="Broken", opening_hours=None)
    make_place(slug="later", name="Later Place", opening_hours=None)
    auth.create("anna@example.org", "Anna", slugs=["broken", "later"])
    with app.app_context():  # a name stored before names were one line
        db.session.execute(update(Place).where(Place.slug == "broken").values(name=HOSTILE_NAME))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code == 0 and "Sent 1 reminders." in result.output
    (mail,) = inbox.messages
    assert "Later Place" in mail["Subject"] and "victim@example.org" not in str(mail)


def test_a_refusal_whose_mail_fails_is_saved_and_the_admin_is_told(app, auth, client, inbox, make_place):
    make_place(slug="free", name="Free Place")
    auth.create("admin@example.org", "Admin", is_admin=True)
    with app.app_context():
        place = db.session.scalar(select(Place).where(Place.slug == "free"))
        claim = claims.submit(place, "Bob", "coordinator", "bob@example.org", "", "en")
        db.session.execute(update(Place).values(name=HOSTILE_NAME))
        db.session.commit()
        claim_id = claim.id
    auth.login("admin@example.org")
    response = client.post(f"/en/admin/claims/{claim_id}/refuse", follow_redirects=True)
    assert response.status_code == 200
    assert "the e-mail to bob@example.org could not be sent" in response.get_data(as_text=True)
    with app.app_context():
        decided = db.session.get(ClaimRequest, claim_id)
        assert (decided.outcome, decided.is_answer_mailed) == ("refused", False)
    assert inbox.to("bob@example.org") == []


def test_mailed_links_outlive_a_logout_and_end_with_a_new_password(app, client, auth, anna_keeps_a):
    from finder import accounts

    with app.app_context(), app.test_request_context():
        anna = db.session.scalar(select(Staff))
        a = db.session.get(Place, anna_keeps_a["a"])
        still_accurate = path_of(reminders.confirm_link(anna, a))
        reset = f"/en/staff/reset/{accounts.password_token(anna, 'reset')}"
    auth.login()
    auth.logout()  # ends the sessions, not the links in the mailbox
    assert client.get(still_accurate).status_code == 200 and client.get(reset).status_code == 200
    new_password = "another long secret phrase"
    assert client.post(reset, data={"password": new_password, "confirm": new_password}).status_code == 302
    assert client.get(still_accurate).status_code == 404 and client.get(reset).status_code == 404


def test_asking_for_a_reset_answers_before_any_lookup_or_mail(app, client, auth, monkeypatch, inbox):
    import threading

    from finder import accounts

    auth.create("anna@example.org", "Anna")
    may_look_up = threading.Event()
    real_lookup = accounts.staff_by_email

    def slow_lookup(email):
        assert may_look_up.wait(10)
        return real_lookup(email)

    monkeypatch.setattr(accounts, "staff_by_email", slow_lookup)
    for email in ("anna@example.org", "nobody@example.org"):  # the same work in the request either way
        assert client.post("/en/staff/reset", data={"email": email}).status_code == 302
    assert inbox.messages == []  # the page answered while the lookups still wait
    may_look_up.set()
    wait_for_queue()
    assert [message["To"] for message in inbox.messages] == ["anna@example.org"]


def test_reminders_without_the_site_s_address_stop_before_sending(make_app, inbox):
    app = make_app(SERVER_NAME=None)
    result = app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code == 1 and "Set FLASK_SERVER_NAME" in result.output and inbox.messages == []
