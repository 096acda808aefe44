"""officer and auth_event; the officer (and the authorising supervisor) on every audit row.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

import shared.db.models

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# (table, column, indexed): the officer who acted and the supervisor who authorised
ATTRIBUTED = (
    ("checkin_event", "officer_id", True), ("checkin_event", "supervisor_id", False),
    ("call_event", "officer_id", True), ("call_event", "supervisor_id", False),
    ("queue_event", "officer_id", True), ("queue_event", "supervisor_id", False),
    ("print_job", "officer_id", True), ("print_job", "supervisor_id", False),
    ("ticket", "issued_by", False), ("station", "officer_id", False),
)


def upgrade() -> None:
    op.create_table(
        "officer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nip", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("roles", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("pin_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", shared.db.models.UtcDateTime(), nullable=False),
        sa.Column("updated_at", shared.db.models.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nip"),
    )
    op.create_table(
        "auth_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", shared.db.models.UtcDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("nip", sa.String(length=24), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("supervisor_id", sa.Integer(), nullable=True),
        sa.Column("station", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"]),
        sa.ForeignKeyConstraint(["supervisor_id"], ["officer.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_auth_event_at", "auth_event", ["at"], unique=False)
    op.create_index("ix_auth_event_kind", "auth_event", ["kind"], unique=False)
    op.create_index("ix_auth_event_officer_id", "auth_event", ["officer_id"], unique=False)
    op.create_index("ix_auth_event_nip_id", "auth_event", ["nip", "id"], unique=False)
    for table in dict.fromkeys(t for t, _, _ in ATTRIBUTED):
        # batch: SQLite cannot add a column with a foreign key by ALTER; it copies the table (PostgreSQL alters)
        with op.batch_alter_table(table) as batch:
            for _, column, indexed in (a for a in ATTRIBUTED if a[0] == table):
                batch.add_column(sa.Column(column, sa.Integer(), nullable=True))
                batch.create_foreign_key(f"fk_{table}_{column}", "officer", [column], ["id"])
                if indexed:
                    batch.create_index(f"ix_{table}_{column}", [column], unique=False)


def downgrade() -> None:
    for table in dict.fromkeys(t for t, _, _ in reversed(ATTRIBUTED)):
        with op.batch_alter_table(table) as batch:
            for _, column, indexed in (a for a in ATTRIBUTED if a[0] == table):
                if indexed:
                    batch.drop_index(f"ix_{table}_{column}")
                batch.drop_constraint(f"fk_{table}_{column}", type_="foreignkey")
                batch.drop_column(column)
    op.drop_table("auth_event")
    op.drop_table("officer")
