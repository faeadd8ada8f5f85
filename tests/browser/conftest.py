"""Real-browser fixtures: the app on a free loopback port, Debian's Chromium driven by Playwright."""

import contextlib
import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from browser_support import ADMIN_EMAIL, STAFF_EMAIL, STAFF_PASSWORD, Visit
from werkzeug.serving import make_server

from finder import accounts, create_app
from finder.editing import seed_places
from finder.models import Place, db

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def _require(condition: bool, why: str) -> None:
    if condition:
        return
    if os.environ.get("BROWSER_TESTS_REQUIRED"):
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, smtp_server):
    """Start the app with a temporary seeded database on a free loopback port; its mail goes to
    the loopback SMTP server."""
    with _serve(tmp_path_factory.mktemp("db") / "browser.sqlite", smtp_server) as url:
        yield url


@pytest.fixture
def own_server(tmp_path, smtp_server):
    """A server of its own, for a test that changes much of the data (an import)."""
    with _serve(tmp_path / "own.sqlite", smtp_server) as url:
        yield url


@pytest.fixture
def france_server(tmp_path, smtp_server):
    """A French deployment with no place yet."""
    with _serve(tmp_path / "france.sqlite", smtp_server, "france") as url:
        yield url


@contextlib.contextmanager
def _serve(db_path: Path, smtp_server, territory: str = "brussels"):
    app = create_app(
        {
            "TERRITORY": territory,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
            "SECRET_KEY": "browser-tests",
            "SESSION_COOKIE_SECURE": False,
            "RATELIMIT_ENABLED": False,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_server[1],
        }
    )
    with app.app_context():
        db.create_all()
    if territory != "brussels":
        yield from _served(app)
        return
    with app.app_context():
        seed_places(json.loads((ROOT / "seed" / "places.json").read_text(encoding="utf-8")))
        # not woluwe-cyber-cite: its hours of 2009 must stay unconfirmed for test_trust.py
        place = db.session.scalar(db.select(Place).where(Place.slug == "bibliotheque-laeken"))
        accounts.create_staff(STAFF_EMAIL, "Browser Staff", password=STAFF_PASSWORD, places=[place])
        accounts.create_staff(ADMIN_EMAIL, "Browser Admin", is_admin=True, password=STAFF_PASSWORD)
    yield from _served(app)


def _served(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    _require(shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source():
    _require(AXE_JS.exists(), "axe-core is not installed: run npm ci")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(params=[False, True], ids=["no-js", "js"])
def visit(request, browser, live_server):
    context = browser.new_context(java_script_enabled=request.param, viewport={"width": 390, "height": 800})
    yield Visit(context, live_server)
    context.close()


@pytest.fixture
def js_visit(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield Visit(context, live_server)
    context.close()


def pytest_collection_modifyitems(items):
    """The dev server thread may drop a static file when the browser cancels a request (favicon):
    Python then warns about an unclosed file from that thread. It is not the page under test."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))
