"""Kept pieces of pages (finder/web/fragments.py) say what holds at the moment of the visit."""

import datetime as dt

from finder import hours


def test_a_kept_badge_says_today_once_the_day_has_come(client, make_place, monkeypatch):
    make_place(opening_hours="Mo-Fr 09:00-17:00")
    thursday_evening = dt.datetime(2026, 11, 26, 18, 0, tzinfo=hours.BRUSSELS)
    monkeypatch.setattr(hours, "clock", lambda: thursday_evening)
    for path in ("/en/places/test-place", "/en/places?near=1000"):
        assert "Closed · opens tomorrow at" in client.get(path).get_data(as_text=True)

    # the same status (it opens on Friday at 9:00), seen after midnight
    monkeypatch.setattr(hours, "clock", lambda: thursday_evening + dt.timedelta(hours=7))
    for path in ("/en/places/test-place", "/en/places?near=1000"):
        html = client.get(path).get_data(as_text=True)
        assert "Closed · opens today at" in html and "tomorrow" not in html


def test_each_card_of_a_list_has_its_own_distance_badge_and_way_back(client, two_places, monkeypatch):
    monday_noon = dt.datetime(2026, 11, 23, 12, 0, tzinfo=hours.BRUSSELS)
    monkeypatch.setattr(hours, "clock", lambda: monday_noon)
    client.get("/en/places?near=1000")  # the cards are kept
    html = client.get("/en/places?near=1030&service=computer_access").get_data(as_text=True)
    cards = html.split('<li class="card">')[1:]
    assert len(cards) == 2
    for card in cards:
        assert " km</p>" in card or " m</p>" in card
        assert "Open now · closes at" in card or "Closed" in card or "not known" in card
        assert 'name="next" value="/en/places?near=1030&amp;service=computer_access"' in card


def test_a_kept_other_help_lists_the_libraries_nearest_each_visitor(client, monkeypatch):
    monkeypatch.setattr(hours, "clock", lambda: dt.datetime(2026, 11, 23, 12, 0, tzinfo=hours.BRUSSELS))
    path = "/en/help?need=use_computer&how=skip&language=skip&where={}&when=skip&situation=skip"
    north = client.get(path.format("1120")).get_data(as_text=True)
    haren = client.get(path.format("1130")).get_data(as_text=True)
    again = client.get(path.format("1120")).get_data(as_text=True)
    assert "Bibliothèque de Neder-Over-Heembeek, Rue François Vekemans 63-65, 1120</li><li>" in north
    assert "<ul><li>Bibliothèque de Haren, Rue de la Paroisse 34, 1130</li>" in haren
    assert again == north
