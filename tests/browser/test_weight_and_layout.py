"""Page weight within budget, no third-party request, and readable at 320 px and 200 % text."""

import pytest
from browser_support import LANGS, MAP_PAGES, PUBLIC_PAGES, SEARCH_PAGES, Visit, log_in

pytestmark = pytest.mark.browser

BUDGET_PLAIN = 15_000  # bytes on the wire for a page without a map
BUDGET_MAP = 25_000  # search and place pages, the map closed: its scripts load when it is opened
BUDGET_MAP_OPENED = 100_000  # what opening the map adds, tiles excluded


def transferred_bytes(browser, live_server, path: str, open_map: bool = False) -> tuple[int, list[str]]:
    """Load a page with an empty cache (and open its map); return the bytes on the wire and the
    requests to other hosts."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    visit = Visit(context, live_server)
    cdp = context.new_cdp_session(visit.page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"]))
    )
    visit.go(path)
    visit.page.wait_for_load_state("networkidle")
    if open_map:
        visit.page.locator(".map-box summary").click()
        visit.page.wait_for_selector("#epn_map .leaflet-marker-icon", state="attached")
        visit.page.wait_for_load_state("networkidle")
    context.close()
    return sum(sizes.values()), visit.external


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_page_weight_and_no_third_party(browser, live_server, name):
    total, external = transferred_bytes(browser, live_server, PUBLIC_PAGES[name].format(lang="fr"))
    assert external == []
    budget = BUDGET_MAP if name in MAP_PAGES | SEARCH_PAGES else BUDGET_PLAIN
    assert 0 < total <= budget, f"{name}: {total} bytes > {budget}"


@pytest.mark.parametrize("name", ["search", "place"])
def test_opening_the_map_stays_within_budget(browser, live_server, name):
    path = PUBLIC_PAGES[name].format(lang="fr")
    closed, _ = transferred_bytes(browser, live_server, path)
    opened, external = transferred_bytes(browser, live_server, path, open_map=True)
    assert external == []
    assert 0 < opened - closed <= BUDGET_MAP_OPENED, f"{name}: the map adds {opened - closed} bytes"


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
