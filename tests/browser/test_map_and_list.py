"""The map loads only when it is opened; "Add to my list" works without JavaScript."""

import pytest
from browser_support import Visit

pytestmark = pytest.mark.browser


def test_the_map_loads_only_when_opened(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 700})
    visit = Visit(context, live_server)
    requested: list[str] = []
    visit.page.on("request", lambda request: requested.append(request.url))
    visit.go("/fr/places?near=1000")
    visit.page.wait_for_load_state("networkidle")
    assert not any("leaflet" in url or "map.js" in url for url in requested)
    visit.page.locator(".map-box").scroll_into_view_if_needed()
    visit.page.wait_for_load_state("networkidle")
    assert not any("leaflet" in url for url in requested)  # scrolled past, still closed
    visit.page.get_by_text("Afficher sur une carte").click()
    visit.page.wait_for_selector("#epn_map .leaflet-marker-icon", state="attached")
    assert any(url.endswith("/static/vendor/leaflet/leaflet.js") for url in requested)
    assert visit.external == []
    context.close()


def test_the_place_map_shows_its_pin(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visit = Visit(context, live_server)
    visit.go("/nl/places/bibliotheque-laeken")
    visit.page.get_by_text("Op een kaart tonen").click()
    visit.page.wait_for_selector("#epn_map .leaflet-marker-icon", state="attached")
    context.close()


def test_add_to_my_list_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    visit = Visit(context, live_server)
    visit.go("/en/places/bibliotheque-laeken")
    visit.page.get_by_role("button", name="Add to my list").first.click()
    visit.page.wait_for_load_state("load")
    assert "Added to your list." in visit.page.content()
    visit.go("/en/shortlist")
    assert "Laeken" in visit.page.locator("main").inner_text()
    context.close()
