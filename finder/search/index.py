"""Every place's position, cost, publication and tags as arrays, held by each process.

A search filters and orders the whole directory on these arrays in a few milliseconds at 50,000
places; in SQL, reading the wide place rows and sorting every match took 100–200 ms. The arrays are
rebuilt when the data's token changes (data_token.py), so a staff edit counts at the next search.
"""

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
from flask import current_app
from sqlalchemy import String, cast, func, or_, select

from finder import data_token, facts
from finder.geo.gazetteer import EARTH_RADIUS_KM, Location
from finder.models import Cost, Place, PlaceTag, db
from finder.search import fulltext
from finder.taxonomy import OUTREACH, PROCEDURE_LABELS

KEPT_DISTANCES = 16  # locations: a few searches at once in a worker
KEPT_WORDS = 256  # words whose matches an index keeps (a few MB at 50,000 places)


@dataclass(frozen=True)
class PlaceIndex:
    token: str
    ids: np.ndarray  # ascending; every other array is in the same order
    latitude: np.ndarray  # NaN when unknown
    longitude: np.ndarray
    latitude_radians: np.ndarray  # and its cosine: worked out once, not for every distance asked
    cos_latitude: np.ndarray
    is_approximate: np.ndarray
    is_published: np.ndarray
    is_free: np.ndarray
    is_paid: np.ndarray
    is_reachable: np.ndarray  # a phone, an e-mail or a website to ask before going
    has_street: np.ndarray  # an address to walk to, with or without an exact position
    name_rank: np.ndarray  # place in the order of names, without accents or case (search_text)
    tags: dict[tuple[str, str], np.ndarray]  # (kind, code) → which places have it
    is_historical: np.ndarray  # a fact whose source says it belongs to the past
    hours_dated: np.ndarray  # the first day the hours' date may mean (ordinal); 0: no hours known
    slug_ids: dict[str, int]  # the published places' slugs
    # word → which places' text has it: the full-text index asked once per word while the data holds
    word_hits: dict[str, np.ndarray] = field(default_factory=dict, compare=False)
    # (latitude, longitude) → distances of every place: a search asks for them two or three times
    distances: dict[tuple[float, float], np.ndarray] = field(default_factory=dict, compare=False)

    def is_outdated(self, since: dt.date) -> np.ndarray:
        """Which places speak of the past or have old hours: never first when a current one fits."""
        old_hours = (self.hours_dated > 0) & (self.hours_dated < since.toordinal())
        return self.is_historical | old_hours

    def goes_to_people(self) -> np.ndarray:
        """Which places are services that go to people (home visits, groups, help sessions)."""
        return np.logical_or.reduce([self.has_tag("outreach", code) for code in OUTREACH])

    def where_unknown(self) -> np.ndarray:
        """Which places people could not find their way to: no street known, and not a service that
        comes to their home instead."""
        return ~self.has_street & ~self.has_tag("outreach", "home_visits")

    def nothing(self) -> np.ndarray:
        return np.zeros(len(self.ids), dtype=bool)

    def has_tag(self, kind: str, code: str) -> np.ndarray:
        found = self.tags.get((kind, code))
        return self.nothing() if found is None else found

    def having_word(self, word: str) -> np.ndarray:
        """Which places' text has a word starting with `word` (read-only: combine, never change it)."""
        hits = self.word_hits.get(word)
        if hits is None:
            hits = self.among(fulltext.ids_matching(word))
            if len(self.word_hits) >= KEPT_WORDS:
                self.word_hits.clear()
            self.word_hits[word] = hits
        return hits

    def nearest_id(self, latitude: float, longitude: float, among: np.ndarray) -> int | None:
        """The id of the nearest published place with an exact position among these (ties: the
        lowest id), on a plane squeezed to the latitude: exact enough to name the nearest."""
        candidates = among & self.is_published & ~self.is_approximate & ~np.isnan(self.latitude)
        if not candidates.any():
            return None
        squeeze = math.cos(math.radians(latitude))
        dlat = self.latitude[candidates] - latitude
        dlon = (self.longitude[candidates] - longitude) * squeeze
        ids = self.ids[candidates]
        return int(ids[np.lexsort((ids, dlat * dlat + dlon * dlon))[0]])

    def pinned_count(self, place_ids: list[int]) -> int:
        """How many of these places have an exact position (a pin on a map)."""
        positions = np.searchsorted(self.ids, place_ids)
        return int(np.count_nonzero(~np.isnan(self.latitude[positions]) & ~self.is_approximate[positions]))

    def among(self, place_ids: np.ndarray) -> np.ndarray:
        """Which places are among the given ids."""
        return np.isin(self.ids, place_ids)

    def distances_km(self, near: Location) -> np.ndarray:
        """Great-circle distance of every place from a location (NaN when unknown), read-only."""
        key = (near.latitude, near.longitude)
        found = self.distances.get(key)
        if found is None:
            phi1, phi2 = math.radians(near.latitude), self.latitude_radians
            dlambda = np.radians(self.longitude - near.longitude)
            a = np.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * self.cos_latitude * np.sin(dlambda / 2) ** 2
            found = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
            found.flags.writeable = False
            if len(self.distances) >= KEPT_DISTANCES:
                self.distances.clear()
            self.distances[key] = found
        return found

    def ordered_positions(
        self,
        chosen: np.ndarray,
        relevance: np.ndarray | None,
        near: Location | None,
        outdated: np.ndarray | None = None,
    ) -> np.ndarray:
        """Positions of the chosen places: current ones first, then most relevant, then nearest
        (places known only by their area after those with a real position), or by name without a
        location."""
        positions = np.flatnonzero(chosen)
        if near is None:
            keys = [self.name_rank[positions]]
        else:
            distance = self.distances_km(near)[positions]
            unknown = np.isnan(distance)
            keys = [self.ids[positions], np.where(unknown, 0, distance)]
            keys += [self.is_approximate[positions], unknown]
        if relevance is not None:
            keys.append(-relevance[positions])
        if outdated is not None:
            keys.append(outdated[positions])
        return positions[np.lexsort(keys)]  # lexsort: the last key sorts first


