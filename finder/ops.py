"""Running the site: a health check for the load balancer, and database backup and restore."""

import datetime as dt
import enum
import json
from typing import IO

from flask import current_app, jsonify
from sqlalchemy import Date, DateTime, Enum, delete, func, insert, select, text

from finder import data_token
from finder.models import db
from finder.web.page_cache import REDIS_TIMEOUTS

BACKUP_FORMAT = "epn-finder-backup"
BACKUP_VERSION = 1


def healthz():
    """Answer 200 when the database answers, 503 otherwise; say whether Redis answers (the site
    works without it: pages are built, limits kept in memory). No personal data, no details."""
    try:
        data_token.read_token()  # a query on one of our tables: the schema is there too
    except Exception:  # any failure of the database means: not healthy
        db.session.rollback()
        return jsonify(status="error", database="unreachable", redis=_redis_state()), 503
    redis = _redis_state()
    return jsonify(status="ok" if redis != "unreachable" else "degraded", database="ok", redis=redis)


def _redis_state() -> str:
    """'ok', 'unreachable', or 'none' when the deployment uses no Redis."""
    config = current_app.config
    used = (config.get("CACHE_REDIS_URL") or "", config["RATELIMIT_STORAGE_URI"])  # limits: memory:// too
    urls = {url for url in used if url.startswith(("redis://", "rediss://"))}
    if not urls:
        return "none"
    from redis import Redis  # installed with the production requirements, which set REDIS_URL

    try:
        for url in urls:
            Redis.from_url(url, **REDIS_TIMEOUTS).ping()
    except Exception:
        return "unreachable"
    return "ok"


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.name  # SQLAlchemy stores an Enum by its name
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def write_backup(out: IO[str]) -> dict[str, int]:
    """Write every table as JSON, read in one snapshot (PostgreSQL: one REPEATABLE READ, READ ONLY
    transaction), in an order that restores cleanly; return the row counts. A backup whose rows
    point at rows it lacks is refused (BackupError) before anything is written."""
    tables = read_snapshot()
    broken = dangling_references(tables)
    if broken:
        raise BackupError("inconsistent snapshot, try again: " + "; ".join(broken[:5]))
    json.dump({"format": BACKUP_FORMAT, "version": BACKUP_VERSION, "tables": tables}, out)
    return {name: len(rows) for name, rows in tables.items()}


def read_snapshot() -> dict[str, list[dict]]:
    """Read every table in one transaction (a snapshot where the database gives one)."""
    db.session.rollback()  # a fresh transaction, so that its isolation level can be chosen
    options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    connection = db.session.connection(
        execution_options=options if db.engine.dialect.name == "postgresql" else {}
    )
    tables = {}
    try:
        for table in db.metadata.sorted_tables:
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).mappings()
            tables[table.name] = [{key: _plain(value) for key, value in row.items()} for row in rows]
    finally:
        db.session.rollback()
    return tables


def dangling_references(tables: dict[str, list[dict]]) -> list[str]:
    """Return the references of the backup's rows to rows it does not hold."""
    broken = []
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            target = key.column
            present = {row[target.name] for row in tables.get(target.table.name, [])}
            for row in tables.get(table.name, []):
                value = row.get(key.parent.name)
                if value is not None and value not in present:
                    broken.append(f"{table.name}.{key.parent.name}={value} not in {target.table.name}")
    return broken


class BackupError(ValueError):
    """A file that is not a backup of this site."""


def _typed(column, value):
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value)
    if isinstance(column.type, Enum):
        return column.type.enum_class[value] if column.type.enum_class else value
    return value


def read_backup(source: IO[str]) -> dict[str, list[dict]]:
    """Read and check a backup file; return its rows per table."""
    try:
        data = json.load(source)
    except ValueError as error:
        raise BackupError(f"not JSON: {error}") from None
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise BackupError("not a backup of EPN Finder")
    unknown = set(data["tables"]) - set(db.metadata.tables)
    if unknown:
        raise BackupError(f"unknown tables {sorted(unknown)}")
    return data["tables"]


def restore_backup(tables: dict[str, list[dict]]) -> dict[str, int]:
    """Replace every row of the database by the backup's, in one transaction; return the row counts."""
    ordered = db.metadata.sorted_tables
    for table in reversed(ordered):
        db.session.execute(delete(table))
    for table in ordered:
        rows = [
            {key: _typed(table.c[key], value) for key, value in row.items()}
            for row in tables.get(table.name, [])
        ]
        if rows:
            db.session.execute(insert(table), rows)
    if db.engine.dialect.name == "postgresql":
        _reset_sequences(ordered)
    data_token.bump(db.session.connection())
    db.session.commit()
    return {table.name: len(tables.get(table.name, [])) for table in ordered}


def _reset_sequences(tables) -> None:
    """Rows came with their ids: move PostgreSQL's id sequences past them."""
    for table in tables:
        if "id" not in table.c or not table.c.id.autoincrement:
            continue
        highest = db.session.scalar(select(func.max(table.c.id)))
        sequence = db.session.scalar(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        )
        if sequence:
            db.session.execute(
                text("SELECT setval(:sequence, :value, :is_called)"),
                {"sequence": sequence, "value": highest or 1, "is_called": highest is not None},
            )


def init_app(app) -> None:
    """Add the health check at /healthz."""
    app.add_url_rule("/healthz", "healthz", healthz)
