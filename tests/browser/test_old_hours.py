"""Hours from 2009 are never shown as live, whatever the clock says (issue: listings people can trust)."""

import datetime as dt

import pytest
from browser_support import Visit

from finder import hours

pytestmark = pytest.mark.browser

# a Monday at 15:00: the 2009 hours of woluwe-cyber-cite ("Mo-Th 14:00-17:00") would call it open
MONDAY_AFTERNOON = dt.datetime(2026, 11, 23, 15, 0, tzinfo=hours.BRUSSELS)


@pytest.fixture
def frozen_clock():
    hours.clock = lambda: MONDAY_AFTERNOON
    yield
    hours.clock = hours.system_clock


def test_old_hours_are_never_live(visit: Visit, frozen_clock):
    visit.go("/en/places/woluwe-cyber-cite")
    main = visit.page.inner_text("main")
    assert visit.page.locator(".badge-open").count() == 0
    assert "Old hours (October 2009): they may have changed." in main
    assert "Published in October 2009 by dynamic-tamtam.be." in main
    assert visit.page.locator("table.hours").count() == 0  # no dated week that reads as this week's

    for query in ("open_now=y", "day=0"):
        visit.go(f"/en/places?{query}")
        assert "woluwe-cyber-cite" not in visit.page.content(), query

    visit.go("/nl/sheet?places=woluwe-cyber-cite")
    sheet = visit.page.inner_text("main")
    assert visit.page.locator("table.hours").count() == 0
    assert "Oude openingsuren (oktober 2009): ze kunnen veranderd zijn." in sheet
    assert "bel" not in sheet.lower().split()  # no "call" without a number to call
