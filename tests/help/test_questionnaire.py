"""The guided help finder: every path ends on a useful result, and tampering is handled."""

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from finder.help.questionnaire import SKIP, TEXT_KEYS, load_flow, next_question, outcome, relevant_answers

FLOW = load_flow()
PLACE_ANSWERS = ("1000", SKIP)


def answer_choices(question):
    if question.kind == "place":
        return PLACE_ANSWERS
    values = tuple(option.value for option in question.options)
    return values + ((SKIP,) if question.can_skip else ())


def every_path(answers=None):
    """Yield the answers of every complete path through the flow."""
    answers = answers or {}
    question = next_question(FLOW, answers)
    if question is None:
        yield answers
        return
    for value in answer_choices(question):
        yield from every_path({**answers, question.id: value})


def test_every_path_ends_with_a_concrete_next_step_and_no_loop():
    count = 0
    for answers in every_path():
        count += 1
        assert len(answers) <= len(FLOW.questions)  # each question at most once: no loop
        assert relevant_answers(FLOW, answers) == answers
        result = outcome(FLOW, answers)
        linked = [r for r in result.resources if r.url or r.endpoint]
        assert result.place_wanted or linked, answers
        if answers["need"] == "association":
            assert [r.id for r in linked][0] == "donation"
            assert "where" not in answers  # an association is never asked for a postcode
        if answers["need"] == "get_device":
            assert "donation" in [r.id for r in result.resources]
    assert count > 1000


def test_every_text_of_the_flow_is_translated():
    data = json.dumps(__import__("yaml").safe_load(Path("finder/help/questionnaire.yaml").read_text()))
    keys = "|".join(TEXT_KEYS)
    texts = set(re.findall(rf'"(?:{keys})": "((?:[^"\\]|\\.)*)"', data))
    texts = {json.loads(f'"{text}"') for text in texts}
    for lang in ("fr", "nl", "en"):
        with open(f"translations/{lang}/LC_MESSAGES/messages.po", "rb") as handle:
            catalog = read_po(handle)
        for text in texts:
            assert catalog.get(text) is not None and catalog.get(text).string, (lang, text)


def walk(client, lang, choose):
    """Answer each question page through its own form until the result; return the pages seen."""
    url, seen = f"/{lang}/help", []
    for _ in range(len(FLOW.questions) + 1):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        seen.append(html)
        if 'class="question"' not in html:
            return seen
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
        question = FLOW.question(re.search(r'name="(\w+)" (?:value|id)=', html.split("<legend>")[1]).group(1))
        answer = choose(question)
        url = f"/{lang}/help?" + "&".join(f"{k}={v}" for k, v in {**hidden, question.id: answer}.items())
    raise AssertionError("the questionnaire did not end")


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
# the last need, an association, is sent on its own path (tests/help/test_association.py)
@pytest.mark.parametrize("need", [option.value for option in FLOW.questions[0].options][:-1])
@pytest.mark.parametrize("style", ["first", "skip"])
def test_each_need_reaches_a_result_page_in_every_language(client, seeded, lang, need, style):
    def choose(question):
        if question.id == "need":
            return need
        if style == "skip" and question.can_skip:
            return SKIP
        return answer_choices(question)[0]

    pages = walk(client, lang, choose)
    result = pages[-1]
    assert f'<html lang="{lang}">' in result
    numbers = [int(re.search(r'class="progress">\D*(\d+)', page).group(1)) for page in pages[:-1]]
    assert numbers == list(range(1, len(pages)))  # one question per page, counted without gaps
    has_place = 'class="reasons"' in result
    has_link = re.search(r'class="resources">.*?<a href=', result, re.S)
    assert has_place or has_link


def test_result_ranks_with_reasons(client, make_place):
    make_place(
        slug="speaks-ar",
        name="Speaks Arabic",
        latitude=50.8466,
        longitude=4.3517,
        tags={"service": ["online_procedures"], "language": ["ar"]},
    )
    make_place(
        slug="far", name="Far Away", latitude=50.80, longitude=4.30, tags={"service": ["online_procedures"]}
    )
    make_place(slug="other", name="Other Service", tags={"service": ["print_scan"]})
    html = client.get(
        "/en/help?need=procedure&topic=eid&how=with_me&language=ar&where=1000&when=skip&situation=skip"
    ).get_data(as_text=True)
    assert "Other Service" not in html
    assert html.index("Speaks Arabic") < html.index("Far Away")
    reasons = re.findall(r'class="reasons">(.*?)</p>', html)
    assert "Help with online procedures" in reasons[0] and "Speaks Arabic" in reasons[0]
    assert re.search(r"\d+ m|\d\.\d km", reasons[0])
    assert "We do not know of a place that speaks your language" not in html


def test_relaxes_the_least_important_criterion_and_says_which(client, make_place):
    make_place(tags={"service": ["online_procedures"]})
    html = client.get(
        "/en/help?need=procedure&topic=skip&how=skip&language=tr&where=skip&when=skip&situation=skip"
    ).get_data(as_text=True)
    # no place says which languages it speaks: "none speaks yours" would be false
    assert "We do not know yet which languages these places speak." in html
    assert "No place says it speaks your language" not in html
    assert "Test Place" in html
    french = client.get(  # the same text, in the page's language
        "/fr/help?need=procedure&topic=skip&how=skip&language=tr&where=skip&when=skip&situation=skip"
    ).get_data(as_text=True)
    assert "Nous ne savons pas encore quelles langues on parle dans ces lieux." in french
    make_place(slug="other", name="Other Place", tags={"service": ["online_procedures"], "language": ["fr"]})
    html = client.get(
        "/en/help?need=procedure&topic=skip&how=skip&language=tr&where=skip&when=skip&situation=skip"
    ).get_data(as_text=True)
    assert "No place says it speaks your language, so these places may not speak it." in html


