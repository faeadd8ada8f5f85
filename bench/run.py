"""Benchmark EPN Finder: throughput against Flask's hello world, search cost by directory size, and
the size of what `make run` installs.

Run with `make bench` (or `.venv/bin/python bench/run.py`). It
1. builds a SQLite directory of 50 synthetic places, serves it with gunicorn (2 sync workers) on
   loopback, and measures requests per second and p95 latency for every public page type, warm
   (the page cache on, as deployed) and cold (FLASK_CACHE_TYPE=NullCache: every page rendered),
   and a minimal Flask "hello world" under the same server, kept running beside it: each page
   type and hello world take turns in short slices, and the page's throughput is printed as a
   ratio of hello world's over the same moments, which holds on a machine whose speed drifts.
   Warm, each page type is asked again and again in one form; cold, in turn in each form people
   ask it: searches and help-finder results near each of Belgium's 1,145 postcodes (a search
   nobody asked for before), each place's page, card and sheet;
2. does the same for the search pages at 5,000 places, cold;
3. builds directories of 50, 5,000 and 50,000 places and times the search service itself for
   each size: a postcode with two filters, everyday words near a postcode, a place name alone
   (the process's search index is built once before the timing, as a running worker holds it);
4. installs `make run`'s virtual environment in a temporary folder and weighs it (pip's cache
   makes this quick after the first time).
Options: --seconds N per URL (default 5), --clients N concurrent connections (default 4),
--sizes 50,5000,50000, --skip-throughput, --skip-install.
"""

import argparse
import http.client
import itertools
import os
import random
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

from finder.geo.gazetteer import belgian_postcodes  # noqa: E402 (the path above first)

# a phone's browser: pages are counted as a person's (finder/counts.py), as in real use
HEADERS = {
    "Accept-Encoding": "gzip",
    "User-Agent": "Mozilla/5.0 (Linux; Android 10) Chrome/120 Mobile Safari/537.36",
}
SEARCH_QUERIES = ["1000", "1030", "1060", "1190", "9000", "4000", "2000", "1348"]
# every Belgian postcode, in a fixed shuffled order: a search near the next one is one nobody asked for
POSTCODES = random.Random(7).sample([row[0] for row in belgian_postcodes()], len(belgian_postcodes()))
WORDS = ["aide+pour+mes+imp%C3%B4ts", "logement", "apprendre+smartphone", "printen"]
# each page type, in the forms people ask it (asked in turn)
PAGES = {
    "home": ["/fr/"],
    "search: postcode + 2 filters": [
        f"/fr/places?near={code}&service=computer_access&free=y" for code in POSTCODES
    ],
    "search: words": [
        f"/fr/places?q={WORDS[number % len(WORDS)]}&near={code}" for number, code in enumerate(POSTCODES)
    ],
    "place page": [f"/fr/places/synthetic-{number}" for number in range(50)],
    "place map script": [f"/fr/places/synthetic-{number}/map.js" for number in range(50)],
    "questionnaire step": ["/fr/help?need=procedure&topic=eid"],
    "questionnaire result": [
        f"/fr/help?need=procedure&topic=eid&how=with_me&language=fr&where={code}&when=weekday&situation=senior"
        for code in POSTCODES
    ],
    "referral sheet": [f"/fr/sheet?places=synthetic-{number},synthetic-{number + 1}" for number in range(49)],
    "events": ["/fr/events"],
    "donation": ["/fr/donation"],
    "embed: finder": [f"/fr/embed?near={code}&service=online_procedures" for code in POSTCODES],
    "embed: place card": [f"/fr/embed/places/synthetic-{number}" for number in range(50)],
    "figures": ["/fr/figures"],
    "JSON API": ["/api/places.json?service=online_procedures"],
}
SEARCH_PAGES = ("search: postcode + 2 filters", "search: words")


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


def load(port: int, turns, seconds: float, clients: int) -> dict:
    """Hit the URLs of `turns` (an iterator) from several threads for a while; return how many
    answers came in how long, their latencies and how many were errors."""
    latencies: list[float] = []
    errors = [0]
    stop = time.perf_counter() + seconds

    def worker():
        while time.perf_counter() < stop:
            path = next(turns)
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
    return {"elapsed": time.perf_counter() - began, "latencies": latencies, "errors": errors[0]}


def summary(runs: list[dict]) -> dict:
    """Requests per second, latency percentiles and errors of several runs taken together."""
    latencies = [latency for run in runs for latency in run["latencies"]]
    rps = len(latencies) / sum(run["elapsed"] for run in runs)
    return {"rps": rps, **percentiles(latencies), "errors": sum(run["errors"] for run in runs)}


