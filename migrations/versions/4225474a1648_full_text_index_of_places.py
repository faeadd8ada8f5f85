"""full-text index of places: descriptions in search_text, SQLite FTS5 or PostgreSQL GIN

Revision ID: 4225474a1648
Revises: 54da7f2f64a7
Create Date: 2026-11-23 16:10:00

"""
import json

import sqlalchemy as sa
from alembic import op

from finder.search import fulltext
from finder.geo.gazetteer import normalise

# revision identifiers, used by Alembic.
revision = '4225474a1648'
down_revision = '54da7f2f64a7'
branch_labels = None
depends_on = None

COLUMNS = ("name", "organisation", "commune", "postcode", "street")


def upgrade():
    connection = op.get_bind()
    rows = connection.execute(sa.text(f"SELECT id, {', '.join(COLUMNS)}, descriptions FROM place")).all()
    for row in rows:
        descriptions = row.descriptions if isinstance(row.descriptions, dict) else json.loads(row.descriptions or "{}")
        parts = [getattr(row, column) for column in COLUMNS] + [text for _, text in sorted(descriptions.items())]
        search_text = normalise(" ".join(part for part in parts if part))
        connection.execute(sa.text("UPDATE place SET search_text = :text WHERE id = :id"), {"text": search_text, "id": row.id})
    fulltext.create_index(connection)


def downgrade():
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_place_search_fts")
    elif connection.dialect.name == "sqlite":
        for trigger in ("place_fts_insert", "place_fts_delete", "place_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS place_fts")
