"""The deployment under trouble: slow clients, Redis stopped, PostgreSQL stopped; it answers and it
recovers without a restart. Runs after test_deployment.py (pytest takes files in order)."""

import os
import socket
import subprocess
import time

import pytest
import requests

pytestmark = pytest.mark.smoke


def health(base_url: str) -> requests.Response:
    return requests.get(base_url + "/healthz", timeout=10)


def wait_for(check, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def run(command: str) -> None:
    subprocess.run(command, shell=True, check=True)


def test_two_slow_clients_do_not_block_a_third(base_url):
    host, port = base_url.removeprefix("http://").split(":")
    slow = []
    for _ in range(2):  # each sends a 100,000-byte form one byte at a time
        client = socket.create_connection((host, int(port)))
        client.sendall(b"POST /fr/shortlist/remove HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        client.sendall(b"Content-Length: 100000\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nx")
        slow.append(client)
    try:
        started = time.monotonic()
        assert health(base_url).status_code == 200
        assert requests.get(base_url + "/fr/", timeout=10).status_code == 200
        assert time.monotonic() - started < 5
    finally:
        for client in slow:
            client.close()


def test_without_redis_the_site_answers_and_recovers(base_url):
    run(os.environ["SMOKE_REDIS_STOP"])
    try:
        assert wait_for(lambda: health(base_url).json().get("redis") == "unreachable")
        for path in ("/fr/", "/nl/places?near=1030", "/api/places.json"):
            assert requests.get(base_url + path, timeout=10).status_code == 200, path
        login = requests.post(base_url + "/en/staff/login", data={}, timeout=10)
        assert login.status_code < 500
    finally:
        run(os.environ["SMOKE_REDIS_START"])
    assert wait_for(lambda: health(base_url).json() == {"status": "ok", "database": "ok", "redis": "ok"})


def test_without_postgresql_the_site_says_so_and_recovers(base_url):
    warm = requests.get(base_url + "/fr/about", timeout=10)
    assert warm.status_code == 200
    run(os.environ["SMOKE_PG_STOP"])
    try:
        assert wait_for(lambda: health(base_url).status_code == 503)
        cold = requests.get(base_url + "/fr/places?near=1180", timeout=10)
        assert cold.status_code == 503 and cold.headers["Retry-After"] == "30"
    finally:
        run(os.environ["SMOKE_PG_START"])
    assert wait_for(lambda: health(base_url).status_code == 200)
    for _ in range(4):  # every worker's pool gave up its dead connections
        assert requests.get(base_url + "/fr/places?near=1180", timeout=10).status_code == 200
