"""Ranking places for the guided help finder, with reasons and relaxed criteria."""

import datetime as dt
import functools
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from finder import facts, gazetteer, versioning
from finder.hours import BRUSSELS, OpenStatus, open_intervals
from finder.models import Place, PlaceTag, db
from finder.places import place_distance, place_status, published_places

BEST_COUNT = 5
WEEK = dt.timedelta(days=7)


def _fits_times(place: Place, wanted: list[str], now: dt.datetime, since: dt.date) -> bool:
    start = dt.datetime.combine(now.date(), dt.time(), BRUSSELS)
    hours = facts.current_hours(place.opening_hours, place.provenance, since)
    for begin, end in open_intervals(hours, place.closures, start, start + WEEK):
        if "today" in wanted and begin.date() == now.date() and end > now:  # open now or later today
            return True
        weekend = begin.weekday() >= 5
        if "weekend" in wanted and weekend:
            return True
        if "weekday" in wanted and not weekend and begin.hour < 17:
            return True
        if "evening" in wanted and (end.hour >= 18 or end.date() > begin.date()):
            return True
    return False


def meets(place: Place, kind: str, codes: list[str], now: dt.datetime, since: dt.date) -> bool:
    """Tell whether a place meets one criterion of the outcome: its hours ("times", only current
    hours count), or tags of a kind."""
    if kind == "times":
        return _fits_times(place, codes, now, since)
    return bool(set(codes) & set(place.codes(kind)))


@dataclass
class Match:
    """A place proposed to the person, with what it meets and how far it is."""

    place: Place
    met: list[str]
    distance_km: float | None
    status: OpenStatus


@dataclass
class Ranking:
    matches: list[Match]
    relaxed: list[str] = field(default_factory=list)
    # what the data knows at all: a missing answer is said as unknown, not as "none"
    are_languages_known: bool = False
    are_hours_known: bool = False


def known_facts(since: dt.date) -> frozenset[str]:
    """What the published places tell at all: "languages" they speak (and "language:fr"… for each),
    "hours" that are current (kept per data token: every question page asks)."""
    key = (versioning.recent_token(), since)
    cached = current_app.extensions.get("known_facts")
    if cached is None or cached[0] != key:
        cached = current_app.extensions["known_facts"] = (key, _known_facts(since))
    return cached[1]


def _known_facts(since: dt.date) -> frozenset[str]:
    published = Place.is_published.is_(True)
    spoken = select(PlaceTag.code).join(Place).where(published, PlaceTag.kind == "language").distinct()
    known = {f"language:{code}" for code in db.session.scalars(spoken)}
    if known:
        known.add("languages")
    with_hours = select(Place.opening_hours, Place.provenance).where(
        published, Place.opening_hours.is_not(None)
    )
    if any(
        facts.current_hours(hours, provenance, since) for hours, provenance in db.session.execute(with_hours)
    ):
        known.add("hours")
    return frozenset(known)


def _match(place: Place, met: list[str], near: gazetteer.Location | None, now: dt.datetime, since) -> Match:
    return Match(place, met, place_distance(near, place), place_status(place, now, since))


def _rank_key(match: Match, prefers_free: bool):
    """Most criteria met, then places people can reach and ask, free ones when money matters,
    exact positions before approximate ones, then the nearest."""
    is_paid = match.place.cost is not None and match.place.cost.value == "paid"
    return (
        -len(match.met),
        not match.place.is_reachable,
        prefers_free and is_paid,
        match.place.is_location_approximate,
        match.distance_km is None,
        match.distance_km or 0,
        match.place.name,
    )


def rank_places(
    criteria: dict[str, list[str]],
    near: gazetteer.Location | None,
    now: dt.datetime,
    since: dt.date,
    prefers_free: bool = False,
    kinds: dict[str, str] | None = None,
) -> Ranking:
    """Return the best places; if none meets every criterion, drop the least important first.
    `kinds` names the tag kind a criterion looks at when it is not its own name."""
    kinds = kinds or {}
    places = published_places()
    met = {
        place.id: [
            name for name, codes in criteria.items() if meets(place, kinds.get(name, name), codes, now, since)
        ]
        for place in places
    }
    required = list(criteria)
    relaxed: list[str] = []
    while True:
        fitting = [p for p in places if set(required) <= set(met[p.id])]
        if fitting or not required:
            break
        relaxed.insert(0, required.pop())
    # fill up with places that meet the most important criterion, so the person has a choice
    first = next(iter(criteria), None)
    others = [p for p in places if p not in fitting and first in met[p.id]]
    ranked = (
        [_match(p, met[p.id], near, now, since) for p in fitting],
        [_match(p, met[p.id], near, now, since) for p in others],
    )
    key = functools.partial(_rank_key, prefers_free=prefers_free)
    matches = [m for group in ranked for m in sorted(group, key=key)]
    return Ranking(
        matches[:BEST_COUNT],
        relaxed,
        are_languages_known=any(place.codes("language") for place in places),
        are_hours_known=any(facts.current_hours(p.opening_hours, p.provenance, since) for p in places),
    )
