"""Anonymous daily counts: how often each place is looked at (its page, card or sheet opened, its
phone or route followed), and where searches and the help finder found nothing near for a need.

Only daily totals are kept: no address, cookie, browser or typed text. Counting never slows or
breaks a page: each count is one short write of its own, and a write that fails is dropped.
"""

import datetime as dt
import logging
import re

from sqlalchemy import func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from finder import facts
from finder.models import Place, PlaceDay, UnmetDay, db

PLACE_KINDS = ("page", "card", "sheet", "phone", "route")
# robots, link previews and monitors say so in their user agent (read, never kept)
ROBOT = re.compile(
    r"bot|crawl|spider|slurp|preview|monitor|curl|wget|python-|httpx|scrapy|facebookexternal", re.I
)
log = logging.getLogger(__name__)


def is_a_person(user_agent: str | None, headers) -> bool:
    """Tell whether a request is worth counting: not a robot, not a prefetch."""
    if not user_agent or ROBOT.search(user_agent):
        return False
    purpose = " ".join(headers.get(name, "") for name in ("Purpose", "Sec-Purpose", "X-Moz")).lower()
    return "prefetch" not in purpose and "prerender" not in purpose


def count_place(slug: str, kind: str, day: dt.date) -> None:
    """Add one to a place's count of the day (by its slug); nothing when the place is unknown."""
    if kind not in PLACE_KINDS:
        return
    table = PlaceDay.__table__
    found = select(Place.id, literal(day), literal(kind), literal(1)).where(Place.slug == slug)
    _add(
        _insert(table).from_select(["place_id", "day", "kind", "count"], found),
        table,
        ["place_id", "day", "kind"],
    )


def count_unmet(postcode: str, need: str, source: str, day: dt.date) -> None:
    """Add one to the searches (or help-finder results) that found nothing near a postcode."""
    table = UnmetDay.__table__
    key = {"day": day, "postcode": postcode[:10], "need": need[:40], "source": source}
    _add(_insert(table).values(**key, count=1), table, list(key))


def _insert(table):
    return {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[db.engine.dialect.name](table)


def _add(statement, table, key: list[str]) -> None:
    """Run an insert that adds one to the row of its key when the row exists; drop it on failure."""
    dialect = db.engine.dialect.name
    statement = statement.on_conflict_do_update(index_elements=key, set_={"count": table.c.count + 1})
    try:
        with db.engine.begin() as connection:
            if dialect == "sqlite":  # a busy database drops the count rather than hold the page
                connection.exec_driver_sql("PRAGMA busy_timeout = 100")
            elif dialect == "postgresql":
                connection.exec_driver_sql("SET LOCAL lock_timeout = '100ms'")
            connection.execute(statement)
    except SQLAlchemyError as error:
        log.warning("A count was dropped: %s", error)


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


def unmet_needs(since: dt.date) -> list[tuple[str, str, int]]:
    """(postcode, need, times) of the needs found nowhere near since a day, the most frequent first."""
    rows = db.session.execute(
        select(UnmetDay.postcode, UnmetDay.need, func.sum(UnmetDay.count).label("times"))
        .where(UnmetDay.day >= since)
        .group_by(UnmetDay.postcode, UnmetDay.need)
        .order_by(func.sum(UnmetDay.count).desc(), UnmetDay.postcode, UnmetDay.need)
    )
    return [(postcode, need, int(times)) for postcode, need, times in rows]


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
