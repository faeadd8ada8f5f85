"""axe-core finds no WCAG 2.1 A/AA violation on any page type, in any language."""

import pytest
from browser_support import ADMIN_EMAIL, LANGS, PUBLIC_PAGES, Visit, log_in

pytestmark = pytest.mark.browser
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def axe_violations(visit: Visit, axe_source: str) -> list[str]:
    """Run axe on the current page; return 'rule: selector' lines."""
    visit.page.evaluate(axe_source)
    result = visit.page.evaluate("options => window.axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}) {' '.join(map(str, node['target']))}: {violation['help']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


@pytest.fixture
def axe_visit(browser, live_server):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
    yield Visit(context, live_server)
    context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_page_has_no_violation(axe_visit, axe_source, name, lang):
    axe_visit.go(PUBLIC_PAGES[name].format(lang=lang))
    violations = axe_violations(axe_visit, axe_source)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("lang", LANGS)
def test_staff_pages_have_no_violation(axe_visit, axe_source, lang):
    log_in(axe_visit, lang)
    found = {"dashboard": axe_violations(axe_visit, axe_source)}
    for link in ("edit", "closures", "events"):
        axe_visit.page.locator(f"main a[href*='/{link}']").first.click()
        axe_visit.page.wait_for_load_state()
        found[link] = axe_violations(axe_visit, axe_source)
        axe_visit.page.go_back()
    problems = [f"{page}: {line}" for page, lines in found.items() for line in lines]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_admin_pages_have_no_violation(axe_visit, axe_source, lang):
    log_in(axe_visit, lang, email=ADMIN_EMAIL)
    found = {}
    for page in (
        "admin/staff",
        "admin/claims",
        "admin/completeness",
        "admin/completeness?missing=hours",
        "admin/import",
    ):
        axe_visit.go(f"/{lang}/{page}")
        found[page] = axe_violations(axe_visit, axe_source)
    problems = [f"{page}: {line}" for page, lines in found.items() for line in lines]
    assert not problems, "\n".join(problems)
