"""Ranking places for the guided help finder, with reasons and relaxed criteria.

The candidates come from the directory's search index (search/index.py): the places nearest the
person that offer the service asked for. The finer criteria (languages, audiences, hours…) are
weighed on those few, so a result costs the same at 13 places and at 50,000."""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from flask import current_app
from sqlalchemy import select

from finder import data_token, facts
from finder.geo import gazetteer
from finder.hours import TIME_ZONES, OpenStatus, open_intervals
from finder.models import Place, PlaceTag, db
from finder.places import closures_by_place, place_distance, place_status
from finder.search import index as place_index
from finder.search.query import places_by_ids

BEST_COUNT = 5
CANDIDATES = 200  # the nearest places offering the service; the best few are among them
WEEK = dt.timedelta(days=7)


def _fits_times(hours: str | None, closures: list, wanted: list[str], now: dt.datetime, country: str) -> bool:
    """Tell whether current hours (None when unknown or old) open at one of the wanted times."""
    start = dt.datetime.combine(now.date(), dt.time(), TIME_ZONES[country])
    for begin, end in open_intervals(hours, closures, start, start + WEEK, country):
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


@dataclass
class Match:
    """A place proposed to the person, with what it meets and how far it is."""

    place: Place
    met: list[str]
    distance_km: float | None
    status: OpenStatus

    @property
    def is_outdated(self) -> bool:
        """Its facts belong to the past or its hours are old: said, and never a reason to go."""
        return self.place.speaks_of_the_past or self.status.is_unconfirmed


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
    key = (data_token.recent_token(), since)
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


def rank_places(
    criteria: dict[str, list[str]],
    near: gazetteer.Location | None,
    now: dt.datetime,
    since: dt.date,
    prefers_free: bool = False,
    kinds: dict[str, str] | None = None,
) -> Ranking:
    """Return the best places; if none meets every criterion, drop the least important first.
    `kinds` names the tag kind a criterion looks at when it is not its own name.

    Current places first (none of the past, none with old hours), then most criteria met, then
    places people can find and ask (a street to walk to or a service that comes home; a phone, an
    e-mail or a website), free ones when money matters, then the nearest (or by name)."""
    kinds = kinds or {}
    index = place_index.current()
    positions = candidates(index, criteria, kinds, near)
    met = {
        name: _meeting(index, positions, kinds.get(name, name), codes, now, since)
        for name, codes in criteria.items()
    }
    required = list(criteria)
    relaxed: list[str] = []
    while required and not np.logical_and.reduce([met[name] for name in required]).any():
        relaxed.insert(0, required.pop())
    fitting = (
        np.logical_and.reduce([met[name] for name in required]) if required else np.ones(len(positions), bool)
    )
    # fill up with places that meet the most important criterion, so the person has a choice
    first = next(iter(criteria), None)
    chosen = fitting | met[first] if first else fitting
    count = np.sum([met[name] for name in criteria], axis=0) if criteria else np.zeros(len(positions))
    distance = index.distances_km(near)[positions] if near else np.full(len(positions), np.nan)
    if near is not None and gazetteer.is_in_home_territory(near):
        # a service of the territory that goes to people, with no position of its own, is near everyone
        distance = np.where(np.isnan(distance) & index.goes_to_people()[positions], 0, distance)
    # an address to walk to (or a service that comes home) and a way to ask before going
    unfindable = index.where_unknown()[positions].astype(int) + ~index.is_reachable[positions]
    unknown = np.isnan(distance)
    keys = [
        index.name_rank[positions],
        np.where(unknown, 0, distance),
        unknown,
        prefers_free & index.is_paid[positions],
        unfindable,
        -count,
        ~fitting,
        index.is_outdated(since)[positions],  # a current place first, whatever an old one meets
    ]
    ranked = np.lexsort(keys)
    order = [int(i) for i in ranked[chosen[ranked]][:BEST_COUNT]]
    best = places_by_ids([int(index.ids[positions[i]]) for i in order])
    matches = [
        Match(
            place,
            [name for name in criteria if met[name][i]],
            place_distance(near, place),
            place_status(place, now, since),
        )
        for place, i in zip(best, order, strict=True)
    ]
    known = known_facts(since)
    return Ranking(
        matches, relaxed, are_languages_known="languages" in known, are_hours_known="hours" in known
    )


def _meeting(index, positions: np.ndarray, kind: str, codes: list[str], now: dt.datetime, since: dt.date):
    """Which candidates meet one criterion: tags of a kind, or (kind "times") current hours."""
    if kind != "times":
        return np.logical_or.reduce([index.has_tag(kind, code)[positions] for code in codes])
    ids = [int(place_id) for place_id in index.ids[positions]]
    rows = {
        row.id: row
        for row in db.session.execute(
            select(Place.id, Place.opening_hours, Place.provenance, Place.country).where(Place.id.in_(ids))
        )
    }
    closures = closures_by_place(ids, now.date())
    return np.array(
        [
            _fits_times(
                facts.current_hours(rows[i].opening_hours, rows[i].provenance, since),
                closures.get(i, []),
                codes,
                now,
                rows[i].country,
            )
            for i in ids
        ],
        dtype=bool,
    )


def candidates(index, criteria: dict[str, list[str]], kinds: dict[str, str], near) -> np.ndarray:
    """The index positions of the published places nearest the person (by name without a
    location) that meet the first, most important criterion; of every published place when none does."""
    chosen = index.is_published.copy()
    first = next(iter(criteria), None)
    kind = kinds.get(first, first)
    if first and kind != "times":
        offering = chosen & np.logical_or.reduce([index.has_tag(kind, code) for code in criteria[first]])
        if offering.any():
            chosen = offering
    return index.ordered_positions(chosen, None, near)[:CANDIDATES]
