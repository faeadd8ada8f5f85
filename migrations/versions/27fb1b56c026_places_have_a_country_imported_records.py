"""places have a country; imported records

Revision ID: 27fb1b56c026
Revises: 6d9ace3989c1
Create Date: 2026-11-23 20:32:34.163580

"""
from alembic import op
import sqlalchemy as sa

from finder.search import fulltext


# revision identifiers, used by Alembic.
revision = '27fb1b56c026'
down_revision = '6d9ace3989c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('imported_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('official_id', sa.String(length=20), nullable=True),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('as_of', sa.String(length=10), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source', 'key')
    )
    with op.batch_alter_table('imported_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_record_official_id'), ['official_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_imported_record_place_id'), ['place_id'], unique=False)

    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country', sa.String(length=2), server_default='BE', nullable=False))
        batch_op.alter_column('postcode', existing_type=sa.VARCHAR(length=4), type_=sa.String(length=10),
                              existing_nullable=True)
    # on SQLite a batch change recreates the place table, which drops the full-text index's triggers
    # (revision 6d9ace3989c1 did too): put them back and rebuild the index
    fulltext.create_index(op.get_bind())


def downgrade():
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.alter_column('postcode', existing_type=sa.String(length=10), type_=sa.VARCHAR(length=4),
                              existing_nullable=True)
        batch_op.drop_column('country')
    fulltext.create_index(op.get_bind())

    with op.batch_alter_table('imported_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_record_place_id'))
        batch_op.drop_index(batch_op.f('ix_imported_record_official_id'))

    op.drop_table('imported_record')
