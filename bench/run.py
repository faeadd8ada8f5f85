"""Benchmark EPN Finder: throughput against Flask's hello world, and search cost by directory size.

Run with `make bench` (or `.venv/bin/python bench/run.py`). It
1. builds a SQLite directory of 50 synthetic places, serves it with gunicorn (2 sync workers) on
   loopback, and measures requests per second and p95 latency for every public page type, warm
   (the page cache on, as deployed) and cold (FLASK_CACHE_TYPE=NullCache: every page rendered),
   and a minimal Flask "hello world" under the same server: our throughput is printed as a ratio
   of it, which holds on a noisy machine;
2. builds directories of 50, 5,000 and 50,000 places and times the search service itself for
   each size: a postcode with two filters, everyday words near a postcode, a place name alone
   (the process's search index is built once before the timing, as a running worker holds it).
Options: --seconds N per URL (default 5), --clients N concurrent connections (default 4),
--sizes 50,5000,50000.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# a phone's browser: pages are counted as a person's (finder/counts.py), as in real use
HEADERS = {
    "Accept-Encoding": "gzip",
    "User-Agent": "Mozilla/5.0 (Linux; Android 10) Chrome/120 Mobile Safari/537.36",
}
PAGES = {
    "home": "/fr/",
    "search: postcode + 2 filters": "/fr/places?near=1000&service=computer_access&free=y",
    "search: words": "/fr/places?q=aide+pour+mes+imp%C3%B4ts&near=1030",
    "place page": "/fr/places/synthetic-7",
    "place map script": "/fr/places/synthetic-7/map.js",
    "questionnaire step": "/fr/help?need=procedure&topic=eid",
    "questionnaire result": "/fr/help?need=procedure&topic=eid&how=with_me&language=fr&where=1000"
    "&when=weekday&situation=senior",
    "referral sheet": "/fr/sheet?places=synthetic-7,synthetic-8",
    "events": "/fr/events",
    "donation": "/fr/donation",
    "embed: finder": "/fr/embed?near=1030&service=online_procedures",
    "embed: place card": "/fr/embed/places/synthetic-7",
    "figures": "/fr/figures",
    "JSON API": "/api/places.json?service=online_procedures",
}
SEARCH_QUERIES = ["1000", "1030", "1060", "1190", "9000", "4000", "2000", "1348"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_database(path: Path, size: int) -> None:
    """Create a database file holding `size` synthetic places."""
    import synthetic

    from finder import create_app
    from finder.models import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        synthetic.fill(size)


def serve(module: str, port: int, env: dict) -> subprocess.Popen:
    """Start gunicorn with 2 workers on loopback and wait until it answers."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        module,
    ]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"gunicorn did not start for {module}")


def load(port: int, path: str, seconds: float, clients: int) -> dict:
    """Hit one URL from several threads for a while; return rps and latency percentiles."""
    latencies: list[float] = []
    errors = [0]
    stop = time.perf_counter() + seconds

    def worker():
        while time.perf_counter() < stop:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            start = time.perf_counter()
            connection.request("GET", path, headers=HEADERS)
            response = connection.getresponse()
            response.read()
            latencies.append(time.perf_counter() - start)
            errors[0] += response.status >= 400
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {"rps": len(latencies) / elapsed, **percentiles(latencies), "errors": errors[0]}


