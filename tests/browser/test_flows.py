"""The main flows, each run with JavaScript off and on, and by keyboard only."""

import re

import pytest
from browser_support import Visit, log_in

pytestmark = pytest.mark.browser


def test_search_by_postcode_and_open_a_place(visit: Visit):
    visit.go("/fr/")
    visit.page.fill("#near", "1000")
    visit.page.locator("form[role=search] button[type=submit]").click()
    visit.page.wait_for_url("**/fr/places?**")
    assert "lieux près de Bruxelles" in visit.page.inner_text("h2#results")
    visit.page.locator("ol.cards li h3 a").first.click()
    visit.page.wait_for_url("**/fr/places/*")
    assert visit.page.locator("h2#hours").is_visible()
    assert visit.external == []


def test_switch_language_keeps_the_page(visit: Visit):
    visit.go("/fr/places?near=1030&service=computer_access")
    visit.page.locator("nav.languages a[hreflang=nl]").click()
    visit.page.wait_for_url("**/nl/places?near=1030&service=computer_access")
    assert visit.page.locator("html").get_attribute("lang") == "nl"
    assert visit.page.input_value("#near") == "1030"


def answer(page, value: str) -> None:
    page.locator(f"input[type=radio][value='{value}']").check()
    page.locator("form.question button[type=submit]").click()
    page.wait_for_load_state()


def test_questionnaire_to_result_and_print_view(visit: Visit):
    visit.go("/en/")
    visit.page.locator("a[href='/en/help']").first.click()
    answer(visit.page, "print_scan")
    # no seeded place states its languages: that question is not asked
    assert "Question 2" in visit.page.inner_text(".progress")
    visit.page.fill("#where", "1190")
    visit.page.locator("form.question button[type=submit]").click()
    visit.page.wait_for_load_state()
    if visit.page.locator("input[name=when]").count():  # asked once a test has confirmed some hours
        answer(visit.page, "skip")
    assert visit.page.inner_text("h1") == "Where to find help"
    assert "Forest Quartier Santé" in visit.page.inner_text("ol.cards")
    visit.page.locator("a[href^='/en/sheet']").click()
    visit.page.wait_for_url("**/en/sheet?places=*")
    visit.page.emulate_media(media="print")
    assert not visit.page.locator(".site-header").is_visible()
    assert visit.page.locator(".sheet-place svg").first.is_visible()


def test_shortlist_to_referral_sheet_in_another_language(visit: Visit):
    visit.go("/en/places/brusurf")
    visit.page.locator("form.inline-form button").click()
    visit.page.wait_for_url("**/en/places/brusurf")
    visit.go("/en/places/maks-vzw")
    visit.page.locator("form.inline-form button").click()
    visit.page.locator("nav.main-nav a[href='/en/shortlist']").click()
    assert visit.page.locator("ol.cards li").count() == 2
    visit.page.select_option("#sheet_lang", "nl")
    visit.page.fill("#note", "Karim, dinsdag 10u")
    visit.page.locator("form[action='/en/sheet'] button[type=submit]").click()
    visit.page.wait_for_load_state()
    assert visit.page.locator("html").get_attribute("lang") == "nl"
    assert "Karim, dinsdag 10u" in visit.page.inner_text(".sheet-note")
    assert "Wat meebrengen" in visit.page.content()


def test_staff_edit_hours_and_see_the_public_page_change(visit: Visit):
    log_in(visit)
    visit.page.locator("main a[href$='/edit']").first.click()
    visit.page.check("input[name=hours_mode][value=weekly]")
    visit.page.fill("#d5_opens1", "10:00")
    visit.page.fill("#d5_closes1", "12:30")
    visit.page.locator("button[name=save]").click()
    visit.page.wait_for_load_state()
    assert "Saved" in visit.page.inner_text("main")
    visit.go("/en/places/bibliotheque-laeken")
    assert "Confirmed on" in visit.page.inner_text("main")  # saved by staff: the hours are current
    saturday = visit.page.locator("table.hours tr", has_text="Saturday").inner_text()
    assert re.search(r"10:00\sAM to 12:30\sPM", saturday)


def focus_ring(page) -> str:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? 'outline' : s.boxShadow; }""")


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching selector has focus, checking focus is visible each time."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert focus_ring(page) not in ("none", ""), page.evaluate("document.activeElement.outerHTML")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def test_skip_link_is_first_and_moves_focus(visit: Visit):
    visit.go("/en/places?near=1000")
    visit.page.keyboard.press("Tab")
    assert visit.page.evaluate("document.activeElement.className") == "skip-link"
    assert visit.page.locator(".skip-link").is_visible()
    visit.page.keyboard.press("Enter")
    assert visit.page.evaluate("location.hash") == "#content"


def test_keyboard_only_search_questionnaire_shortlist(visit: Visit):
    page = visit.page
    visit.go("/en/")
    tab_to(page, "#near")
    page.keyboard.type("1020")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/places?**")
    page.wait_for_load_state()
    tab_to(page, "ol.cards a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/places/*")
    tab_to(page, "form.inline-form button")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Added to your list." in page.inner_text("main")
    visit.go("/en/help")
    tab_to(page, "input[name=need]")
    page.keyboard.press("ArrowDown")  # arrows move within a radio group, and select
    assert page.is_checked("input[value=learn]")
    tab_to(page, "form.question button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**need=learn**")
    assert "Question 2" in page.inner_text(".progress")


def test_keyboard_only_staff_login_and_edit(visit: Visit):
    page = visit.page
    visit.go("/en/staff/login")
    tab_to(page, "#email")
    page.keyboard.type("staff@example.org")
    tab_to(page, "#password")
    page.keyboard.type("browser tests password")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/staff/")
    tab_to(page, "main a[href$='/edit']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/edit")
    tab_to(page, "#phone")
    page.keyboard.type("02 770 00 00")
    tab_to(page, "button[name=save]", limit=400)  # a long form: 14 time fields of three parts
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Saved" in page.inner_text("main")


def test_use_my_position_when_javascript_runs(browser, live_server):
    context = browser.new_context(
        geolocation={"latitude": 50.8466, "longitude": 4.3517}, permissions=["geolocation"]
    )
    visit = Visit(context, live_server)
    visit.go("/en/places")
    visit.page.locator("button[data-locate=near]").click()
    visit.page.wait_for_url("**near=50.847%2C4.352**")
    assert "near your position" in visit.page.inner_text("h2#results")
    context.close()


def test_position_button_is_hidden_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    visit = Visit(context, live_server)
    visit.go("/en/help?need=print_scan&language=skip")
    assert not visit.page.locator("button[data-locate=where]").is_visible()
    context.close()
