"""labels become tags (a place may have several: France Services, Aidants Connect…)

Revision ID: c3b1f0a2d4e5
Revises: bd6ef8df4db5
Create Date: 2026-12-04 18:30:00

"""
from alembic import op
import sqlalchemy as sa

from finder.search import fulltext


# revision identifiers, used by Alembic.
revision = 'c3b1f0a2d4e5'
down_revision = 'bd6ef8df4db5'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "INSERT INTO place_tag (place_id, kind, code) "
        "SELECT id, 'label', label FROM place WHERE label IS NOT NULL"
    )
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.drop_column('label')
    fulltext.create_index(op.get_bind())  # SQLite rebuilt the table: its full-text triggers went with it


def downgrade():
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label', sa.String(length=40), nullable=True))
    fulltext.create_index(op.get_bind())
    op.execute(
        "UPDATE place SET label = (SELECT MIN(code) FROM place_tag "
        "WHERE place_tag.place_id = place.id AND place_tag.kind = 'label')"
    )
    op.execute("DELETE FROM place_tag WHERE kind = 'label'")
