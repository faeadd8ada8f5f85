"""Anonymous daily counts: what is counted, what is not, what is kept, and who sees the numbers."""

import datetime as dt
import re

from sqlalchemy import inspect, select
from sqlalchemy.exc import OperationalError

from finder import counts
from finder.hours import now_brussels
from finder.models import Place, PlaceDay, UnmetDay, db
from finder.web import charts

PERSON = {"User-Agent": "Mozilla/5.0 (Linux; Android 10) Chrome/120 Mobile Safari/537.36"}


def place_counts(app, slug: str) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(PlaceDay.kind, PlaceDay.count).join(Place).where(Place.slug == slug)
        ).all()
        return dict(rows)


def test_pages_cards_sheets_and_links_followed_are_counted_per_day(app, client, make_place):
    make_place(slug="counted", phone="02 279 00 00")
    for _ in range(2):  # the second page comes from the page cache: it counts too
        assert client.get("/fr/places/counted", headers=PERSON).status_code == 200
    client.get("/fr/embed/places/counted", headers=PERSON)
    client.get("/nl/sheet?places=counted", headers=PERSON)
    assert client.post("/fr/places/counted/followed/phone", headers=PERSON).status_code == 204
    assert place_counts(app, "counted") == {"page": 2, "card": 1, "sheet": 1, "phone": 1}
    page = client.get("/fr/places/counted", headers=PERSON).get_data(as_text=True)
    assert 'ping="/fr/places/counted/followed/phone"' in page and "X-Count" not in str(
        client.get("/").headers
    )


def test_robots_and_prefetches_are_not_counted(app, client, make_place):
    make_place(slug="counted")
    client.get(
        "/fr/places/counted", headers={"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}
    )
    client.get("/fr/places/counted", headers={"User-Agent": "Mozilla/5.0 (compatible; BingPreview/1.0b)"})
    client.get("/fr/places/counted", headers={**PERSON, "Sec-Purpose": "prefetch"})
    client.head("/fr/places/counted", headers=PERSON)
    assert place_counts(app, "counted") == {}


def test_searches_that_find_nothing_near_are_counted_by_postcode_and_need(app, client, seeded):
    client.get("/en/places?near=1130&service=parents_school", headers=PERSON)
    client.get("/en/places?near=1130&service=parents_school", headers=PERSON)  # cached: counts too
    client.get("/en/help?need=get_device&language=skip&where=1130&when=skip&situation=skip", headers=PERSON)
    with app.app_context():
        rows = {(r.postcode, r.need, r.source): r.count for r in db.session.scalars(select(UnmetDay))}
    assert rows == {("1130", "parents_school", "search"): 2, ("1130", "low_cost_devices", "help"): 1}


def test_the_counting_tables_hold_no_address_cookie_or_typed_text(app, client, seeded):
    client.get("/en/places?near=1130&q=my+secret+words&service=parents_school", headers=PERSON)
    client.get("/fr/places/bibliotheque-laeken", headers={**PERSON, "Cookie": "session=abc"})
    with app.app_context():
        for model in (PlaceDay, UnmetDay):
            columns = {column.name for column in inspect(model).columns}
            assert columns <= {"place_id", "day", "kind", "count", "postcode", "need", "source"}
        kept = [
            str(value)
            for model in (PlaceDay, UnmetDay)
            for row in db.session.execute(select(model)).all()
            for value in row
        ]
    assert kept and not any(text in " ".join(kept) for text in ("secret", "127.0.0.1", "abc", "Mozilla"))


def test_a_count_that_cannot_be_written_is_dropped_and_the_page_is_served(
    app, client, make_place, monkeypatch
):
    make_place(slug="counted")

    def broken():
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    with app.app_context():
        monkeypatch.setattr(db.engine, "begin", broken)
        assert client.get("/fr/places/counted", headers=PERSON).status_code == 200


def test_the_team_the_admin_and_the_public_see_the_numbers(app, client, auth, anna_keeps_a, inbox):
    today = now_brussels().date()
    start, _end = counts.last_month(today)
    with app.app_context():
        for kind, number in (("page", 5), ("sheet", 2)):
            db.session.add(
                PlaceDay(
                    place_id=anna_keeps_a["a"], day=start + dt.timedelta(days=3), kind=kind, count=number
                )
            )
        db.session.commit()
    auth.login("anna@example.org")
    dashboard = client.get("/en/staff/").get_data(as_text=True)
    assert "Your place was looked at 7 times last month" in dashboard
    app.config["SERVER_NAME"] = "localhost"
    assert "Sent 1 reminders." in app.test_cli_runner().invoke(args=["send-reminders"]).output
    assert "Le mois dernier, sa fiche a été consultée 7 fois." in inbox.text(inbox.messages[0])
    figures = client.get("/fr/figures").get_data(as_text=True)
    assert "Lieux par commune" in figures and "<svg" in figures and "<script" not in figures
    assert "2 lieux en tout" in figures
    csv_text = client.get("/fr/figures?format=csv").get_data(as_text=True)
    assert csv_text.splitlines()[0] == "commune,places,with_current_hours"


def test_figures_show_the_most_frequent_needs_found_nowhere_near_and_the_csv_has_them_all(app, client):
    today = now_brussels().date()
    with app.app_context():
        for number in range(60):  # 60 postcodes, the last one asked most
            for _ in range(number + 1):
                counts.count_unmet(str(1000 + number), "print_scan", "search", today)
        counts.count_unmet("1180", "", "help", today)
        counts.write_due(0)
    page = client.get("/en/figures").get_data(as_text=True)
    table = page.split("Needs found nowhere near")[-1]
    assert table.index("<td>1059</td>") < table.index("<td>1058</td>")  # the most frequent first
    assert "<td>Print and scan documents</td><td>60</td>" in table and "<td>1000</td>" not in table
    assert "The table shows the 50 most frequent of 61; the CSV file has them all." in page
    rows = client.get("/en/figures?format=csv&table=unmet").get_data(as_text=True).splitlines()
    assert len(rows) == 62 and "1180,Uccle / Ukkel,Any help,1" in rows
    with app.app_context():  # the figures are worked out once, and again as soon as a count changes
        counts.count_unmet("1190", "", "help", today)
        counts.write_due(0)
    again = client.get("/en/figures?not=cached").text  # a parameter the page cache does not keep
    assert "The table shows the 50 most frequent of 62;" in again


def test_a_chart_of_long_commune_names_leaves_its_bars_room():
    rows = [("Woluwe-Saint-Lambert / Sint-Lambrechts-Woluwe", 4), ("1000 Bruxelles / Brussel", 9)]
    rows.append(("Evere", 1))
    svg = str(charts.bar_chart("Places by commune", rows))
    labels = re.findall(r">([^<>]+)</text>", svg)
    assert {"Woluwe-Saint-Lambert", "1000 Bruxelles", "Evere"} <= set(labels)
    plot_left = int(re.findall(r"translate\((\d+) 0\)", svg)[0])
    bars = [float(width) for width in re.findall(r'<rect x="0" y="[\d.]+" width="([\d.]+)" height="19', svg)]
    assert plot_left < charts.WIDTH / 2 and len(bars) == 3 and min(bars) > 0
