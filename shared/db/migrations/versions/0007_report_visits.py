"""report_visit: a closed day's visits, fixed at day close so that later reports read the same numbers.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_visit",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("visit", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=8), nullable=False),
        sa.Column("counter", sa.String(length=40), nullable=False),
        sa.Column("officer", sa.String(length=18), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("wait_s", sa.Double(), nullable=True),
        sa.Column("service_s", sa.Double(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("walk_in_kind", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("day", "visit"),  # leads with the day: the index a period is read by
    )


def downgrade() -> None:
    op.drop_table("report_visit")
