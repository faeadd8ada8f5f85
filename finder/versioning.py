"""A token that changes with every write to what visitors see (places, tags, closures, events).

Each process keeps copies that are expensive to rebuild (the search index of place_index.py); it
compares their token with the database's to know at once when another process or a staff edit
changed the data. A random token, not a counter, so a rolled-back write never comes back as current.
"""

import uuid

from sqlalchemy import String, event, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from finder.models import db

VISIBLE_MODELS = ("Place", "PlaceTag", "Closure", "Event")


class DataVersion(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


def current_token() -> str:
    """Return the token of the data as this session sees it."""
    return db.session.scalar(select(DataVersion.token).where(DataVersion.id == 1)) or ""


def bump(connection) -> None:
    """Mark the data as changed (restores and bulk writes call it; ORM writes do it themselves)."""
    token = uuid.uuid4().hex
    changed = connection.execute(update(DataVersion.__table__).where(DataVersion.id == 1).values(token=token))
    if changed.rowcount == 0:  # a restored backup made before the table existed
        connection.execute(insert(DataVersion.__table__).values(id=1, token=token))


def _after_flush(session, flush_context) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(type(instance).__name__ in VISIBLE_MODELS for instance in changed):
        bump(session.connection())


def _insert_first_row(target, connection, **kw) -> None:
    bump(connection)


def init_app(app) -> None:
    """Watch every flush; give a new table its one row."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
    if not event.contains(DataVersion.__table__, "after_create", _insert_first_row):
        event.listen(DataVersion.__table__, "after_create", _insert_first_row)
