"""Anonymous daily counts: how often each place is looked at (its page, card or sheet opened, its
phone or route followed), and where searches and the help finder found nothing near for a need.

Only daily totals are kept: no address, cookie, browser or typed text. Counting never slows or
breaks a page: each process adds up its counts in memory and writes them together at most every
COUNT_FLUSH_SECONDS (one short transaction); a write that fails is dropped, and so are the counts
of the last seconds of a process that stops.
"""

import datetime as dt
import logging
import re
import threading
import time
from collections import Counter
from functools import cache

from flask import current_app, has_app_context
from sqlalchemy import Date, Integer, String, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from finder import facts
from finder.data_token import RECHECK_SECONDS
from finder.models import Place, PlaceDay, UnmetDay, db

PLACE_KINDS = ("page", "card", "sheet", "phone", "route")
# robots, link previews and monitors say so in their user agent (read, never kept), matched in
# lower case: ten times faster than the same pattern made case-insensitive
ROBOT = re.compile(r"bot|crawl|spider|slurp|preview|monitor|curl|wget|python-|httpx|scrapy|facebookexternal")
log = logging.getLogger(__name__)


class Tally:
    """This process's counts not written yet: ("place", slug, kind, day) or ("unmet", postcode,
    need, source, day) → how many."""

    def __init__(self):
        self.pending: Counter = Counter()
        self.lock = threading.Lock()
        self.written_at = time.monotonic()

    def add(self, key: tuple) -> None:
        with self.lock:
            self.pending[key] += 1

    def take_if_due(self, seconds: float) -> Counter | None:
        """The pending counts, emptied, when the last write is old enough; else None."""
        with self.lock:
            if not self.pending or time.monotonic() - self.written_at < seconds:
                return None
            taken, self.pending = self.pending, Counter()
            self.written_at = time.monotonic()
            return taken


def _tally() -> Tally:
    """This process's tally for this application (each app its own: tests run several)."""
    extensions = current_app.extensions
    return extensions.get("count_tally") or extensions.setdefault("count_tally", Tally())


def is_a_person(user_agent: str | None, headers) -> bool:
    """Tell whether a request is worth counting: not a robot, not a prefetch."""
    if not user_agent or ROBOT.search(user_agent.lower()):
        return False
    purpose = " ".join(headers.get(name, "") for name in ("Purpose", "Sec-Purpose", "X-Moz")).lower()
    return "prefetch" not in purpose and "prerender" not in purpose


def count_place(slug: str, kind: str, day: dt.date) -> None:
    """Add one to a place's count of the day (by its slug; an unknown slug is never written)."""
    if kind in PLACE_KINDS:
        _tally().add(("place", slug, kind, day))


def count_unmet(postcode: str, need: str, source: str, day: dt.date) -> None:
    """Add one to the searches (or help-finder results) that found nothing near a postcode."""
    _tally().add(("unmet", postcode[:10], need[:40], source, day))


def write_due(seconds: float) -> None:
    """Write the pending counts when the last write is `seconds` old (0: now), in one transaction:
    one statement per table, run for every row at once."""
    taken = _tally().take_if_due(seconds)
    if not taken:
        return
    rows = {"place": [], "unmet": []}
    for key, times in sorted(taken.items(), key=str):  # the same order in every process: no deadlock
        rows[key[0]].append({**dict(zip(ROW_FIELDS[key[0]], key[1:], strict=True)), "times": times})
    try:
        with db.engine.begin() as connection:
            _short_waits(connection)
            for kind, statement in _statements(connection.dialect.name).items():
                if rows[kind]:
                    connection.execute(statement, rows[kind])
    except SQLAlchemyError as error:
        log.warning("%d counts were dropped: %s", sum(taken.values()), error)
    if rows["unmet"] and has_app_context():
        current_app.extensions.pop("unmet_version", None)  # this process's figures change at once


ROW_FIELDS = {"place": ("slug", "kind", "day"), "unmet": ("postcode", "need", "source", "day")}


