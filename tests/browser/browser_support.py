"""Shared pieces of the browser tests: pages to visit, a request-blocking tab, logging in."""

from dataclasses import dataclass
from urllib.parse import urlsplit

TILE_HOST = "tile.openstreetmap.org"
STAFF_EMAIL = "staff@example.org"
ADMIN_EMAIL = "admin@example.org"
STAFF_PASSWORD = "browser tests password"
LANGS = ("fr", "nl", "en")


class Visit:
    """A browser tab that blocks and lists every request leaving the app (tiles excepted)."""

    def __init__(self, context, base_url: str):
        self.base_url = base_url
        self.page = context.new_page()
        self.external: list[str] = []
        self.page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if urlsplit(url).scheme not in ("http", "https") or host == "127.0.0.1":
            route.continue_()
            return
        if host != TILE_HOST:
            self.external.append(url)
        route.abort("blockedbyclient")  # tiles too: no network in tests

    def go(self, path: str):
        response = self.page.goto(self.base_url + path, wait_until="load")
        return response


@dataclass
class Weight:
    """What a page costs on the wire with an empty cache, tiles excluded."""

    first_load: int  # bytes
    requests: int
    map_opened: int  # the bytes opening its map adds (0 without a map)
    external: list[str]  # requests to other hosts


def weigh(browser, base_url: str, path: str) -> Weight:
    """Load a page on a small screen with an empty cache, then open its map if it has one."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    visit = Visit(context, base_url)
    cdp = context.new_cdp_session(visit.page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"]))
    )
    visit.go(path)
    visit.page.wait_for_load_state("networkidle")
    first, requests = sum(sizes.values()), len(sizes)
    if visit.page.locator(".map-box").count():
        visit.page.locator(".map-box summary").click()
        visit.page.wait_for_selector("#epn_map .leaflet-marker-icon", state="attached")
        visit.page.wait_for_load_state("networkidle")
    context.close()
    return Weight(first, requests, sum(sizes.values()) - first, visit.external)


def log_in(visit: Visit, lang: str = "en", email: str = STAFF_EMAIL, password: str = STAFF_PASSWORD) -> None:
    """Log the browser in (by default as the staff member of bibliotheque-laeken)."""
    visit.go(f"/{lang}/staff/login")
    visit.page.fill("#email", email)
    visit.page.fill("#password", password)
    visit.page.locator("main form button[type=submit]").click()
    visit.page.wait_for_url("**/staff/")


HELP = "/{lang}/help"
ANSWERS = [
    ("need", "procedure"),
    ("topic", "eid"),
    ("how", "with_me"),
    ("language", "fr"),
    ("where", "1000"),
    ("when", "weekday"),
    ("situation", "senior"),
]


def questionnaire_pages() -> dict[str, str]:
    """Every step of one path through the questionnaire, and its result."""
    pages, query = {}, []
    for question, answer in ANSWERS:
        pages[f"question-{question}"] = HELP + ("?" + "&".join(query) if query else "")
        query.append(f"{question}={answer}")
    pages["questionnaire-result"] = HELP + "?" + "&".join(query)
    return pages


ASSOCIATION = "/{lang}/help/association?"
PUBLIC_PAGES = {
    "home": "/{lang}/",
    "search": "/{lang}/places?near=1000",
    "search-empty": "/{lang}/places?q=zzzzzz",
    "place": "/{lang}/places/brusurf",
    "place-with-hours": "/{lang}/places/woluwe-cyber-cite",
    **questionnaire_pages(),
    "referral-sheet": "/{lang}/sheet?places=brusurf,woluwe-cyber-cite",
    "shortlist": "/{lang}/shortlist",
    "donation": "/{lang}/donation",
    "association-question": ASSOCIATION + "form=association",
    "association-needs": ASSOCIATION + "form=association&where=1020&project=access",
    "association-result": ASSOCIATION + "form=association&where=1020&project=access&needs=laptops&needs=sent",
    "service-without-door": "/{lang}/places/brigade-numerique-mobile",
    "embed-finder": "/{lang}/embed?near=1030&service=online_procedures",
    "embed-card": "/{lang}/embed/places/bibliotheque-laeken",
    "embed-code": "/{lang}/embed/code?near=1030",
    "figures": "/{lang}/figures",
    "about": "/{lang}/about",
    "events": "/{lang}/events",
    "correction": "/{lang}/places/brusurf/correction",
    "claim": "/{lang}/places/woluwe-cyber-cite/claim",
    "password-reset": "/{lang}/staff/reset",
    "staff-login": "/{lang}/staff/login",
    "error-404": "/{lang}/places/nope",
    "error-400": "/{lang}/places?page=abc",
}
MAP_PAGES = {"search", "place", "place-with-hours", "questionnaire-result"}
SEARCH_PAGES = {"search", "search-empty", "error-400"}  # the search form with all its filters
