"""Every question of the help finder changes the answer, or is not asked (issue: a help finder
whose every answer counts). Two answers to one question, on otherwise equal paths, give different
places, a different order or different reasons on the result page."""

import datetime as dt
import itertools
import re
from urllib.parse import urlencode

import pytest

from finder import hours

MONDAY_10 = dt.datetime(2026, 11, 23, 10, 0, tzinfo=hours.BRUSSELS)
BASE = {
    "need": "procedure",
    "topic": "eid",
    "how": "with_me",
    "language": "fr",
    "where": "1000",
    "when": "weekday",
    "situation": "senior",
}


@pytest.fixture
def varied(app, make_place, monkeypatch):
    """Places that each meet some criteria, with current hours and languages."""
    monkeypatch.setattr(hours, "clock", lambda: MONDAY_10)
    today = MONDAY_10.date().isoformat()
    common = {"as_of": today}
    make_place(
        slug="procedures",
        name="Procedures Centre",
        latitude=50.8466,
        longitude=4.3517,
        postcode="1000",
        opening_hours="Mo-Fr 09:00-17:00",
        cost="free",
        **common,
        tags={
            "service": ["online_procedures"],
            "equipment": ["eid_reader"],
            "language": ["fr"],
            "audience": ["seniors"],
        },
    )
    make_place(
        slug="jobs",
        name="Job Corner",
        latitude=50.8676,
        longitude=4.3737,
        postcode="1030",
        opening_hours="Sa 10:00-13:00",
        cost="free",
        **common,
        tags={
            "service": ["job_search", "online_procedures", "computer_access"],
            "language": ["nl"],
            "audience": ["job_seekers"],
        },
    )
    make_place(
        slug="learn",
        name="Learn Lab",
        latitude=50.8222,
        longitude=4.3815,
        postcode="1050",
        opening_hours="Mo-Fr 18:00-21:00",
        cost="paid",
        **common,
        tags={
            "service": ["everyday_skills", "online_safety", "parents_school", "online_procedures"],
            "language": ["en"],
            "audience": ["youth"],
            "accessibility": ["wheelchair"],
        },
    )
    make_place(
        slug="open",
        name="Open Room",
        latitude=50.8000,
        longitude=4.3333,
        postcode="1180",
        opening_hours="Mo-Su 08:00-22:00",
        cost="free",
        **common,
        tags={"service": ["computer_access", "print_scan", "online_procedures"]},
    )


def result_of(client, answers: dict) -> tuple:
    """What a person reads of a result: notices, places in order with their reasons, other help."""
    html = client.get("/en/help?" + urlencode(answers)).get_data(as_text=True)
    assert "Where to find help" in html, answers
    notices = re.findall(r'<p class="notice"[^>]*>([^<]+)</p>', html)
    listed = re.search(r'<ol class="cards">(.*?)</ol>', html, re.S)
    cards = listed.group(1).split('<li class="card">')[1:] if listed else []
    places = [re.sub(r"<[^>]+>|\s+", " ", card) for card in cards]
    resources = re.findall(r'<ul class="resources">(.*?)</ul>', html, re.S)
    return tuple(notices), tuple(places), tuple(resources)


@pytest.mark.parametrize("question_id", ["topic", "how", "language", "when", "situation"])
def test_every_answer_changes_the_result_or_its_reasons(client, varied, question_id):
    before = dict(itertools.takewhile(lambda item: item[0] != question_id, BASE.items()))
    page = client.get("/en/help?" + urlencode(before)).get_data(as_text=True)
    values = re.findall(rf'name="{question_id}" value="([^"]+)"', page)  # the answers offered
    assert len(set(values) - {"skip"}) >= 2, values
    results = {value: result_of(client, {**BASE, question_id: value}) for value in values}
    same = [(a, b) for a, b in itertools.combinations(values, 2) if results[a] == results[b]]
    assert same == [], f"{question_id}: these answers give the same page: {same}"


def test_several_situations_count_together(client, varied):
    both = result_of(client, {**BASE, "situation": "senior,disability"})
    assert both != result_of(client, {**BASE, "situation": "senior"})
    assert both != result_of(client, {**BASE, "situation": "disability"})


def test_questions_the_data_cannot_use_are_not_asked(client, make_place):
    make_place(tags={"service": ["online_procedures"]}, opening_hours=None)  # no languages, no hours
    html = client.get("/en/help?need=procedure&topic=eid&how=with_me").get_data(as_text=True)
    assert "Where are you?" in html and "Question 4" in html  # the language question is skipped
    html = client.get("/en/help?need=procedure&topic=eid&how=with_me&where=1000").get_data(as_text=True)
    assert "Is one of these true for you?" in html and "Question 5" in html  # and "when"
    result = client.get("/en/help?need=procedure&topic=eid&how=with_me&where=1000&situation=skip")
    text = result.get_data(as_text=True)
    assert "We do not know yet which languages these places speak." in text


FRENCH_TELL_TALES = (
    "Bruxelles",
    "Laeken",
    "asbl",
    "CPAS",
    "étage",
    " de la ",
    "Ville de",
    "près de",
    "Fermé",
)


def test_the_dutch_result_and_sheet_read_as_dutch(client, make_place):
    make_place(
        slug="ocmw",
        name="EPN du CPAS de Bruxelles",
        organisation="CPAS de Bruxelles",
        names={"name": {"nl": "OCR van het OCMW van Brussel"}, "organisation": {"nl": "OCMW van Brussel"}},
        street="Rue Haute 298A",
        postcode="1000",
        commune="Bruxelles",
        tags={"service": ["online_procedures"]},
    )
    make_place(
        slug="laeken",
        name="EPN Laeken",
        names={"name": {"nl": "OCR Laken"}},
        postcode="1020",
        commune="Laeken",
        tags={"service": ["online_procedures"]},
    )
    pages = {
        "result": "/nl/help?need=procedure&topic=eid&how=with_me&where=1000&when=skip"
        "&situation=senior,no_income",
        "sheet": "/nl/sheet?places=ocmw,laeken",
    }
    for name, url in pages.items():
        html = client.get(url).get_data(as_text=True)
        text = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1].split("</main>", 1)[0])
        found = [word for word in FRENCH_TELL_TALES if word in text]
        assert found == [], f"{name}: French words on a Dutch page: {found}"
        assert "OCR van het OCMW van Brussel" in text and "1000 Brussel" in text
