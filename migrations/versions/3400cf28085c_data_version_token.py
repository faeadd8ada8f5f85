"""data version token: changes with every write visitors see (finder/versioning.py)

Revision ID: 3400cf28085c
Revises: 4225474a1648
Create Date: 2026-11-23 17:15:01

"""

import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3400cf28085c"
down_revision = "4225474a1648"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "token": uuid.uuid4().hex}])


def downgrade():
    op.drop_table("data_version")
