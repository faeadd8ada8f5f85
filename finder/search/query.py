"""Searching the directory: text, position, filters, distance order and pages."""

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from finder import data_token, facts
from finder.geo import gazetteer
from finder.hours import OpenStatus, is_open_on_weekday, open_status
from finder.models import Place, db
from finder.places import closures_by_place, freshness_limit, place_distance, place_status
from finder.search import index as place_index
from finder.search import vocabulary

PAGE_SIZE = 10
MAP_LIMIT = 200
MAP_COLUMNS = (
    Place.is_location_approximate,
    Place.slug,
    Place.name,
    Place.street,
    Place.postcode,
    Place.commune,
    Place.latitude,
    Place.longitude,
)


@dataclass
class SearchFilters:
    """What a visitor asked for; every field is optional."""

    text: str = ""
    near: gazetteer.Location | None = None
    services: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    is_wheelchair_required: bool = False
    is_free_required: bool = False
    is_open_now_required: bool = False
    weekday: int | None = None
    radius_km: float | None = None
    page: int = 1
    # hours stated before this day are unconfirmed: never used for "open now" or "open on"
    fresh_since: dt.date | None = None

    def required_tags(self) -> list[tuple[str, str]]:
        """Return the (kind, code) of every tag a place must have."""
        wanted = {"service": self.services, "audience": self.audiences, "language": self.languages}
        if self.is_wheelchair_required:
            wanted["accessibility"] = ["wheelchair"]
        return [(kind, code) for kind, codes in wanted.items() for code in codes]


@dataclass
class PlaceHit:
    """One place in the results, with its distance and open status."""

    place: Place
    distance_km: float | None
    status: OpenStatus


@dataclass
class SearchResult:
    """One page of results and the total count."""

    hits: list[PlaceHit]
    total: int
    page: int
    page_count: int
    map_ids: list[int]  # the first results, in order: the ones a map shows

    @cached_property
    def map_rows(self) -> list:
        """Slug, name, address and position of the map's places (read only by the map's script)."""
        rows = select(Place.id, *MAP_COLUMNS).where(Place.id.in_(self.map_ids))
        found = {row.id: row for row in db.session.execute(rows)}
        return [found[place_id] for place_id in self.map_ids]

    @property
    def pins(self) -> int:
        """How many of the map's places have a pin, known from the index without reading them."""
        return place_index.current().pinned_count(self.map_ids)


def place_in_words(text: str) -> tuple[str, str] | None:
    """A postcode or a commune of the home region typed with the need ("impôts molenbeek", "aide
    internet 1080"): (the other words, the place as typed); None when the words name no place.
    Longer names first (Sint-Jans-Molenbeek before Molenbeek); a word that means a service is never
    read as a place."""
    words = text.split()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            typed = " ".join(words[start : start + size])
            if _is_a_place(typed):
                return " ".join(words[:start] + words[start + size :]), typed
    return None


def _is_a_place(typed: str) -> bool:
    plain = gazetteer.normalise(typed)
    if len(plain) < 4 or gazetteer.place_among_words(typed) is None:  # a dictionary lookup first
        return False
    return not any(vocabulary.tags_for_word(word) for word in plain.split())


def word_matches(index: place_index.PlaceIndex, text: str) -> list[np.ndarray]:
    """Which places each meaningful word (or phrase) of a search matches: its text or its services."""
    matches = []
    for word in vocabulary.query_words(text):
        found = index.nothing()
        for kind, code in vocabulary.tags_for_word(word):
            found |= index.has_tag(kind, code)
        found |= index.having_word(word)
        matches.append(found)
    phrase_tags = vocabulary.tags_for_phrases(text)
    if phrase_tags:
        matches.append(np.logical_or.reduce([index.has_tag(kind, code) for kind, code in phrase_tags]))
    return matches


def chosen_places(index: place_index.PlaceIndex, filters: SearchFilters, words: list) -> np.ndarray:
    """Which published places match a word of the text and every filter but the hours."""
    chosen = index.is_published.copy()
    if words:
        chosen &= np.logical_or.reduce(words)
    for kind, code in filters.required_tags():
        chosen &= index.has_tag(kind, code)
    if filters.is_free_required:
        chosen &= index.is_free
    if _has_radius(filters):
        distance = index.distances_km(filters.near)
        with np.errstate(invalid="ignore"):
            near = distance <= filters.radius_km
        if gazetteer.is_in_home_territory(filters.near):
            # a service of the territory that goes to people, with no position of its own, is near everyone
            near |= np.isnan(distance) & index.goes_to_people()
        chosen &= near
    return chosen


def _has_radius(filters: SearchFilters) -> bool:
    """A distance limit means something only around a searched location."""
    return bool(filters.radius_km) and filters.near is not None


def _matching_ids(filters: SearchFilters, now: dt.datetime) -> list[int]:
    """Return the ids of matching places in search order: most words matched, then nearest."""
    index = place_index.current()
    words = word_matches(index, filters.text)
    relevance = np.sum(words, axis=0) if len(words) > 1 else None
    outdated = index.is_outdated(_fresh_since(filters, now))
    chosen = chosen_places(index, filters, words)
    ids = index.ids[index.ordered_positions(chosen, relevance, filters.near, outdated)].tolist()
    if filters.is_open_now_required or filters.weekday is not None:
        return _open_when_asked(ids, filters, now)
    return ids