def percentiles(samples: list[float]) -> dict:
    cuts = statistics.quantiles(samples, n=100)
    return {"p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000}


def throughput(seconds: float, clients: int) -> None:
    """Requests per second of each page type, warm (page cache on) and cold (no page cache)."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "translate", "compile"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    hello_port = free_port()
    hello_server = serve("hello:app", hello_port, {"PYTHONPATH": str(ROOT / "bench")})
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = _database_env(Path(tmp) / "bench50.sqlite", 50)
            # warm: a page asked before (its first form, again and again); cold: each form in turn
            first_forms = {name: paths[:1] for name, paths in PAGES.items()}
            warm = measure("app:app", env, first_forms, seconds, clients, hello_port)
            cold_env = {**env, "FLASK_CACHE_TYPE": "NullCache"}
            cold = measure("app:app", cold_env, PAGES, seconds, clients, hello_port)
            searches = {name: PAGES[name] for name in SEARCH_PAGES}
            env = _database_env(Path(tmp) / "bench5000.sqlite", 5000)
            cold_5000 = measure(
                "app:app", {**env, "FLASK_CACHE_TYPE": "NullCache"}, searches, seconds, clients, hello_port
            )
    finally:
        hello_server.terminate()
        hello_server.wait()
    hellos = [result["hello_rps"] for run in (warm, cold, cold_5000) for result in run.values()]
    print(f"\nThroughput, gunicorn 2 workers, {clients} clients, {seconds:g} s per page type, 50 places")
    print(
        f"hello world, in turns with each page type: median {statistics.median(hellos):.0f} req/s "
        f"(from {min(hellos):.0f} to {max(hellos):.0f}); × hello is against its turns with that page"
    )
    columns = f"{'req/s':>10} {'p95 ms':>7} {'× hello':>8}"
    print(f"{'':30} {'warm (page cache)':^27} {'cold (every page rendered)':^27}")
    print(f"{'page':30} {columns} {columns}")
    for name in PAGES:
        print(f"{name:30} {_cells(warm[name])} {_cells(cold[name])}")
    print(f"\nCold search at 5,000 places (same server, same yardstick)\n{'page':30} {columns}")
    for name in SEARCH_PAGES:
        print(f"{name:30} {_cells(cold_5000[name])}")


def _database_env(database: Path, size: int) -> dict:
    build_database(database, size)
    return {"FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "FLASK_SECRET_KEY": "bench"}


def _cells(result: dict) -> str:
    flag = "!" if result["errors"] else ""
    return f"{result['rps']:10.0f} {result['p95_ms']:7.1f} {result['rps'] / result['hello_rps']:7.2f}{flag:1}"


SLICES = 6  # hello world and a page take turns this often: a change in the machine's speed hits both


def measure(module: str, env: dict, pages: dict, seconds: float, clients: int, hello_port: int) -> dict:
    """Serve a WSGI module with gunicorn and load each page (after a short warm-up) for `seconds`,
    in slices taking turns with hello world on its own server: the yardstick of the same moments."""
    port = free_port()
    server = serve(module, port, env)
    try:
        results = {}
        for name, paths in pages.items():
            load(port, itertools.cycle(paths[::-1]), 1.0, clients)  # the workers' start-up, other forms
            turns = itertools.cycle(paths)  # each slice goes on with the next forms
            hello_runs, page_runs = [], []
            for _ in range(SLICES):
                hello_runs.append(load(hello_port, itertools.repeat("/"), seconds / SLICES, clients))
                page_runs.append(load(port, turns, seconds / SLICES, clients))
            results[name] = {**summary(page_runs), "hello_rps": summary(hello_runs)["rps"]}
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


def install_size() -> None:
    """Install what `make run` installs (its Makefile target) in a temporary folder and weigh it."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        made = subprocess.run(
            ["make", "-s", f"VENV={venv}", f"{venv}/.runtime-installed"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if made.returncode:
            raise RuntimeError(made.stderr)
        sizes = {}
        for folder in (venv / "lib").glob("python3*/site-packages/*"):
            if folder.is_dir() and not folder.name.endswith((".dist-info", "__pycache__")):
                sizes[folder.name] = _weight(folder)
        total = _weight(venv)
    print(f"\nmake run's virtual environment: {total / 1e6:.0f} MB; the largest parts:")
    for name, size in sorted(sizes.items(), key=lambda item: -item[1])[:8]:
        print(f"  {name:30} {size / 1e6:6.1f} MB")


def _weight(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--sizes", default="50,5000,50000")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-install", action="store_true")
    args = parser.parse_args()
    if not args.skip_throughput:
        throughput(args.seconds, args.clients)
    search_scaling([int(size) for size in args.sizes.split(",")])
    if not args.skip_install:
        install_size()


if __name__ == "__main__":
    main()
