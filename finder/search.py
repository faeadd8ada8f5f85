"""Searching the directory: text, position, filters, distance order and pages."""

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlalchemy import Select, or_, select

from finder import gazetteer
from finder.hours import OpenStatus, is_open_on_weekday, open_status
from finder.models import Cost, Place, PlaceTag, db
from finder.places import distance_from
from finder.taxonomy import EQUIPMENT, SERVICE_KEYWORDS, SERVICES

PAGE_SIZE = 10


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
    all_hits: list[PlaceHit]


def _matching_tag_codes(token: str) -> list[tuple[str, str]]:
    """Return (kind, code) of the services and equipment whose label in the current language matches."""
    found = []
    for kind, labels in (("service", SERVICES), ("equipment", EQUIPMENT)):
        for code, label in labels.items():
            words = gazetteer.normalise(f"{label} {SERVICE_KEYWORDS.get(code, '')}")
            if token in words:
                found.append((kind, code))
    return found


def _has_tag(kind: str, codes: list[str]):
    return Place.id.in_(select(PlaceTag.place_id).where(PlaceTag.kind == kind, PlaceTag.code.in_(codes)))


def _text_condition(token: str):
    conditions = [Place.search_text.contains(token, autoescape=True)]
    for kind, code in _matching_tag_codes(token):
        conditions.append(_has_tag(kind, [code]))
    return or_(*conditions)


def build_query(filters: SearchFilters) -> Select:
    """Return the SQL part of a search: published places matching text and tag filters."""
    query = select(Place).where(Place.is_published.is_(True))
    for token in gazetteer.normalise(filters.text).split():
        query = query.where(_text_condition(token))
    for kind, codes in (
        ("service", filters.services),
        ("audience", filters.audiences),
        ("language", filters.languages),
    ):
        for code in codes:
            query = query.where(_has_tag(kind, [code]))
    if filters.is_wheelchair_required:
        query = query.where(_has_tag("accessibility", ["wheelchair"]))
    if filters.is_free_required:
        query = query.where(Place.cost == Cost.FREE)
    if filters.near and filters.radius_km:
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


def _keeps(hit: PlaceHit, filters: SearchFilters, now: dt.datetime) -> bool:
    if filters.radius_km and (hit.distance_km is None or hit.distance_km > filters.radius_km):
        return False
    if filters.is_open_now_required and not hit.status.is_open:
        return False
    if filters.weekday is not None:
        place = hit.place
        return is_open_on_weekday(place.opening_hours, place.closures, filters.weekday, now.date())
    return True


def _sort_key(hit: PlaceHit):
    far = hit.distance_km is None
    return (far, hit.distance_km or 0.0, gazetteer.normalise(hit.place.name))


def search_places(filters: SearchFilters, now: dt.datetime) -> SearchResult:
    """Run a search and return the requested page, nearest first when a position is given."""
    places = db.session.scalars(build_query(filters)).all()
    hits = [
        PlaceHit(
            place, distance_from(place, filters.near), open_status(place.opening_hours, place.closures, now)
        )
        for place in places
    ]
    hits = sorted((hit for hit in hits if _keeps(hit, filters, now)), key=_sort_key)
    page_count = max(1, math.ceil(len(hits) / PAGE_SIZE))
    page = min(filters.page, page_count)
    start = (page - 1) * PAGE_SIZE
    return SearchResult(hits[start : start + PAGE_SIZE], len(hits), page, page_count, hits)
