"""Searching the directory: text, position, filters, distance order and pages."""

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlalchemy import Select, case, false, or_, select

from finder import facts, fulltext, gazetteer, vocabulary
from finder.hours import OpenStatus, is_open_on_weekday, open_status
from finder.models import Cost, Place, PlaceTag, db
from finder.places import closures_by_place, place_distance, place_status

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
    map_rows: list  # slug, name, address and position of the first results, enough for a map


def _has_tag(kind: str, codes: list[str]):
    return Place.id.in_(select(PlaceTag.place_id).where(PlaceTag.kind == kind, PlaceTag.code.in_(codes)))


def text_conditions(text: str) -> list:
    """One condition per meaningful word (or phrase) of a search: its text or its services match."""
    conditions = []
    for number, word in enumerate(vocabulary.query_words(text)):
        matches = [_has_tag(kind, [code]) for kind, code in sorted(vocabulary.tags_for_word(word))]
        in_text = fulltext.matching_ids(word, number)
        if in_text is not None:
            matches.append(Place.id.in_(in_text))
        conditions.append(or_(*matches) if matches else false())
    phrase_tags = vocabulary.tags_for_phrases(text)
    if phrase_tags:
        conditions.append(or_(*(_has_tag(kind, [code]) for kind, code in sorted(phrase_tags))))
    return conditions


def build_query(filters: SearchFilters, words: list) -> Select:
    """Return the SQL part of a search: published places matching a word of the text and the filters."""
    query = select(Place).where(Place.is_published.is_(True))
    if words:
        query = query.where(or_(*words))
    for kind, code in filters.required_tags():
        query = query.where(_has_tag(kind, [code]))
    if filters.is_free_required:
        query = query.where(Place.cost == Cost.FREE)
    if _has_radius(filters):
        query = query.where(*_bounding_box(filters.near, filters.radius_km))
    return query


def _bounding_box(near: gazetteer.Location, radius_km: float) -> list:
    """A cheap prefilter for the radius; the exact distance is checked afterwards."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * math.cos(math.radians(near.latitude)))
    return [
        Place.latitude.between(near.latitude - dlat, near.latitude + dlat),
        Place.longitude.between(near.longitude - dlon, near.longitude + dlon),
    ]


def _ordered(query, filters: SearchFilters, words: list):
    """Most words matched first, then nearest (flat-earth distance, right at city scale), else by name."""
    if words:
        query = query.order_by(-sum(case((word, 1), else_=0) for word in words))
    if filters.near is None:
        return query.order_by(Place.search_text, Place.id)
    squeeze = math.cos(math.radians(filters.near.latitude))
    dlat = Place.latitude - filters.near.latitude
    dlon = (Place.longitude - filters.near.longitude) * squeeze
    # places known only by their area come after every place with a real position
    return query.order_by(
        Place.latitude.is_(None), Place.is_location_approximate, dlat * dlat + dlon * dlon, Place.id
    )


def _needs_python_filter(filters: SearchFilters) -> bool:
    return filters.is_open_now_required or filters.weekday is not None or _has_radius(filters)


def _has_radius(filters: SearchFilters) -> bool:
    """A distance limit means something only around a searched location."""
    return bool(filters.radius_km) and filters.near is not None


def _matching_ids(filters: SearchFilters, now: dt.datetime) -> list[int]:
    """Return the ids of matching places in search order, after the filters SQL cannot apply."""
    words = text_conditions(filters.text)
    query = _ordered(build_query(filters, words), filters, words)
    if not _needs_python_filter(filters):
        return list(db.session.scalars(query.with_only_columns(Place.id)))
    rows = db.session.execute(
        query.with_only_columns(
            Place.id, Place.opening_hours, Place.provenance, Place.latitude, Place.longitude
        )
    ).all()
    closures = closures_by_place([row.id for row in rows], now.date())
    since = _fresh_since(filters, now)
    memo: dict[tuple, bool] = {}  # many places share the same hours: evaluate each string once
    kept = []
    for row in rows:
        if _has_radius(filters) and not _within(row, filters.near, filters.radius_km):
            continue
        own = closures.get(row.id, [])
        hours = facts.current_hours(row.opening_hours, row.provenance, since)
        key = (hours, tuple(id(c) for c in own))
        if key not in memo:
            memo[key] = _open_enough(hours, own, filters, now)
        if memo[key]:
            kept.append(row.id)
    return kept


def _within(row, near: gazetteer.Location, radius_km: float) -> bool:
    if row.latitude is None:
        return False
    return gazetteer.distance_km(near.latitude, near.longitude, row.latitude, row.longitude) <= radius_km


def _open_enough(hours: str | None, closures: list, filters: SearchFilters, now: dt.datetime) -> bool:
    if filters.is_open_now_required and not open_status(hours, closures, now).is_open:
        return False
    if filters.weekday is not None:
        return is_open_on_weekday(hours, closures, filters.weekday, now.date())
    return True


def _places_by_ids(ids: list[int]) -> list[Place]:
    """Load places by id, keeping the order of the ids (in chunks: databases cap query parameters)."""
    found: dict[int, Place] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update((p.id, p) for p in db.session.scalars(select(Place).where(Place.id.in_(chunk))))
    return [found[place_id] for place_id in ids if place_id in found]


def _fresh_since(filters: SearchFilters, now: dt.datetime) -> dt.date:
    return filters.fresh_since or facts.fresh_since(now.date(), facts.DEFAULT_FRESH_MONTHS)


def _hit(place: Place, filters: SearchFilters, now: dt.datetime) -> PlaceHit:
    distance = place_distance(filters.near, place)
    return PlaceHit(place, distance, place_status(place, now, _fresh_since(filters, now)))


def matching_places(filters: SearchFilters, now: dt.datetime) -> list[Place]:
    """Return every place that matches, in search order (for exports)."""
    return _places_by_ids(_matching_ids(filters, now))


def search_places(filters: SearchFilters, now: dt.datetime) -> SearchResult:
    """Run a search and return the requested page, nearest first when a position is given."""
    ids = _matching_ids(filters, now)
    page_count = max(1, math.ceil(len(ids) / PAGE_SIZE))
    page = min(filters.page, page_count)
    start = (page - 1) * PAGE_SIZE
    hits = [_hit(place, filters, now) for place in _places_by_ids(ids[start : start + PAGE_SIZE])]
    return SearchResult(hits, len(ids), page, page_count, _map_rows(ids[:MAP_LIMIT]))


def _map_rows(ids: list[int]) -> list:
    rows = {
        row.id: row for row in db.session.execute(select(Place.id, *MAP_COLUMNS).where(Place.id.in_(ids)))
    }
    return [rows[place_id] for place_id in ids]