def current() -> PlaceIndex:
    """Return this process's index, rebuilt first if the data changed since it was built (this
    process's writes at once, another's within data_token.RECHECK_SECONDS, as cached pages)."""
    token = data_token.recent_token()
    index = current_app.extensions.get("place_index")
    if index is None or index.token != token:
        index = current_app.extensions["place_index"] = build(token)
    return index


def build(token: str) -> PlaceIndex:
    """Read the index's columns of every place and tag (0.6–0.8 s at 50,000 places, once per write).

    Rows are read in blocks straight into arrays: holding 50,000 rows as Python objects first cost
    30 MB more at the peak.
    """
    connection = db.session.connection()  # plain rows: the ORM's row handling doubled the time
    rows = connection.execute(
        select(
            Place.id,
            Place.latitude,
            Place.longitude,
            Place.is_location_approximate,
            Place.is_published,
            Place.cost == Cost.FREE,
            Place.cost == Cost.PAID,
            or_(*(func.coalesce(column, "") != "" for column in (Place.phone, Place.email, Place.website))),
            func.coalesce(Place.street, "") != "",
        ).order_by(Place.id)
    )
    # a block's columns, each read into an array: None becomes NaN
    blocks = [np.array(list(zip(*block, strict=True)), dtype=float).T for block in rows.partitions(5000)]
    table = np.concatenate(blocks) if blocks else np.empty((0, 9))
    ids = table[:, 0].astype(np.int64)
    by_name = _positions(
        ids,
        np.fromiter(
            connection.scalars(select(Place.id).order_by(Place.search_text, Place.id)), dtype=np.int64
        ),
    )
    name_rank = np.full(len(ids), len(ids), dtype=np.int64)
    name_rank[by_name] = np.arange(len(by_name))
    is_approximate, is_published, is_free, is_paid, is_reachable, has_street = (
        table[:, column] == 1 for column in range(3, 9)
    )
    latitude = table[:, 1].copy()
    return PlaceIndex(
        token=token,
        ids=ids,
        latitude=latitude,
        longitude=table[:, 2].copy(),
        latitude_radians=np.radians(latitude),
        cos_latitude=np.cos(np.radians(latitude)),
        is_approximate=is_approximate,
        is_published=is_published,
        is_free=is_free,
        is_paid=is_paid,
        is_reachable=is_reachable,
        has_street=has_street,
        name_rank=name_rank,
        tags=_tag_masks(connection, ids),
        **_ages(connection, ids),
        slug_ids=dict(
            connection.execute(select(Place.slug, Place.id).where(Place.is_published.is_(True))).all()
        ),
    )


def _ages(connection, ids: np.ndarray) -> dict[str, np.ndarray]:
    """Which places have a fact marked historical, and how old their hours are (provenance)."""
    is_historical = np.zeros(len(ids), dtype=bool)
    hours_dated = np.zeros(len(ids), dtype=np.int64)
    rows = connection.execute(select(Place.id, Place.provenance, Place.opening_hours).order_by(Place.id))
    for block in rows.partitions(5000):
        for place_id, provenance, opening_hours in block:
            position = np.searchsorted(ids, place_id)
            if position >= len(ids) or ids[position] != place_id or not provenance:
                continue
            is_historical[position] = any(fact.get("historical") for fact in provenance.values())
            hours = provenance.get("hours") or {}
            if opening_hours and hours.get("as_of") and facts.check_as_of(hours["as_of"]):
                hours_dated[position] = facts.first_day(hours["as_of"]).toordinal()
    return {"is_historical": is_historical, "hours_dated": hours_dated}


def _positions(ids: np.ndarray, wanted) -> np.ndarray:
    """Where the wanted ids are in the index, leaving out ids written after it was read."""
    wanted = np.asarray(wanted, dtype=np.int64)
    return np.searchsorted(ids, wanted[np.isin(wanted, ids)])


def _tag_masks(connection, ids: np.ndarray) -> dict[tuple[str, str], np.ndarray]:
    # one row per tag, its places' ids joined: reading 400,000 tag rows one by one took 1.3 s
    holders = connection.execute(
        select(
            PlaceTag.kind, PlaceTag.code, func.aggregate_strings(cast(PlaceTag.place_id, String), ",")
        ).group_by(PlaceTag.kind, PlaceTag.code)
    )
    masks = {}
    for kind, code, joined in holders:
        mask = np.zeros(len(ids), dtype=bool)
        mask[_positions(ids, np.fromstring(joined, dtype=np.int64, sep=","))] = True
        masks[(kind, code)] = mask
    # a France Services or Aidants Connect place helps with procedures, whether it says so or not
    procedures = ("service", "online_procedures")
    for code in PROCEDURE_LABELS:
        if ("label", code) in masks:
            masks[procedures] = masks.get(procedures, np.zeros(len(ids), dtype=bool)) | masks[("label", code)]
    return masks
