"""National-scale benchmark: import, re-import, exports and search with France's and Belgium's places.

Run with `.venv/bin/python bench/national.py`. It
1. writes a LaMednum 1.0.2 JSON file of 18,000 French places (in real communes, near their town
   halls; typical names, services, hours, SIRET numbers) plus Belgian ones,
   the size of France's national map of digital-help places;
2. times its import into an empty SQLite directory, then a second import of the same file
   (which must change nothing), each in a fresh process, with the process's peak memory;
3. tops the directory up to 50,000 places with a second file, then fetches every export
   (our JSON, GeoJSON and CSV, LaMednum CSV and JSON, data·inclusion structures and services),
   each in a fresh process: time to the first byte, total time, size and peak memory;
4. times the search service near a French (13100) and a Belgian (1000) postcode at 50,000 places.
Options: --french N (18000), --belgian N (500), --total N (50000), --runs N (200).
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXPORTS = (
    "/api/places.json",
    "/api/places.geojson",
    "/api/places.csv",
    "/api/lamednum.csv",
    "/api/lamednum.json",
    "/api/data-inclusion/structures.json",
    "/api/data-inclusion/services.json",
)
KINDS = (
    "France Services",
    "Médiathèque",
    "Espace public numérique",
    "Centre social",
    "CCAS",
    "Mission locale",
    "Maison de quartier",
    "Tiers-lieu numérique",
)
SERVICES = (
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
)
HOURS = (
    "Mo-Fr 09:00-12:00,14:00-17:00",
    "Tu-Sa 10:00-18:00; PH off",
    "Mo,We,Fr 14:00-19:00",
    "Mo-Th 09:00-12:00; Sa 10:00-13:00",
    "",
)
STREETS = (
    "rue de la République",
    "avenue Jean Jaurès",
    "place de la Mairie",
    "rue Victor Hugo",
    "rue de la Gare",
)


def french_records(count: int, seed: int, prefix: str) -> list[dict]:
    """LaMednum records in real French communes, near their town halls."""
    from finder.geo import france

    rng = random.Random(seed)
    communes = france.communes()
    records = []
    for number, commune in enumerate(rng.choices(communes, k=count)):
        records.append(
            _record(
                rng,
                f"{prefix}{number}",
                commune.name,
                commune.postcode,
                commune.latitude,
                commune.longitude,
                "+33",
            )
        )
    return records


def belgian_records(count: int, seed: int) -> list[dict]:
    from finder.geo.gazetteer import belgian_postcodes

    rng = random.Random(seed)
    return [
        _record(rng, f"be{number}", locality.title(), postcode, latitude, longitude, "+32")
        for number, (postcode, locality, latitude, longitude) in enumerate(
            rng.choices(belgian_postcodes(), k=count)
        )
    ]


def _record(
    rng, key: str, commune: str, postcode: str, latitude: float, longitude: float, prefix: str
) -> dict:
    return {
        "id": key,
        "pivot": "".join(rng.choices("0123456789", k=14)) if rng.random() < 0.8 else "",
        "nom": f"{rng.choice(KINDS)} {commune} {key}",
        "commune": commune,
        "code_postal": postcode,
        "adresse": f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
        "latitude": round(latitude + rng.uniform(-0.01, 0.01), 6),
        "longitude": round(longitude + rng.uniform(-0.01, 0.01), 6),
        "telephone": prefix + "".join(rng.choices("0123456789", k=9)) if rng.random() < 0.7 else "",
        "courriels": f"contact@{key}.example" if rng.random() < 0.5 else "",
        "horaires": rng.choice(HOURS),
        "presentation_resume": "Accompagnement au numérique : démarches, ordinateur, smartphone.",
        "date_maj": f"{rng.randint(2023, 2026)}-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
        "services": "|".join(rng.sample(SERVICES, rng.randint(1, 4))),
        "frais_a_charge": rng.choice(("Gratuit", "Gratuit", "Payant", "")),
        "modalites_acces": rng.choice(("Se présenter", "Téléphoner", "Se présenter|Téléphoner", "")),
        "source": "bench",
    }


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss would count the parent's peak too)."""
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) / 1024


def _app(database: Path):
    from finder import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "bench"})


def step_import(database: Path, path: Path, source: str) -> dict:
    from finder.exchange import importer, reading
    from finder.models import db

    app = _app(database)
    with app.app_context():
        db.create_all()
        start = time.perf_counter()
        report = importer.run_import(reading.read(path), source)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": peak_mb(), **report.as_dict()["counts"]}