def _short_waits(connection) -> None:
    """A busy database drops the counts rather than hold the page."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA busy_timeout = 100")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL lock_timeout = '100ms'")


@cache
def _statements(dialect: str) -> dict:
    """Inserts that add `times` to the row of their key, creating it when missing (a place by its
    slug: an unknown slug is never written)."""
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    day, times = bindparam("day", type_=Date), bindparam("times", type_=Integer)
    place_row = select(Place.id, day, bindparam("kind", type_=String), times).where(
        Place.slug == bindparam("slug")
    )
    place = insert(PlaceDay.__table__).from_select(["place_id", "day", "kind", "count"], place_row)
    unmet_key = {name: bindparam(name) for name in ("postcode", "need", "source")}
    unmet = insert(UnmetDay.__table__).values(day=day, **unmet_key, count=times)
    return {
        "place": place.on_conflict_do_update(
            index_elements=["place_id", "day", "kind"], set_={"count": PlaceDay.__table__.c.count + times}
        ),
        "unmet": unmet.on_conflict_do_update(
            index_elements=["day", "postcode", "need", "source"],
            set_={"count": UnmetDay.__table__.c.count + times},
        ),
    }


def place_totals(place_ids: list[int] | None, start: dt.date, end: dt.date) -> dict[int, int]:
    """How many times each place (every place: None) was looked at between two days (included),
    every kind together."""
    query = select(PlaceDay.place_id, func.sum(PlaceDay.count)).where(
        PlaceDay.day >= start, PlaceDay.day <= end
    )
    if place_ids is not None:
        query = query.where(PlaceDay.place_id.in_(place_ids))
    rows = db.session.execute(query.group_by(PlaceDay.place_id))
    return {place_id: int(total) for place_id, total in rows}


def unmet_needs(since: dt.date, limit: int | None = None) -> list[tuple[str, str, int]]:
    """(postcode, need, times) of the needs found nowhere near since a day, the most frequent first
    (the first `limit` of them)."""
    times = func.sum(UnmetDay.count)
    rows = db.session.execute(
        select(UnmetDay.postcode, UnmetDay.need, times)
        .where(UnmetDay.day >= since)
        .group_by(UnmetDay.postcode, UnmetDay.need)
        .order_by(times.desc(), UnmetDay.postcode, UnmetDay.need)
        .limit(limit)
    )
    return [(postcode, need, int(total)) for postcode, need, total in rows]


def unmet_version(since: dt.date) -> tuple[int, int]:
    """What changes whenever a need found nowhere near since a day is counted: read at most once a
    second (as the data token is: its query adds up every row since the day); this process's own
    writes count at once."""
    seen = current_app.extensions.get("unmet_version")
    if seen is None or seen[0] != since or time.monotonic() - seen[2] > RECHECK_SECONDS:
        rows, times = db.session.execute(
            select(func.count(), func.coalesce(func.sum(UnmetDay.count), 0)).where(UnmetDay.day >= since)
        ).one()
        seen = current_app.extensions["unmet_version"] = (since, (int(rows), int(times)), time.monotonic())
    return seen[1]


def unmet_need_count(since: dt.date) -> int:
    """How many different needs, by postcode, were found nowhere near since a day."""
    needs = select(UnmetDay.postcode, UnmetDay.need).where(UnmetDay.day >= since).distinct().subquery()
    return db.session.scalar(select(func.count()).select_from(needs))


def unmet_by_postcode(since: dt.date, limit: int) -> list[tuple[str, int]]:
    """(postcode, times) of the postcodes where needs were found nowhere near most often since a day."""
    times = func.sum(UnmetDay.count)
    rows = db.session.execute(
        select(UnmetDay.postcode, times)
        .where(UnmetDay.day >= since)
        .group_by(UnmetDay.postcode)
        .order_by(times.desc(), UnmetDay.postcode)
        .limit(limit)
    )
    return [(postcode, int(total)) for postcode, total in rows]


def places_by_commune(since: dt.date) -> list[tuple[str, int, int]]:
    """(commune, published places, of which with current hours), the communes with most places first."""
    found: dict[str, list[int]] = {}
    rows = db.session.execute(
        select(Place.commune, Place.opening_hours, Place.provenance).where(Place.is_published.is_(True))
    )
    for commune, hours, provenance in rows:
        totals = found.setdefault(commune or "", [0, 0])
        totals[0] += 1
        totals[1] += facts.current_hours(hours, provenance, since) is not None
    rows = [(commune, places, current) for commune, (places, current) in found.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def last_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last days of the month before today's."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end
