"""The smoke suite runs against a served deployment: SMOKE_URL=http://127.0.0.1:PORT pytest -m smoke."""

import os
import re

import pytest
import requests

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(scope="session")
def base_url() -> str:
    url = os.environ.get("SMOKE_URL")
    if not url:
        pytest.skip("SMOKE_URL is not set: the smoke suite needs a running deployment")
    return url.rstrip("/")


class Visitor:
    """One browser-like visitor: keeps its session cookie (Secure, so sent by hand over loopback HTTP)."""

    def __init__(self, base_url: str, address: str):
        self.base_url = base_url
        self.headers = {"X-Forwarded-For": address, "X-Forwarded-Proto": "https"}
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        # over HTTPS, Flask-WTF wants a same-origin Referer, as a browser sends
        referrer = self.base_url.replace("http://", "https://", 1) + path
        response = requests.request(
            method,
            self.base_url + path,
            headers={**self.headers, "Referer": referrer},
            cookies=self.cookies,
            allow_redirects=False,
            timeout=30,
            **kwargs,
        )
        if "session" in response.cookies:
            self.cookies["session"] = response.cookies["session"]
        return response

    def csrf_token(self, path: str) -> str:
        return CSRF.search(self.request("GET", path).text).group(1)

    def post_form(self, path: str, data: dict, form_page: str | None = None) -> requests.Response:
        token = self.csrf_token(form_page or path)
        return self.request("POST", path, data={**data, "csrf_token": token})