def _open_when_asked(ids: list[int], filters: SearchFilters, now: dt.datetime) -> list[int]:
    """Keep the places open now or on the asked weekday, by their confirmed hours and closures."""
    query = select(Place.id, Place.opening_hours, Place.provenance, Place.country)
    if len(ids) < 500:
        query = query.where(Place.id.in_(ids))
    rows = {row.id: row for row in db.session.execute(query)}
    closures = closures_by_place(ids, now.date())
    since = _fresh_since(filters, now)
    memo: dict[tuple, bool] = {}  # many places share the same hours: evaluate each string once
    kept = []
    for place_id in ids:
        own = closures.get(place_id, [])
        hours = facts.current_hours(rows[place_id].opening_hours, rows[place_id].provenance, since)
        key = (hours, rows[place_id].country, tuple(id(c) for c in own))
        if key not in memo:
            memo[key] = _open_enough(hours, rows[place_id].country, own, filters, now)
        if memo[key]:
            kept.append(place_id)
    return kept


def _open_enough(
    hours: str | None, country: str, closures: list, filters: SearchFilters, now: dt.datetime
) -> bool:
    if filters.is_open_now_required and not open_status(hours, closures, now, country).is_open:
        return False
    if filters.weekday is not None:
        return is_open_on_weekday(hours, closures, filters.weekday, now.date(), country)
    return True


KEPT_PLACES = 5000  # places a process keeps read for the next pages (about 15 KB each: 75 MB at most)


def places_by_ids(ids: list[int]) -> list[Place]:
    """Return the places of these ids in their order, as this process last read them.

    Reading a place with its tags and closures costs far more than showing it, and the next search
    shows mostly the same places: each is read once per data token (data_token.py: every write
    changes it) and kept, out of any session, for the pages that follow. Kept places are read-only
    (a page that writes reads its own); their events and team are not loaded.
    """
    kept = _kept_places()
    found = {place_id: place for place_id in ids if (place := kept.get(place_id)) is not None}
    missing = [place_id for place_id in ids if place_id not in found]
    if missing:
        if len(kept) + len(missing) > KEPT_PLACES:
            kept.clear()
        # read in a session of their own, closed at once, which lets them all go together (expunging
        # them one by one, with their tags and closures, cost a sixth of reading them)
        with Session(bind=db.session.connection()) as session:
            for place in _read_places(missing, PLACES_WITH_PARTS, session).values():
                kept[place.id] = found[place.id] = place
    return [found[place_id] for place_id in ids if place_id in found]


def published_place(slug: str) -> Place | None:
    """A published place by its slug, as kept (read-only: a page that changes it reads its own)."""
    found = published_places_by_slugs([slug])
    return found[0] if found else None


def published_places_by_slugs(slugs: list[str]) -> list[Place]:
    """The published places among these slugs, in the order given, as kept (read-only)."""
    ids = place_index.current().slug_ids
    return places_by_ids([ids[slug] for slug in slugs if slug in ids])


def nearest_place(near: gazetteer.Location) -> Place | None:
    """The nearest place whatever it offers, for a search that found nothing."""
    index = place_index.current()
    return _kept_one(index.nearest_id(near.latitude, near.longitude, index.is_published))


def nearest_reachable(place: Place) -> Place | None:
    """The nearest other published place with a phone, e-mail or website and an exact position."""
    if not place.has_position:
        return None
    index = place_index.current()
    others = index.is_reachable & (index.ids != place.id)
    return _kept_one(index.nearest_id(place.latitude, place.longitude, others))


def _kept_one(place_id: int | None) -> Place | None:
    found = places_by_ids([place_id]) if place_id is not None else []
    return found[0] if found else None


def _kept_places() -> dict[int, Place]:
    return data_token.kept_while_unchanged("kept_places", dict)


# the queries are built once: SQLAlchemy then neither builds nor keys them again for each page (a
# quarter of the cost of reading a page's few places)
PLACES = select(Place).where(Place.id.in_(bindparam("ids", expanding=True)))
# a page's few places with their tags and closures joined: one query instead of three
PLACES_WITH_PARTS = PLACES.options(joinedload(Place.tags), joinedload(Place.closures))


def _read_places(ids: list[int], query=PLACES, session=None) -> dict[int, Place]:
    """Read places by id (in chunks: databases cap query parameters)."""
    session = session or db.session
    found: dict[int, Place] = {}
    for start in range(0, len(ids), 500):
        found.update((p.id, p) for p in session.scalars(query, {"ids": ids[start : start + 500]}).unique())
    return found


def _fresh_since(filters: SearchFilters, now: dt.datetime) -> dt.date:
    return filters.fresh_since or freshness_limit(now.date())


def _hit(place: Place, filters: SearchFilters, now: dt.datetime) -> PlaceHit:
    distance = place_distance(filters.near, place)
    return PlaceHit(place, distance, place_status(place, now, _fresh_since(filters, now)))


def matching_ids(filters: SearchFilters, now: dt.datetime) -> list[int]:
    """Return the ids of every place that matches, in search order (for exports)."""
    return _matching_ids(filters, now)


def places_in_batches(ids: list[int], batch: int = 500):
    """Yield the places of these ids in order, a batch at a time, forgetting each batch once used."""
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        found = _read_places(chunk)
        places = [found[place_id] for place_id in chunk if place_id in found]
        yield from places
        for place in places:
            db.session.expunge(place)


def search_places(filters: SearchFilters, now: dt.datetime) -> SearchResult:
    """Run a search and return the requested page, nearest first when a position is given."""
    ids = _matching_ids(filters, now)
    page_count = max(1, math.ceil(len(ids) / PAGE_SIZE))
    page = min(filters.page, page_count)
    start = (page - 1) * PAGE_SIZE
    hits = [_hit(place, filters, now) for place in places_by_ids(ids[start : start + PAGE_SIZE])]
    return SearchResult(hits, len(ids), page, page_count, ids[:MAP_LIMIT])