def step_export(database: Path, url: str) -> dict:
    """Fetch an export in a worker that has served a page and the export's first record (as a running
    worker has: its search index or the French tables are loaded)."""
    app = _app(database)
    client = app.test_client()
    client.get("/fr/").get_data()
    baseline = peak_mb()
    client.get(url + "?limit=1").get_data()
    start = time.perf_counter()
    response = client.get(url, buffered=False)
    first, size = None, 0
    for chunk in response.response:
        first = first or time.perf_counter() - start
        size += len(chunk)
    response.close()
    return {
        "first_byte_s": first,
        "seconds": time.perf_counter() - start,
        "mb": size / 1e6,
        "peak_mb": peak_mb(),
        "baseline_mb": baseline,
        "status": response.status_code,
    }


def step_search(database: Path, runs: int) -> dict:
    from finder.geo import gazetteer
    from finder.hours import now_brussels
    from finder.search.query import SearchFilters, search_places

    app = _app(database)
    timings = {}
    with app.test_request_context("/fr/"):
        search_places(SearchFilters(text="warm up"), now_brussels())
        for postcode in ("13100", "1000"):
            gazetteer.locate(postcode)
            samples = []
            for number in range(runs):
                start = time.perf_counter()
                filters = SearchFilters(near=gazetteer.locate(postcode), services=["online_procedures"])
                filters.is_free_required = number % 2 == 0
                search_places(filters, now_brussels())
                samples.append(time.perf_counter() - start)
            samples.sort()
            timings[postcode] = {
                "p50_ms": samples[len(samples) // 2] * 1000,
                "p95_ms": samples[int(len(samples) * 0.95)] * 1000,
            }
    return timings


def run_step(*args: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--step", *args], check=True, capture_output=True, text=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--french", type=int, default=18000)
    parser.add_argument("--belgian", type=int, default=500)
    parser.add_argument("--total", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--workdir", help="keep the files and the database here (default: a temporary folder)"
    )
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step:
        name, database, *rest = options.step
        steps = {
            "import": lambda: step_import(Path(database), Path(rest[0]), rest[1]),
            "export": lambda: step_export(Path(database), rest[0]),
            "search": lambda: step_search(Path(database), int(rest[0])),
        }
        print(json.dumps(steps[name]()))
        return
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(options.workdir or scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        database, national = Path(tmp) / "national.sqlite", Path(tmp) / "national.json"
        records = french_records(options.french, 1, "fr") + belgian_records(options.belgian, 2)
        national.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        print(f"National file: {len(records)} places, {national.stat().st_size / 1e6:.1f} MB")
        for label in ("import", "re-import"):
            result = run_step("import", str(database), str(national), "national")
            print(
                f"{label:<10} {result['seconds']:6.1f} s  peak {result['peak_mb']:5.0f} MB  "
                f"created {result['created']}, updated {result['updated']}, unchanged {result['unchanged']}, "
                f"matched {result['matched']}, rejected {result['rejected']}"
            )
        extra_count = options.total - len(records)
        if extra_count > 0:
            extra = Path(tmp) / "extra.json"
            extra.write_text(json.dumps(french_records(extra_count, 3, "x")), encoding="utf-8")
            result = run_step("import", str(database), str(extra), "extra")
            print(f"top-up to {options.total}: {result['seconds']:.1f} s")
        print(f"\nExports at {options.total} places (each in a fresh process)")
        print(f"{'url':<38} {'first byte s':>12} {'total s':>8} {'MB':>7} {'peak MB':>8} {'baseline':>8}")
        for url in EXPORTS:
            result = run_step("export", str(database), url)
            print(
                f"{url:<38} {result['first_byte_s']:12.2f} {result['seconds']:8.1f} {result['mb']:7.1f} "
                f"{result['peak_mb']:8.0f} {result['baseline_mb']:8.0f}"
            )
        result = run_step("search", str(database), str(options.runs))
        print(f"\nSearch at {options.total} places, {options.runs} runs (service + free half the time)")
        for postcode, cuts in result.items():
            print(f"near {postcode:<6} p50 {cuts['p50_ms']:5.1f} ms  p95 {cuts['p95_ms']:5.1f} ms")


if __name__ == "__main__":
    main()