def percentiles(samples: list[float]) -> dict:
    cuts = statistics.quantiles(samples, n=100)
    return {"p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000}


def throughput(seconds: float, clients: int) -> None:
    """Requests per second of each page type, warm (page cache on) and cold (no page cache)."""
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "bench50.sqlite"
        build_database(database, 50)
        env = {"FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "FLASK_SECRET_KEY": "bench"}
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", "translate", "compile"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        baseline = measure("hello:app", {"PYTHONPATH": str(ROOT / "bench")}, {"hello": "/"}, seconds, clients)
        warm = measure("app:app", env, PAGES, seconds, clients)
        cold = measure("app:app", {**env, "FLASK_CACHE_TYPE": "NullCache"}, PAGES, seconds, clients)
    hello = baseline["hello"]
    print(f"\nThroughput, gunicorn 2 workers, {clients} clients, {seconds:g} s per URL, 50 places")
    columns = f"{'req/s':>10} {'p95 ms':>7} {'× hello':>8}"
    print(f"{'':30} {'warm (page cache)':^27} {'cold (every page rendered)':^27}")
    print(f"{'page':30} {columns} {columns}")
    print(f"{'hello world (yardstick)':30} {hello['rps']:10.0f} {hello['p95_ms']:7.1f} {1:8.2f}")
    for name in PAGES:
        cells = []
        for result in (warm[name], cold[name]):
            flag = "!" if result["errors"] else ""
            cells.append(
                f"{result['rps']:10.0f} {result['p95_ms']:7.1f} {result['rps'] / hello['rps']:7.2f}{flag:1}"
            )
        print(f"{name:30} {cells[0]} {cells[1]}")


def measure(module: str, env: dict, pages: dict, seconds: float, clients: int) -> dict:
    """Serve a WSGI module with gunicorn and load each page in turn (after a short warm-up)."""
    port = free_port()
    server = serve(module, port, env)
    try:
        results = {}
        for name, path in pages.items():
            load(port, path, 0.5, clients)
            results[name] = load(port, path, seconds, clients)
        return results
    finally:
        server.terminate()
        server.wait()


# what people type: a postcode with filters, everyday words near a postcode, a place name alone
SEARCH_KINDS = {
    "postcode + service + free": lambda n: ("", SEARCH_QUERIES[n % len(SEARCH_QUERIES)], True),
    "text near postcode": lambda n: (TEXT_QUERIES[n % len(TEXT_QUERIES)], "1000", False),
    "place name": lambda n: ("", PLACE_NAMES[n % len(PLACE_NAMES)], False),
}
TEXT_QUERIES = ["aide pour mes impôts", "logement", "apprendre smartphone", "printen", "recherche emploi cv"]
PLACE_NAMES = ["Molenbeek", "St-Gilles", "Laken", "Schaarbeek", "Berchem", "Ixeles", "Woluwe-Saint-Pierre"]


def search_scaling(sizes: list[int], runs: int = 200) -> None:
    """Time the search service (place name resolved, first page) on directories of several sizes."""
    from finder import create_app
    from finder.geo import gazetteer
    from finder.hours import now_brussels
    from finder.search.query import SearchFilters, search_places

    print(f"\nSearch service latency (place name resolved inside the timing), {runs} runs per kind")
    print(f"{'places':>8} {'query':<26} {'p50 ms':>8} {'p95 ms':>8} {'results':>8}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            database = Path(tmp) / f"bench{size}.sqlite"
            build_database(database, size)
            app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "bench"})
            with app.test_request_context("/fr/"):
                gazetteer.locate("1000")  # the gazetteer loads once per process, not per search
                search_places(SearchFilters(text="warm up"), now_brussels())
                for kind, make in SEARCH_KINDS.items():
                    timings, total = [], 0
                    for number in range(runs):
                        text, near_text, with_filters = make(number)
                        start = time.perf_counter()
                        filters = SearchFilters(text=text, near=gazetteer.locate(near_text))
                        if with_filters:
                            filters.services, filters.is_free_required = ["computer_access"], True
                        total = search_places(filters, now_brussels()).total
                        timings.append(time.perf_counter() - start)
                    cuts = percentiles(timings)
                    print(f"{size:8d} {kind:<26} {cuts['p50_ms']:8.1f} {cuts['p95_ms']:8.1f} {total:8d}")
                help_finder_timing(size, runs)


# a help-finder path: help with a procedure, done with the person, for a senior, on a weekday
HELP_CRITERIA = {
    "service": ["online_procedures"],
    "help_style": ["online_procedures"],
    "audience": ["seniors"],
    "times": ["weekday"],
}


def help_finder_timing(size: int, runs: int) -> None:
    """Time the help finder's ranking (the directory's index, then the criteria on the nearest)."""
    from finder.geo import gazetteer
    from finder.help.recommend import rank_places
    from finder.hours import now_brussels

    timings, count = [], 0
    for number in range(runs):
        start = time.perf_counter()
        near = gazetteer.locate(SEARCH_QUERIES[number % len(SEARCH_QUERIES)])
        now = now_brussels()
        count = len(
            rank_places(HELP_CRITERIA, near, now, now.date(), kinds={"help_style": "service"}).matches
        )
        timings.append(time.perf_counter() - start)
    cuts = percentiles(timings)
    print(f"{size:8d} {'help finder result':<26} {cuts['p50_ms']:8.1f} {cuts['p95_ms']:8.1f} {count:8d}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--sizes", default="50,5000,50000")
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()
    if not args.skip_throughput:
        throughput(args.seconds, args.clients)
    search_scaling([int(size) for size in args.sizes.split(",")])


if __name__ == "__main__":
    main()
