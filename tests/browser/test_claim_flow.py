"""'I run this place' → an admin approves → the invitation arrives by mail → first login → hours
saved → the public page shows them as confirmed today."""

import re

import pytest
from babel.dates import format_date
from browser_support import ADMIN_EMAIL, STAFF_PASSWORD, Visit, log_in

from finder.hours import now_brussels

pytestmark = pytest.mark.browser


def test_a_person_who_runs_a_place_gets_an_account_and_confirms_its_hours(browser, live_server, inbox):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    visit = Visit(context, live_server)
    visit.go("/en/places/brusurf")
    visit.page.get_by_role("link", name="I run this place").click()
    visit.page.fill("#name", "Rita Manager")
    visit.page.fill("#role", "coordinator")
    visit.page.fill("#email", "rita@brusurf.example")
    visit.page.get_by_role("button", name="Send my request").click()
    assert "We will check your request" in visit.page.inner_text("main")

    log_in(visit, email=ADMIN_EMAIL)
    visit.go("/en/admin/claims")
    assert "Rita Manager" in visit.page.inner_text("main")
    visit.page.get_by_role("button", name="Approve and send an invitation").click()
    assert "rita@brusurf.example can now keep" in visit.page.inner_text("main")
    visit.page.get_by_role("button", name="Log out").click()

    (mail,) = inbox.to("rita@brusurf.example")
    link = next(url for url in inbox.links(mail) if "/staff/invitation/" in url)
    visit.page.goto(link)
    visit.page.fill("#password", STAFF_PASSWORD)
    visit.page.fill("#confirm", STAFF_PASSWORD)
    visit.page.get_by_role("button", name="Save my password").click()
    log_in(visit, email="rita@brusurf.example")
    visit.page.locator("main a[href$='/edit']").first.click()
    visit.page.check("input[name=hours_mode][value=advanced]")
    assert (
        visit.page.locator("#opening_hours").is_visible()
        and not visit.page.locator("#d0_opens1").is_visible()
    )
    visit.page.check("input[name=hours_mode][value=weekly]")
    assert not visit.page.locator("#opening_hours").is_visible()  # one way at a time
    visit.page.fill("#d0_opens1", "09:00")
    visit.page.fill("#d0_closes1", "12:00")
    visit.page.locator("button[name=save]").click()
    assert "Saved" in visit.page.inner_text("main")

    visit.go("/en/places/brusurf")
    main = visit.page.inner_text("main")
    today = format_date(now_brussels().date(), "long", locale="en")
    assert re.search(rf"Confirmed on {re.escape(today)}", main), main
    assert "I run this place" not in main
    context.close()
