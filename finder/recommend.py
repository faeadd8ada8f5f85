"""Ranking places for the guided help finder, with reasons and relaxed criteria."""

import datetime as dt
from dataclasses import dataclass, field

from finder import gazetteer
from finder.hours import BRUSSELS, OpenStatus, open_intervals, open_status
from finder.models import Place
from finder.places import published_places

BEST_COUNT = 5
WEEK = dt.timedelta(days=7)


def _fits_times(place: Place, wanted: list[str], now: dt.datetime) -> bool:
    start = dt.datetime.combine(now.date(), dt.time(), BRUSSELS)
    for begin, end in open_intervals(place.opening_hours, place.closures, start, start + WEEK):
        weekend = begin.weekday() >= 5
        if "weekend" in wanted and weekend:
            return True
        if "weekday" in wanted and not weekend and begin.hour < 17:
            return True
        if "evening" in wanted and (end.hour >= 18 or end.date() > begin.date()):
            return True
    return False


def meets(place: Place, criterion: str, codes: list[str], now: dt.datetime) -> bool:
    """Tell whether a place meets one criterion of the outcome."""
    if criterion == "times":
        return _fits_times(place, codes, now)
    # the other criteria are named after the tag kind they look at
    return bool(set(codes) & set(place.codes(criterion)))


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


def _match(place: Place, met: list[str], near: gazetteer.Location | None, now: dt.datetime) -> Match:
    return Match(
        place,
        met,
        gazetteer.distance_from(near, place.latitude, place.longitude),
        open_status(place.opening_hours, place.closures, now),
    )


def _rank_key(match: Match):
    return (-len(match.met), match.distance_km is None, match.distance_km or 0, match.place.name)


def rank_places(criteria: dict[str, list[str]], near: gazetteer.Location | None, now: dt.datetime) -> Ranking:
    """Return the best places; if none meets every criterion, drop the least important first."""
    places = published_places()
    met = {
        place.id: [name for name, codes in criteria.items() if meets(place, name, codes, now)]
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
        [_match(p, met[p.id], near, now) for p in fitting],
        [_match(p, met[p.id], near, now) for p in others],
    )
    matches = [m for group in ranked for m in sorted(group, key=_rank_key)]
    return Ranking(matches[:BEST_COUNT], relaxed)
