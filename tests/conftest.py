import datetime as dt
import email
import email.policy
import os
import re
import socket
from pathlib import Path

import pytest
import time_machine
from aiosmtpd.controller import Controller

from finder import accounts, create_app
from finder.editing import seed_places
from finder.hours import BRUSSELS, now_brussels
from finder.mail import wait_for_queue
from finder.models import Place, db

TEST_DATA = Path(__file__).resolve().parent / "data"  # files the tests read, with their licences
STAFF_PASSWORD = "a long enough secret phrase"
# The fast suite lives on Monday 23 November 2026, 10:00 in Brussels, whatever the real date: facts
# dated by the tests and by the code compare the same way next year as today.
PINNED_NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=BRUSSELS)
SAME_ORIGIN = {"Origin": "http://localhost"}  # what a browser sends with a form of the test site


class Inbox:
    """What a real SMTP server on loopback received (aiosmtpd)."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"

    def to(self, address: str) -> list:
        """The messages sent to an address, oldest first."""
        return [message for message in self.messages if address in message["To"]]

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html(message) -> str:
        return message.get_body(preferencelist=("html",)).get_content()

    def links(self, message) -> list[str]:
        """The links of a mail's plain text."""
        return re.findall(r"https?://\S+", self.text(message))


@pytest.fixture(autouse=True)
def pinned_clock(request):
    """Pin the clock (it still ticks) for every test but those driving a real browser or server."""
    if request.node.get_closest_marker("browser") or request.node.get_closest_marker("smoke"):
        yield
        return
    with time_machine.travel(PINNED_NOW, tick=True):
        yield


@pytest.fixture(scope="session")
def smtp_server():
    """One SMTP server for the whole run, on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def inbox(smtp_server):
    """The test's mail: empty at the start of every test."""
    inbox, _port = smtp_server
    inbox.messages.clear()
    return inbox


# a deployment's defaults, on a database of its own: for tests of what a deployment gets
BARE_SETTINGS = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"}


def test_settings(mail_port: int) -> dict:
    """What the tests' apps have: a real SMTP server, no CSRF token or rate limit to send."""
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_BACKEND": "smtp",  # Flask-Mailman would keep mail in memory under TESTING
        "MAIL_PORT": mail_port,
        "COUNT_FLUSH_SECONDS": 0,  # counts written at once
        "SERVER_NAME": "localhost",
        "TESTING": True,
        # set TEST_DATABASE_URL=postgresql+psycopg://… to run the suite on PostgreSQL
        "SQLALCHEMY_DATABASE_URI": os.environ.get("TEST_DATABASE_URL", "sqlite://"),
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test",
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
    }


@pytest.fixture
def make_app(smtp_server):
    """Build apps from the test settings (or `settings=BARE_SETTINGS`) and overrides, tables created;
    the tables are dropped after the test."""
    made = []

    def make(settings: dict | None = None, **overrides):
        app = create_app({**(settings or test_settings(smtp_server[1])), **overrides})
        with app.app_context():
            db.create_all()
        made.append(app)
        return app

    yield make
    wait_for_queue()  # mail work still running must not outlive its database
    for app in reversed(made):
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


def place_record(**overrides) -> dict:
    """A complete, valid place record for upsert_places."""
    record = {
        "slug": "test-place",
        "name": "Test Place",
        "organisation": "Test ASBL",
        "street": "Rue Haute 1",
        "postcode": "1000",
        "commune": "Bruxelles",
        "latitude": 50.8466,
        "longitude": 4.3517,
        "opening_hours": "Mo-Fr 09:00-17:00; PH off",
        "cost": "free",
        "access_mode": "walk_in",
        "as_of": now_brussels().date().isoformat(),
        "source_url": "https://www.example.org/epn-list",
        "descriptions": {"fr": "Un lieu de test.", "nl": "Een testplaats."},
        "tags": {"service": ["computer_access"], "language": ["fr", "nl"]},
    }
    record.update(overrides)
    return record


@pytest.fixture
def valid_record():
    """Build a valid place record, with overrides."""
    return place_record


@pytest.fixture
def make_place(app):
    def make(**overrides):
        with app.app_context():
            seed_places([place_record(**overrides)])
        return overrides.get("slug", "test-place")

    return make


@pytest.fixture
def two_places(app, make_place):
    """Places A and B; returns their ids by slug."""
    make_place(slug="a", name="Place A")
    make_place(slug="b", name="Place B")
    with app.app_context():
        return {p.slug: p.id for p in db.session.scalars(db.select(Place))}


class StaffActions:
    """Create accounts and log in and out through the real login form (flaskr's AuthActions)."""

    password = STAFF_PASSWORD

    def __init__(self, app, client):
        self._app = app
        self._client = client

    def create(self, email: str, name: str = "Staff", is_admin: bool = False, slugs=()) -> None:
        """Create an active account that may edit the places with these slugs."""
        with self._app.app_context():
            places = [db.session.scalar(db.select(Place).where(Place.slug == slug)) for slug in slugs]
            accounts.create_staff(email, name, is_admin=is_admin, password=STAFF_PASSWORD, places=places)

    def login(self, email: str = "anna@example.org", password: str = STAFF_PASSWORD, lang: str = "en"):
        return self._client.post(f"/{lang}/staff/login", data={"email": email, "password": password})

    def logout(self, lang: str = "en"):
        return self._client.post(f"/{lang}/staff/logout")


@pytest.fixture
def auth(app, client) -> StaffActions:
    return StaffActions(app, client)


@pytest.fixture
def anna_keeps_a(auth, two_places):
    """Places A and B; Anna (not logged in) keeps A. Returns the places' ids by slug."""
    auth.create("anna@example.org", "Anna", slugs=["a"])
    return two_places


@pytest.fixture
def seeded(runner):
    """The directory as `flask seed` fills it from seed/places.json."""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output


def edit_data(client, place_id, **changes):
    """The edit form as the browser would send it: every field filled from the page."""
    html = client.get(f"/en/staff/places/{place_id}/edit").get_data(as_text=True)
    data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    data = {k: v for k, v in data.items() if k not in ("csrf_token",)}
    for name in re.findall(r'<input[^>]*type="(?:checkbox|radio)"[^>]*name="([^"]+)"', html):
        data.pop(name, None)
    data.update(hours_mode="weekly", closed_on_holidays="y", save="1")
    data.update(changes)
    return data
