"""station: which PC runs which role under which station name, with a heartbeat (duplicate names refused).

Revision ID: 0005
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

import shared.db.models

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "station",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", shared.db.models.UtcDateTime(), nullable=False),
        sa.Column("heartbeat_at", shared.db.models.UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", "role"),
    )
    op.create_index("ix_station_name", "station", ["name"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_station_name", table_name="station")
    op.drop_table("station")
