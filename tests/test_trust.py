"""Listings people can trust: facts with source and date, old hours never live, no staff edit lost."""

import datetime as dt
import json
import re
from pathlib import Path

from sqlalchemy import select

from finder import editing, facts, hours
from finder.geo import gazetteer
from finder.models import AuditEntry, Place, db
from finder.search.query import SearchFilters, search_places

SEED = Path(__file__).parent.parent / "seed" / "places.json"
MONDAY_AFTERNOON = dt.datetime(2026, 11, 23, 15, 0, tzinfo=hours.BRUSSELS)


def place(slug: str) -> Place:
    return db.session.scalar(select(Place).where(Place.slug == slug))


def test_as_of_dates_keep_their_precision():
    assert facts.first_day("2009-10") == dt.date(2009, 10, 1)
    assert [facts.precision(text) for text in ("2023", "2009-10", "2022-10-19")] == ["year", "month", "day"]
    assert not facts.check_as_of("2023-13") and not facts.check_as_of("January 2023")
    assert facts.fresh_since(dt.date(2026, 11, 23), 12) == dt.date(2025, 11, 1)


def test_staff_edits_survive_the_seed_run_twice(app, client, runner, auth, seeded):
    auth.create("lib@example.org", "Librarian", slugs=["bibliotheque-laeken"])
    auth.login("lib@example.org")
    with app.app_context():
        laeken_id = place("bibliotheque-laeken").id
    edit = client.get(f"/en/staff/places/{laeken_id}/edit").get_data(as_text=True)
    data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', edit))
    data.pop("csrf_token", None)
    data.update(hours_mode="weekly", closed_on_holidays="y", save="1", d1_opens1="13:00", d1_closes1="18:00")
    data.update(services="computer_access", phone="02 279 37 90")
    assert client.post(f"/en/staff/places/{laeken_id}/edit", data=data).status_code == 302
    closure = {"starts_on": "2030-07-01", "ends_on": "2030-07-31"}
    assert client.post(f"/en/staff/places/{laeken_id}/closures", data=closure).status_code == 302
    assert client.post(f"/en/staff/places/{laeken_id}/verify").status_code == 302

    for _ in range(2):  # what `make setup` does at every start
        result = runner.invoke(args=["seed"])
        assert result.exit_code == 0 and "0 changed" in result.output, result.output
    html = client.get("/fr/places/bibliotheque-laeken").get_data(as_text=True)
    assert "Horaires pas encore connus" not in html and "02 279 37 90" in html
    assert "Confirmé le" in html and "janvier 2023" not in html
    with app.app_context():
        laeken = place("bibliotheque-laeken")
        assert laeken.opening_hours == "Tu 13:00-18:00; PH off" and len(laeken.closures) == 1
        assert laeken.verified_on == hours.now_brussels().date()
        assert laeken.origin("hours")["origin"] == "staff"


def test_the_seed_updates_only_its_own_facts_and_says_so_in_the_history(app, runner, seeded, tmp_path):
    records = json.loads(SEED.read_text())
    for record in records:
        if record["slug"] == "brusurf":
            record["street"] = "Rue Saint-André 6"  # the source moved it
    with app.app_context():
        brusurf = place("brusurf")
        brusurf.provenance = {**brusurf.provenance, "contact": {"origin": "staff", "as_of": "2026-11-01"}}
        brusurf.phone = "02 000 00 00"
        db.session.commit()
    records[0]["phone"] = "02 999 99 99"  # the seed would say otherwise: the staff's phone wins
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(records))
    result = runner.invoke(args=["seed", "--file", str(path)])
    assert "1 changed" in result.output, result.output
    with app.app_context():
        brusurf = place("brusurf")
        assert brusurf.street == "Rue Saint-André 6" and brusurf.phone == "02 000 00 00"
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.place_id == brusurf.id).order_by(AuditEntry.id.desc())
        )
        assert entry.action == "seed" and entry.staff_id is None
        assert entry.changes["street"] == ["Rue Saint-André 4", "Rue Saint-André 6"]
        assert brusurf.slug == "brusurf"


def test_hours_from_2009_are_never_live(app, client, seeded):
    with app.app_context():
        woluwe = place("woluwe-cyber-cite")
        since = facts.fresh_since(MONDAY_AFTERNOON.date(), 12)
        assert facts.hours_state(woluwe.opening_hours, woluwe.provenance, since) == "unconfirmed"
        for filters in (SearchFilters(is_open_now_required=True), SearchFilters(weekday=0)):
            result = search_places(filters, MONDAY_AFTERNOON)
            assert "woluwe-cyber-cite" not in [hit.place.slug for hit in result.hits]
    html = client.get("/fr/places/woluwe-cyber-cite").get_data(as_text=True)
    assert "badge-open" not in html and "Anciens horaires (octobre 2009) : ils ont peut-être changé." in html
    assert "Publié en octobre 2009 par dynamic-tamtam.be." in html
    assert "La source elle-même indique que cela appartient au passé." in html


def test_a_year_is_said_as_a_year(client, seeded):
    html = client.get("/fr/places/brusurf").get_data(as_text=True)
    assert "Publié en 2023 par smartcity.bruxelles.be." in html
    assert "janvier 2023" not in html


def test_seed_facts_match_their_sources(app, seeded):
    with app.app_context():
        for slug in ("brusurf", "double-click", "epn-bravvo", "bibliotheque-laeken", "espace-s"):
            city = place(slug)
            assert city.cost is None  # "accès libre": open access, not said to be free of charge
            assert city.codes("service") == ["computer_access"]  # the rest is "selon le lieu"
            assert "gratuit" not in city.descriptions["fr"] and city.verified_on is None
        assert place("maks-vzw").codes("service") == [] and place("maks-vzw").opening_hours is None
        atelier = place("ateliers-du-web")
        assert atelier.name == "L'Atelier du Web" and atelier.cost.value == "paid"
        assert atelier.price("fr") == ("3 euros par mois (en 2022)", "fr")
        assert place("forest-quartier-sante").cost.value == "free"  # its source says "free"


