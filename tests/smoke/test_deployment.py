"""A deployment (gunicorn workers, PostgreSQL, Redis) answers every page type and shares its limits."""

import email
import email.policy
import os
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from mailbox import Maildir as mailbox_of

import pytest
import requests

from tests.smoke.conftest import Visitor

pytestmark = pytest.mark.smoke

PAGES = [
    "/fr/",
    "/nl/places?near=1000",
    "/en/places?q=computer",
    "/fr/help",
    "/fr/help?need=use_computer",
    "/nl/donation",
    "/en/about",
    "/fr/events",
    "/fr/shortlist",
    "/en/staff/login",
    "/api/places.json",
    "/api/places.geojson",
    "/api/places.csv",
    "/static/vendor/leaflet/leaflet.js",
]


def test_health_is_green(base_url):
    response = requests.get(base_url + "/healthz", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_every_page_type_answers(base_url):
    for path in PAGES:
        assert requests.get(base_url + path, timeout=30).status_code == 200, path
    slug = requests.get(base_url + "/api/places.json", timeout=30).json()["places"][0]["slug"]
    assert requests.get(f"{base_url}/fr/places/{slug}", timeout=30).status_code == 200
    assert requests.get(f"{base_url}/fr/sheet?places={slug}", timeout=30).status_code == 200
    assert requests.get(f"{base_url}/fr/places/{slug}", headers={"Host": "evil.example"}).status_code == 400


def test_login_limit_holds_across_workers_and_counts_each_visitor(base_url):
    attacker = Visitor(base_url, f"203.0.113.{uuid.uuid4().int % 200 + 1}")
    wrong = {"email": "nobody@example.org", "password": "wrong password"}
    codes = [attacker.post_form("/en/staff/login", wrong).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]  # 5 a minute in all, whichever worker answers
    bystander = Visitor(base_url, "198.51.100.7")  # behind the same proxy, another visitor
    assert bystander.post_form("/en/staff/login", wrong).status_code == 200


def admin(base_url) -> Visitor:
    visitor = Visitor(base_url, "192.0.2.10")
    credentials = {"email": os.environ["SMOKE_ADMIN_EMAIL"], "password": os.environ["SMOKE_ADMIN_PASSWORD"]}
    assert visitor.post_form("/en/staff/login", credentials).status_code == 302
    return visitor


def test_parallel_closure_edits_never_fail_and_delete_one_closure(base_url):
    visitor = admin(base_url)
    place_id = re.search(r"/staff/places/(\d+)/edit", visitor.request("GET", "/en/staff/").text).group(1)
    page = f"/en/staff/places/{place_id}/closures"
    token = visitor.csrf_token(page)

    def add(day: int) -> int:
        data = {"starts_on": f"2031-03-{day:02d}", "ends_on": f"2031-03-{day:02d}", "csrf_token": token}
        return visitor.request("POST", page, data=data).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        added = list(pool.map(add, range(1, 21)))
    assert set(added) <= {302, 409}, added  # saved, or refused because another save came first
    html = visitor.request("GET", page).text
    closure_id = re.search(rf"/staff/places/{place_id}/closures/(\d+)/delete", html).group(1)
    count_before = html.count("/delete")

    def delete(_) -> int:
        return visitor.request("POST", f"{page}/{closure_id}/delete", data={"csrf_token": token}).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        deleted = list(pool.map(delete, range(20)))
    assert set(deleted) <= {302, 404, 409}, deleted
    assert visitor.request("GET", page).text.count("/delete") == count_before - 1


def test_anonymous_pages_come_with_an_etag_and_answer_304(base_url):
    slug = requests.get(base_url + "/api/places.json", timeout=30).json()["places"][0]["slug"]
    page = f"{base_url}/nl/places/{slug}"
    etag = requests.get(page, timeout=30).headers["ETag"]
    answers = [requests.get(page, headers={"If-None-Match": etag}, timeout=30) for _ in range(6)]
    assert [answer.status_code for answer in answers] == [304] * 6  # whichever worker answers
    assert requests.get(page.replace("/nl/", "/fr/"), headers={"If-None-Match": etag}).status_code == 200


def test_a_password_reset_arrives_by_mail(base_url):
    visitor = Visitor(base_url, "192.0.2.20")
    assert visitor.post_form("/en/staff/reset", {"email": os.environ["SMOKE_ADMIN_EMAIL"]}).status_code == 302
    mailbox = mailbox_of(os.environ["SMOKE_MAILDIR"])
    for _ in range(50):
        mails = [email.message_from_bytes(bytes(message), policy=email.policy.default) for message in mailbox]
        texts = [mail["To"] + mail.get_body(preferencelist=("plain",)).get_content() for mail in mails]
        if any("/staff/reset/" in text for text in texts):
            break
        time.sleep(0.1)
    assert any(os.environ["SMOKE_ADMIN_EMAIL"] in text and "/staff/reset/" in text for text in texts)
