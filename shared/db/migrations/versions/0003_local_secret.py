"""local_secret: the installation's privacy salt, made once here (never printed, carried by backups).

Revision ID: 0003
Revises: 0002
"""

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import shared.db.models

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PRIVACY_SALT = "privacy_salt"  # shared.services.privacy.SALT_NAME


def upgrade() -> None:
    table = op.create_table(
        "local_secret",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("created_at", shared.db.models.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.bulk_insert(table, [{"name": PRIVACY_SALT, "value": secrets.token_hex(32), "created_at": datetime.now(UTC)}])


def downgrade() -> None:
    op.drop_table("local_secret")
