"""A page of another site frames the finder and a place's card; the site's own pages refuse."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.browser
SLUG = "bibliotheque-laeken"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_another_site_frames_the_finder_and_a_card_but_no_other_page(browser, live_server, tmp_path):
    (tmp_path / "index.html").write_text(
        f"""<!doctype html><html lang="fr"><title>Commune</title>
<iframe id="finder" title="finder" src="{live_server}/fr/embed?near=1030" width="380" height="600"></iframe>
<iframe id="card" title="card" src="{live_server}/fr/embed/places/{SLUG}" width="380" height="300"></iframe>
<iframe id="home" title="home" src="{live_server}/fr/" width="380" height="300"></iframe>
</html>""",
        encoding="utf-8",
    )
    other_site = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=other_site.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{other_site.server_port}/index.html")  # another origin: another port
        page.wait_for_load_state("load")
        finder = page.frame_locator("#finder")
        assert "près de Schaerbeek" in finder.locator("h1").inner_text()
        assert finder.locator("a[href='/fr/places/cpas-schaerbeek']").count() == 1
        assert "Bibliothèque" in page.frame_locator("#card").locator("h1").inner_text()
        assert page.frame_locator("#home").locator("a.brand").count() == 0  # refused: X-Frame-Options DENY
        page.goto(f"{live_server}/fr/")  # the same page, not framed, has it
        assert page.locator("a.brand").count() == 1
    finally:
        context.close()
        other_site.shutdown()
        other_site.server_close()
