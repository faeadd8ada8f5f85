"""Page weights from a real browser: bytes on the wire with an empty cache, tiles excluded.

Serves the seeded directory on loopback, loads each public page type in Debian's Chromium
(Playwright) and prints what the page costs on first load, then what opening its map adds.
Run with `make bench` (after `make test-browser` has installed Chromium) or
`.venv/bin/python bench/weights.py`.
"""

import json
import logging
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser")]

from browser_support import PUBLIC_PAGES, weigh  # noqa: E402
from conftest import CHROME_ARGS, CHROMIUM  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from finder import create_app  # noqa: E402
from finder.editing import seed_places  # noqa: E402
from finder.models import db  # noqa: E402

PAGES = (
    "home", "search", "place", "question-need", "questionnaire-result", "referral-sheet", "donation",
    "association-result", "embed-finder", "embed-card", "figures",
)  # fmt: skip


def serve(database: Path) -> str:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        seed_places(json.loads((ROOT / "seed" / "places.json").read_text(encoding="utf-8")))
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        base_url = serve(Path(tmp) / "weights.sqlite")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        print("\nPage weight in Chromium, empty cache, compressed, tiles excluded (fr, 390 px wide)")
        print(f"{'page':24} {'first load':>11} {'requests':>9} {'map opened':>11}")
        for name in PAGES:
            weight = weigh(browser, base_url, PUBLIC_PAGES[name].format(lang="fr"))
            opened = f"+{weight.map_opened / 1000:.1f} KB" if weight.map_opened else "-"
            print(f"{name:24} {weight.first_load / 1000:8.1f} KB {weight.requests:9d} {opened:>11}")
        browser.close()


if __name__ == "__main__":
    main()