@pytest.mark.parametrize(
    "query",
    [
        "need=hack",
        "need=procedure&topic=<script>",
        "need=learn&how=teach_me&language=klingon",
        "need=learn&how=skip&language=fr&where=" + "1" * 80,
        "need=learn&situation=rich",
    ],
)
def test_tampered_answers_re_ask_with_a_message(client, query):
    response = client.get(f"/en/help?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="question"' in html
    assert "Please choose one of the answers below." in html
    assert "<script>" not in html


def test_unknown_place_re_asks_with_suggestions(client):
    html = client.get("/fr/help?need=print_scan&language=skip&where=Molnbk").get_data(as_text=True)
    assert "Nous ne connaissons pas ce code postal" in html
    assert "Molenbeek-Saint-Jean" in html
    woluwe = client.get("/fr/help?need=print_scan&language=skip&where=Woluwe").get_data(as_text=True)
    assert "Ce nom peut désigner plusieurs lieux. Lequel ?" in woluwe and "where=1150" in woluwe
    typo = client.get("/fr/help?need=print_scan&language=skip&where=Anderleht").get_data(as_text=True)
    assert "Nous ne connaissons pas ce code postal" not in typo  # a small typo is forgiven


def test_back_link_keeps_earlier_answers(client):
    html = client.get("/en/help?need=procedure&topic=eid").get_data(as_text=True)
    back = re.search(r'<a href="([^"]+)">Back</a>', html).group(1)
    assert "need=procedure" in back and "topic=eid" in back and "step=topic" in back
    again = client.get(back.replace("&amp;", "&")).get_data(as_text=True)
    assert 'value="eid" checked' in again


def test_later_questions_adapt_to_earlier_answers():
    device_path = list(every_path({"need": "get_device"}))
    assert all("when" not in answers and "how" not in answers for answers in device_path)
    assert list(every_path({"need": "association"})) == [{"need": "association"}]


def test_every_tip_gives_a_way_to_act(client):
    for resource in FLOW.resources:
        if resource.id == "right_to_offline":  # a right to use at any counter, not a place to find
            continue
        assert resource.url or resource.endpoint or resource.where or resource.lists, resource.id
    html = client.get(
        "/en/help?need=use_computer&how=skip&language=skip&where=1120&when=skip&situation=skip"
    ).get_data(as_text=True)
    assert "Public libraries of the City of Brussels" in html
    assert "Bibliothèque de Neder-Over-Heembeek, Rue François Vekemans 63-65, 1120" in html  # nearest first
    assert "CPAS Online" not in html and "brigade" not in html


@pytest.mark.parametrize(
    ("lang", "said"), [("fr", "Parle arabe"), ("nl", "Spreekt Arabisch"), ("en", "Speaks Arabic")]
)
def test_a_language_is_written_as_its_sentence_writes_it(client, make_place, lang, said):
    make_place(tags={"service": ["online_procedures"], "language": ["ar"]})
    html = client.get(
        f"/{lang}/help?need=procedure&topic=eid&how=with_me&language=ar&where=1000&when=skip&situation=skip"
    ).get_data(as_text=True)
    assert said in re.findall(r'class="reasons">(.*?)</p>', html)[0]


PROCEDURES_NEAR_1080 = (
    "need=procedure&topic=eid&how=with_me&language=skip&where=1080&when=skip&situation=skip"
)


@pytest.fixture
def past_and_present(make_place):
    """A place of the past right at 1080, a current one 3 km away: both help with procedures."""
    make_place(
        slug="of-the-past", name="Atelier of the Past", latitude=50.8556, longitude=4.3257, postcode="1080",
        commune="Molenbeek-Saint-Jean", as_of="2022", is_historical=True,
        tags={"service": ["online_procedures"]},
    )  # fmt: skip
    make_place(
        slug="current", name="Current Place", latitude=50.8466, longitude=4.3517, phone="02 279 00 00",
        tags={"service": ["online_procedures"]},
    )  # fmt: skip


def test_a_place_of_the_past_never_comes_first(client, past_and_present):
    search = client.get("/en/places?near=1080&service=online_procedures").get_data(as_text=True)
    assert search.index("Current Place") < search.index("Atelier of the Past")
    help_page = client.get(f"/en/help?{PROCEDURES_NEAR_1080}").get_data(as_text=True)
    assert help_page.index("Current Place") < help_page.index("Atelier of the Past")
    reasons = re.findall(r'class="reasons">(.*?)</p>', help_page)
    assert "Someone can do it with you" in reasons[0] and "Someone can do it with you" not in reasons[1]
    assert help_page.count("What we know of this place is old") == 1


def test_with_the_seed_taxes_near_1080_first_propose_a_current_place(client, seeded):
    html = client.get(f"/fr/help?{PROCEDURES_NEAR_1080}").get_data(as_text=True)
    cards = re.findall(r'<li class="card">(.*?)</li>', html, re.S)
    assert cards and "Atelier du Web" not in cards[0]
    assert "Ce que nous savons de ce lieu est ancien" not in cards[0]
