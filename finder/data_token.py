"""A token that changes with every write to what visitors see (places, tags, closures, events).

Each process keeps copies that are expensive to rebuild: the search index (search/index.py) and
rendered pages (web/page_cache.py). They compare their token with the database's to know when another
process or a staff edit changed the data. A random token, not a counter, so a rolled-back write
never comes back as current.
"""

import time
import uuid

from flask import current_app, has_app_context
from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from finder.models import DataVersion, db

VISIBLE_MODELS = ("Place", "PlaceTag", "Closure", "Event")
RECHECK_SECONDS = 1.0  # how long another process's write may take to reach this one's page cache


TOKEN_QUERY = select(DataVersion.token).where(DataVersion.id == 1)


def read_token() -> str:
    """Return the token of the data as this session sees it (one query)."""
    return db.session.scalar(TOKEN_QUERY) or ""


def recent_token(app=None) -> str:
    """Return the token read at most RECHECK_SECONDS ago; this process's own commits count at once.

    A page served from the cache then costs no query at all, which is what makes it fast. A caller
    that holds the app (a page's kept pieces ask dozens of times) passes it.
    """
    extensions = (app or current_app).extensions
    seen = extensions.get("data_token")
    if seen is None or time.monotonic() - seen[1] > RECHECK_SECONDS:
        try:
            seen = extensions["data_token"] = (read_token(), time.monotonic())
        except OperationalError:  # the database is away: the pages cached so far may still be served
            db.session.rollback()
            if seen is None:
                raise
    return seen[0]


def kept_while_unchanged(name: str, read, *also):
    """What `read()` returns, read again only when the token (or any of `also`) changes: a
    process's copy of a small part of the data (the places with events, with a team…)."""
    key = (recent_token(), *also)
    kept = current_app.extensions.get(name)
    if kept is None or kept[0] != key:
        kept = current_app.extensions[name] = (key, read())
    return kept[1]


def bump(connection) -> str:
    """Mark the data as changed (restores and bulk writes call it; ORM writes do it themselves)."""
    token = uuid.uuid4().hex
    changed = connection.execute(update(DataVersion.__table__).where(DataVersion.id == 1).values(token=token))
    if changed.rowcount == 0:  # a restored backup made before the table existed
        connection.execute(insert(DataVersion.__table__).values(id=1, token=token))
    return token


def _after_flush(session, flush_context) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(_is_visible(instance) for instance in changed):
        session.info["data_token"] = bump(session.connection())


def _is_visible(instance) -> bool:
    """A place, its tags, closures or events; or who keeps a place (one with a team is not offered
    to visitors to claim)."""
    name = type(instance).__name__
    if name == "Staff":
        return inspect(instance).attrs.places.history.has_changes()
    return name in VISIBLE_MODELS


def _after_commit(session) -> None:
    token = session.info.pop("data_token", None)
    if token and has_app_context():
        current_app.extensions["data_token"] = (token, time.monotonic())


def _after_rollback(session) -> None:
    session.info.pop("data_token", None)


def _insert_first_row(target, connection, **kw) -> None:
    bump(connection)


def init_app(app) -> None:
    """Watch every flush and commit; give a new table its one row."""
    for name, listener in (
        ("after_flush", _after_flush),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
    if not event.contains(DataVersion.__table__, "after_create", _insert_first_row):
        event.listen(DataVersion.__table__, "after_create", _insert_first_row)
