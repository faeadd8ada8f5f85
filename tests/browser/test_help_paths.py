"""The three paths of the help-finder issue, walked in French, Dutch and English with the seed data:
a senior near 1020 who wants to learn, a person near 1000 with an online procedure, an association
that wants computers. Each checks the top result and the reasons the page gives."""

import pytest
from browser_support import LANGS, Visit, log_in

pytestmark = pytest.mark.browser

TEACHES = {
    "fr": "Quelqu'un peut vous apprendre",
    "nl": "Iemand kan het u leren",
    "en": "Someone can teach you",
}
OLD = {
    "fr": "Ce que nous savons de ce lieu est ancien",
    "nl": "Wat we van deze plaats weten is oud",
    "en": "What we know of this place is old",
}
DOES_IT = {
    "fr": "Quelqu'un peut le faire avec vous",
    "nl": "Iemand kan het samen met u doen",
    "en": "Someone can do it with you",
}
DONATION = {"fr": "Ville de Bruxelles", "nl": "Stad Brussel", "en": "City of Brussels"}


def choose(page, *values: str) -> None:
    for value in values:
        page.locator(f"form.question input:not([type=hidden])[value='{value}']").check()
    page.locator("form.question button[type=submit]").click()
    page.wait_for_load_state()


def place(page, where: str) -> None:
    page.fill("#where", where)
    page.locator("form.question button[type=submit]").click()
    page.wait_for_load_state()


def if_asked(page, question: str, value: str) -> None:
    """Answer a question asked only once places state what it is about (other tests add hours)."""
    if page.locator(f"form.question input[type=radio][name={question}]").count():
        choose(page, value)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    yield Visit(context, live_server)
    context.close()


def top_card(visit: Visit) -> str:
    return visit.page.locator("ol.cards li.card").first.inner_text()


@pytest.mark.parametrize("lang", LANGS)
def test_a_senior_near_1020_who_wants_to_learn(page: Visit, lang):
    page.go(f"/{lang}/help")
    choose(page.page, "learn")
    choose(page.page, "teach_me")
    place(page.page, "1020")
    if_asked(page.page, "language", "skip")
    if_asked(page.page, "when", "skip")
    choose(page.page, "senior")  # ticked: several situations may be
    card = top_card(page)
    assert "EPN du CPAS de Schaerbeek" in card and TEACHES[lang] in card


@pytest.mark.parametrize("lang", LANGS)
def test_a_person_near_1000_with_an_online_procedure(page: Visit, lang):
    page.go(f"/{lang}/help")
    choose(page.page, "procedure")
    choose(page.page, "eid")
    choose(page.page, "with_me")
    if_asked(page.page, "language", "skip")
    place(page.page, "1000")
    if_asked(page.page, "when", "skip")  # asked once other tests confirm hours; the clock runs
    choose(page.page)  # no situation ticked
    cards = page.page.locator("ol.cards li.card").all_inner_texts()
    assert "L'Atelier du Web" not in cards[0]  # its source (2022) describes the past: never first
    of_the_past = next(card for card in cards if "L'Atelier du Web" in card)
    assert DOES_IT[lang] not in of_the_past and OLD[lang] in of_the_past


PAST_CALL = {"fr": "Un appel passé", "nl": "Een afgelopen oproep", "en": "A past call"}
NONE_OPEN = {
    "fr": "Aucun programme ouvert que nous connaissons",
    "nl": "Geen open programma dat we kennen",
    "en": "No open programme we know",
}


def walk_association_path(page, where: str) -> str:
    """From the help finder's first question to the end of the association's path."""
    choose(page, "association")
    choose(page, "association")
    place(page, where)
    choose(page, "training")
    choose(page, "laptops", "screens")
    return page.inner_text("main")


@pytest.mark.parametrize("lang", LANGS)
def test_an_association_that_wants_computers(page: Visit, lang):
    page.go(f"/{lang}/help")
    result = walk_association_path(page.page, "1000")
    assert page.page.locator("ol.cards").count() == 0  # no place: the programme is the answer
    assert DONATION[lang] in result and "smartcity.bruxelles.be" in page.page.content()
    page.go(f"/{lang}/donation")
    page.page.wait_for_load_state()
    assert DONATION[lang] in page.page.inner_text("main")


@pytest.mark.parametrize("lang", LANGS)
def test_an_association_in_france_learns_the_only_programme_is_past(browser, france_server, lang):
    visit = Visit(browser.new_context(viewport={"width": 390, "height": 800}), france_server)
    visit.go(f"/{lang}/help")
    result = walk_association_path(visit.page, "59000")
    assert NONE_OPEN[lang] in result and PAST_CALL[lang] in result and "Hauts-de-France" in result
    assert "Bruxelles" not in result and "Brussel" not in result
    visit.page.close()


OPEN_AT_YOUR_TIMES = {
    "fr": "Ouvert aux moments choisis",
    "nl": "Open op de gekozen momenten",
    "en": "Open at the times you chose",
}


def test_today_is_asked_once_a_place_confirms_its_hours_and_finds_it(browser, own_server):
    visit = Visit(browser.new_context(viewport={"width": 390, "height": 800}), own_server)

    def walk(lang: str) -> None:
        visit.go(f"/{lang}/help")
        choose(visit.page, "use_computer")
        choose(visit.page, "computer_only")
        if_asked(visit.page, "language", "skip")
        place(visit.page, "1020")

    walk("en")
    assert visit.page.locator("input[type=radio][name=when]").count() == 0  # no confirmed hours: not asked
    log_in(visit)  # the staff of bibliotheque-laeken, in 1020
    visit.page.locator("main a[href$='/edit']").first.click()
    visit.page.check("input[name=hours_mode][value=advanced]")
    visit.page.fill("#opening_hours", "24/7")
    visit.page.locator("button[name=save]").click()
    visit.page.get_by_role("button", name="Log out").click()
    for lang in LANGS:
        walk(lang)
        choose(visit.page, "today")
        choose(visit.page)  # no situation ticked
        card = top_card(visit)
        assert "Laeken" in card and OPEN_AT_YOUR_TIMES[lang] in card, card
    visit.page.context.close()
