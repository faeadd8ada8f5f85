"""anonymous daily counts: places looked at, needs found nowhere near

Revision ID: d4e2a1b3c5f6
Revises: c3b1f0a2d4e5
Create Date: 2026-12-04 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e2a1b3c5f6'
down_revision = 'c3b1f0a2d4e5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'place_day',
        sa.Column('place_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['place_id'], ['place.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('place_id', 'day', 'kind'),
    )
    op.create_table(
        'unmet_day',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('postcode', sa.String(length=10), nullable=False),
        sa.Column('need', sa.String(length=40), nullable=False),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day', 'postcode', 'need', 'source'),
    )


def downgrade():
    op.drop_table('unmet_day')
    op.drop_table('place_day')