def test_approximate_places_come_last_without_a_distance(app, client, seeded):
    html = client.get("/fr/places?near=1000").get_data(as_text=True)
    cards = re.findall(r'<li class="card">(.*?)</li>\s*(?=<li class="card">|</ul>|</ol>)', html, re.S)
    names = [re.search(r'/places/([a-z0-9-]+)"', card).group(1) for card in cards]
    assert names.index("bibliotheque-riches-claires") < names.index("double-click")
    double_click = cards[names.index("double-click")]
    assert "Quelque part à Bruxelles, adresse exacte inconnue" in double_click
    assert " km" not in double_click and " m<" not in double_click
    with app.app_context():
        result = search_places(SearchFilters(near=gazetteer.locate("1000")), MONDAY_AFTERNOON)
        approximate = [hit.place.is_location_approximate for hit in result.hits]
        assert approximate == sorted(approximate)  # every exact position first


def test_help_finder_for_1020_puts_the_laeken_library_before_espace_s(client, seeded):
    html = client.get(
        "/fr/help?need=use_computer&how=skip&language=skip&where=1020&when=skip&situation=skip"
    ).get_data(as_text=True)
    shown = re.findall(r'<h3><a href="/fr/places/([a-z0-9-]+)">', html)
    assert shown[0] == "bibliotheque-laeken"  # 780 m away, before a place known only by its commune
    assert "espace-s" not in shown or shown.index("espace-s") > shown.index("bibliotheque-laeken")


def test_a_paid_place_says_so_and_free_places_come_first_for_low_income(client, seeded):
    listing = client.get("/en/places?q=atelier").get_data(as_text=True)
    assert "Paid: 3 euros a month (in 2022)" in listing
    html = client.get(
        "/en/help?need=procedure&topic=eid&how=skip&language=skip&where=1060&when=skip&situation=no_income"
    ).get_data(as_text=True)
    assert "Paid: 3 euros a month (in 2022)" in html
    assert "This place is not free: it is shown because no free place fits your answers better." in html
    without_money_worries = client.get(  # the same place's card, kept, says nothing of money then
        "/en/help?need=procedure&topic=eid&how=skip&language=skip&where=1060&when=skip&situation=skip"
    ).get_data(as_text=True)
    assert "Paid: 3 euros a month (in 2022)" in without_money_worries
    assert "This place is not free" not in without_money_worries


def test_no_page_tells_people_to_call_a_place_without_a_phone(client, seeded):
    for url in (
        "/en/places/double-click",
        "/en/places/woluwe-cyber-cite",
        "/en/sheet?places=double-click,woluwe-cyber-cite",
    ):
        html = client.get(url).get_data(as_text=True)
        assert "Call or write" not in html and "call before" not in html.lower()
    nl = client.get("/nl/sheet?places=double-click,woluwe-cyber-cite").get_data(as_text=True)
    assert "bel voor u" not in nl.lower()
    assert "We know no exact address, phone or e-mail for this place yet." in client.get(
        "/en/places/double-click"
    ).get_data(as_text=True)


def test_help_finder_sentences_hold_for_the_data(client, seeded):
    html = client.get(
        "/en/help?need=use_computer&how=skip&language=fr&where=1000&when=evening&situation=senior"
    ).get_data(as_text=True)
    assert "No place is open at the times you chose" not in html  # hours are unknown, not "closed"
    assert "We do not know these places&#39; hours yet" in html
    assert "We do not know of a place that speaks your language" not in html
    shown = re.findall(r'<h3><a href="/en/places/([a-z0-9-]+)">', html)
    assert set(shown[:2]) == {"espace-s", "koekeltech"}  # the seniors' pavilion, a room that helps them
    assert html.count("Especially for: Seniors") == 2
    assert "No place is especially for your situation" not in html


def test_the_export_says_where_facts_come_from_but_not_which_account(app, client, auth, seeded):
    auth.create("lib@example.org", "Librarian", slugs=["bibliotheque-laeken"])
    auth.login("lib@example.org")
    with app.app_context():
        laeken_id = place("bibliotheque-laeken").id
    assert client.post(f"/en/staff/places/{laeken_id}/verify").status_code == 302
    records = {r["slug"]: r for r in client.get("/api/places.json").get_json()["places"]}
    assert records["woluwe-cyber-cite"]["provenance"]["hours"] == {
        "origin": "seed",
        "source": "https://dynamic-tamtam.be/2009/10/woluwe-cyber-cite-un-projet-en-constante-progression",
        "as_of": "2009-10",
        "historical": True,
    }
    confirmed = records["bibliotheque-laeken"]["provenance"]["position"]
    assert confirmed["origin"] == "staff" and "staff_id" not in confirmed


def test_a_closure_reason_in_another_language_says_so(app, client, make_place):
    make_place()
    with app.app_context():
        place = db.session.scalar(select(Place))
        today = hours.now_brussels().date()
        editing.add_closure(place, None, today, today + dt.timedelta(days=3), {"fr": "Travaux"})
    english = client.get("/en/places/test-place").get_data(as_text=True)
    assert '<span lang="fr">Travaux</span> <span class="hint">(in French)</span>' in english
    assert "(en français)" not in client.get("/fr/places/test-place").get_data(as_text=True)
