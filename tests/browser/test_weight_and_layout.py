"""Page weight within budget, no third-party request, and readable at 320 px and 200 % text."""

import pytest
from browser_support import LANGS, MAP_PAGES, PUBLIC_PAGES, SEARCH_PAGES, Visit, log_in, weigh

pytestmark = pytest.mark.browser

BUDGET_PLAIN = 15_000  # bytes on the wire for a page without a map
BUDGET_MAP = 25_000  # search and place pages, the map closed: its scripts load when it is opened
BUDGET_MAP_OPENED = 100_000  # what opening the map adds, tiles excluded


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_page_weight_and_no_third_party(browser, live_server, name):
    weight = weigh(browser, live_server, PUBLIC_PAGES[name].format(lang="fr"))
    assert weight.external == []
    budget = BUDGET_MAP if name in MAP_PAGES | SEARCH_PAGES else BUDGET_PLAIN
    assert 0 < weight.first_load <= budget, f"{name}: {weight.first_load} bytes > {budget}"


@pytest.mark.parametrize("name", ["search", "place"])
def test_opening_the_map_stays_within_budget(browser, live_server, name):
    weight = weigh(browser, live_server, PUBLIC_PAGES[name].format(lang="fr"))
    assert weight.external == []
    assert 0 < weight.map_opened <= BUDGET_MAP_OPENED, f"{name}: the map adds {weight.map_opened} bytes"


def overflow(visit: Visit) -> int:
    return visit.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_no_horizontal_scroll_at_320px(browser, live_server, name, tmp_path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    visit = Visit(context, live_server)
    visit.go(PUBLIC_PAGES[name].format(lang="nl"))  # Dutch has the longest words
    visit.page.screenshot(path=str(tmp_path / f"{name}-320.png"), full_page=True)
    assert overflow(visit) <= 0, f"{name} scrolls sideways at 320 px"
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_text_zoom_200_percent_keeps_everything_readable(browser, live_server, lang):
    context = browser.new_context(viewport={"width": 640, "height": 800})
    visit = Visit(context, live_server)
    for name in ("home", "search", "place", "question-need", "referral-sheet", "staff-login"):
        visit.go(PUBLIC_PAGES[name].format(lang=lang))
        visit.page.add_style_tag(content="html { font-size: 200% !important; }")
        assert overflow(visit) <= 0, f"{name} scrolls sideways with 200 % text"
    context.close()


def test_staff_pages_fit_320px(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    visit = Visit(context, live_server)
    log_in(visit, "nl")
    assert overflow(visit) <= 0, "dashboard"
    for link in ("edit", "closures", "events"):
        visit.page.locator(f"main a[href*='/{link}']").first.click()
        visit.page.wait_for_load_state()
        assert overflow(visit) <= 0, link
        visit.page.go_back()
    context.close()
